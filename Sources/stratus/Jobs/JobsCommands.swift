import ArgumentParser
import Foundation
import Logging
import StratusConsole
import StratusJobs

/// `stratus jobs …`: the durable job queue `serve` and `worker` use, read and steered directly.
struct JobsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jobs", abstract: "List, show, retry and cancel jobs in the job store.",
        subcommands: [JobsList.self, JobsShow.self, JobsRetry.self, JobsCancel.self])
}

/// Which job store: the SQLite file of `serve` (default) or a PostgreSQL URL.
struct JobStoreOptions: ParsableArguments {
    @Option(help: "Database: a SQLite file (default .stratus/stratus.sqlite, as `serve` uses) or postgres://user:pass@host:port/db.")
    var database = ".stratus/stratus.sqlite"

    @Option(help: "Log level (stderr).")
    var logLevel: Logger.Level = .warning

    /// Opens the store, runs `body`, closes it. A missing SQLite file is an error, not a new empty queue.
    func with<T: Sendable>(_ body: (any JobStore) async throws -> T) async throws -> T {
        if database.hasPrefix("postgres://") || database.hasPrefix("postgresql://") {
            return try await PostgresJobStore.withStore(url: database, logger: Logger(label: "stratus.jobs")) { try await body($0) }
        }
        let path = database.hasPrefix("sqlite:") ? String(database.dropFirst("sqlite:".count)) : database
        guard FileManager.default.fileExists(atPath: path) else {
            throw HumanError("no job store at \(path)", hint: "start `stratus serve` first, or pass --database", exit: .usage)
        }
        return try await body(try SQLiteJobStore(path: path))
    }
}

extension Record {
    /// A job's fields (params and result as JSON text).
    static func job(_ job: Job) -> Record {
        Record([
            ("id", .string(job.id.rawValue)), ("project", .string(job.projectID)), ("action", .string(job.action)),
            ("status", .string(job.status.rawValue)), ("trys", .int(job.trys)), ("try_max", .int(job.tryMax)),
            ("error", .optional(job.error)), ("created", .string(job.created.formatted(.iso8601))),
            ("updated", .string(job.updated.formatted(.iso8601))), ("context_id", .optional(job.contextID)),
        ])
    }

    static func jobDetail(_ job: Job) -> Record {
        var record = Record.job(job)
        record.fields += [
            (name: "params", value: .string(String(decoding: job.params, as: UTF8.self))),
            (name: "result", value: .optional(job.result.map { String(decoding: $0, as: UTF8.self) })),
            (name: "checkpoint", value: .optional(job.checkpoint.map { String(decoding: $0, as: UTF8.self) })),
        ]
        return record
    }
}

/// `stratus jobs list [--status S] [--project P] [--action A] [--limit N]`.
struct JobsList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List jobs, newest first.")

    @Option(help: "Only jobs in this status: pending, running, finished, error (repeatable).")
    var status: [String] = []

    @Option(help: "Only this project's jobs.")
    var project: String?

    @Option(help: "Only this action.")
    var action: String?

    @Option(help: "At most this many (1-1000).")
    var limit = 50

    @OptionGroup var store: JobStoreOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard (1...1000).contains(limit) else { throw ValidationError("--limit must be 1-1000") }
        for value in status where JobStatus(rawValue: value) == nil {
            throw ValidationError("--status \(value): use pending, running, finished or error")
        }
    }

    func run() async throws {
        try await Console.run(logLevel: store.logLevel) {
            try await store.with { store in
                let statuses = status.isEmpty ? nil : Set(status.compactMap(JobStatus.init(rawValue:)))
                let page = try await store.jobs(JobQuery(projectID: project, statuses: statuses, action: action, limit: limit))
                Console.out(output.format.render(page.jobs.map(Record.job)))
                if output.format == .table, page.total > page.jobs.count {
                    Console.err("(\(page.jobs.count) of \(page.total); --limit shows more)\n")
                }
                return .success
            }
        }
    }
}

/// `stratus jobs show ID`.
struct JobsShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one job with its params, result and checkpoint.")

    @Argument(help: "Job id.")
    var id: String

    @OptionGroup var store: JobStoreOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        try await Console.run(logLevel: store.logLevel) {
            try await store.with { store in
                guard let job = try await store.job(JobID(rawValue: id)) else {
                    throw HumanError("no job \(id)", hint: "`stratus jobs list` shows the jobs")
                }
                Console.out(output.format.render(Record.jobDetail(job)))
                return .success
            }
        }
    }
}

/// `stratus jobs retry ID`: a job in error runs again with fresh tries.
struct JobsRetry: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "retry", abstract: "Run a job that ended in error again, with a fresh set of tries.")

    @Argument(help: "Job id.")
    var id: String

    @OptionGroup var store: JobStoreOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        try await Console.run(logLevel: store.logLevel) {
            try await store.with { store in
                Console.out(output.format.render(Record.job(try await store.retry(JobID(rawValue: id), now: Date()))))
                return .success
            }
        }
    }
}

/// `stratus jobs cancel ID`: a pending job is never run.
struct JobsCancel: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "cancel", abstract: "Cancel a pending job (it ends in error and never runs).")

    @Argument(help: "Job id.")
    var id: String

    @Option(help: "Why, stored as the job's error.")
    var reason = "cancelled by an operator"

    @OptionGroup var store: JobStoreOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        try await Console.run(logLevel: store.logLevel) {
            try await store.with { store in
                Console.out(output.format.render(Record.job(try await store.cancel(JobID(rawValue: id), reason: reason, now: Date()))))
                return .success
            }
        }
    }
}
