import Foundation
import StratusJobs

/// Opens the store the command line names: `--sqlite PATH` or `--postgres URL`.
enum FixtureStores {
    static func withStore(_ body: @Sendable (any JobStore) async throws -> Void) async throws {
        if let path = argument("--sqlite") {
            try await body(try SQLiteJobStore(path: path))
            return
        }
        if let url = argument("--postgres") {
            try await PostgresJobStore.withStore(url: url) { store in try await body(store) }
            return
        }
        FileHandle.standardError.write(Data("no store given (--sqlite PATH or --postgres URL)\n".utf8))
        exit(2)
    }
}
