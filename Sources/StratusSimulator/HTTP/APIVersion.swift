import Foundation

/// A `major.minor` API microversion.
struct APIVersion: Sendable, Comparable, Hashable, CustomStringConvertible {
    var major: Int
    var minor: Int

    /// Creates a version.
    init(_ major: Int, _ minor: Int) {
        self.major = major
        self.minor = minor
    }

    /// Parses `2.52`; nil for anything else.
    init?(_ text: String) {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let major = Int(parts[0]), let minor = Int(parts[1]), major >= 0, minor >= 0 else {
            return nil
        }
        self.init(major, minor)
    }

    static func < (lhs: APIVersion, rhs: APIVersion) -> Bool {
        (lhs.major, lhs.minor) < (rhs.major, rhs.minor)
    }

    var description: String { "\(major).\(minor)" }

    /// Reads the version a client asked for: the `OpenStack-API-Version: <service> X.Y` header,
    /// then `legacyHeader` (Nova's `X-OpenStack-Nova-API-Version`). Absent → `minimum`;
    /// `latest` → `maximum`.
    static func negotiate(
        _ request: APIRequest, service: String, legacyHeader: String?, minimum: APIVersion, maximum: APIVersion
    ) -> Negotiation {
        var requested: String?
        if let header = request.header("openstack-api-version") {
            for item in header.split(separator: ",") {
                let words = item.split(separator: " ", omittingEmptySubsequences: true)
                if words.count == 2, words[0].lowercased() == service {
                    requested = String(words[1])
                }
            }
        }
        if requested == nil, let legacyHeader {
            requested = request.header(legacyHeader)
        }
        guard let requested else { return .accepted(minimum) }
        if requested.lowercased() == "latest" { return .accepted(maximum) }
        guard let version = APIVersion(requested) else { return .invalid(requested) }
        guard version >= minimum, version <= maximum else { return .unsupported(version) }
        return .accepted(version)
    }

    /// The result of microversion negotiation.
    enum Negotiation {
        case accepted(APIVersion)
        case invalid(String)
        case unsupported(APIVersion)
    }
}
