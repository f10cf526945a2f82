/// The quota rule both stores apply inside their insert transaction.
public enum QuotaCheck {
    /// Throws 4113 naming the kind, the limit and current usage if `rows` would exceed `quota`.
    /// A kind without a limit is unlimited.
    public static func check(adding rows: [ResourceRow], quota: Quota, usage: [String: Usage]) throws(APIError) {
        var adding: [String: Usage] = [:]
        for row in rows {
            adding[row.kind, default: Usage(count: 0, totalSize: 0)].count += 1
            adding[row.kind, default: Usage(count: 0, totalSize: 0)].totalSize += row.size
        }
        for (kind, add) in adding.sorted(by: { $0.key < $1.key }) {
            guard let limit = quota.limits[kind] else { continue }
            let used = usage[kind] ?? Usage(count: 0, totalSize: 0)
            if used.count + add.count > limit.count {
                throw APIError(
                    .quotaExceeded,
                    "\(kind) quota exceeded: limit \(limit.count), in use \(used.count), requested \(add.count)")
            }
            if let sizeLimit = limit.totalSize, used.totalSize + add.totalSize > sizeLimit {
                throw APIError(
                    .quotaExceeded,
                    "\(kind) size quota exceeded: limit \(sizeLimit), in use \(used.totalSize), requested \(add.totalSize)")
            }
        }
    }
}
