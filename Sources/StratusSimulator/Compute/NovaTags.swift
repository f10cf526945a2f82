/// Nova's rules for server tags.
enum NovaTags {
    /// The most tags a server may carry.
    static let maximumCount = 50

    /// The problem with `tags`, or nil when they are valid.
    static func validate(_ tags: [String]) -> String? {
        if tags.count > maximumCount {
            return "The number of tags exceeded the per-server limit \(maximumCount)"
        }
        for tag in tags {
            if let problem = validate(tag) { return problem }
        }
        return nil
    }

    /// The problem with one tag, or nil when valid (1–60 characters, no `,` or `/`).
    static func validate(_ tag: String) -> String? {
        if tag.isEmpty || tag.count > 60 {
            return "Invalid input for field/attribute tag. Value: \(tag). '\(tag)' is too long or too short"
        }
        if tag.contains(",") || tag.contains("/") {
            return "Invalid input for field/attribute tag. Value: \(tag). '\(tag)' does not match '^[^,/]*$'"
        }
        return nil
    }

    /// The vm states in which Nova lets tags change.
    static let editableVMStates: Set<String> = ["active", "paused", "suspended", "stopped", "shelved", "shelved_offloaded"]
}
