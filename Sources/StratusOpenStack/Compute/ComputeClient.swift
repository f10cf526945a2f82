import Foundation
import NIOCore

/// Nova (Compute API v2.1): servers, their actions, volume attachments and flavors.
///
/// The microversion is negotiated once from the version document: the highest both this client
/// (``CloudConfiguration/computeMicroversion``) and the cloud accept.
public struct ComputeClient: Sendable {
    let requester: Requester

    /// The negotiated compute microversion.
    public func microversion() async throws -> Microversion {
        try await requester.microversion(for: .compute) ?? Microversion(2, 1)
    }

    // MARK: Servers

    /// `POST /servers`. Never replayed once it may have reached Nova: an ambiguous failure throws
    /// ``OpenStackError/Code/outcomeUnknown``. Tags go into the request from microversion 2.52 and
    /// are set right after the create from 2.26 to 2.51.
    public func createServer(_ request: ServerCreateRequest) async throws -> ServerCreated {
        let version = try await microversion()
        let body = JSONValue.object(request.body(microversion: version))
        let response = try await requester.send(try ServiceRequest(.compute, .POST, "/servers", json: body))
        struct Envelope: Decodable { var server: ServerCreated }
        var created = try requester.decode(Envelope.self, from: response, service: "compute", route: "POST /servers").server
        created.requestID = response.requestID
        created.microversion = version
        if request.tags.isEmpty || version >= .computeTagsAtCreate {
            created.tagsApplied = true
        } else if version >= .computeTags {
            do {
                try await replaceTags(serverID: created.id, tags: request.tags)
                created.tagsApplied = true
            } catch var error as OpenStackError {
                error.message = "server \(created.id) was created but setting its tags failed: \(error.message)"
                throw error
            }
        }
        return created
    }

    /// `GET /servers/{id}`.
    public func server(id: String) async throws -> Server {
        struct Envelope: Decodable { var server: Server }
        return try await requester.send(ServiceRequest(.compute, .GET, "/servers/\(id)"), decode: Envelope.self).server
    }

    /// One page of `GET /servers/detail`.
    public func serversPage(_ query: ServerListQuery = .init()) async throws -> Page<Server> {
        let items = try query.queryItems(microversion: try await microversion())
        struct Link: Decodable { var href: String; var rel: String }
        struct Envelope: Decodable { var servers: [Server]; var servers_links: [Link]? }
        let (page, date) = try await requester.sendWithDate(ServiceRequest(.compute, .GET, "/servers/detail", query: items), decode: Envelope.self)
        let next = page.servers_links?.first { $0.rel == "next" }
        return Page(items: page.servers, nextMarker: next.map { markerParameter(in: $0.href) ?? page.servers.last?.id ?? "" }, responseDate: date)
    }

    /// Every page of `GET /servers/detail` for `query`.
    public func servers(_ query: ServerListQuery = .init()) async throws -> [Server] {
        var query = query
        var result: [Server] = []
        while true {
            let page = try await serversPage(query)
            result += page.items
            guard let next = page.nextMarker, !page.items.isEmpty, next != query.marker else { return result }
            query.marker = next
        }
    }

    /// `DELETE /servers/{id}` (asynchronous in Nova: the server goes `deleting`, then 404).
    public func deleteServer(id: String) async throws {
        _ = try await requester.send(ServiceRequest(.compute, .DELETE, "/servers/\(id)"))
    }

    // MARK: Tags

    /// `GET /servers/{id}/tags` (2.26+).
    public func tags(serverID: String) async throws -> [String] {
        struct Envelope: Decodable { var tags: [String] }
        return try await requester.send(ServiceRequest(.compute, .GET, "/servers/\(serverID)/tags"), decode: Envelope.self).tags
    }

    /// `PUT /servers/{id}/tags`: replaces all tags (idempotent, so retried freely).
    public func replaceTags(serverID: String, tags: [String]) async throws {
        _ = try await requester.send(try ServiceRequest(.compute, .PUT, "/servers/\(serverID)/tags",
                                                        json: JSONValue.object(["tags": .array(tags.map { .string($0) })])))
    }

    /// `PUT /servers/{id}/tags/{tag}`: adds one tag.
    public func addTag(serverID: String, tag: String) async throws {
        _ = try await requester.send(ServiceRequest(.compute, .PUT,
                                                    "/servers/\(serverID)/tags/\(Requester.percentEncode(tag))"))
    }

    // MARK: Flavors

    /// `GET /flavors/detail`, every page.
    public func flavors() async throws -> [Flavor] {
        struct Envelope: Decodable { var flavors: [Flavor] }
        return try await requester.send(ServiceRequest(.compute, .GET, "/flavors/detail"), decode: Envelope.self).flavors
    }

    /// `GET /flavors/{id}`.
    public func flavor(id: String) async throws -> Flavor {
        struct Envelope: Decodable { var flavor: Flavor }
        return try await requester.send(ServiceRequest(.compute, .GET, "/flavors/\(id)"), decode: Envelope.self).flavor
    }

    /// The flavor whose id or (unique) name is `nameOrID`; a clear error lists the flavors otherwise.
    public func findFlavor(_ nameOrID: String) async throws -> Flavor {
        try NameOrIDLookup.find(nameOrID, kind: "flavor", service: "compute", in: try await flavors(),
                                id: \.id, name: \.name)
    }
}
