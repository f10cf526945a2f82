import Foundation
import Synchronization

/// A short-lived cache of access keys, so a signed request does not cost a database read.
///
/// A key deleted through this process disappears at once; one deleted by another process (a
/// second `serve` on the same PostgreSQL) keeps working for at most ``lifetime``.
public final class AccessKeyCache: Sendable {
    /// How long an entry is trusted.
    public static let lifetime: TimeInterval = 2
    private let entries = Mutex<[String: (key: AccessKey, until: Date)]>([:])

    public init() {}

    public func get(_ id: String, now: Date = Date()) -> AccessKey? {
        entries.withLock { entries in
            guard let entry = entries[id] else { return nil }
            guard entry.until > now else {
                entries[id] = nil
                return nil
            }
            return entry.key
        }
    }

    public func put(_ key: AccessKey, now: Date = Date()) {
        entries.withLock { entries in
            if entries.count > 10_000 { entries.removeAll() }
            entries[key.id] = (key, now.addingTimeInterval(Self.lifetime))
        }
    }

    public func remove(_ id: String) {
        _ = entries.withLock { $0.removeValue(forKey: id) }
    }
}
