import Foundation

/// A Neutron resource: its JSON envelope keys and its path below `/v2.0`.
protocol NeutronResource: Decodable, Sendable {
    /// The singular envelope key (`network`, `floatingip`).
    static var singular: String { get }
    /// The collection envelope key and path segment (`networks`, `floatingips`).
    static var collection: String { get }
    /// The collection path below `/v2.0` (`/networks`, `/security-groups`).
    static var path: String { get }
    /// The resource's id.
    var id: String { get }
}

/// `{"<singular>": {...}}`.
struct NeutronSingle<T: NeutronResource>: Decodable {
    var item: T

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: AnyCodingKey.self)
        item = try container.decode(T.self, forKey: AnyCodingKey(T.singular))
    }
}

/// `{"<collection>": [...], "<collection>_links": [{"rel": "next", "href": …}]}`.
struct NeutronCollection<T: NeutronResource>: Decodable {
    struct Link: Decodable { var href: String; var rel: String }
    var items: [T]
    var links: [Link]

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: AnyCodingKey.self)
        items = try container.decode([T].self, forKey: AnyCodingKey(T.collection))
        links = try container.decodeIfPresent([Link].self, forKey: AnyCodingKey(T.collection + "_links")) ?? []
    }

    /// The marker of the next page: from the `next` link, else the last item's id.
    func nextMarker(lastID: String?) -> String? {
        guard let next = links.first(where: { $0.rel == "next" }) else { return nil }
        return markerParameter(in: next.href) ?? lastID
    }
}

/// Decoding helpers shared by the Neutron models.
extension KeyedDecodingContainer {
    /// A value that may be absent or null, with a default.
    func value<T: Decodable>(_ key: Key, default fallback: T) throws -> T {
        try decodeIfPresent(T.self, forKey: key) ?? fallback
    }
}
