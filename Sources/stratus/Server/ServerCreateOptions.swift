import ArgumentParser
import Foundation
import StratusConsole
import StratusOpenStack
import StratusOperations

/// The networking and boot options of `server create`, and how they become a create request:
/// names resolved to ids before anything is created, so a typo costs nothing in the cloud.
struct ServerCreateOptions: ParsableArguments {
    @Option(name: .customLong("network"), help: "Network name or id to attach (repeatable), or 'auto' (default) or 'none'.")
    var networks: [String] = []

    @Option(name: .customLong("port"), help: "An existing port id to attach (repeatable).")
    var ports: [String] = []

    @Option(help: "The key pair to install (`stratus keypair list`).")
    var keyName: String?

    @Option(name: .customLong("security-group"), help: "Security group name or id (repeatable; default: the project's 'default').")
    var securityGroups: [String] = []

    @Option(help: "A file whose contents are passed to the server as user data (cloud-init), base64-encoded.")
    var userData: String?

    @Option(help: "The availability zone.")
    var availabilityZone: String?

    @Option(name: .customLong("property"), help: "Metadata KEY=VALUE (repeatable).")
    var properties: [String] = []

    @Option(name: .customLong("tag"), help: "A tag (repeatable).")
    var tags: [String] = []

    @Option(help: "Boot from a new volume of this many GiB made from the image (deleted with the server).")
    var bootFromVolume: Int?

    @Flag(help: "Attach a config drive.")
    var configDrive = false

    @Option(help: "'auto' allocates a floating IP on the external network and associates it; an ADDRESS associates that (existing, free) floating IP. Implies waiting until the server and the floating IP are ACTIVE.")
    var floatingIP: String?

    @Option(help: "The external network for --floating-ip auto (default: the cloud's only external network).")
    var floatingIPNetwork: String?

    func validate(count: Int) throws {
        if networks.count > 1, networks.contains(where: { $0 == "auto" || $0 == "none" }) {
            throw ValidationError("--network auto/none cannot be combined with networks")
        }
        if !ports.isEmpty, networks.contains(where: { $0 == "auto" || $0 == "none" }) {
            throw ValidationError("--port cannot be combined with --network auto/none")
        }
        if !ports.isEmpty, count > 1 { throw ValidationError("--port attaches one existing port: it cannot be used with --count") }
        _ = try metadata()
        if let bootFromVolume, bootFromVolume <= 0 { throw ValidationError("--boot-from-volume must be a positive number of GiB") }
        if floatingIPNetwork != nil, floatingIP != "auto" { throw ValidationError("--floating-ip-network needs --floating-ip auto") }
        if let floatingIP, floatingIP != "auto" {
            guard NetworkLookup.looksLikeAddress(floatingIP) else {
                throw ValidationError("--floating-ip must be 'auto' or an IP address, not '\(floatingIP)'")
            }
            guard count == 1 else { throw ValidationError("--floating-ip ADDRESS names one address: it cannot be used with --count") }
        }
        if networks == ["none"], floatingIP != nil, ports.isEmpty {
            throw ValidationError("--floating-ip needs a network: the server is created with --network none")
        }
    }

    /// `--property k=v…` as a dictionary.
    func metadata() throws -> [String: String] {
        var result: [String: String] = [:]
        for property in properties {
            guard let equals = property.firstIndex(of: "="), equals != property.startIndex else {
                throw ValidationError("--property must be KEY=VALUE, not '\(property)'")
            }
            result[String(property[..<equals])] = String(property[property.index(after: equals)...])
        }
        return result
    }

    /// The request template for `name`: networks, ports, groups and key pair resolved in the cloud.
    func template(imageID: String, flavorID: String, ops: Operations) async throws -> ServerCreateRequest {
        var request = ServerCreateRequest(name: "", imageID: imageID, flavorID: flavorID, networks: try await networkChoice(ops: ops),
                                          metadata: try metadata(), tags: tags, availabilityZone: availabilityZone)
        if let keyName { request.keyName = try await NetworkLookup.keyPair(keyName, ops: ops).name }
        for group in securityGroups { request.securityGroups.append(try await ops.client.network.findSecurityGroup(group).name) }
        if let userData { request.userData = try Self.encodedUserData(file: userData) }
        if configDrive { request.configDrive = true }
        if let bootFromVolume {
            request.blockDevices = [.bootFromImage(imageID: imageID, volumeSizeGB: bootFromVolume, deleteOnTermination: true)]
            request.imageID = nil
        }
        return request
    }

    /// `--network` and `--port` as Nova's `networks`: names resolved with `findNetwork`.
    func networkChoice(ops: Operations) async throws -> ServerCreateRequest.Networks {
        switch networks {
        case [] where ports.isEmpty, ["auto"]: return .auto
        case ["none"]: return .none
        default:
            var list: [ServerCreateRequest.NetworkAttachment] = []
            for network in networks { list.append(.init(networkID: try await ops.client.network.findNetwork(network).id)) }
            for port in ports { list.append(.init(portID: try await NetworkLookup.port(port, ops: ops).id)) }
            return .list(list)
        }
    }

    /// The user data file's contents, base64-encoded, within Nova's limit.
    static func encodedUserData(file: String) throws -> String {
        let text: String
        do {
            text = try String(contentsOfFile: file, encoding: .utf8)
        } catch {
            throw HumanError("cannot read the user data file \(file)", hint: "give the path of a text file (a cloud-init script)", exit: .usage)
        }
        let encoded = ServerCreateRequest.encodeUserData(text)
        guard encoded.utf8.count <= 65_535 else {
            throw HumanError("user data \(file) is \(encoded.utf8.count) bytes encoded; Nova accepts at most 65,535", exit: .usage)
        }
        return encoded
    }

    /// Where a floating IP comes from, settled before any server is created.
    enum FloatingIPPlan: Sendable {
        /// Allocate a new one on this external network.
        case allocate(networkID: String)
        /// Associate this existing one.
        case existing(FloatingIP)
    }

    /// `--floating-ip`, resolved: the external network, or the free floating IP with that address.
    func floatingIPPlan(ops: Operations) async throws -> FloatingIPPlan? {
        guard let floatingIP else { return nil }
        if floatingIP == "auto" {
            return .allocate(networkID: try await NetworkLookup.externalNetwork(floatingIPNetwork, ops: ops).id)
        }
        let found = try await NetworkLookup.floatingIP(floatingIP, ops: ops)
        if let port = found.portID {
            throw HumanError("floating IP \(floatingIP) is already associated (port \(port))",
                             hint: "`stratus floating-ip disassociate \(floatingIP)` frees it, or use --floating-ip auto")
        }
        return .existing(found)
    }
}

/// A server and the floating IP associated with it.
struct ServerWithFloatingIP: Sendable {
    var server: Server
    var floatingIP: FloatingIP
}

extension ServerCreateOptions.FloatingIPPlan {
    /// Starts giving `server` its floating IP.
    func start(for server: Server, policy: OperationPolicy, token: ClientToken?, ops: Operations) async throws -> CloudOperation<FloatingIP> {
        switch self {
        case .allocate(let networkID):
            return try await ops.floatingIPs.allocateAndAssociate(networkID: networkID, to: server, policy: policy, token: token)
        case .existing(let ip):
            return try await ops.floatingIPs.associate(ip.id, to: server, policy: policy)
        }
    }
}
