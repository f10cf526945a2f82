import Foundation
import StratusOpenStack

extension ServerOperations {
    /// Plugs a new port on network `networkID` into the server (`POST os-interface` with
    /// `net_id`: Nova creates the port) and tracks the port until its `device_id` is the server
    /// and it is ACTIVE. ERROR fails the handle; a port that disappears means Nova rolled the
    /// attach back.
    ///
    /// The server's interfaces are read once first (`GET os-interface`), so that an attach whose
    /// answer is lost is resolved by finding the new port on that network instead of attaching a
    /// second one.
    ///
    /// `policy.attempts`: an interface whose port goes to ERROR or is not ACTIVE within
    /// `policy.timeout` is detached (and its removal awaited), then the network is attached again —
    /// at most `attempts` attaches. `policy.cleanupOnCancel` detaches it when the handle is cancelled.
    public func attachInterface(serverID: String, networkID: String,
                                policy: OperationPolicy = .default) async throws -> CloudOperation<StratusOpenStack.Port> {
        let client = self.client
        let before = try await NetworkCalls.start("reading the interfaces of server \(serverID)", kind: .port) {
            Set(try await client.compute.interfaces(serverID: serverID).map(\.portID))
        }
        let recipe = interfaceRecipe(serverID: serverID, subject: "an interface of server \(serverID) on network \(networkID)",
                                     attach: { try await client.compute.attachInterface(serverID: serverID, networkID: networkID) },
                                     isTheAttached: { !before.contains($0.portID) && $0.networkID == networkID })
        return try await start(recipe, policy: policy, name: "server.attachInterface \(serverID) → network \(networkID)")
    }

    /// Plugs the existing port `portID` into the server (`POST os-interface` with `port_id`) and
    /// tracks it until its `device_id` is the server and it is ACTIVE; see
    /// ``attachInterface(serverID:networkID:policy:)``. An attach whose answer is lost is resolved
    /// by asking Nova whether the port is plugged in. `policy.attempts`: detach, then attach again.
    public func attachInterface(serverID: String, portID: String,
                                policy: OperationPolicy = .default) async throws -> CloudOperation<StratusOpenStack.Port> {
        let client = self.client
        let recipe = interfaceRecipe(serverID: serverID, subject: "port \(portID) on server \(serverID)",
                                     attach: { try await client.compute.attachInterface(serverID: serverID, portID: portID) },
                                     isTheAttached: { $0.portID == portID })
        return try await start(recipe, policy: policy, name: "server.attachInterface \(serverID) → port \(portID)")
    }

    /// Unplugs a port from the server (`DELETE os-interface/{port}`, asynchronous in Nova) and
    /// tracks the port until it is gone (Nova deletes ports it created) or its `device_id` no
    /// longer names the server (a port passed in is kept). A 404 — the port is not plugged in —
    /// finishes the handle at once.
    ///
    /// `policy.attempts`: when the port still belongs to the server after `policy.timeout`, the
    /// DELETE is sent again, at most `attempts` times.
    public func detachInterface(serverID: String, portID: String,
                                policy: OperationPolicy = .default) async throws -> CloudOperation<Void> {
        let client = self.client
        return try await engine.reissuing(ReissuedAction(
            name: "server.detachInterface \(serverID) ← port \(portID)", kind: .port, resourceID: portID,
            call: { try await NetworkCalls.deleting { try await client.compute.detachInterface(serverID: serverID, portID: portID) } },
            judge: PortJudges.detached(from: serverID),
            extract: { _ in () },
            alreadyDone: ()), policy: policy)
    }

    private func start(_ recipe: CreateRecipe<StratusOpenStack.Port>, policy: OperationPolicy, name: String) async throws -> CloudOperation<StratusOpenStack.Port> {
        let record = OperationRecord()
        let first = try await engine.start(recipe, number: 1, lookupFirst: false, policy: policy, record: record)
        return engine.track(recipe, first: first, policy: policy, record: record, name: name)
    }

    /// An attach as a "create" of the attempt engine: the port is the resource; a lost answer is
    /// looked up among the server's interfaces; the cleanup before another attempt is a detach.
    private func interfaceRecipe(serverID: String, subject: String,
                                 attach: @escaping @Sendable () async throws -> ServerInterface,
                                 isTheAttached: @escaping @Sendable (ServerInterface) -> Bool) -> CreateRecipe<StratusOpenStack.Port> {
        let client = self.client
        return CreateRecipe(
            kind: .port, subject: subject, token: .generate(), fingerprint: "",
            lookup: {
                try await client.compute.interfaces(serverID: serverID).filter(isTheAttached).map { interface in
                    ResourceSnapshot(kind: .port, id: interface.portID, status: interface.portState?.rawValue ?? "unknown")
                }
            },
            create: { InitialResponse(resourceID: try await attach().portID) },
            judge: PortJudges.attached(to: serverID),
            extract: { try $0.port() },
            delete: { portID in
                _ = try await NetworkCalls.deleting { try await client.compute.detachInterface(serverID: serverID, portID: portID) }
            },
            deletedJudge: PortJudges.detached(from: serverID),
            deleteNeedsAbsence: true)
    }
}
