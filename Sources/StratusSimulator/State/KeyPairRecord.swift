import Foundation

/// One Nova key pair; key pairs belong to a user, not a project.
struct KeyPairRecord: Sendable {
    var id: Int
    var name: String
    var userID: String
    var publicKey: String
    var fingerprint: String
    var type: String
    var createdAt: Date
}
