import Foundation
import StratusOpenStack
import StratusSimulator
import StratusTesting
import Testing
@testable import StratusOperations

/// The simulator's seeded networks, joined by a router the test made through ``RouterOperations``.
struct NetworkTopology: Sendable {
    var publicNet: Network
    var privateNet: Network
    var privateSubnet: Subnet
    var router: Router
    /// The router's port on `private-subnet`.
    var routerPort: StratusOpenStack.Port

    /// Finds `public` and `private`, makes a router with its gateway on `public` and plugs it
    /// into `private-subnet` through `ops.routers.addInterface`.
    static func make(_ ops: Operations) async throws -> NetworkTopology {
        let network = ops.client.network
        let publicNet = try await network.findNetwork("public")
        let privateNet = try await network.findNetwork("private")
        let privateSubnet = try await network.findSubnet("private-subnet")
        let router = try await network.createRouter(RouterCreateRequest(name: "edge", externalNetworkID: publicNet.id))
        let routerPort = try await ops.routers.addInterface(routerID: router.id, subnetID: privateSubnet.id).value
        return NetworkTopology(publicNet: publicNet, privateNet: privateNet, privateSubnet: privateSubnet, router: router,
                               routerPort: routerPort)
    }
}

enum NetworkSupport {
    /// Live floating IPs per client token, from the simulator's own records.
    static func floatingIPsPerToken(_ simulator: CloudSimulator) -> [String: Int] {
        var counts: [String: Int] = [:]
        for ip in simulator.floatingIPSnapshots() where !ip.deleted {
            let mark = ip.description.split(separator: " ").first.map(String.init) ?? ""
            if mark.hasPrefix("stratus-token-") { counts[mark, default: 0] += 1 }
        }
        return counts
    }

    /// Requests the simulator counted for routes starting with `prefix`.
    static func requests(_ simulator: CloudSimulator, _ prefix: String) -> Int {
        simulator.stats().byRoute.filter { $0.key.hasPrefix(prefix) }.values.reduce(0, +)
    }

    static let perIPGets = "GET /network/v2.0/floatingips/{id}"
    static let perPortGets = "GET /network/v2.0/ports/{id}"

    static func server(_ name: String) -> ServerCreateRequest {
        ServerCreateRequest(name: name, imageID: OperationsSupport.imageID, flavorID: "1", networks: .auto)
    }
}

@Suite("Networking operations against the simulator")
struct NetworkOperationTests {
    typealias Support = NetworkSupport

    @Test("port create → DOWN (unbound, final); floating IP create → DOWN, associate → ACTIVE, disassociate → DOWN, delete → gone")
    func lifecycle() async throws {
        var configuration = OperationsSupport.fast
        configuration.timings.floatingIPActivate = .milliseconds(300)
        try await withOperations(configuration) { simulator, ops in
            let net = try await NetworkTopology.make(ops)
            #expect(net.routerPort.deviceID == net.router.id)
            let port = try await ops.ports.create(PortCreateRequest(networkID: net.privateNet.id, name: "vip")).value
            #expect(port.status == .down, "an unbound port is final at DOWN")
            #expect(port.description.hasPrefix("stratus-token-") && port.description.contains(" stratus-fingerprint-"))
            #expect(port.tags.isEmpty, "the token travels in the description: no second request for tags")

            let create = try await ops.floatingIPs.create(FloatingIPCreateRequest(floatingNetworkID: net.publicNet.id))
            let ip = try await create.value
            #expect(ip.status == .down && ip.portID == nil)
            #expect(create.initial?.resourceID == ip.id)

            let associate = try await ops.floatingIPs.associate(ip.id, portID: port.id)
            #expect(!associate.isDone, "ACTIVE comes only after the simulated agent's delay")
            let associated = try await associate.value
            #expect(associated.status == .active)
            #expect(associated.portID == port.id)
            #expect(associated.fixedIPAddress == port.fixedIPs.first?.ipAddress)
            #expect(associate.attempts.map(\.outcome) == [.succeeded])

            let disassociated = try await ops.floatingIPs.disassociate(ip.id).value
            #expect(disassociated.status == .down && disassociated.portID == nil)

            try await ops.floatingIPs.delete(ip.id).value
            #expect(simulator.floatingIPSnapshots().allSatisfy { $0.deleted })
            // Deleting what is gone finishes at once.
            let again = try await ops.floatingIPs.delete(ip.id)
            try await again.value
            #expect(again.initial == nil, "no watch was needed")
            try await ops.ports.delete(port.id).value
            #expect(simulator.portSnapshots().first { $0.id == port.id }?.deleted == true)
            try await ops.routers.removeInterface(routerID: net.router.id, subnetID: net.privateSubnet.id).value
            #expect(simulator.portSnapshots().first { $0.id == net.routerPort.id }?.deleted == true)
            // Watched through lists by id only: never one GET per floating IP or port.
            #expect(Support.requests(simulator, Support.perIPGets) == 0)
            #expect(Support.requests(simulator, Support.perPortGets) == 0)
        }
    }

    @Test("a port with a device owner waits for ACTIVE")
    func boundPortWaitsForActive() async throws {
        var configuration = OperationsSupport.fast
        configuration.timings.portActivate = .milliseconds(300)
        try await withOperations(configuration) { _, ops in
            let privateNet = try await ops.client.network.findNetwork("private")
            let op = try await ops.ports.create(PortCreateRequest(networkID: privateNet.id, name: "bound",
                                                                  deviceID: UUID().uuidString.lowercased(), deviceOwner: "compute:nova"))
            #expect(!op.isDone)
            let port = try await op.value
            #expect(port.status == .active)
        }
    }

    @Test("the chaining example: server create, then allocateAndAssociate on its port, as one handle")
    func chainedAfterServerCreate() async throws {
        try await withOperations { simulator, ops in
            let net = try await NetworkTopology.make(ops)
            let publicNet = net.publicNet
            let spec = Support.server("web-fip")
            let ip = try await ops.servers.create(spec).then { server in
                try await ops.floatingIPs.allocateAndAssociate(networkID: publicNet.id, to: server)
            }.value
            #expect(ip.status == .active)
            let server = try #require(simulator.serverSnapshots().first { $0.name == "web-fip" })
            let serverPort = try #require(simulator.portSnapshots().first { $0.deviceID == server.id })
            #expect(ip.portID == serverPort.id)
            #expect(ip.description.hasPrefix("stratus-token-"))
            let addresses = try await ops.client.compute.server(id: server.id).addresses
            #expect(addresses.values.flatMap { $0 }.contains(where: { $0.address == ip.floatingIPAddress }))
        }
    }

    @Test("associate(to: server) picks the server's port; a server without ports is refused before any PUT")
    func associateToServer() async throws {
        try await withOperations { _, ops in
            let net = try await NetworkTopology.make(ops)
            let ip = try await ops.floatingIPs.create(FloatingIPCreateRequest(floatingNetworkID: net.publicNet.id)).value
            let server = try await ops.servers.create(Support.server("host")).value
            let associated = try await ops.floatingIPs.associate(ip.id, to: server).value
            #expect(associated.status == .active)
            let ports = try await ops.client.network.ports(PortListQuery(deviceID: server.id))
            #expect(associated.portID == ports.first?.id)
            let isolated = try await ops.servers.create(OperationsSupport.server("isolated")).value
            let refused = await #expect(throws: OperationError.self) { _ = try await ops.floatingIPs.associate(ip.id, to: isolated) }
            #expect(refused?.code == .startFailed)
            #expect(refused?.message.contains("no port") == true)
        }
    }

    @Test("ERROR ends the handle with the reason; attempts on a create delete the ERROR one and allocate again")
    func errorAndRetry() async throws {
        var configuration = OperationsSupport.fast
        configuration.faults.floatingIPErrorRate = 1
        try await withOperations(configuration) { simulator, ops in
            let net = try await NetworkTopology.make(ops)
            let port = try await ops.ports.create(PortCreateRequest(networkID: net.privateNet.id)).value
            let ip = try await ops.floatingIPs.create(FloatingIPCreateRequest(floatingNetworkID: net.publicNet.id)).value
            let failed = try await ops.floatingIPs.associate(ip.id, portID: port.id)
            let error = await #expect(throws: OperationError.self) { _ = try await failed.value }
            #expect(error?.code == .failed)
            #expect(error?.lastStatus == "ERROR")
            #expect(error?.message.contains("went to ERROR") == true)

            // Re-issuing the PUT: three attempts, each recorded.
            let reissued = try await ops.floatingIPs.associate(ip.id, portID: port.id,
                                                               policy: .init(attempts: 3, backoff: .milliseconds(5)))
            let exhausted = await #expect(throws: OperationError.self) { _ = try await reissued.value }
            #expect(exhausted?.attempts.count == 3)
            #expect(exhausted?.message.contains("after 3 attempts") == true)
            try await ops.floatingIPs.delete(ip.id).value

            // A create with a port and attempts: 3 → three floating IPs allocated, two deleted
            // before retrying, the last one kept for inspection.
            let create = try await ops.floatingIPs.create(FloatingIPCreateRequest(floatingNetworkID: net.publicNet.id, portID: port.id),
                                                          policy: .init(attempts: 3, backoff: .milliseconds(5)))
            let createError = await #expect(throws: OperationError.self) { _ = try await create.value }
            #expect(createError?.code == .failed)
            #expect(create.attempts.count == 3)
            #expect(create.attempts.prefix(2).allSatisfy { $0.cleanedUp })
            #expect(simulator.floatingIPSnapshots().filter { !$0.deleted }.count == 1)

            // The kept ERROR floating IP still holds the port's address: release it first.
            try await ops.floatingIPs.delete(try #require(create.resourceID)).value
            simulator.setFaults(FaultInjection(floatingIPErrorRate: 0.5))
            let retried = try await ops.floatingIPs.create(
                FloatingIPCreateRequest(floatingNetworkID: net.publicNet.id, portID: port.id, description: "retried"),
                policy: .init(attempts: 12, backoff: .milliseconds(5), cleanup: .always))
            #expect(try await retried.value.status == .active)
            #expect(simulator.floatingIPSnapshots().filter { !$0.deleted && $0.portID == port.id }.count == 1)
        }
    }

    @Test("a timeout names the status it was stuck in; cancel ends the handle; cleanupOnCancel releases the address")
    func timeoutAndCancel() async throws {
        var configuration = OperationsSupport.fast
        configuration.timings.floatingIPActivate = .seconds(60)
        try await withOperations(configuration) { simulator, ops in
            let net = try await NetworkTopology.make(ops)
            let port = try await ops.ports.create(PortCreateRequest(networkID: net.privateNet.id)).value
            let ip = try await ops.floatingIPs.create(FloatingIPCreateRequest(floatingNetworkID: net.publicNet.id)).value
            let slow = try await ops.floatingIPs.associate(ip.id, portID: port.id, policy: .init(timeout: .milliseconds(400)))
            let error = await #expect(throws: OperationError.self) { _ = try await slow.value }
            #expect(error?.code == .timedOut)
            #expect(error?.lastStatus == "DOWN")
            #expect(error?.message.contains("stuck in DOWN") == true)

            let waiting = try await ops.floatingIPs.disassociate(ip.id)
            waiting.cancel()
            let cancelled = await #expect(throws: OperationError.self) { _ = try await waiting.value }
            #expect(cancelled?.code == .cancelled)

            let unwanted = try await ops.floatingIPs.create(
                FloatingIPCreateRequest(floatingNetworkID: net.publicNet.id, portID: port.id, description: "unwanted"),
                policy: .init(cleanupOnCancel: true))
            unwanted.cancel()
            let unwantedError = await #expect(throws: OperationError.self) { _ = try await unwanted.value }
            #expect(unwantedError?.code == .cancelled)
            let unwantedID = try #require(unwanted.resourceID)
            _ = try await eventually(timeout: .seconds(15), interval: .milliseconds(50), "the cancelled floating IP to be released") { () -> Bool? in
                simulator.floatingIPSnapshots().first { $0.id == unwantedID }?.deleted == true ? true : nil
            }
        }
    }

    @Test("a token adopts the floating IP it made; the same token with other parameters is refused")
    func tokenAdoptionAndConflict() async throws {
        try await withOperations { simulator, ops in
            let publicNet = try await ops.client.network.findNetwork("public")
            let token = try ClientToken("fip-order-17")
            let request = FloatingIPCreateRequest(floatingNetworkID: publicNet.id, description: "order 17")
            let first = try await ops.floatingIPs.create(request, token: token).value
            let again = try await ops.floatingIPs.create(request, token: token)
            #expect(again.initial?.adopted == true)
            #expect(try await again.value.id == first.id)
            let conflict = await #expect(throws: OperationError.self) {
                _ = try await ops.floatingIPs.create(FloatingIPCreateRequest(floatingNetworkID: publicNet.id, description: "other"),
                                                     token: token)
            }
            #expect(conflict?.code == .tokenConflict)
            #expect(simulator.floatingIPSnapshots().count == 1)
        }
    }

    @Test("a floating IP whose tags never arrived (a lost answer on a cloud that tags after the create) is adopted by its description")
    func adoptedByDescription() async throws {
        try await withOperations { simulator, ops in
            let publicNet = try await ops.client.network.findNetwork("public")
            let token = try ClientToken("untagged-1")
            let request = FloatingIPCreateRequest(floatingNetworkID: publicNet.id, description: "web")
            // What such a create leaves behind: the marks in the description, no tags.
            let recipe = ops.floatingIPs.recipe(for: request, token: token)
            let marks = NeutronTokenMarks.description(token: token, fingerprint: recipe.fingerprint, callers: request.description)
            #expect(marks.hasPrefix("stratus-token-untagged-1 stratus-fingerprint-") && marks.hasSuffix(" web"))
            let orphan = try await ops.client.network.createFloatingIP(FloatingIPCreateRequest(floatingNetworkID: publicNet.id,
                                                                                              description: marks))
            #expect(orphan.tags.isEmpty)
            let labels = NeutronTokenMarks.labels(tags: [], description: orphan.description)
            #expect(labels[ClientToken.metadataKey] == "untagged-1")
            #expect(labels[ClientToken.fingerprintKey] == recipe.fingerprint)

            let handle = try await ops.floatingIPs.create(request, token: token)
            #expect(handle.initial?.adopted == true)
            #expect(try await handle.value.id == orphan.id)
            #expect(simulator.floatingIPSnapshots().count == 1)
        }
    }

    @Test("lost answers (30% drop-after-commit) and 503s on 50 creates: exactly one floating IP per token")
    func droppedAnswersNoDuplicates() async throws {
        var configuration = OperationsSupport.fast
        configuration.timings.floatingIPActivate = .milliseconds(50)
        configuration.faults.dropAfterCommitRate = 0.3
        configuration.faults.http503Rate = 0.1
        let retry = RetryPolicy(maxAttempts: 8, baseDelay: .milliseconds(2), maxDelay: .milliseconds(20))
        try await withOperations(configuration, retry: retry) { simulator, ops in
            simulator.setFaults(.none)
            let net = try await NetworkTopology.make(ops)
            let ports = try await (0..<10).asyncMap { index in
                try await ops.client.network.createPort(PortCreateRequest(networkID: net.privateNet.id, name: "p\(index)"))
            }
            simulator.setFaults(configuration.faults)
            let policy = OperationPolicy(attempts: 3, timeout: .seconds(30), backoff: .milliseconds(10),
                                         unknownOutcomeGrace: .milliseconds(100))
            let handles = try await withThrowingTaskGroup(of: CloudOperation<FloatingIP>.self) { group in
                for index in 0..<50 {
                    // Every fifth one associated at once: the lookup must adopt those too.
                    let portID = index % 5 == 0 ? ports[index / 5].id : nil
                    group.addTask {
                        try await ops.floatingIPs.create(FloatingIPCreateRequest(floatingNetworkID: net.publicNet.id, portID: portID),
                                                         policy: policy)
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let ips = try await Operations.all(handles)
            #expect(Set(ips.map(\.id)).count == 50)
            let perToken = Support.floatingIPsPerToken(simulator)
            #expect(perToken.count == 50)
            #expect(perToken.values.allSatisfy { $0 == 1 }, "one live floating IP per client token: \(perToken.filter { $0.value > 1 })")
            #expect(simulator.floatingIPSnapshots().filter { !$0.deleted }.count == 50)
            let stats = simulator.stats()
            #expect(stats.byStatus["dropped", default: 0] > 0, "the fault was injected")
            #expect(handles.contains { $0.initial?.adopted == true }, "some lost answers were adopted by token")
        }
    }

    @Test("200 watched floating IPs resolve through a bounded number of list requests (100 ids per request)")
    func twoHundredWatched() async throws {
        var configuration = OperationsSupport.fast
        configuration.timings.floatingIPActivate = .seconds(1)
        try await withOperations(configuration) { simulator, ops in
            let net = try await NetworkTopology.make(ops)
            let ports = try await withThrowingTaskGroup(of: StratusOpenStack.Port.self) { group in
                for index in 0..<200 {
                    group.addTask { try await ops.client.network.createPort(PortCreateRequest(networkID: net.privateNet.id, name: "w\(index)")) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let listsBefore = Support.requests(simulator, "GET /network/v2.0/floatingips")
            let started = ContinuousClock.now
            let handles = try await withThrowingTaskGroup(of: CloudOperation<FloatingIP>.self) { group in
                for port in ports {
                    group.addTask {
                        try await ops.floatingIPs.create(FloatingIPCreateRequest(floatingNetworkID: net.publicNet.id, portID: port.id))
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let ips = try await Operations.all(handles)
            let elapsed = ContinuousClock.now - started
            #expect(ips.count == 200 && ips.allSatisfy { $0.status == .active })
            let lists = Support.requests(simulator, "GET /network/v2.0/floatingips") - listsBefore
            // Two requests (2 × 100 ids) per tick; the monitor's budget here is 20 requests/s.
            let bound = Int((elapsed / .seconds(1)) * 20) + 6
            #expect(lists <= bound, "list requests: \(lists) in \(elapsed)")
            #expect(lists >= 2)
            #expect(Support.requests(simulator, Support.perIPGets) == 0)
            #expect(ops.monitor.stats.resolved >= 200)
        }
    }

    @Test("server interfaces: attach a network → port ACTIVE on the server; detach → port gone; attach a port; detach keeps it")
    func serverInterfaces() async throws {
        var configuration = OperationsSupport.fast
        configuration.timings.portActivate = .milliseconds(200)
        try await withOperations(configuration) { simulator, ops in
            let privateNet = try await ops.client.network.findNetwork("private")
            let server = try await ops.servers.create(OperationsSupport.server("nic-host")).value
            let attach = try await ops.servers.attachInterface(serverID: server.id, networkID: privateNet.id)
            let port = try await attach.value
            #expect(port.status == .active)
            #expect(port.deviceID == server.id)
            #expect(port.networkID == privateNet.id)
            try await ops.servers.detachInterface(serverID: server.id, portID: port.id).value
            #expect(simulator.portSnapshots().first { $0.id == port.id }.map { $0.deleted || $0.deviceID != server.id } == true)

            let own = try await ops.ports.create(PortCreateRequest(networkID: privateNet.id, name: "own")).value
            let plugged = try await ops.servers.attachInterface(serverID: server.id, portID: own.id).value
            #expect(plugged.id == own.id && plugged.status == .active && plugged.deviceID == server.id)
            try await ops.servers.detachInterface(serverID: server.id, portID: own.id).value
            let kept = try #require(simulator.portSnapshots().first { $0.id == own.id })
            #expect(!kept.deleted && kept.deviceID.isEmpty)
            // Detaching what is not attached finishes at once.
            try await ops.servers.detachInterface(serverID: server.id, portID: own.id).value
            #expect(Support.requests(simulator, Support.perPortGets) == 0)
        }
    }
}
