import Crypto
import Foundation

/// How requests to the action APIs are signed: HMAC-SHA256 with the access key's secret over
/// the method, path, timestamp and a SHA-256 of the body.
///
/// ```text
/// X-Stratus-Access-Key: AK…
/// X-Stratus-Timestamp:  1795000000            (Unix seconds)
/// X-Stratus-Signature:  hex(HMAC-SHA256(secret, "STRATUS1\nPOST\n/\n1795000000\n" + hex(SHA256(body))))
/// ```
///
/// The server accepts a timestamp within ``window`` of its own clock, so a captured request
/// cannot be replayed later; an `Idempotency-Key` makes a replay inside the window harmless.
public enum RequestSignature {
    public static let accessKeyHeader = "X-Stratus-Access-Key"
    public static let timestampHeader = "X-Stratus-Timestamp"
    public static let signatureHeader = "X-Stratus-Signature"
    /// How far a request's timestamp may be from the server's clock.
    public static let window: TimeInterval = 300

    /// The string that is signed.
    public static func canonical(method: String, path: String, timestamp: Int64, body: some Sequence<UInt8>) -> String {
        let bodyHash = SHA256.hash(data: Array(body)).hex
        return "STRATUS1\n\(method.uppercased())\n\(path)\n\(timestamp)\n\(bodyHash)"
    }

    /// The signature of a request, hex-encoded.
    public static func sign(secret: String, method: String, path: String, timestamp: Int64, body: some Sequence<UInt8>) -> String {
        let key = SymmetricKey(data: Array(secret.utf8))
        let message = Array(canonical(method: method, path: path, timestamp: timestamp, body: body).utf8)
        return HMAC<SHA256>.authenticationCode(for: message, using: key).hex
    }

    /// The three headers for a request, signed now.
    public static func headers(
        accessKeyID: String, secret: String, method: String = "POST", path: String = "/", body: [UInt8],
        now: Date = Date()
    ) -> [(String, String)] {
        let timestamp = Int64(now.timeIntervalSince1970)
        return [
            (accessKeyHeader, accessKeyID),
            (timestampHeader, String(timestamp)),
            (signatureHeader, sign(secret: secret, method: method, path: path, timestamp: timestamp, body: body)),
        ]
    }

    /// Whether `signature` is right for the request, compared in constant time.
    public static func verify(
        signature: String, secret: String, method: String, path: String, timestamp: Int64, body: some Sequence<UInt8>
    ) -> Bool {
        let expected = Array(sign(secret: secret, method: method, path: path, timestamp: timestamp, body: body).utf8)
        let given = Array(signature.lowercased().utf8)
        guard expected.count == given.count else { return false }
        var difference: UInt8 = 0
        for index in expected.indices { difference |= expected[index] ^ given[index] }
        return difference == 0
    }
}

extension Sequence where Element == UInt8 {
    var hex: String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for byte in self {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
