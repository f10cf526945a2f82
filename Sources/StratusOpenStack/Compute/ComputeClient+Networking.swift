import Foundation

extension ComputeClient {
    // MARK: Key pairs

    /// `GET /os-keypairs`: the user's key pairs (without private keys), every page.
    public func keyPairs() async throws -> [KeyPair] {
        struct Wrapped: Decodable { var keypair: KeyPair }
        struct Link: Decodable { var href: String; var rel: String }
        struct Envelope: Decodable { var keypairs: [Wrapped]; var keypairs_links: [Link]? }
        var result: [KeyPair] = []
        var marker: String?
        while true {
            let page = try await requester.send(
                ServiceRequest(.compute, .GET, "/os-keypairs", query: marker.map { [("marker", $0)] } ?? []),
                decode: Envelope.self)
            result += page.keypairs.map(\.keypair)
            guard let next = page.keypairs_links?.first(where: { $0.rel == "next" }),
                  let nextMarker = markerParameter(in: next.href) ?? page.keypairs.last?.keypair.name,
                  !page.keypairs.isEmpty, nextMarker != marker
            else { return result }
            marker = nextMarker
        }
    }

    /// `GET /os-keypairs/{name}`.
    public func keyPair(name: String) async throws -> KeyPair {
        struct Envelope: Decodable { var keypair: KeyPair }
        return try await requester.send(ServiceRequest(.compute, .GET, "/os-keypairs/\(Requester.percentEncode(name))"),
                                        decode: Envelope.self).keypair
    }

    /// `POST /os-keypairs` without a public key: Nova generates the pair and returns the private key
    /// once (``KeyPair/privateKey``). Nova stopped generating keys at microversion 2.92, so this call
    /// is sent with at most 2.91. Never replayed once it may have reached Nova (a second create of
    /// the name is a 409).
    public func createKeyPair(name: String, type: String = "ssh") async throws -> KeyPair {
        var request = try ServiceRequest(.compute, .POST, "/os-keypairs",
                                         json: JSONValue.object(["keypair": .object(["name": .string(name), "type": .string(type)])]))
        request.microversionCap = "2.91"
        struct Envelope: Decodable { var keypair: KeyPair }
        return try await requester.send(request, decode: Envelope.self).keypair
    }

    /// `POST /os-keypairs` with `publicKey` (an OpenSSH public key): imports it.
    public func importKeyPair(name: String, publicKey: String, type: String = "ssh") async throws -> KeyPair {
        let body = JSONValue.object(["keypair": .object(["name": .string(name), "type": .string(type),
                                                         "public_key": .string(publicKey)])])
        struct Envelope: Decodable { var keypair: KeyPair }
        return try await requester.send(try ServiceRequest(.compute, .POST, "/os-keypairs", json: body),
                                        decode: Envelope.self).keypair
    }

    /// `DELETE /os-keypairs/{name}`.
    public func deleteKeyPair(name: String) async throws {
        _ = try await requester.send(ServiceRequest(.compute, .DELETE, "/os-keypairs/\(Requester.percentEncode(name))"))
    }

    // MARK: Interfaces

    /// `GET /servers/{id}/os-interface`: the server's ports.
    public func interfaces(serverID: String) async throws -> [ServerInterface] {
        struct Envelope: Decodable { var interfaceAttachments: [ServerInterface] }
        return try await requester.send(ServiceRequest(.compute, .GET, "/servers/\(serverID)/os-interface"),
                                        decode: Envelope.self).interfaceAttachments
    }

    /// `POST /servers/{id}/os-interface` with `net_id`: Nova creates a port on the network and plugs
    /// it in. Never replayed once it may have reached Nova.
    public func attachInterface(serverID: String, networkID: String) async throws -> ServerInterface {
        try await attachInterface(serverID: serverID, body: ["net_id": .string(networkID)])
    }

    /// `POST /servers/{id}/os-interface` with `port_id`: plugs an existing port in.
    public func attachInterface(serverID: String, portID: String) async throws -> ServerInterface {
        try await attachInterface(serverID: serverID, body: ["port_id": .string(portID)])
    }

    /// `DELETE /servers/{id}/os-interface/{port}`: unplugs the port (asynchronous in Nova; a port
    /// Nova created is deleted, one passed in is kept with its `device_id` cleared).
    public func detachInterface(serverID: String, portID: String) async throws {
        _ = try await requester.send(ServiceRequest(.compute, .DELETE, "/servers/\(serverID)/os-interface/\(portID)"))
    }

    private func attachInterface(serverID: String, body: [String: JSONValue]) async throws -> ServerInterface {
        struct Envelope: Decodable { var interfaceAttachment: ServerInterface }
        return try await requester.send(
            try ServiceRequest(.compute, .POST, "/servers/\(serverID)/os-interface",
                               json: JSONValue.object(["interfaceAttachment": .object(body)])),
            decode: Envelope.self).interfaceAttachment
    }
}
