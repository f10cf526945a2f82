import ArgumentParser
import Foundation
import StratusConsole
import StratusOpenStack

/// `stratus keypair …`: Nova key pairs. A generated private key goes to a new file (mode 600),
/// never to the terminal or a log.
struct KeyPairCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keypair", abstract: "Create, list and delete SSH key pairs.",
        subcommands: [KeyPairCreate.self, KeyPairList.self, KeyPairDelete.self])
}

/// `stratus keypair create NAME [--private-key-file PATH | --public-key-file PATH]`.
struct KeyPairCreate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Create a key pair: the cloud generates it and the private key is written to a new file (mode 600), or import a public key.")

    @Argument(help: "The key pair's name.")
    var name: String

    @Option(help: "Where to write the generated private key (default ./NAME.pem; refused if the file exists).")
    var privateKeyFile: String?

    @Option(help: "Import this public key (OpenSSH format) instead of generating a key pair.")
    var publicKeyFile: String?

    @OptionGroup var output: OutputOptions
    @OptionGroup var cloud: CloudOptions

    func validate() throws {
        if privateKeyFile != nil, publicKeyFile != nil {
            throw ValidationError("--private-key-file is for a generated key; with --public-key-file nothing private is made")
        }
    }

    func run() async throws {
        try await CloudSession.run(cloud) { ops in
            if let publicKeyFile {
                let publicKey: String
                do {
                    publicKey = try String(contentsOfFile: publicKeyFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
                } catch {
                    throw HumanError("cannot read \(publicKeyFile)", hint: "give the path of an OpenSSH public key (~/.ssh/id_ed25519.pub)", exit: .usage)
                }
                let pair = try await ops.client.compute.importKeyPair(name: name, publicKey: publicKey)
                Console.out(output.format.render([Record.keyPair(pair)]))
                return .success
            }
            // Refuse before the cloud makes a key that would have nowhere to go.
            let path = privateKeyFile ?? PrivateKeyFile.defaultPath(for: name)
            try PrivateKeyFile.checkWritable(path)
            let pair = try await ops.client.compute.createKeyPair(name: name)
            guard let privateKey = pair.privateKey else {
                try? await ops.client.compute.deleteKeyPair(name: name)
                throw HumanError("the cloud did not generate a private key for '\(name)' (Nova stopped generating keys at microversion 2.92)",
                                 hint: "make a key locally (ssh-keygen) and import it with --public-key-file")
            }
            do {
                try PrivateKeyFile.write(privateKey, to: path)
            } catch {
                // The only copy of the key could not be kept: remove the key pair rather than leave an unusable one.
                try? await ops.client.compute.deleteKeyPair(name: name)
                throw error
            }
            Console.out(output.format.render([Record.keyPair(pair, privateKeyFile: path)]))
            return .success
        }
    }
}

/// `stratus keypair list`.
struct KeyPairList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List key pairs.")

    @OptionGroup var output: OutputOptions
    @OptionGroup var cloud: CloudOptions

    func run() async throws {
        try await CloudSession.run(cloud) { ops in
            Console.out(output.format.render(try await ops.client.compute.keyPairs().map { Record.keyPair($0) }))
            return .success
        }
    }
}

/// `stratus keypair delete NAME…`.
struct KeyPairDelete: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "delete", abstract: "Delete key pairs (a private key file is left alone).")

    @Argument(help: "Key pair names.")
    var names: [String]

    @OptionGroup var output: OutputOptions
    @OptionGroup var cloud: CloudOptions

    func validate() throws {
        guard !names.isEmpty else { throw ValidationError("name at least one key pair") }
    }

    func run() async throws {
        try await CloudSession.run(cloud) { ops in
            for name in names { _ = try await NetworkLookup.keyPair(name, ops: ops) }
            for name in names { try await ops.client.compute.deleteKeyPair(name: name) }
            Console.out(output.format.render(names.map { Record([("name", .string($0)), ("status", "DELETED")]) }))
            return .success
        }
    }
}
