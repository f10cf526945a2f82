/// Cinder (Block Storage API v3): volumes.
public struct BlockStorageClient: Sendable {
    let requester: Requester

    /// The negotiated block-storage microversion.
    public func microversion() async throws -> Microversion {
        try await requester.microversion(for: .blockStorage) ?? Microversion(3, 0)
    }

    /// `POST /volumes`. Never replayed once it may have reached Cinder (see
    /// ``OpenStackError/Code/outcomeUnknown``).
    public func createVolume(_ request: VolumeCreateRequest) async throws -> Volume {
        struct Envelope: Decodable { var volume: Volume }
        return try await requester.send(try ServiceRequest(.blockStorage, .POST, "/volumes", json: request.body),
                                        decode: Envelope.self).volume
    }

    /// `GET /volumes/{id}`.
    public func volume(id: String) async throws -> Volume {
        struct Envelope: Decodable { var volume: Volume }
        return try await requester.send(ServiceRequest(.blockStorage, .GET, "/volumes/\(id)"), decode: Envelope.self).volume
    }

    /// One page of `GET /volumes/detail`.
    public func volumesPage(_ query: VolumeListQuery = .init()) async throws -> Page<Volume> {
        let items = try query.queryItems(microversion: try await microversion())
        struct Link: Decodable { var href: String; var rel: String }
        struct Envelope: Decodable { var volumes: [Volume]; var volumes_links: [Link]? }
        let (page, date) = try await requester.sendWithDate(
            ServiceRequest(.blockStorage, .GET, "/volumes/detail", query: items), decode: Envelope.self)
        let next = page.volumes_links?.first { $0.rel == "next" }
        return Page(items: page.volumes, nextMarker: next.map { markerParameter(in: $0.href) ?? page.volumes.last?.id ?? "" }, responseDate: date)
    }

    /// Every page of `GET /volumes/detail` for `query`.
    public func volumes(_ query: VolumeListQuery = .init()) async throws -> [Volume] {
        var query = query
        var result: [Volume] = []
        while true {
            let page = try await volumesPage(query)
            result += page.items
            guard let next = page.nextMarker, !page.items.isEmpty, next != query.marker else { return result }
            query.marker = next
        }
    }

    /// `DELETE /volumes/{id}` (asynchronous: `deleting`, then 404). `cascade` deletes snapshots too.
    public func deleteVolume(id: String, cascade: Bool = false) async throws {
        _ = try await requester.send(ServiceRequest(.blockStorage, .DELETE, "/volumes/\(id)",
                                                    query: cascade ? [("cascade", "true")] : []))
    }
}
