/// How a client token travels with a Neutron resource.
///
/// Neutron has no metadata, so the token and the parameters' fingerprint are two tags,
/// `stratus-token-<token>` and `stratus-fingerprint-<hash>`. The client sends tags in the create's
/// body when the cloud has the `tag-creation` extension; otherwise — and on clouds that list the
/// extension but refuse tags in a POST, as Neutron 29 with ML2 does — it sets them with a second
/// request after the create has answered. A create whose answer is lost then never gets its tags,
/// and a lookup by tag could not adopt it.
///
/// So the marks are also written into the create's `description` (`stratus-token-…
/// stratus-fingerprint-…`, then the caller's description, if any), which Neutron stores in the
/// same transaction as the resource and filters on exactly (`description=`). A lost answer is
/// looked up by both; the description is what makes it adoptable on every cloud.
enum NeutronTokenMarks {
    static let fingerprintPrefix = "stratus-fingerprint-"
    static let tokenPrefix = "stratus-token-"

    /// The fingerprint tag.
    static func fingerprintTag(_ fingerprint: String) -> String { fingerprintPrefix + fingerprint }

    /// The description carrying the marks.
    static func description(token: ClientToken, fingerprint: String, callers description: String?) -> String {
        let marks = "\(token.tag) \(fingerprintTag(fingerprint))"
        guard let description, !description.isEmpty else { return marks }
        return "\(marks) \(description)"
    }

    /// The token and fingerprint a resource carries, as ``ResourceSnapshot/labels``
    /// (``ClientToken/metadataKey``, ``ClientToken/fingerprintKey``): from its tags, else from the
    /// first words of its description.
    static func labels(tags: [String], description: String) -> [String: String] {
        var labels: [String: String] = [:]
        let words = description.split(separator: " ", maxSplits: 2).prefix(2).map(String.init)
        for mark in words + tags {
            if mark.hasPrefix(tokenPrefix) {
                labels[ClientToken.metadataKey] = String(mark.dropFirst(tokenPrefix.count))
            } else if mark.hasPrefix(fingerprintPrefix) {
                labels[ClientToken.fingerprintKey] = String(mark.dropFirst(fingerprintPrefix.count))
            }
        }
        return labels
    }
}
