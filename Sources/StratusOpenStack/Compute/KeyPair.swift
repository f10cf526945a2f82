import Foundation

/// A Nova key pair. The private key is present only in the answer to a create that let Nova
/// generate the key, and is never printed by ``description``.
public struct KeyPair: Sendable, Hashable, Identifiable, Decodable, CustomStringConvertible {
    /// The key pair's name (its id in Nova's API).
    public var name: String
    /// The public key's fingerprint.
    public var fingerprint: String?
    /// The OpenSSH public key (`public_key`).
    public var publicKey: String
    /// The generated private key (`private_key`), only right after a generating create.
    public var privateKey: String?
    /// `ssh` or `x509` (microversion 2.2+).
    public var type: String
    /// The owning user (`user_id`, in `GET /os-keypairs/{name}`).
    public var userID: String?
    /// When it was created (`created_at`, in `GET /os-keypairs/{name}`).
    public var createdAt: Date?

    /// The name.
    public var id: String { name }

    enum CodingKeys: String, CodingKey {
        case name, fingerprint, type, publicKey = "public_key", privateKey = "private_key", userID = "user_id"
        case createdAt = "created_at"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        fingerprint = try c.decodeIfPresent(String.self, forKey: .fingerprint)
        publicKey = try c.decodeIfPresent(String.self, forKey: .publicKey) ?? ""
        privateKey = try c.decodeIfPresent(String.self, forKey: .privateKey)
        type = try c.decodeIfPresent(String.self, forKey: .type) ?? "ssh"
        userID = try c.decodeIfPresent(String.self, forKey: .userID)
        createdAt = try c.decodeIfPresent(Date.self, forKey: .createdAt)
    }

    public var description: String {
        "KeyPair(name: \(name), type: \(type), fingerprint: \(fingerprint ?? "-"), privateKey: \(privateKey == nil ? "none" : "<redacted>"))"
    }
}

/// A network interface of a server (`os-interface`): one of its Neutron ports.
public struct ServerInterface: Sendable, Hashable, Decodable {
    /// The port (`port_id`).
    public var portID: String
    /// The port's network (`net_id`).
    public var networkID: String?
    /// The MAC address (`mac_addr`).
    public var macAddress: String?
    /// The port's fixed addresses.
    public var fixedIPs: [Port.FixedIP]
    /// The port's status (`port_state`).
    public var portState: PortStatus?

    enum CodingKeys: String, CodingKey {
        case portID = "port_id", networkID = "net_id", macAddress = "mac_addr", fixedIPs = "fixed_ips", portState = "port_state"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        portID = try c.decode(String.self, forKey: .portID)
        networkID = try c.decodeIfPresent(String.self, forKey: .networkID)
        macAddress = try c.decodeIfPresent(String.self, forKey: .macAddress)
        fixedIPs = try c.decodeIfPresent([Port.FixedIP].self, forKey: .fixedIPs) ?? []
        portState = try c.decodeIfPresent(PortStatus.self, forKey: .portState)
    }
}
