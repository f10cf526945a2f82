import Foundation

/// The `created_at` / `updated_at` comparison filters of Cinder (3.60+) and Glance:
/// `gte:2026-11-22T04:00:00Z`, with operators `gt`, `gte`, `lt`, `lte`, `eq`, `neq`.
struct TimeComparisonFilter {
    let op: String
    let date: Date

    /// Parses `op:timestamp`; nil when the text is not such a filter.
    init?(_ text: String) {
        guard let colon = text.firstIndex(of: ":") else { return nil }
        let op = String(text[..<colon])
        guard ["gt", "gte", "lt", "lte", "eq", "neq"].contains(op),
              let date = Timestamp.parse(String(text[text.index(after: colon)...]))
        else { return nil }
        self.op = op
        self.date = date
    }

    /// Whether `value` passes. Timestamps compare at whole seconds, as the services store them.
    func matches(_ value: Date) -> Bool {
        let lhs = value.timeIntervalSince1970.rounded(.down)
        let rhs = date.timeIntervalSince1970.rounded(.down)
        switch op {
        case "gt": return lhs > rhs
        case "gte": return lhs >= rhs
        case "lt": return lhs < rhs
        case "lte": return lhs <= rhs
        case "eq": return lhs == rhs
        default: return lhs != rhs
        }
    }
}
