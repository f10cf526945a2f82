import Yams

/// A parsed YAML document kept as raw text scalars, so `compute_api_version: 2.60` stays "2.60"
/// instead of becoming the float 2.6.
indirect enum ConfigTree: Sendable, Equatable {
    case scalar(String)
    case mapping([String: ConfigTree])
    case sequence([ConfigTree])
    case null

    init(node: Node) {
        switch node {
        case .scalar(let scalar):
            let text = scalar.string
            if scalar.style == .plain, ["", "~", "null", "Null", "NULL"].contains(text) {
                self = .null
            } else {
                self = .scalar(text)
            }
        case .mapping(let mapping):
            var result: [String: ConfigTree] = [:]
            for (key, value) in mapping {
                result[key.scalar?.string ?? "\(key)"] = ConfigTree(node: value)
            }
            self = .mapping(result)
        case .sequence(let sequence):
            self = .sequence(sequence.map(ConfigTree.init(node:)))
        case .alias:
            self = .null
        }
    }

    static func parse(yaml text: String) throws -> ConfigTree {
        guard let node = try Yams.compose(yaml: text) else { return .null }
        return ConfigTree(node: node)
    }

    var mapping: [String: ConfigTree]? {
        if case .mapping(let value) = self { return value }
        return nil
    }

    var scalar: String? {
        if case .scalar(let value) = self { return value }
        return nil
    }

    /// `overlay` wins; mappings merge key by key (openstacksdk's secure.yaml merge).
    func merged(with overlay: ConfigTree) -> ConfigTree {
        guard case .mapping(var base) = self, case .mapping(let top) = overlay else { return overlay }
        for (key, value) in top {
            base[key] = base[key].map { $0.merged(with: value) } ?? value
        }
        return .mapping(base)
    }
}
