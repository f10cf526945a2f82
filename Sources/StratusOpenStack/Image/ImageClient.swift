import NIOCore

/// Glance (Image API v2): images.
public struct ImageClient: Sendable {
    let requester: Requester

    /// `GET /v2/images/{id}`.
    public func image(id: String) async throws -> Image {
        try await requester.send(ServiceRequest(.image, .GET, "/images/\(id)"), decode: Image.self)
    }

    /// One page of `GET /v2/images`.
    public func imagesPage(_ query: ImageListQuery = .init()) async throws -> Page<Image> {
        struct Envelope: Decodable { var images: [Image]; var next: String? }
        let (page, date) = try await requester.sendWithDate(ServiceRequest(.image, .GET, "/images", query: query.queryItems), decode: Envelope.self)
        return Page(items: page.images, nextMarker: page.next.map { markerParameter(in: $0) ?? page.images.last?.id ?? "" }, responseDate: date)
    }

    /// Every page of `GET /v2/images` for `query`.
    public func images(_ query: ImageListQuery = .init()) async throws -> [Image] {
        var query = query
        var result: [Image] = []
        while true {
            let page = try await imagesPage(query)
            result += page.items
            guard let next = page.nextMarker, !page.items.isEmpty, next != query.marker else { return result }
            query.marker = next
        }
    }

    /// The image whose id or (unique) name is `nameOrID`; a clear error lists images otherwise.
    public func findImage(_ nameOrID: String) async throws -> Image {
        if nameOrID.count == 36, nameOrID.filter({ $0 == "-" }).count == 4 {
            do {
                return try await image(id: nameOrID)
            } catch let error as OpenStackError where error.isNotFound {
                // Not an id after all; fall back to names.
            }
        }
        let named = try await images(ImageListQuery(name: nameOrID))
        if named.count == 1 { return named[0] }
        return try NameOrIDLookup.find(nameOrID, kind: "image", service: "image",
                                       in: named.isEmpty ? try await images() : named, id: \.id, name: \.name)
    }

    /// `POST /v2/images`: creates an image record (status `queued`). Never replayed once it may
    /// have reached Glance.
    public func createImage(_ request: ImageCreateRequest) async throws -> Image {
        try await requester.send(try ServiceRequest(.image, .POST, "/images", json: request.body), decode: Image.self)
    }

    /// `PUT /v2/images/{id}/file`: uploads the image data (the image becomes `active`).
    public func upload(imageID: String, data: ByteBuffer) async throws {
        var request = ServiceRequest(.image, .PUT, "/images/\(imageID)/file", body: data)
        request.headers.add(name: "Content-Type", value: "application/octet-stream")
        _ = try await requester.send(request)
    }

    /// `DELETE /v2/images/{id}`.
    public func deleteImage(id: String) async throws {
        _ = try await requester.send(ServiceRequest(.image, .DELETE, "/images/\(id)"))
    }
}
