/// Route keys for paths that matched no route template.
enum StatsKey {
    /// The path with id-like components replaced by `{id}`, e.g. `/compute/v2.1/os-foo/{id}`.
    static func folded(_ components: [String]) -> String {
        "/" + components.map { looksLikeID($0) ? "{id}" : $0 }.joined(separator: "/")
    }

    /// Whether a path component is an id: a UUID, a long hex string or a number.
    static func looksLikeID(_ component: String) -> Bool {
        guard !component.isEmpty else { return false }
        if component.allSatisfy(\.isNumber) { return true }
        let hex = component.filter { $0 != "-" }
        return hex.count >= 16 && hex.allSatisfy(\.isHexDigit)
    }
}
