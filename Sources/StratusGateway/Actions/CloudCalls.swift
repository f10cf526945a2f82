import StratusOpenStack
import StratusService

extension Gateway {
    /// The client synchronous actions call (key pairs, security groups, name lookups).
    var cloud: OpenStackClient { operations.client }

    /// Runs a synchronous cloud call for an action and turns the cloud's answer into the action
    /// API's codes: an ambiguous name → 4100 (listing the candidates), not found → 4104, a
    /// conflict (in use, exists) → 4105, a refused request → 4100, anything else → 5001.
    /// `what` says what was being done, for the message.
    func callCloud<T: Sendable>(_ what: String, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as APIError {
            throw error
        } catch let error as OpenStackError {
            if error.code == .ambiguous {
                throw APIError(.invalidParameter, "\(what): \(error.message); use an id")
            }
            if error.isNotFound { throw APIError(.notFound, "\(what): not found (\(error.message))") }
            if error.isConflict { throw APIError(.busyOrForbidden, "\(what): the cloud refused: \(error.message)") }
            if error.status == 400 { throw APIError(.invalidParameter, "\(what): the cloud refused: \(error.message)") }
            throw APIError(.providerError, "\(what): the cloud failed: \(error.message)")
        }
    }
}

extension Gateway {
    /// A network given by id or name: an id (UUID-shaped) is passed on as it is — Nova checks
    /// it — and a name is resolved through Neutron (unknown → 4104, ambiguous → 4100).
    func networkID(_ nameOrID: String) async throws -> String {
        if Self.isUUID(nameOrID) { return nameOrID }
        return try await callCloud("NetworkIds item \(nameOrID)") { try await cloud.network.findNetwork(nameOrID).id }
    }

    /// The network of a subnet given by id or name. Nova attaches an instance by network, so a
    /// network with several subnets is refused (4100) rather than attached to the wrong one.
    func networkID(ofSubnet nameOrID: String) async throws -> String {
        try await callCloud("SubnetId \(nameOrID)") {
            let subnet = try await cloud.network.findSubnet(nameOrID)
            let network = try await cloud.network.network(id: subnet.networkID)
            guard network.subnetIDs.count <= 1 else {
                throw APIError.invalid(
                    "SubnetId",
                    "network \(network.name) (\(network.id)) of subnet \(nameOrID) has \(network.subnetIDs.count) subnets and "
                        + "instances are attached by network; name the network in NetworkIds instead")
            }
            return subnet.networkID
        }
    }

    static func isUUID(_ text: String) -> Bool {
        let hex = Set("0123456789abcdefABCDEF")
        let groups = text.split(separator: "-", omittingEmptySubsequences: false)
        return groups.map(\.count) == [8, 4, 4, 4, 12] && groups.allSatisfy { $0.allSatisfy(hex.contains) }
    }
}
