import Foundation
import StratusJobs

/// Opens the store the command line names.
enum FixtureStores {
    static func withStore(_ body: @Sendable (any JobStore) async throws -> Void) async throws {
        if let path = argument("--sqlite") {
            try await body(try SQLiteJobStore(path: path))
            return
        }
        FileHandle.standardError.write(Data("no store given (--sqlite PATH)\n".utf8))
        exit(2)
    }
}
