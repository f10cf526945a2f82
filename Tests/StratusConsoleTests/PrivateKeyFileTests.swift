import Foundation
import StratusConsole
import Testing

/// Writing a generated private key: a new file readable by its owner only, never over an existing one.
@Suite("Private key files")
struct PrivateKeyFileTests {
    static func directory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("stratus-key-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func mode(_ path: String) throws -> Int {
        try #require(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
    }

    @Test("the key is written to a new file with mode 600, ending in a newline")
    func writesMode600() throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("k.pem").path
        let old = umask(0)  // even a permissive umask must not widen the mode
        defer { umask(old) }
        try PrivateKeyFile.checkWritable(path)
        try PrivateKeyFile.write("-----BEGIN KEY-----\nabc\n-----END KEY-----", to: path)
        #expect(try Self.mode(path) == 0o600)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "-----BEGIN KEY-----\nabc\n-----END KEY-----\n")
    }

    @Test("an existing file is refused before and at writing, and left untouched")
    func refusesExisting() throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("k.pem").path
        try "keep me".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: PrivateKeyFile.Failure.self) { try PrivateKeyFile.checkWritable(path) }
        do {
            try PrivateKeyFile.write("new key", to: path)
            Issue.record("an existing file was overwritten")
        } catch let failure as PrivateKeyFile.Failure {
            #expect(failure.exists && failure.path == path)
            let human = HumanError.describe(failure)
            #expect(human.message.contains(path) && human.hint?.contains("--private-key-file") == true && human.exit == .usage)
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "keep me")
    }

    @Test("a missing directory fails the check before any key exists; the default path is ./NAME.pem")
    func unwritableDirectory() throws {
        let path = "/nonexistent-\(UUID().uuidString)/k.pem"
        #expect(throws: PrivateKeyFile.Failure.self) { try PrivateKeyFile.checkWritable(path) }
        #expect(throws: PrivateKeyFile.Failure.self) { try PrivateKeyFile.write("key", to: path) }
        #expect(PrivateKeyFile.defaultPath(for: "web") == "./web.pem")
    }
}
