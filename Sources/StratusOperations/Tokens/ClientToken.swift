import Foundation

/// The idempotency token of one logical create (seed 002, EC2's `ClientToken`).
///
/// It travels with the resource — a Nova tag, Cinder metadata, a Glance property — so that after
/// an ambiguous failure, a retry or a restarted process finds the resource it already made instead
/// of making a second one. Reusing a token with different parameters is an error.
public struct ClientToken: Sendable, Hashable, CustomStringConvertible {
    /// The token text: 1–40 characters of `A-Z a-z 0-9 . _ -`.
    public let value: String

    /// A token from text; throws when it is empty, too long or has characters Nova tags refuse.
    public init(_ value: String) throws {
        let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
        guard (1...40).contains(value.count), value.unicodeScalars.allSatisfy(allowed.contains) else {
            throw OperationError(code: .startFailed,
                                 message: "client token '\(value)' must be 1-40 characters of letters, digits, '.', '_' or '-'")
        }
        self.value = value
    }

    private init(unchecked value: String) { self.value = value }

    /// A fresh random token.
    public static func generate() -> ClientToken { ClientToken(unchecked: UUID().uuidString.lowercased()) }

    /// The Nova tag carrying it.
    public var tag: String { "stratus-token-\(value)" }

    /// The metadata / property key holding the token.
    public static let metadataKey = "stratus_token"
    /// The metadata / property key holding the parameters' fingerprint.
    public static let fingerprintKey = "stratus_fingerprint"

    public var description: String { value }
}

/// A stable fingerprint of a create's parameters (FNV-1a 64 over a canonical text), so that the
/// same token with different parameters is detected. Not a security hash.
enum Fingerprint {
    static func of(_ parts: [String]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in parts.joined(separator: "\u{1F}").utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return String(hash, radix: 16)
    }

    static func canonical(_ dictionary: [String: String]) -> String {
        dictionary.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
    }
}
