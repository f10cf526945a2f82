extension String {
    /// The string cut into pieces of `size` characters.
    func chunked(_ size: Int) -> [String] {
        var pieces: [String] = []
        var current = ""
        for character in self {
            current.append(character)
            if current.count == size {
                pieces.append(current)
                current = ""
            }
        }
        if !current.isEmpty { pieces.append(current) }
        return pieces
    }
}
