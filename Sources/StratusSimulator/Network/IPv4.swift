/// IPv4 addresses and CIDR blocks as Neutron's subnets use them.
struct IPv4Block: Sendable, Hashable {
    /// The network address.
    var network: UInt32
    /// The prefix length (0–32).
    var prefix: Int

    /// Parses `10.0.0.0/24`; host bits are cleared like Neutron does when it normalises a CIDR.
    init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let address = IPv4Block.address(String(parts[0])), let prefix = Int(parts[1]),
            (0...32).contains(prefix)
        else { return nil }
        self.prefix = prefix
        self.network = address & IPv4Block.mask(prefix)
    }

    /// The network mask of a prefix length.
    static func mask(_ prefix: Int) -> UInt32 {
        prefix == 0 ? 0 : UInt32.max << UInt32(32 - prefix)
    }

    /// The broadcast (last) address.
    var broadcast: UInt32 { network | ~Self.mask(prefix) }

    /// The canonical `a.b.c.d/n` text.
    var text: String { Self.text(network) + "/\(prefix)" }

    /// Whether `address` lies in the block.
    func contains(_ address: UInt32) -> Bool {
        address & Self.mask(prefix) == network
    }

    /// Whether the two blocks share any address.
    func overlaps(_ other: IPv4Block) -> Bool {
        contains(other.network) || other.contains(network)
    }

    /// The first usable host (network + 1), the default gateway.
    var firstHost: UInt32 { prefix >= 31 ? network : network + 1 }
    /// The last usable host (broadcast − 1).
    var lastHost: UInt32 { prefix >= 31 ? broadcast : broadcast - 1 }

    /// Parses a dotted-quad address.
    static func address(_ text: String) -> UInt32? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var value: UInt32 = 0
        for part in parts {
            guard let octet = UInt32(part), octet <= 255, !part.isEmpty, part.count <= 3 else { return nil }
            value = value << 8 | octet
        }
        return value
    }

    /// The dotted-quad text of an address.
    static func text(_ address: UInt32) -> String {
        "\(address >> 24).\(address >> 16 & 255).\(address >> 8 & 255).\(address & 255)"
    }
}
