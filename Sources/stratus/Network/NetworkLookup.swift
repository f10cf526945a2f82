import Foundation
import StratusConsole
import StratusOpenStack
import StratusOperations

/// Finds Neutron resources by id or name, with the one-line errors of the other lookups.
enum NetworkLookup {
    /// A port by id, else by exact name (one match only).
    static func port(_ idOrName: String, ops: Operations) async throws -> StratusOpenStack.Port {
        do {
            return try await ops.client.network.port(id: idOrName)
        } catch let error as OpenStackError where error.isNotFound || error.status == 400 {
            var query = PortListQuery()
            query.name = idOrName
            let matches = try await ops.client.network.ports(query).filter { $0.name == idOrName }
            return try UniqueMatch.pick(matches, kind: "port", idOrName: idOrName, id: \.id)
        }
    }

    /// A floating IP by id, else by its address.
    static func floatingIP(_ idOrAddress: String, ops: Operations) async throws -> FloatingIP {
        if Self.looksLikeAddress(idOrAddress) {
            var query = FloatingIPListQuery()
            query.floatingIPAddress = idOrAddress
            let matches = try await ops.client.network.floatingIPs(query).filter { $0.floatingIPAddress == idOrAddress }
            return try UniqueMatch.pick(matches, kind: "floating-ip", idOrName: idOrAddress, id: \.id)
        }
        do {
            return try await ops.client.network.floatingIP(id: idOrAddress)
        } catch let error as OpenStackError where error.isNotFound || error.status == 400 {
            throw HumanError("no floating IP with id or address '\(idOrAddress)'", hint: "`stratus floating-ip list` shows them")
        }
    }

    /// An IPv4 or IPv6 address (not a UUID).
    static func looksLikeAddress(_ text: String) -> Bool {
        var v4 = in_addr()
        var v6 = in6_addr()
        return inet_pton(AF_INET, text, &v4) == 1 || inet_pton(AF_INET6, text, &v6) == 1
    }

    /// The external network floating IPs come from: `name` (which must be external), else the
    /// cloud's only external network.
    static func externalNetwork(_ name: String?, ops: Operations) async throws -> Network {
        if let name {
            let network = try await ops.client.network.findNetwork(name)
            guard network.isExternal else {
                throw HumanError("network '\(name)' is not external: floating IPs come from an external network",
                                 hint: "`stratus network list` shows which networks are external")
            }
            return network
        }
        var query = NetworkListQuery()
        query.isExternal = true
        let external = try await ops.client.network.networks(query).filter(\.isExternal)
        guard let first = external.first else {
            throw HumanError("no external network to allocate a floating IP on",
                             hint: "floating IPs need an external network; `stratus network list` shows the networks (ask the cloud's admin for one)")
        }
        guard external.count == 1 else {
            throw HumanError("\(external.count) external networks: \(external.map(\.name).joined(separator: ", "))",
                             hint: "choose one with --floating-ip-network NAME")
        }
        return first
    }

    /// A key pair by name, as a line a person can act on when it is missing.
    static func keyPair(_ name: String, ops: Operations) async throws -> KeyPair {
        do {
            return try await ops.client.compute.keyPair(name: name)
        } catch let error as OpenStackError where error.isNotFound {
            throw HumanError("no key pair named '\(name)'", hint: "`stratus keypair list` shows them; `stratus keypair create \(name)` makes one")
        }
    }
}
