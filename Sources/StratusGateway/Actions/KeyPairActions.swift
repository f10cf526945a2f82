import Foundation
import StratusOpenStack
import StratusService

/// `CreateKeyPair`, `ImportKeyPair`, `DescribeKeyPairs`, `DeleteKeyPairs`: Nova key pairs,
/// synchronous, no rows.
///
/// Nova keeps key pairs per user, and every project of the gateway shares the gateway's cloud
/// user, so each project's key pairs live in Nova under a name of its own
/// (``KeyPairNames/cloudName(_:projectID:)``): a project sees, uses and deletes only its own, by
/// the names it chose; another project's pair of the same name is a different pair.
///
/// `CreateKeyPair` answers with the private key Nova generated, once. It is never stored, and the
/// action refuses an `Idempotency-Key`: the framework keeps the whole answer of a keyed request
/// to replay it, and that answer would hold the private key (use `ImportKeyPair` for a retry-safe
/// create).
struct KeyPairActions {
    let gateway: Gateway

    struct CreateKeyPair: Decodable { var Name: String }
    struct ImportKeyPair: Decodable { var Name: String; var PublicKey: String }
    struct DescribeKeyPairs: Decodable { var Names: [String]? }
    struct DeleteKeyPairs: Decodable { var Names: [String] }

    /// A key pair as the actions show it.
    struct KeyPairView: Encodable {
        var Name: String
        var Fingerprint: String?
        var PublicKey: String
        var KeyType: String

        enum CodingKeys: String, CodingKey { case Name, Fingerprint, PublicKey, KeyType = "Type" }
    }
    /// `CreateKeyPair`'s answer: the only place the private key ever appears.
    struct CreatedKeyPair: Encodable {
        var Name: String
        var Fingerprint: String?
        var PublicKey: String
        var PrivateKey: String
        var KeyType: String

        enum CodingKeys: String, CodingKey { case Name, Fingerprint, PublicKey, PrivateKey, KeyType = "Type" }
    }
    struct DescribeKeyPairsResult: Encodable { var Items: [KeyPairView]; var Total: Int }

    func register(in router: inout ActionRouter) {
        let gateway = self.gateway
        router.register("CreateKeyPair") { (params: CreateKeyPair, context: ActionContext) -> CreatedKeyPair in
            let projectID = try context.requireProject()
            try Check.keyPairName("Name", params.Name)
            guard context.idempotencyKey == nil else {
                throw APIError.invalid(
                    "Idempotency-Key",
                    "CreateKeyPair returns its private key once and never keeps it, so it cannot be replayed; "
                        + "send it without an Idempotency-Key, or generate the key yourself and use ImportKeyPair")
            }
            let cloudName = KeyPairNames.cloudName(params.Name, projectID: projectID)
            let pair = try await gateway.callCloud("CreateKeyPair \(params.Name)") {
                try await gateway.cloud.compute.createKeyPair(name: cloudName)
            }
            guard let privateKey = pair.privateKey else {
                // Nova from 2.92 on generates no keys; nothing usable was made, so take it back.
                _ = try? await gateway.cloud.compute.deleteKeyPair(name: cloudName)
                throw APIError(.unsupported, "the cloud does not generate key pairs; use ImportKeyPair")
            }
            return CreatedKeyPair(
                Name: params.Name, Fingerprint: pair.fingerprint, PublicKey: pair.publicKey, PrivateKey: privateKey,
                KeyType: pair.type)
        }
        router.register("ImportKeyPair") { (params: ImportKeyPair, context: ActionContext) -> KeyPairView in
            let projectID = try context.requireProject()
            try Check.keyPairName("Name", params.Name)
            try Check.text("PublicKey", params.PublicKey, max: 16_384)
            try Check.freeText("PublicKey", params.PublicKey, maxBytes: 16_384)
            let cloudName = KeyPairNames.cloudName(params.Name, projectID: projectID)
            let pair = try await gateway.callCloud("ImportKeyPair \(params.Name)") {
                try await gateway.cloud.compute.importKeyPair(name: cloudName, publicKey: params.PublicKey)
            }
            return KeyPairView(Name: params.Name, Fingerprint: pair.fingerprint, PublicKey: pair.publicKey, KeyType: pair.type)
        }
        router.register("DescribeKeyPairs") { (params: DescribeKeyPairs, context: ActionContext) -> DescribeKeyPairsResult in
            let projectID = try context.requireProject()
            if let names = params.Names {
                _ = try Gateway.uniqueIDs("Names", names, max: 1000)
            }
            let wanted = params.Names.map(Set.init)
            let pairs = try await gateway.callCloud("DescribeKeyPairs") { try await gateway.cloud.compute.keyPairs() }
            let items = pairs.compactMap { pair -> KeyPairView? in
                guard let name = KeyPairNames.projectName(pair.name, projectID: projectID),
                      wanted.map({ $0.contains(name) }) ?? true
                else { return nil }
                return KeyPairView(Name: name, Fingerprint: pair.fingerprint, PublicKey: pair.publicKey, KeyType: pair.type)
            }.sorted { $0.Name < $1.Name }
            return DescribeKeyPairsResult(Items: items, Total: items.count)
        }
        router.register("DeleteKeyPairs") { (params: DeleteKeyPairs, context: ActionContext) -> [APIError.ItemOutcome] in
            let projectID = try context.requireProject()
            let names = try Gateway.uniqueIDs("Names", params.Names)
            for name in names { try Check.keyPairName("Names item", name) }
            var outcomes: [APIError.ItemOutcome] = []
            var failures: [APIError] = []
            for name in names {
                do {
                    try await gateway.callCloud("key pair \(name)") {
                        try await gateway.cloud.compute.deleteKeyPair(name: KeyPairNames.cloudName(name, projectID: projectID))
                    }
                    outcomes.append(.success(name))
                } catch let error as APIError {
                    let shown = error.code == .notFound ? APIError.notFound("key pair", name) : error
                    failures.append(shown)
                    outcomes.append(.failure(name, shown))
                }
            }
            if failures.isEmpty { return outcomes }
            if names.count == 1 { throw failures[0] }
            throw APIError(.partialSuccess, "\(names.count - failures.count) of \(names.count) succeeded", items: outcomes)
        }
    }
}

/// How a project's key pair names map to Nova's, which all projects share.
enum KeyPairNames {
    /// `p{length of project id}-{project id}-{name}`, e.g. `p5-alice-deploy`. Project ids may
    /// contain `-`, so the length makes the prefix unambiguous: project `alice` never sees
    /// `p7-alice-b-…`, the pairs of project `alice-b`.
    static func cloudName(_ name: String, projectID: String) -> String {
        prefix(projectID) + name
    }

    /// The project's own name for a Nova key pair, or nil if the pair is not the project's.
    static func projectName(_ cloudName: String, projectID: String) -> String? {
        let prefix = prefix(projectID)
        guard cloudName.hasPrefix(prefix), cloudName.count > prefix.count else { return nil }
        return String(cloudName.dropFirst(prefix.count))
    }

    static func prefix(_ projectID: String) -> String { "p\(projectID.count)-\(projectID)-" }
}

extension Check {
    /// A key pair name: 1–128 letters, digits, spaces, `-`, `_` (what every Nova version takes).
    static func keyPairName(_ field: String, _ value: String) throws(APIError) {
        try name(field, value, max: 128, extra: "")
    }
}
