import Foundation
import Testing
@testable import StratusOpenStack

@Suite("Real OpenStack: Nova", .enabled(if: RealCloud.isConfigured, RealCloud.skipReason), .serialized)
struct RealCloudComputeTests {
    @Test("server create (tags, metadata) → ACTIVE → get/list/filters → image actions → volume attach/detach → delete → 404")
    func serverLifecycle() async throws {
        let client = try RealCloud.client()
        let flavor = try await client.compute.findFlavor("m1.tiny")
        let image = try await client.images.findImage(RealCloud.bootImageID)
        let token = RealCloud.uniqueName("stratus-token")
        let name = RealCloud.uniqueName("stratus-it")
        let since = Date().addingTimeInterval(-5)
        let created = try await client.compute.createServer(ServerCreateRequest(
            name: name, imageID: image.id, flavorID: flavor.id, networks: .none, metadata: ["purpose": "integration"],
            tags: [token]))
        #expect(created.tagsApplied)
        #expect(created.requestID?.hasPrefix("req-") == true)
        do {
            let active = try await RealCloud.waitForServer(client, created.id, status: .active)
            #expect(active.name == name)
            #expect(active.metadata["purpose"] == "integration")
            #expect(active.tags == [token])
            #expect(active.flavor?.name == "m1.tiny")

            #expect(try await client.compute.servers(ServerListQuery(tags: [token])).map(\.id) == [created.id])
            #expect(try await client.compute.servers(ServerListQuery(name: name)).map(\.id) == [created.id])
            #expect(try await client.compute.servers(ServerListQuery(changesSince: since)).contains { $0.id == created.id })
            #expect(try await client.compute.servers(ServerListQuery(changesSince: since, changesBefore: Date().addingTimeInterval(60)))
                        .contains { $0.id == created.id })
            let page = try await client.compute.serversPage(ServerListQuery(tags: [token], limit: 1))
            #expect(page.items.count == 1)

            // Image actions: Nova answers with the new image id (the harness's images do not reach Glance).
            let snapshotID = try await client.compute.createImage(serverID: created.id, name: "\(name)-snap")
            #expect(snapshotID.count == 36)
            _ = try await RealCloud.waitForServer(client, created.id, status: .active)
            let backupID = try await client.compute.createBackup(serverID: created.id, name: "\(name)-backup", rotation: 1)
            #expect(backupID.count == 36)
            _ = try await RealCloud.waitForServer(client, created.id, status: .active)

            // Volume attach through Nova (Nova's Cinder fixture accepts any volume id).
            let volumeID = UUID().uuidString.lowercased()
            let attachment = try await client.compute.attachVolume(serverID: created.id, volumeID: volumeID)
            #expect(attachment.volumeID == volumeID)
            #expect(try await client.compute.volumeAttachments(serverID: created.id).map(\.volumeID) == [volumeID])
            try await client.compute.detachVolume(serverID: created.id, volumeID: volumeID)
            _ = try await RealCloud.eventually("detached") { () async throws -> Bool? in
                try await client.compute.volumeAttachments(serverID: created.id).isEmpty ? true : nil
            }
        } catch {
            try? await client.compute.deleteServer(id: created.id)
            throw error
        }
        try await client.compute.deleteServer(id: created.id)
        try await RealCloud.waitUntilGone("server deleted") { _ = try await client.compute.server(id: created.id) }
        let changes = try await client.compute.servers(ServerListQuery(changesSince: since))
        #expect(changes.first { $0.id == created.id }?.status == .deleted)
    }

    @Test("cold migrate → VERIFY_RESIZE → confirm lands on another host; live migrate moves it back (admin, two computes)",
          .enabled(if: RealCloud.computeHosts >= 2, "needs a cloud with two compute hosts: STRATUS_REALCLOUD_COMPUTES=2 (NUM_COMPUTES=2)"))
    func migrations() async throws {
        let admin = try RealCloud.client(RealCloud.adminCloud)
        let created = try await admin.compute.createServer(ServerCreateRequest(
            name: RealCloud.uniqueName("stratus-migrate"), imageID: RealCloud.bootImageID, flavorID: "1", networks: .none))
        defer { Task { try? await admin.compute.deleteServer(id: created.id) } }
        let active = try await RealCloud.waitForServer(admin, created.id, status: .active)
        let firstHost = try #require(active.host)
        try await admin.compute.migrate(serverID: created.id)
        _ = try await RealCloud.waitForServer(admin, created.id, status: .verifyResize)
        try await admin.compute.confirmResize(serverID: created.id)
        let migrated = try await RealCloud.waitForServer(admin, created.id, status: .active)
        #expect(migrated.host != firstHost, "cold migration should move the server (needs NUM_COMPUTES=2)")
        try await admin.compute.liveMigrate(serverID: created.id)
        let live = try await RealCloud.eventually("live migration") { () async throws -> Server? in
            let server = try await admin.compute.server(id: created.id)
            return server.status == .active && server.taskState == nil && server.host != migrated.host ? server : nil
        }
        #expect(live.host == firstHost)
        try await admin.compute.deleteServer(id: created.id)
        try await RealCloud.waitUntilGone("server deleted") { _ = try await admin.compute.server(id: created.id) }
    }

    @Test("a build the harness fails ends in ERROR with Nova's fault message",
          .enabled(if: RealCloud.spawnFailPrefix != nil, "set STRATUS_REALCLOUD_SPAWN_FAIL_PREFIX (the cloud's SPAWN_FAIL_NAME)"))
    func failedBuildHasFault() async throws {
        let client = try RealCloud.client()
        let created = try await client.compute.createServer(ServerCreateRequest(
            name: RealCloud.uniqueName(RealCloud.spawnFailPrefix ?? ""), imageID: RealCloud.bootImageID, flavorID: "1",
            networks: .none))
        let failed = try await RealCloud.eventually("ERROR") { () async throws -> Server? in
            let server = try await client.compute.server(id: created.id)
            return server.status == .error ? server : nil
        }
        let fault = try #require(failed.fault)
        #expect(fault.message.contains("simulated spawn failure"))
        try await client.compute.deleteServer(id: created.id)
        try await RealCloud.waitUntilGone("failed server deleted") { _ = try await client.compute.server(id: created.id) }
    }
}
