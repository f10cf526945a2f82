import Foundation
import NIOCore
import Testing
@testable import StratusOpenStack

/// Real payloads captured from Keystone 30, Nova 34, Cinder 29 and Glance 33 (see Fixtures/README.md).
@Suite("Decoding real OpenStack payloads")
struct FixtureDecodingTests {
    static func fixture(_ name: String) throws -> Data {
        guard let url = Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures") else {
            throw OpenStackError(code: .notFound, message: "fixture \(name) missing")
        }
        return try Data(contentsOf: url)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ name: String) throws -> T {
        try JSONDecoder.openStack().decode(type, from: fixture(name))
    }

    struct ServerEnvelope: Decodable { var server: Server }
    struct ServersEnvelope: Decodable { var servers: [Server] }

    @Test func keystoneToken() throws {
        let token = try Self.decode(TokenResponse.self, "keystone-token.json").token
        #expect(token.expires_at != nil)
        #expect(token.project?.name == "demo")
        let catalog = try #require(token.catalog)
        let compute = try catalog.url(for: .compute, interface: "public", region: "RegionOne")
        #expect(compute.hasPrefix("http://127.0.0.1:"))
        let volume = try catalog.url(for: .blockStorage, interface: "public", region: nil)
        #expect(volume.contains("/v3"))
        #expect(throws: OpenStackError.self) { try catalog.url(for: .compute, interface: "public", region: "Nowhere") }
    }

    @Test func serverActiveAndError() throws {
        let active = try Self.decode(ServerEnvelope.self, "nova-server-active.json").server
        #expect(active.status == .active)
        #expect(active.created != nil && active.updated != nil)
        #expect(active.flavor?.name != nil)
        #expect(active.fault == nil)
        let failed = try Self.decode(ServerEnvelope.self, "nova-server-error.json").server
        #expect(failed.status == .error)
        let fault = try #require(failed.fault)
        #expect(fault.code == 500)
        #expect(fault.message.contains("simulated spawn failure"))
    }

    @Test func serverListsAndPaging() throws {
        struct Link: Decodable { var href: String; var rel: String }
        struct Envelope: Decodable { var servers: [Server]; var servers_links: [Link] }
        let page = try Self.decode(Envelope.self, "nova-servers-detail.json")
        #expect(page.servers.count == 2)
        #expect(markerParameter(in: page.servers_links.first?.href) == "d69dc457-72d6-4b0a-b096-9d9de8c55f8b")
        let changes = try Self.decode(ServersEnvelope.self, "nova-servers-changes-since-deleted.json").servers
        #expect(changes.filter { $0.status == .deleted }.count == 3)
    }

    @Test func createResponseAndAttachments() throws {
        struct Created: Decodable { var server: ServerCreated }
        let created = try Self.decode(Created.self, "nova-server-create.json").server
        #expect(!created.id.isEmpty)
        #expect(!created.description.contains(created.adminPass ?? "@@none@@"))
        struct Attachment: Decodable { var volumeAttachment: ServerVolumeAttachment }
        let attachment = try Self.decode(Attachment.self, "nova-volume-attachment.json").volumeAttachment
        #expect(!attachment.volumeID.isEmpty && !attachment.serverID.isEmpty)
        struct Flavors: Decodable { var flavors: [Flavor] }
        let flavors = try Self.decode(Flavors.self, "nova-flavors-detail.json").flavors
        #expect(flavors.contains { $0.name == "m1.tiny" && $0.ram == 512 })
    }

    @Test func volumesAndImages() throws {
        struct VolumeEnvelope: Decodable { var volume: Volume }
        let volume = try Self.decode(VolumeEnvelope.self, "cinder-volume-error.json").volume
        #expect(volume.status == .error)
        #expect(volume.createdAt != nil)
        let image = try Self.decode(Image.self, "glance-image.json")
        #expect(image.status == .active)
        #expect(image.properties["stratus_token"] == .string("tok-123"))
        #expect(image.properties["name"] == nil)
        struct Images: Decodable { var images: [Image]; var next: String? }
        let images = try Self.decode(Images.self, "glance-images.json")
        #expect(markerParameter(in: images.next) == "2c579da0-6281-47e8-b98b-112996a789e4")
    }

    @Test("version documents of every service pick the right major version")
    func versionDocuments() throws {
        #expect(try Self.decode(VersionDocument.self, "nova-version-v2.1.json").best(major: 2)?.version == "2.104")
        #expect(try Self.decode(VersionDocument.self, "cinder-versions.json").best(major: 3)?.version == "3.71")
        #expect(try Self.decode(VersionDocument.self, "nova-versions.json").best(major: 2)?.id == "v2.1")
    }

    @Test("error bodies of every service yield their message")
    func errorBodies() throws {
        let nova = ErrorBody.message(from: ByteBuffer(data: try Self.fixture("nova-error-404.json")), status: 404)
        #expect(nova.contains("could not be found"))
        let badRequest = ErrorBody.message(from: ByteBuffer(data: try Self.fixture("nova-error-400.json")), status: 400)
        #expect(!badRequest.isEmpty && !badRequest.hasPrefix("{"))
        let glance = ErrorBody.message(from: ByteBuffer(data: try Self.fixture("glance-error-404.json")), status: 404)
        #expect(glance.contains("No image found"))
        let glanceText = ErrorBody.message(from: ByteBuffer(data: try Self.fixture("glance-error-404.txt")), status: 404)
        #expect(!glanceText.contains("<"))
        #expect(ErrorBody.message(from: ByteBuffer(), status: 502) == "HTTP 502 with an empty body")
    }
}
