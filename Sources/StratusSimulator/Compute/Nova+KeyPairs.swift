import Foundation

extension CloudState {
    /// The dictionary key of a user's key pair.
    static func keyPairKey(userID: String, name: String) -> String {
        userID + "/" + name
    }

    /// The user whose key pairs the call addresses: the caller, or (admin, 2.10+) `user_id`.
    private func keyPairUser(_ call: ServiceCall) -> String {
        if call.principal.isAdmin, call.version >= APIVersion(2, 10), let user = call.query["user_id"] {
            return user
        }
        return call.principal.userID
    }

    private func keyPairNotFound(_ name: String, userID: String, _ call: ServiceCall) -> SimulatorReply {
        novaError(404, "Keypair \(name) not found for user \(userID)", call)
    }

    /// `GET /os-keypairs`: the user's key pairs, each wrapped in `{"keypair": …}`.
    func listKeyPairs(_ call: ServiceCall) -> SimulatorReply {
        let userID = keyPairUser(call)
        let pairs = keyPairs.values.filter { $0.userID == userID }.sorted { $0.name < $1.name }
        let items: [JSON] = pairs.map { pair in
            var body: [String: JSON] = [
                "name": .string(pair.name), "public_key": .string(pair.publicKey), "fingerprint": .string(pair.fingerprint),
            ]
            if call.version >= APIVersion(2, 2) { body["type"] = .string(pair.type) }
            return ["keypair": .object(body)]
        }
        return .json(200, ["keypairs": .array(items)])
    }

    /// `GET /os-keypairs/{name}`.
    func showKeyPair(_ call: ServiceCall) -> SimulatorReply {
        let userID = keyPairUser(call)
        let name = call.parameter("name")
        guard let pair = keyPairs[Self.keyPairKey(userID: userID, name: name)] else {
            return keyPairNotFound(name, userID: userID, call)
        }
        var body: [String: JSON] = [
            "name": .string(pair.name), "public_key": .string(pair.publicKey), "fingerprint": .string(pair.fingerprint),
            "user_id": .string(pair.userID), "id": .int(pair.id), "deleted": false,
            "created_at": .string(Timestamp.microseconds(pair.createdAt)), "updated_at": nil, "deleted_at": nil,
        ]
        if call.version >= APIVersion(2, 2) { body["type"] = .string(pair.type) }
        return .json(200, ["keypair": .object(body)])
    }

    /// `POST /os-keypairs`: imports `public_key`, or (below 2.92) generates a key pair and answers
    /// its `private_key` once. 409 for a name the user already has. 201 from 2.2, 200 before.
    mutating func createKeyPair(_ call: ServiceCall) -> SimulatorReply {
        guard let spec = call.request.json?["keypair"]?.objectValue else {
            return novaError(400, "Invalid input for field/attribute keypair. Value: None. 'keypair' is a required property", call)
        }
        guard let name = spec["name"]?.stringValue else {
            return novaError(400, "Invalid input for field/attribute keypair. 'name' is a required property", call)
        }
        let pattern = call.version >= APIVersion(2, 92) ? #"^[a-zA-Z0-9 _.@-]+$"# : #"^[a-zA-Z0-9 _-]+$"#
        guard !name.isEmpty, name.count <= 255, name.wholeMatch(of: try! Regex(pattern)) != nil else {
            return novaError(400, "Invalid input for field/attribute name. Value: \(name). '\(name)' does not match '\(pattern)'", call)
        }
        let type = spec["type"]?.stringValue ?? "ssh"
        guard ["ssh", "x509"].contains(type), call.version >= APIVersion(2, 2) || spec["type"] == nil else {
            return novaError(400, "Invalid input for field/attribute type. Value: \(type). '\(type)' is not one of ['ssh', 'x509']", call)
        }
        var userID = call.principal.userID
        if let given = spec["user_id"]?.stringValue, call.version >= APIVersion(2, 10) {
            guard call.principal.isAdmin || given == userID else {
                return novaError(403, "Policy doesn't allow os_compute_api:os-keypairs:create to be performed.", call)
            }
            userID = given
        }
        let key = Self.keyPairKey(userID: userID, name: name)
        guard keyPairs[key] == nil else {
            return novaError(409, "Key pair '\(name)' already exists.", call)
        }
        var privateKey: String?
        let publicKey: String
        let fingerprint: String
        if let given = spec["public_key"]?.stringValue {
            guard let blob = Self.sshKeyBlob(given) else {
                return novaError(400, "Keypair data is invalid: failed to generate fingerprint", call)
            }
            publicKey = given
            fingerprint = Self.fingerprint(blob)
        } else {
            guard call.version < APIVersion(2, 92) else {
                let given = spec.keys.sorted().map { "'\($0)': '\(spec[$0]?.stringValue ?? "")'" }.joined(separator: ", ")
                return novaError(
                    400, "Invalid input for field/attribute keypair. Value: {\(given)}. 'public_key' is a required property", call)
            }
            let generated = Self.generateKeyPair(comment: "Generated-by-Nova")
            publicKey = generated.publicKey
            privateKey = generated.privateKey
            fingerprint = Self.fingerprint(generated.blob)
        }
        let pair = KeyPairRecord(
            id: nextSequence(), name: name, userID: userID, publicKey: publicKey, fingerprint: fingerprint, type: type,
            createdAt: call.now)
        keyPairs[key] = pair
        var body: [String: JSON] = [
            "name": .string(name), "public_key": .string(publicKey), "fingerprint": .string(fingerprint),
            "user_id": .string(userID),
        ]
        if let privateKey { body["private_key"] = .string(privateKey) }
        if call.version >= APIVersion(2, 2) { body["type"] = .string(type) }
        return .json(call.version >= APIVersion(2, 2) ? 201 : 200, ["keypair": .object(body)])
    }

    /// `DELETE /os-keypairs/{name}`: 204 from 2.2, 202 before.
    mutating func deleteKeyPair(_ call: ServiceCall) -> SimulatorReply {
        let userID = keyPairUser(call)
        let name = call.parameter("name")
        let key = Self.keyPairKey(userID: userID, name: name)
        guard keyPairs[key] != nil else { return keyPairNotFound(name, userID: userID, call) }
        keyPairs[key] = nil
        return .empty(call.version >= APIVersion(2, 2) ? 204 : 202)
    }

    /// The decoded key blob of an OpenSSH public key line (`ssh-rsa AAAA… comment`), nil when malformed.
    static func sshKeyBlob(_ line: String) -> [UInt8]? {
        let words = line.split(separator: " ", omittingEmptySubsequences: true)
        guard words.count >= 2, words[0].hasPrefix("ssh-") || words[0].hasPrefix("ecdsa-"),
            let data = Data(base64Encoded: String(words[1])), data.count > 8
        else { return nil }
        return Array(data)
    }

    /// Nova's fingerprint of an SSH key: the MD5 of the blob, as colon-separated hex.
    static func fingerprint(_ blob: [UInt8]) -> String {
        MD5.hex(blob).chunked(2).joined(separator: ":")
    }

    /// A freshly made RSA-shaped key pair: a well-formed `ssh-rsa` public key with a random 2048-bit
    /// modulus and a PEM private key block of random bytes (the simulated servers never check it).
    static func generateKeyPair(comment: String) -> (publicKey: String, privateKey: String, blob: [UInt8]) {
        var generator = SystemRandomNumberGenerator()
        func field(_ bytes: [UInt8]) -> [UInt8] {
            let count = UInt32(bytes.count)
            return [UInt8(count >> 24), UInt8(count >> 16 & 255), UInt8(count >> 8 & 255), UInt8(count & 255)] + bytes
        }
        var modulus = (0..<256).map { _ in UInt8.random(in: 0...255, using: &generator) }
        modulus[0] |= 0x80
        let blob = field(Array("ssh-rsa".utf8)) + field([0x01, 0x00, 0x01]) + field([0] + modulus)
        let publicKey = "ssh-rsa " + Data(blob).base64EncodedString() + " " + comment
        let secret = (0..<1190).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let body = Data(secret).base64EncodedString(options: [.lineLength64Characters, .endLineWithLineFeed])
        let privateKey = "-----BEGIN RSA PRIVATE KEY-----\n" + body + "\n-----END RSA PRIVATE KEY-----\n"
        return (publicKey, privateKey, blob)
    }
}
