import Foundation
import StratusJobs

/// PostgreSQL runs (filled in once the PostgreSQL store lands).
enum PostgresBench {
    static func run(url: String, jobs: Int, processes: Int) async throws {
        FileHandle.standardError.write(Data("postgres benchmark not available in this build\n".utf8))
        exit(2)
    }

    static func worker(url: String) async throws {
        exit(2)
    }
}
