import Logging
import Synchronization

/// A swift-log handler that keeps every line in memory, so tests can assert what was logged —
/// and, above all, that no secret was.
public struct CapturingLogHandler: LogHandler {
    /// The shared store of captured lines.
    public final class Store: Sendable {
        private let lines = Mutex<[String]>([])
        /// Creates an empty store.
        public init() {}
        /// Every captured line: level, message and metadata, as text.
        public var all: [String] { lines.withLock { $0 } }
        func append(_ line: String) { lines.withLock { $0.append(line) } }
        /// True when any captured line contains `text`.
        public func contains(_ text: String) -> Bool { all.contains { $0.contains(text) } }
    }

    /// Where lines go.
    public let store: Store
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .trace

    /// Creates a handler writing to `store`.
    public init(store: Store) { self.store = store }

    /// A logger at `trace` level that writes to `store`.
    public static func logger(label: String = "test", store: Store) -> Logger {
        Logger(label: label) { _ in CapturingLogHandler(store: store) }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        let rendered = merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        store.append("\(event.level) \(event.message) \(rendered)")
    }
}
