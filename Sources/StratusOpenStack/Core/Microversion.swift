import Foundation

/// An API microversion such as compute `2.52` or block-storage `3.60`.
public struct Microversion: Sendable, Hashable, Comparable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The major version (2 for compute, 3 for block storage).
    public var major: Int
    /// The minor version.
    public var minor: Int

    /// Creates a microversion.
    public init(_ major: Int, _ minor: Int) {
        self.major = major
        self.minor = minor
    }

    /// Parses `"2.52"`; nil when malformed.
    public init?(parsing text: String) {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: ".")
        guard parts.count == 2, let major = Int(parts[0]), let minor = Int(parts[1]) else { return nil }
        self.init(major, minor)
    }

    /// Parses a literal; a malformed literal is a programming error.
    public init(stringLiteral value: String) {
        guard let parsed = Microversion(parsing: value) else { preconditionFailure("not a microversion: \(value)") }
        self = parsed
    }

    public static func < (lhs: Microversion, rhs: Microversion) -> Bool {
        (lhs.major, lhs.minor) < (rhs.major, rhs.minor)
    }

    public var description: String { "\(major).\(minor)" }

    /// The highest compute microversion this client knows the payloads of: 2.96.
    public static let preferredCompute: Microversion = "2.96"
    /// The highest block-storage microversion this client asks for: 3.60 (time filters on lists).
    public static let preferredVolume: Microversion = "3.60"

    /// Compute: server tags (`/servers/{id}/tags`, `tags` filters).
    public static let computeTags: Microversion = "2.26"
    /// Compute: `createImage`/`createBackup` return `image_id` in the body.
    public static let computeImageIDInBody: Microversion = "2.45"
    /// Compute: tags in the create request.
    public static let computeTagsAtCreate: Microversion = "2.52"
    /// Compute: `host` on cold migrate.
    public static let computeMigrateHost: Microversion = "2.56"
    /// Compute: `changes-before` filter.
    public static let computeChangesBefore: Microversion = "2.66"
    /// Compute: `networks` required on create (`auto`/`none` accepted from 2.37).
    public static let computeNetworksRequired: Microversion = "2.37"
    /// Compute: the Nova image proxy (`/images`) is gone above 2.35.
    public static let computeImageProxyRemoved: Microversion = "2.36"
}

extension Microversion {
    /// Negotiates the version to use: the highest both sides accept, or nil when the ranges do not
    /// meet. `serverMax` nil (a cloud without microversions) means the base version.
    static func negotiate(clientMax: Microversion, serverMin: Microversion?, serverMax: Microversion?) -> Microversion? {
        guard let serverMax else { return Microversion(clientMax.major, serverMin?.minor ?? 0) }
        let chosen = min(clientMax, serverMax)
        if let serverMin, chosen < serverMin { return nil }
        return chosen
    }
}
