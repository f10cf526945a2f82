import Foundation
import NIOCore
import Testing
@testable import StratusOpenStack

@Suite("Real OpenStack: Cinder and Glance", .enabled(if: RealCloud.isConfigured, RealCloud.skipReason))
struct RealCloudStorageTests {
    @Test("volume create with metadata → available → get/list/metadata filter/paging → delete → 404")
    func volumeLifecycle() async throws {
        let client = try RealCloud.client()
        let token = RealCloud.uniqueName("stratus-token")
        let volume = try await client.blockStorage.createVolume(VolumeCreateRequest(
            size: 1, name: RealCloud.uniqueName("stratus-vol"), metadata: ["stratus_token": token]))
        #expect(volume.status == .creating)
        let available = try await RealCloud.eventually("volume available") { () async throws -> Volume? in
            let current = try await client.blockStorage.volume(id: volume.id)
            if current.status == .error { throw OpenStackError(code: .httpStatus, message: "volume went to error") }
            return current.status == .available ? current : nil
        }
        #expect(available.size == 1)
        #expect(available.metadata["stratus_token"] == token)
        #expect(try await client.blockStorage.volumes(VolumeListQuery(metadata: ["stratus_token": token])).map(\.id) == [volume.id])
        #expect(try await client.blockStorage.volumes(VolumeListQuery(metadata: ["stratus_token": "nope"])).isEmpty)
        #expect(try await client.blockStorage.volumes(VolumeListQuery(updatedSince: Date().addingTimeInterval(-300)))
                    .contains { $0.id == volume.id })
        #expect(try await client.blockStorage.volumes(VolumeListQuery(limit: 1)).contains { $0.id == volume.id })
        try await client.blockStorage.deleteVolume(id: volume.id)
        try await RealCloud.waitUntilGone("volume deleted") { _ = try await client.blockStorage.volume(id: volume.id) }
    }

    @Test("image create with a property and a tag → upload → active → filters, find, paging → delete → 404")
    func imageLifecycle() async throws {
        let client = try RealCloud.client()
        let token = RealCloud.uniqueName("stratus-token")
        let name = RealCloud.uniqueName("stratus-image")
        let image = try await client.images.createImage(ImageCreateRequest(name: name, tags: ["stratus-it"],
                                                                           properties: ["stratus_token": token]))
        #expect(image.status == .queued)
        #expect(image.properties["stratus_token"] == .string(token))
        try await client.images.upload(imageID: image.id, data: ByteBuffer(repeating: 0, count: 1024))
        let active = try await client.images.image(id: image.id)
        #expect(active.status == .active)
        #expect(active.size == 1024)
        #expect(try await client.images.images(ImageListQuery(properties: ["stratus_token": token])).map(\.id) == [image.id])
        #expect(try await client.images.images(ImageListQuery(tags: ["stratus-it"])).contains { $0.id == image.id })
        #expect(try await client.images.findImage(name).id == image.id)
        let all = try await client.images.images(ImageListQuery(limit: 2))
        #expect(all.count >= 3, "paging follows 'next' past the first page")
        try await client.images.deleteImage(id: image.id)
        try await RealCloud.waitUntilGone("image deleted") { _ = try await client.images.image(id: image.id) }
    }
}
