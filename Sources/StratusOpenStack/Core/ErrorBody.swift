import Foundation
import NIOCore
import NIOFoundationCompat

/// Extracts the human message from an OpenStack error body, whatever the service's shape:
/// Nova/Cinder `{"itemNotFound": {"code": 404, "message": "…"}}`, Keystone `{"error": {"message": …}}`,
/// Glance's plain text or HTML, or `{"message": …}`.
enum ErrorBody {
    static func message(from body: ByteBuffer, status: Int) -> String {
        let data = Data(buffer: body)
        if let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] {
            if let text = object["message"] as? String { return clean(text) }
            if let text = object["description"] as? String { return clean(text) }
            for value in object.values {
                if let nested = value as? [String: Any], let text = nested["message"] as? String { return clean(text) }
            }
        }
        let text = String(decoding: data, as: UTF8.self)
        let stripped = text.replacingOccurrences(of: "<[^>]+>", with: " ", options: .regularExpression)
        let cleaned = clean(stripped)
        return cleaned.isEmpty ? "HTTP \(status) with an empty body" : cleaned
    }

    private static func clean(_ text: String) -> String {
        let collapsed = text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        return collapsed.count > 1000 ? String(collapsed.prefix(1000)) + "…" : collapsed
    }
}
