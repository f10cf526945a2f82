import Hummingbird

extension HTTPFields {
    /// Appends a header by name; invalid names are skipped.
    mutating func append(named name: String, _ value: String) {
        guard let fieldName = HTTPFields.Element.Name(name) else { return }
        self.append(HTTPFields.Element(name: fieldName, value: value))
    }
}
