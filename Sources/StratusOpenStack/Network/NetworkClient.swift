import Foundation
import Logging

/// Neutron (Networking API v2.0): networks, subnets, ports, routers, floating IPs, security groups,
/// tags and quotas.
///
/// Reads (GET), updates (PUT) and deletes are retried on transient failures. Creates (POST) are
/// never replayed once they may have reached Neutron: an ambiguous failure throws
/// ``OpenStackError/Code/outcomeUnknown``. Adding and removing router interfaces are PUTs in
/// Neutron but not idempotent in effect (a second add of the same subnet is a 400, a second
/// remove a 404), so they are treated like creates. Deleting a missing resource throws the 404 as
/// an ``OpenStackError`` whose ``OpenStackError/isNotFound`` is true.
public struct NetworkClient: Sendable {
    let requester: Requester
    let extensionCache: NeutronExtensionCache

    init(requester: Requester) {
        self.requester = requester
        extensionCache = NeutronExtensionCache()
    }

    // MARK: Extensions and quotas

    /// The aliases of the cloud's Neutron extensions (`GET /v2.0/extensions`), fetched once per client.
    public func extensions() async throws -> Set<String> {
        let requester = requester
        return try await extensionCache.value {
            struct Extension: Decodable { var alias: String }
            struct Envelope: Decodable { var extensions: [Extension] }
            let envelope = try await requester.send(ServiceRequest(.network, .GET, "/extensions"), decode: Envelope.self)
            return Set(envelope.extensions.map(\.alias))
        }
    }

    /// `GET /v2.0/quotas/{project_id}`: the project's limits (-1 = unlimited).
    public func quota(projectID: String) async throws -> NetworkQuota {
        struct Envelope: Decodable { var quota: NetworkQuota }
        return try await requester.send(ServiceRequest(.network, .GET, "/quotas/\(projectID)"), decode: Envelope.self).quota
    }

    // MARK: Tags

    /// `GET /v2.0/{kind}/{id}/tags`.
    public func tags(_ kind: NetworkResourceKind, id: String) async throws -> [String] {
        struct Envelope: Decodable { var tags: [String] }
        return try await requester.send(ServiceRequest(.network, .GET, "/\(kind.rawValue)/\(id)/tags"),
                                        decode: Envelope.self).tags
    }

    /// `PUT /v2.0/{kind}/{id}/tags`: replaces all tags (idempotent, retried freely).
    public func replaceTags(_ kind: NetworkResourceKind, id: String, tags: [String]) async throws {
        _ = try await requester.send(try ServiceRequest(.network, .PUT, "/\(kind.rawValue)/\(id)/tags",
                                                        json: JSONValue.object(["tags": .array(tags.map { .string($0) })])))
    }

    /// `PUT /v2.0/{kind}/{id}/tags/{tag}`: adds one tag.
    public func addTag(_ kind: NetworkResourceKind, id: String, tag: String) async throws {
        _ = try await requester.send(ServiceRequest(.network, .PUT,
                                                    "/\(kind.rawValue)/\(id)/tags/\(Requester.percentEncode(tag))"))
    }

    // MARK: Generic resource calls

    func get<T: NeutronResource>(_ type: T.Type, id: String) async throws -> T {
        try await requester.send(ServiceRequest(.network, .GET, "\(T.path)/\(id)"), decode: NeutronSingle<T>.self).item
    }

    func page<T: NeutronResource>(_ type: T.Type, query: [(String, String)]) async throws -> Page<T> {
        let (collection, date) = try await requester.sendWithDate(ServiceRequest(.network, .GET, T.path, query: query),
                                                                  decode: NeutronCollection<T>.self)
        return Page(items: collection.items, nextMarker: collection.nextMarker(lastID: collection.items.last?.id),
                    responseDate: date)
    }

    /// Every page: follows `marker` until a page has no next link (or repeats its marker).
    func all<T: NeutronResource>(_ type: T.Type, query: [(String, String)]) async throws -> [T] {
        var marker: String?
        var result: [T] = []
        while true {
            var items = query.filter { $0.0 != "marker" }
            if let marker { items.append(("marker", marker)) } else { items = query }
            let page = try await page(type, query: items)
            result += page.items
            guard let next = page.nextMarker, !page.items.isEmpty, next != marker else { return result }
            marker = next
        }
    }

    /// `POST` of a create, then tags: in the body when the cloud has `tag-creation`, else with
    /// `PUT …/tags` right after (an error then names the created resource). A cloud that lists
    /// `tag-creation` but answers 400 "Attribute 'tags' not allowed in POST" (Neutron 29 with the
    /// ML2 plugin does) gets the create again without tags — a 400 created nothing — and the PUT;
    /// the client remembers that and sends the PUT from then on.
    func create<T: NeutronResource>(_ type: T.Type, fields: [String: JSONValue], tags: [String],
                                    kind: NetworkResourceKind?) async throws -> T {
        var tagsInBody = false
        if !tags.isEmpty {
            if kind != nil {
                let refused = await extensionCache.tagsInCreateRefused
                tagsInBody = try await extensions().contains("tag-creation") && !refused
            } else {
                tagsInBody = true
            }
        }
        if tagsInBody {
            var tagged = fields
            tagged["tags"] = .array(tags.map { .string($0) })
            do {
                return try await post(type, fields: tagged)
            } catch let error as OpenStackError where kind != nil && error.status == 400 && error.message.contains("'tags'") {
                await extensionCache.markTagsInCreateRefused()
                requester.logger.notice("Neutron refused tags in a create body; setting them after the create instead",
                                        metadata: ["route": "POST \(T.path)"])
            }
        }
        let created = try await post(type, fields: fields)
        guard !tags.isEmpty, let kind else { return created }
        do {
            try await replaceTags(kind, id: created.id, tags: tags)
        } catch var error as OpenStackError {
            error.message = "\(T.singular) \(created.id) was created but setting its tags failed: \(error.message)"
            throw error
        }
        return try await get(type, id: created.id)
    }

    private func post<T: NeutronResource>(_ type: T.Type, fields: [String: JSONValue]) async throws -> T {
        try await requester.send(
            try ServiceRequest(.network, .POST, T.path, json: JSONValue.object([T.singular: .object(fields)])),
            decode: NeutronSingle<T>.self).item
    }

    func update<T: NeutronResource>(_ type: T.Type, id: String, fields: [String: JSONValue]) async throws -> T {
        try await requester.send(
            try ServiceRequest(.network, .PUT, "\(T.path)/\(id)", json: JSONValue.object([T.singular: .object(fields)])),
            decode: NeutronSingle<T>.self).item
    }

    func delete<T: NeutronResource>(_ type: T.Type, id: String) async throws {
        _ = try await requester.send(ServiceRequest(.network, .DELETE, "\(T.path)/\(id)"))
    }

    /// Id or unique name: a UUID-shaped key is tried as an id first; then `name=`; with no match,
    /// the error lists what exists; with several, ``OpenStackError/Code/ambiguous`` names their ids.
    func find<T: NeutronResource>(_ type: T.Type, _ nameOrID: String, kind: String,
                                  name: (T) -> String) async throws -> T {
        if Self.looksLikeUUID(nameOrID) {
            do {
                return try await get(type, id: nameOrID)
            } catch let error as OpenStackError where error.isNotFound {
                // Not an id after all (or not visible); try names.
            }
        }
        let named = try await all(type, query: [("name", nameOrID)])
        return try NameOrIDLookup.find(nameOrID, kind: kind, service: "network",
                                       in: named.isEmpty ? try await all(type, query: []) : named,
                                       id: \.id, name: name)
    }

    static func looksLikeUUID(_ text: String) -> Bool {
        text.count == 36 && text.filter({ $0 == "-" }).count == 4 && text.allSatisfy { $0.isHexDigit || $0 == "-" }
    }
}
