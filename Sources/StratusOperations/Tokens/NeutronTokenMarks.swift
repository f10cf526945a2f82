/// How a client token travels with a Neutron resource.
///
/// Neutron has no metadata, and its tags are not atomic with a create everywhere: clouds without
/// the `tag-creation` extension, and Neutron 29 with ML2 (which lists it but refuses tags in a
/// floating IP POST and drops them from a port POST), take tags only in a second request after
/// the create — one a lost answer never reaches, and one more request per create.
///
/// So the token and the parameters' fingerprint are written at the start of the create's
/// `description` (`stratus-token-… stratus-fingerprint-…`, then the caller's description, if any),
/// which Neutron stores in the same transaction as the resource on every cloud and filters on
/// exactly (`description=`): one POST per create, as a hand-written client sends, and a lost answer
/// is found by one list call. (Resources tagged by hand with the marks are recognised too.)
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
