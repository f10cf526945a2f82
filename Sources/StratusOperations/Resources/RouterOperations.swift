import Foundation
import StratusOpenStack

/// Handle-returning router operations: interfaces, tracked through their router ports.
public struct RouterOperations: Sendable {
    let engine: AttemptEngine
    var client: OpenStackClient { engine.client }

    /// Plugs the router into a subnet (`PUT add_router_interface` with `subnet_id`: Neutron makes
    /// a router port on the subnet's gateway address) and tracks that port until it is final.
    ///
    /// Final means ACTIVE — or DOWN unless `requireActive`: Neutron marks a router port ACTIVE only
    /// once an L3 agent hosts the router, which a cloud without agents for it never does, while the
    /// interface exists (and routes as soon as an agent takes the router) from the moment the port
    /// does. ERROR fails the handle. An add whose answer is lost is resolved by looking for the
    /// router's port on the subnet, never by adding twice.
    ///
    /// `policy.attempts`: an interface whose port goes to ERROR or is not final within
    /// `policy.timeout` is removed (its port's deletion awaited) and added again — at most
    /// `attempts` adds. `policy.cleanupOnCancel` removes it when the handle is cancelled.
    public func addInterface(routerID: String, subnetID: String, requireActive: Bool = false,
                             policy: OperationPolicy = .default) async throws -> CloudOperation<StratusOpenStack.Port> {
        let client = self.client
        let recipe = CreateRecipe<StratusOpenStack.Port>(
            kind: .port, subject: "an interface of router \(routerID) on subnet \(subnetID)", token: .generate(), fingerprint: "",
            lookup: { try await Self.routerPorts(client, routerID: routerID, subnetID: subnetID).map { ResourceSnapshot($0) } },
            create: { InitialResponse(resourceID: try await client.network.addRouterInterface(routerID: routerID, subnetID: subnetID).portID) },
            judge: PortJudges.routerInterface(of: routerID, requireActive: requireActive),
            extract: { try $0.port() },
            delete: { _ in
                _ = try await NetworkCalls.deleting {
                    _ = try await client.network.removeRouterInterface(routerID: routerID, subnetID: subnetID)
                }
            },
            deletedJudge: PortJudges.deleted,
            deleteNeedsAbsence: true)
        let record = OperationRecord()
        let first = try await engine.start(recipe, number: 1, lookupFirst: false, policy: policy, record: record)
        return engine.track(recipe, first: first, policy: policy, record: record,
                            name: "router.addInterface \(routerID) → subnet \(subnetID)")
    }

    /// Unplugs the router from a subnet (`PUT remove_router_interface`) and tracks the router's
    /// port on it until Neutron no longer lists it. A 404 — no interface on that subnet — finishes
    /// the handle at once.
    ///
    /// `policy.attempts`: when the port is still listed after `policy.timeout`, the remove is sent
    /// again (a 404 then ends the handle successfully), at most `attempts` times.
    public func removeInterface(routerID: String, subnetID: String,
                                policy: OperationPolicy = .default) async throws -> CloudOperation<Void> {
        let client = self.client
        let ports = try await NetworkCalls.start("finding the port of router \(routerID) on subnet \(subnetID)", kind: .port) {
            try await Self.routerPorts(client, routerID: routerID, subnetID: subnetID)
        }
        guard let port = ports.first else {
            return .finished((), name: "router.removeInterface \(routerID) ← subnet \(subnetID) (not plugged in)")
        }
        return try await engine.reissuing(ReissuedAction(
            name: "router.removeInterface \(routerID) ← subnet \(subnetID)", kind: .port, resourceID: port.id,
            call: {
                try await NetworkCalls.deleting {
                    _ = try await client.network.removeRouterInterface(routerID: routerID, subnetID: subnetID)
                }
            },
            judge: PortJudges.deleted,
            extract: { _ in () },
            alreadyDone: ()), policy: policy)
    }

    /// The router's ports with an address on the subnet (one `GET /v2.0/ports?device_id=…`).
    static func routerPorts(_ client: OpenStackClient, routerID: String, subnetID: String) async throws -> [StratusOpenStack.Port] {
        try await client.network.ports(PortListQuery(deviceID: routerID))
            .filter { port in port.fixedIPs.contains { $0.subnetID == subnetID } }
    }
}
