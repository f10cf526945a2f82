import StratusOpenStack
import StratusService

/// One security group rule as the actions take it — protocol, port range, CIDR, direction —
/// checked, and as it is kept in a rule row's attributes.
struct SecurityGroupRuleSpec: Hashable {
    /// `tcp`, `udp`, `icmp` or `any`.
    var protocolName: String
    /// tcp/udp: first port; icmp: the type.
    var portMin: Int?
    /// tcp/udp: last port; icmp: the code.
    var portMax: Int?
    /// The remote prefix, `0.0.0.0/0` unless given.
    var cidr: String
    /// `ingress` or `egress`.
    var direction: String

    static let protocols = ["tcp", "udp", "icmp", "any"]

    /// Checks an action's fields (4100 naming the field on anything out of place).
    init(_ params: SecurityGroupActions.RuleParams) throws(APIError) {
        try Check.text("SecurityGroupId", params.SecurityGroupId, max: 64)
        guard let requested = params.ProtocolName else { throw APIError.invalid("Protocol", "required") }
        let name = requested.lowercased()
        guard Self.protocols.contains(name) else {
            throw APIError.invalid("Protocol", "must be one of \(Self.protocols.joined(separator: ", "))")
        }
        protocolName = name
        switch name {
        case "tcp", "udp":
            let low = params.PortMin ?? params.PortMax
            let high = params.PortMax ?? params.PortMin
            if let low, let high {
                try Check.range("PortMin", low, 1...65_535)
                try Check.range("PortMax", high, 1...65_535)
                guard low <= high else { throw APIError.invalid("PortMax", "must not be below PortMin (\(low))") }
            }
            portMin = low
            portMax = high
        case "icmp":
            if let type = params.PortMin { try Check.range("PortMin", type, 0...255) }
            if let code = params.PortMax {
                try Check.range("PortMax", code, 0...255)
                guard params.PortMin != nil else { throw APIError.invalid("PortMax", "an ICMP code needs a type in PortMin") }
            }
            portMin = params.PortMin
            portMax = params.PortMax
        default:
            guard params.PortMin == nil, params.PortMax == nil else {
                throw APIError.invalid("PortMin", "protocol any takes no ports")
            }
            portMin = nil
            portMax = nil
        }
        let cidr = params.Cidr ?? "0.0.0.0/0"
        guard CIDR.isValid(cidr) else {
            throw APIError.invalid("Cidr", "must be an IPv4 or IPv6 prefix such as 203.0.113.0/24 or 2001:db8::/32")
        }
        self.cidr = cidr
        let direction = params.Direction ?? "ingress"
        guard direction == "ingress" || direction == "egress" else {
            throw APIError.invalid("Direction", "must be ingress or egress")
        }
        self.direction = direction
    }

    /// The spec a rule row keeps.
    init(row: ResourceRow) {
        protocolName = Attributes.value(row.attributes, "protocol") ?? "any"
        portMin = Attributes.value(row.attributes, "portMin").flatMap { Int($0) }
        portMax = Attributes.value(row.attributes, "portMax").flatMap { Int($0) }
        cidr = Attributes.value(row.attributes, "cidr") ?? "0.0.0.0/0"
        direction = Attributes.value(row.attributes, "direction") ?? "ingress"
    }

    var ethertype: String { cidr.contains(":") ? "IPv6" : "IPv4" }
    var cloudProtocol: String? { protocolName == "any" ? nil : protocolName }

    /// A short text for the row's name: `tcp 22-22 from 0.0.0.0/0`.
    var summary: String {
        let ports = portMin.map { low in " \(low)-\(portMax.map(String.init) ?? "")" } ?? ""
        return "\(protocolName)\(ports) \(direction == "ingress" ? "from" : "to") \(cidr)"
    }

    func attributes(securityGroupID: String) -> [String: String] {
        [
            "securityGroupId": securityGroupID, "protocol": protocolName, "portMin": portMin.map(String.init) ?? "",
            "portMax": portMax.map(String.init) ?? "", "cidr": cidr, "direction": direction,
        ]
    }

    func request(securityGroupID: String) -> SecurityGroupRuleCreateRequest {
        SecurityGroupRuleCreateRequest(
            securityGroupID: securityGroupID, direction: SecurityGroupRuleDirection(rawValue: direction), ethertype: ethertype,
            protocol: cloudProtocol, portRangeMin: portMin, portRangeMax: portMax, remoteIPPrefix: cidr)
    }

    /// Whether a rule the cloud has is this one (for adopting a rule an earlier call made).
    func matches(_ rule: SecurityGroupRule) -> Bool {
        rule.direction.rawValue == direction && rule.ethertype == ethertype && rule.protocol == cloudProtocol
            && rule.portRangeMin == portMin && rule.portRangeMax == portMax
            && (rule.remoteIPPrefix ?? (ethertype == "IPv6" ? "::/0" : "0.0.0.0/0")) == cidr
    }
}

/// A syntax check of IP prefixes (the cloud has the last word on the rest).
enum CIDR {
    static func isValid(_ text: String) -> Bool {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let length = Int(parts[1]), parts[1].count <= 3 else { return false }
        let address = parts[0]
        if address.contains(":") {
            guard (0...128).contains(length), address.count <= 39 else { return false }
            let allowed = Set("0123456789abcdefABCDEF:")
            guard address.allSatisfy(allowed.contains) else { return false }
            let groups = address.split(separator: ":", omittingEmptySubsequences: false)
            let compressed = address.components(separatedBy: "::").count - 1
            guard compressed <= 1, groups.allSatisfy({ $0.count <= 4 }) else { return false }
            return compressed == 1 ? groups.count <= 9 : groups.count == 8
        }
        guard (0...32).contains(length) else { return false }
        let octets = address.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets.allSatisfy { octet in
            !octet.isEmpty && octet.count <= 3 && octet.allSatisfy { $0.isASCII && $0.isNumber } && (Int(octet).map { $0 <= 255 } ?? false)
        }
    }
}
