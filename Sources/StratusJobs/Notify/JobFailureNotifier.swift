import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// A channel that tells people a job failed for good. `send` throws on a failed delivery; the
/// worker's ``NotificationQueue`` retries and logs, so a notifier never needs its own loop.
public protocol JobFailureNotifier: Sendable {
    /// A name for logs — never the URL, which for Slack is a secret.
    var name: String { get }
    func send(_ notice: JobFailureNotice) async throws
}

/// Posts `{"text": …}` to a Slack incoming webhook (densefog's `SLACK_WEBHOOK_URL`).
public struct SlackNotifier: JobFailureNotifier {
    public let name = "slack"
    private let poster: JSONPoster

    public init(webhookURL: String, httpClient: HTTPClient = .shared, timeout: Duration = .seconds(10)) {
        poster = JSONPoster(url: webhookURL, httpClient: httpClient, timeout: timeout)
    }

    public func send(_ notice: JobFailureNotice) async throws {
        try await poster.post(try JobJSON.encode(["text": notice.summary]))
    }
}

/// Posts the ``JobFailureNotice`` itself as JSON to any URL (a generic webhook).
public struct WebhookNotifier: JobFailureNotifier {
    public let name = "webhook"
    private let poster: JSONPoster

    public init(url: String, httpClient: HTTPClient = .shared, timeout: Duration = .seconds(10)) {
        poster = JSONPoster(url: url, httpClient: httpClient, timeout: timeout)
    }

    public func send(_ notice: JobFailureNotice) async throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        try await poster.post(Array(try encoder.encode(notice)))
    }
}

/// The notifiers the environment asks for: `SLACK_WEBHOOK_URL` (densefog's variable) and
/// `STRATUS_NOTIFY_WEBHOOK_URL`; unset or empty means none.
public enum JobFailureNotifiers {
    public static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment, httpClient: HTTPClient = .shared
    ) -> [any JobFailureNotifier] {
        var notifiers: [any JobFailureNotifier] = []
        if let url = environment["SLACK_WEBHOOK_URL"], !url.isEmpty {
            notifiers.append(SlackNotifier(webhookURL: url, httpClient: httpClient))
        }
        if let url = environment["STRATUS_NOTIFY_WEBHOOK_URL"], !url.isEmpty {
            notifiers.append(WebhookNotifier(url: url, httpClient: httpClient))
        }
        return notifiers
    }
}

/// A failed webhook delivery; says the status, never the URL.
public struct NotificationDeliveryError: Error, Sendable, CustomStringConvertible {
    public let status: Int?
    public let reason: String
    public var description: String {
        status.map { "webhook answered HTTP \($0)" } ?? "webhook unreachable: \(reason)"
    }
}

struct JSONPoster: Sendable {
    let url: String
    let httpClient: HTTPClient
    let timeout: Duration

    func post(_ body: [UInt8]) async throws {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "User-Agent", value: "stratus-jobs")
        request.body = .bytes(ByteBuffer(bytes: body))
        let response: HTTPClientResponse
        do {
            response = try await httpClient.execute(request, timeout: .microseconds(JobTime.micros(timeout)))
        } catch {
            throw NotificationDeliveryError(status: nil, reason: scrub(String(describing: error)))
        }
        _ = try? await response.body.collect(upTo: 64 * 1024)
        guard (200..<300).contains(Int(response.status.code)) else {
            throw NotificationDeliveryError(status: Int(response.status.code), reason: "")
        }
    }

    /// Errors can echo the URL, and a webhook URL holds a secret: cut everything after the host.
    private func scrub(_ text: String) -> String {
        guard let components = URLComponents(string: url), let host = components.host else {
            return text.replacingOccurrences(of: url, with: "<webhook>")
        }
        var scrubbed = text.replacingOccurrences(of: url, with: "<webhook on \(host)>")
        if !components.path.isEmpty, components.path != "/" {
            scrubbed = scrubbed.replacingOccurrences(of: components.path, with: "/<redacted>")
        }
        return scrubbed
    }
}
