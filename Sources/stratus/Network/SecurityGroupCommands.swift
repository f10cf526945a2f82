import ArgumentParser
import StratusConsole
import StratusOpenStack

/// `stratus security-group …`: Neutron security groups and their rules.
struct SecurityGroupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "security-group", abstract: "Create, list, show and delete security groups and their rules.",
        subcommands: [SecurityGroupCreate.self, SecurityGroupList.self, SecurityGroupShow.self, SecurityGroupDelete.self,
                      SecurityGroupRuleCommand.self])
}

/// `stratus security-group create NAME [--description D]`.
struct SecurityGroupCreate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "create", abstract: "Create a security group (Neutron adds its egress rules).")

    @Argument(help: "The group's name.")
    var name: String

    @Option(help: "A description.")
    var description: String?

    @OptionGroup var output: OutputOptions
    @OptionGroup var cloud: CloudOptions

    func run() async throws {
        try await CloudSession.run(cloud) { ops in
            let group = try await ops.client.network.createSecurityGroup(SecurityGroupCreateRequest(name: name, description: description))
            Console.out(output.format.render([Record.securityGroup(group)]))
            return .success
        }
    }
}

/// `stratus security-group list`.
struct SecurityGroupList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List security groups.")

    @OptionGroup var output: OutputOptions
    @OptionGroup var cloud: CloudOptions

    func run() async throws {
        try await CloudSession.run(cloud) { ops in
            let groups = try await ops.client.network.securityGroups(SecurityGroupListQuery())
            Console.out(output.format.render(groups.map(Record.securityGroup)))
            return .success
        }
    }
}

/// `stratus security-group show ID|NAME`.
struct SecurityGroupShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one security group and its rules.")

    @Argument(help: "Security group id or name.")
    var group: String

    @OptionGroup var output: OutputOptions
    @OptionGroup var cloud: CloudOptions

    func run() async throws {
        try await CloudSession.run(cloud) { ops in
            Console.out(output.format.render(Record.securityGroup(try await ops.client.network.findSecurityGroup(group))))
            return .success
        }
    }
}

/// `stratus security-group delete ID|NAME…`.
struct SecurityGroupDelete: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "delete", abstract: "Delete security groups.")

    @Argument(help: "Security group ids or names.")
    var groups: [String]

    @OptionGroup var output: OutputOptions
    @OptionGroup var cloud: CloudOptions

    func validate() throws {
        guard !groups.isEmpty else { throw ValidationError("name at least one security group") }
    }

    func run() async throws {
        try await CloudSession.run(cloud) { ops in
            var records: [Record] = []
            for value in groups {
                let group = try await ops.client.network.findSecurityGroup(value)
                try await ops.client.network.deleteSecurityGroup(id: group.id)
                records.append(Record([("name", .string(group.name)), ("id", .string(group.id)), ("status", "DELETED")]))
            }
            Console.out(output.format.render(records))
            return .success
        }
    }
}

/// `stratus security-group rule create|delete`.
struct SecurityGroupRuleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rule", abstract: "Create and delete security group rules.",
        subcommands: [SecurityGroupRuleCreate.self, SecurityGroupRuleDelete.self])
}

/// `stratus security-group rule create GROUP --protocol tcp --port 22[:23] --remote-ip CIDR --ingress|--egress`.
struct SecurityGroupRuleCreate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "create", abstract: "Add a rule to a security group.")

    enum Direction: String, EnumerableFlag { case ingress, egress }

    @Argument(help: "Security group id or name.")
    var group: String

    @Option(name: .customLong("protocol"), help: "tcp, udp, icmp, a protocol number, or 'any'.")
    var ipProtocol = "tcp"

    @Option(help: "A port (22) or a range (8000:8080); omit for every port.")
    var port: String?

    @Option(help: "The remote address range (CIDR), e.g. 0.0.0.0/0.")
    var remoteIP: String?

    @Option(help: "IPv4 or IPv6 (default: from --remote-ip, else IPv4).")
    var ethertype: String?

    @Flag(help: "Traffic direction (default: ingress).")
    var direction: Direction = .ingress

    @Option(help: "A description.")
    var description: String?

    @OptionGroup var output: OutputOptions
    @OptionGroup var cloud: CloudOptions

    func validate() throws {
        _ = try Self.portRange(port)
        if let ethertype, !["IPv4", "IPv6"].contains(ethertype) { throw ValidationError("--ethertype must be IPv4 or IPv6") }
        if let remoteIP, !remoteIP.contains("/") { throw ValidationError("--remote-ip must be a CIDR (10.0.0.0/8, 0.0.0.0/0)") }
    }

    /// `22` → (22, 22); `8000:8080` → (8000, 8080); nil → every port.
    static func portRange(_ text: String?) throws -> (min: Int, max: Int)? {
        guard let text else { return nil }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map { Int($0) }
        guard (1...2).contains(parts.count), let low = parts.first ?? nil, let high = parts.last ?? nil,
              (1...65535).contains(low), (low...65535).contains(high) else {
            throw ValidationError("--port must be a port (22) or a range LOW:HIGH (8000:8080) within 1-65535, not '\(text)'")
        }
        return (low, high)
    }

    func run() async throws {
        try await CloudSession.run(cloud) { ops in
            let found = try await ops.client.network.findSecurityGroup(group)
            let range = try Self.portRange(port)
            let request = SecurityGroupRuleCreateRequest(
                securityGroupID: found.id, direction: direction == .ingress ? .ingress : .egress,
                ethertype: ethertype ?? (remoteIP?.contains(":") == true ? "IPv6" : "IPv4"),
                protocol: ipProtocol.lowercased() == "any" ? nil : ipProtocol.lowercased(),
                portRangeMin: range?.min, portRangeMax: range?.max, remoteIPPrefix: remoteIP, description: description)
            let rule = try await ops.client.network.createSecurityGroupRule(request)
            Console.out(output.format.render([Record.securityGroupRule(rule)]))
            return .success
        }
    }
}

/// `stratus security-group rule delete RULE…`.
struct SecurityGroupRuleDelete: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "delete", abstract: "Delete security group rules by id.")

    @Argument(help: "Rule ids (`stratus security-group show GROUP` lists them).")
    var rules: [String]

    @OptionGroup var output: OutputOptions
    @OptionGroup var cloud: CloudOptions

    func validate() throws {
        guard !rules.isEmpty else { throw ValidationError("name at least one rule id") }
    }

    func run() async throws {
        try await CloudSession.run(cloud) { ops in
            for rule in rules { try await ops.client.network.deleteSecurityGroupRule(id: rule) }
            Console.out(output.format.render(rules.map { Record([("id", .string($0)), ("status", "DELETED")]) }))
            return .success
        }
    }
}
