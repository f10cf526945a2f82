import Foundation

/// A status string a cloud owns. Statuses are open-ended (clouds add their own), so they are
/// structs with known constants rather than enums: an unknown status never fails decoding.
public protocol StatusValue: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible,
    ExpressibleByStringLiteral where RawValue == String {
    init(rawValue: String)
}

extension StatusValue {
    public init(stringLiteral value: String) { self.init(rawValue: value) }
    public var description: String { rawValue }
    public init(from decoder: any Decoder) throws {
        self.init(rawValue: try decoder.singleValueContainer().decode(String.self))
    }
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// One page of a paged list, and the marker of the next page if there is one.
public struct Page<Element: Sendable>: Sendable {
    /// The items on this page.
    public var items: [Element]
    /// Pass as `marker` to get the next page; nil on the last page.
    public var nextMarker: String?
    /// The server's clock when it answered (the `Date` header): a skew-free "now" for the next
    /// `changes-since` / `updated_at` query.
    public var responseDate: Date?

    /// Creates a page.
    public init(items: [Element], nextMarker: String?, responseDate: Date? = nil) {
        self.items = items
        self.nextMarker = nextMarker
        self.responseDate = responseDate
    }
}

/// Reads `marker=` out of a next link (`…?limit=2&marker=abc`).
func markerParameter(in link: String?) -> String? {
    guard let link, let query = link.split(separator: "?", maxSplits: 1).last, link.contains("?") else { return nil }
    for pair in query.split(separator: "&") {
        let parts = pair.split(separator: "=", maxSplits: 1)
        if parts.count == 2, parts[0] == "marker" {
            return String(parts[1]).removingPercentEncoding ?? String(parts[1])
        }
    }
    return nil
}
