import Foundation
import StratusOpenStack
import StratusSimulator
import StratusTesting
import Testing
@testable import StratusOperations

@Suite("Volume operations against the simulator")
struct VolumeOperationTests {
    typealias Support = OperationsSupport

    @Test("create → available, attach → in-use, detach → available, delete → gone")
    func lifecycle() async throws {
        try await withOperations { simulator, ops in
            let volume = try await ops.volumes.create(VolumeCreateRequest(size: 2, name: "data")).value
            #expect(volume.status == .available)
            #expect(volume.metadata[ClientToken.metadataKey] != nil)
            let server = try await ops.servers.create(Support.server("host")).value
            let attached = try await ops.volumes.attach(volumeID: volume.id, to: server.id).value
            #expect(attached.status == .inUse)
            #expect(attached.attachments.first?.serverID == server.id)
            let detached = try await ops.volumes.detach(volumeID: volume.id, from: server.id).value
            #expect(detached.status == .available)
            try await ops.volumes.delete(id: volume.id).value
            #expect(simulator.volumeSnapshots().allSatisfy { $0.deleted })
        }
    }

    @Test("an error volume fails the handle; retry with cleanup creates another; drop-after-commit adopts")
    func faults() async throws {
        var configuration = Support.fast
        configuration.faults.volumeErrorRate = 1
        try await withOperations(configuration) { simulator, ops in
            let failed = try await ops.volumes.create(VolumeCreateRequest(size: 1))
            let error = await #expect(throws: OperationError.self) { _ = try await failed.value }
            #expect(error?.code == .failed)
            simulator.setFaults(FaultInjection(volumeErrorRate: 0.5))
            let retried = try await ops.volumes.create(VolumeCreateRequest(size: 1, name: "retry"),
                                                       policy: .init(attempts: 12, backoff: .milliseconds(5)))
            #expect(try await retried.value.status == .available)
            #expect(simulator.volumeSnapshots().filter { $0.name == "retry" && !$0.deleted }.count == 1)
            simulator.setFaults(FaultInjection(dropAfterCommitRate: 1))
            let dropped = try await ops.volumes.create(VolumeCreateRequest(size: 1, name: "dropped"))
            #expect(dropped.initial?.adopted == true)
            #expect(try await dropped.value.status == .available)
            #expect(simulator.volumeSnapshots().filter { $0.name == "dropped" }.count == 1)
        }
    }
}
