import Foundation
import NIOCore
import StratusSimulator
import StratusTesting
import Testing
@testable import StratusOpenStack

/// Every client call against the built-in simulator over real HTTP.
@Suite("Client against the simulator: every call")
struct SimulatorClientTests {
    typealias Support = SimulatorTestSupport

    @Test("server create (tags, metadata, networks none) → BUILD → ACTIVE → list filters → delete → 404 and DELETED in changes-since")
    func serverLifecycle() async throws {
        var configuration = Support.fast
        configuration.timings.serverBuild = .milliseconds(600)  // long enough to see BUILD on a loaded machine
        try await withSimulatedCloud(configuration: configuration) { simulator, client in
            let auth = try await client.authenticate()
            #expect(auth.projectName == "demo")
            #expect(try await client.compute.microversion() == "2.96")
            let flavor = try await client.compute.findFlavor("m1.tiny")
            let image = try await client.images.findImage(Support.imageName)
            let before = Date().addingTimeInterval(-2)
            let created = try await client.compute.createServer(ServerCreateRequest(
                name: "web-1", imageID: image.id, flavorID: flavor.id, networks: .none,
                metadata: ["role": "web"], tags: ["stratus-token-abc"]))
            #expect(created.tagsApplied)
            #expect(created.requestID?.hasPrefix("req-") == true)
            let building = try await client.compute.server(id: created.id)
            #expect(building.status == .build)
            let active = try await Support.eventually("ACTIVE") { () async throws -> Server? in
                let server = try await client.compute.server(id: created.id)
                return server.status == .active ? server : nil
            }
            #expect(active.metadata == ["role": "web"])
            #expect(active.tags == ["stratus-token-abc"])
            #expect(active.imageID == image.id)
            #expect(active.flavor?.name == "m1.tiny")

            let byTag = try await client.compute.servers(ServerListQuery(tags: ["stratus-token-abc"]))
            #expect(byTag.map(\.id) == [created.id])
            #expect(try await client.compute.servers(ServerListQuery(tags: ["nope"])).isEmpty)
            #expect(try await client.compute.servers(ServerListQuery(status: .active)).map(\.id) == [created.id])
            #expect(try await client.compute.servers(ServerListQuery(changesSince: before)).map(\.id) == [created.id])
            #expect(try await client.compute.tags(serverID: created.id) == ["stratus-token-abc"])
            try await client.compute.addTag(serverID: created.id, tag: "extra")
            #expect(Set(try await client.compute.tags(serverID: created.id)) == ["stratus-token-abc", "extra"])

            try await client.compute.deleteServer(id: created.id)
            try await Support.waitUntilGone("server deleted") { _ = try await client.compute.server(id: created.id) }
            let changes = try await client.compute.servers(ServerListQuery(changesSince: before))
            #expect(changes.first { $0.id == created.id }?.status == .deleted)
            #expect(simulator.serverSnapshots().filter { !$0.deleted }.isEmpty)
        }
    }

    @Test("a build that fails ends in ERROR with Nova's fault message")
    func errorBuild() async throws {
        var configuration = Support.fast
        configuration.faults.buildErrorRate = 1
        try await withSimulatedCloud(configuration: configuration) { _, client in
            let created = try await client.compute.createServer(ServerCreateRequest(
                name: "doomed", imageID: try await client.images.findImage(Support.imageName).id, flavorID: "1", networks: .none))
            let failed = try await Support.eventually("ERROR") { () async throws -> Server? in
                let server = try await client.compute.server(id: created.id)
                return server.status == .error ? server : nil
            }
            #expect(failed.fault?.message.contains("No valid host") == true)
        }
    }

    @Test("paging: serversPage returns a next marker; servers() follows every page")
    func paging() async throws {
        try await withSimulatedCloud(configuration: Support.fast) { _, client in
            for index in 0..<5 {
                _ = try await client.compute.createServer(ServerCreateRequest(name: "p\(index)", imageID: Support.imageID, flavorID: "1", networks: .none))
            }
            let first = try await client.compute.serversPage(ServerListQuery(limit: 2))
            #expect(first.items.count == 2)
            #expect(first.nextMarker == first.items.last?.id)
            let all = try await client.compute.servers(ServerListQuery(limit: 2))
            #expect(all.count == 5)
            #expect(Set(all.map(\.id)).count == 5)
        }
    }

    @Test("createImage and createBackup produce Glance images; migrate → VERIFY_RESIZE → confirm; live migrate")
    func serverActions() async throws {
        try await withSimulatedCloud(configuration: Support.fast) { _, client in
            let created = try await client.compute.createServer(ServerCreateRequest(
                name: "src", imageID: try await client.images.findImage(Support.imageName).id, flavorID: "1", networks: .none))
            _ = try await Support.eventually("ACTIVE") { () async throws -> Bool? in
                try await client.compute.server(id: created.id).status == .active ? true : nil
            }
            let imageID = try await client.compute.createImage(serverID: created.id, name: "gold", metadata: ["purpose": "test"])
            let snapshot = try await Support.eventually("image active") { () async throws -> Image? in
                let image = try await client.images.image(id: imageID)
                return image.status == .active ? image : nil
            }
            #expect(snapshot.name == "gold")
            #expect(snapshot.properties["purpose"] == .string("test"))
            let backupID = try await client.compute.createBackup(serverID: created.id, name: "nightly", rotation: 2)
            #expect(try await client.images.image(id: backupID).name == "nightly")
            _ = try await Support.eventually("backup done, server idle") { () async throws -> Bool? in
                let idle = try await client.compute.server(id: created.id).taskState == nil
                return try await client.images.image(id: backupID).status == .active && idle ? true : nil
            }

            let hostBefore = try await client.compute.server(id: created.id).hostID
            try await client.compute.migrate(serverID: created.id)
            _ = try await Support.eventually("VERIFY_RESIZE") { () async throws -> Bool? in
                try await client.compute.server(id: created.id).status == .verifyResize ? true : nil
            }
            try await client.compute.confirmResize(serverID: created.id)
            let migrated = try await Support.eventually("ACTIVE after confirm") { () async throws -> Server? in
                let server = try await client.compute.server(id: created.id)
                return server.status == .active ? server : nil
            }
            #expect(migrated.hostID != hostBefore)
            try await client.compute.liveMigrate(serverID: created.id)
            _ = try await Support.eventually("ACTIVE after live migration") { () async throws -> Bool? in
                try await client.compute.server(id: created.id).status == .active ? true : nil
            }
            // A second confirm is a conflict: a clear 409, not a crash.
            let conflict = await #expect(throws: OpenStackError.self) { try await client.compute.confirmResize(serverID: created.id) }
            #expect(conflict?.isConflict == true)
        }
    }

    @Test("volumes: create with metadata → available → metadata filter → attach (in-use) → detach → delete → 404")
    func volumeLifecycle() async throws {
        try await withSimulatedCloud(configuration: Support.fast) { _, client in
            let volume = try await client.blockStorage.createVolume(VolumeCreateRequest(size: 2, name: "data",
                                                                                        metadata: ["stratus_token": "v-1"]))
            #expect(volume.status == .creating)
            _ = try await Support.eventually("available") { () async throws -> Bool? in
                try await client.blockStorage.volume(id: volume.id).status == .available ? true : nil
            }
            #expect(try await client.blockStorage.volumes(VolumeListQuery(metadata: ["stratus_token": "v-1"])).map(\.id) == [volume.id])
            #expect(try await client.blockStorage.volumes(VolumeListQuery(metadata: ["stratus_token": "other"])).isEmpty)
            #expect(try await client.blockStorage.volumes(VolumeListQuery(status: .available)).count == 1)
            #expect(try await client.blockStorage.volumes(VolumeListQuery(updatedSince: Date().addingTimeInterval(-60))).count == 1)

            let server = try await client.compute.createServer(ServerCreateRequest(name: "host", imageID: Support.imageID, flavorID: "1", networks: .none))
            _ = try await Support.eventually("ACTIVE") { () async throws -> Bool? in
                try await client.compute.server(id: server.id).status == .active ? true : nil
            }
            let attachment = try await client.compute.attachVolume(serverID: server.id, volumeID: volume.id)
            #expect(attachment.volumeID == volume.id)
            let inUse = try await Support.eventually("in-use") { () async throws -> Volume? in
                let current = try await client.blockStorage.volume(id: volume.id)
                return current.status == .inUse ? current : nil
            }
            #expect(inUse.attachments.first?.serverID == server.id)
            #expect(try await client.compute.volumeAttachments(serverID: server.id).map(\.volumeID) == [volume.id])
            try await client.compute.detachVolume(serverID: server.id, volumeID: volume.id)
            _ = try await Support.eventually("available again") { () async throws -> Bool? in
                try await client.blockStorage.volume(id: volume.id).status == .available ? true : nil
            }
            try await client.blockStorage.deleteVolume(id: volume.id)
            try await Support.waitUntilGone("volume deleted") { _ = try await client.blockStorage.volume(id: volume.id) }
        }
    }

    @Test("images: create with properties and tags → upload → active → property filter → find → delete")
    func imageLifecycle() async throws {
        try await withSimulatedCloud(configuration: Support.fast) { _, client in
            let image = try await client.images.createImage(ImageCreateRequest(name: "custom", tags: ["golden"],
                                                                               properties: ["stratus_token": "i-1"]))
            #expect(image.status == .queued)
            try await client.images.upload(imageID: image.id, data: ByteBuffer(string: "disk bytes"))
            #expect(try await client.images.image(id: image.id).status == .active)
            #expect(try await client.images.images(ImageListQuery(properties: ["stratus_token": "i-1"])).map(\.id) == [image.id])
            #expect(try await client.images.images(ImageListQuery(tags: ["golden"])).map(\.id) == [image.id])
            #expect(try await client.images.findImage("custom").id == image.id)
            #expect(try await client.images.images(ImageListQuery(limit: 1)).count >= 3)
            try await client.images.deleteImage(id: image.id)
            try await Support.waitUntilGone("image deleted") { _ = try await client.images.image(id: image.id) }
        }
    }

    @Test("lookups that fail say what exists; a wrong password says whose")
    func clearErrors() async throws {
        try await withSimulatedCloud(configuration: Support.fast) { simulator, client in
            let flavorError = await #expect(throws: OpenStackError.self) { _ = try await client.compute.findFlavor("m1.huge") }
            #expect(flavorError?.code == .notFound)
            #expect(flavorError?.message.contains("m1.tiny") == true)
            let imageError = await #expect(throws: OpenStackError.self) { _ = try await client.images.findImage("windows") }
            #expect(imageError?.message.contains(Support.imageName) == true)
            let missing = await #expect(throws: OpenStackError.self) { _ = try await client.compute.server(id: UUID().uuidString.lowercased()) }
            #expect(missing?.isNotFound == true)
            #expect(missing?.requestID != nil)

            let yaml = simulator.cloudsYAML(cloudName: "bad").replacingOccurrences(of: "password: secret", with: "password: wrong-pw")
                .replacingOccurrences(of: "password: 'secret'", with: "password: 'wrong-pw'")
                .replacingOccurrences(of: "password: \"secret\"", with: "password: \"wrong-pw\"")
            #expect(yaml.contains("wrong-pw"))
            let bad = OpenStackClient(configuration: try CloudConfiguration.load(cloud: "bad", cloudsYAML: yaml))
            let authError = await #expect(throws: OpenStackError.self) { try await bad.authenticate() }
            #expect(authError?.code == .authentication)
            #expect(authError?.description.contains("wrong-pw") == false)
        }
    }
}
