import StratusJobs
import StratusOpenStack
import StratusOperations

/// An error as one line a person can act on: what went wrong, naming the thing, and the fix.
/// Never a dump of internal types, never a secret (the underlying errors carry none).
public struct HumanError: Error, Sendable, CustomStringConvertible {
    public var message: String
    /// What to do about it, when there is something to do.
    public var hint: String?
    public var exit: ExitStatus

    public init(_ message: String, hint: String? = nil, exit: ExitStatus = .failure) {
        self.message = message
        self.hint = hint
        self.exit = exit
    }

    public var description: String { hint.map { "\(message) (\($0))" } ?? message }

    /// The line for any error the commands can meet.
    public static func describe(_ error: any Error) -> HumanError {
        switch error {
        case let error as HumanError: return error
        case let error as OpenStackError: return describe(error)
        case let error as OperationError:
            let exit: ExitStatus = error.code == .timedOut ? .timeout : .failure
            return HumanError(error.message, hint: error.underlying.flatMap { describe($0).hint }, exit: exit)
        case let error as JobStoreError: return HumanError("job store: \(error.description)")
        case let error as PrivateKeyFile.Failure:
            guard error.exists else { return HumanError("private key file: \(error.description)", hint: "choose another path with --private-key-file") }
            return HumanError("refusing to overwrite \(error.path): a private key file must be new",
                              hint: "remove it, or choose another path with --private-key-file", exit: .usage)
        default: return HumanError(String(describing: error))
        }
    }

    static func describe(_ error: OpenStackError) -> HumanError {
        let message = error.message
        switch error.code {
        case .configuration:
            return HumanError("cloud configuration: \(message)",
                              hint: "check clouds.yaml (OS_CLIENT_CONFIG_FILE, ./clouds.yaml, ~/.config/openstack/) or the OS_* variables; --simulator needs none",
                              exit: .usage)
        case .authentication:
            return HumanError("authentication failed: \(message)",
                              hint: "check the username, password and project of the selected cloud")
        case .notFound:
            return HumanError(message, hint: "the list command (`stratus image list`, `stratus server list`, …) shows what exists")
        case .ambiguous:
            return HumanError(message, hint: "use the id instead of the name")
        case .endpointNotFound:
            return HumanError(message, hint: "check region_name and interface in clouds.yaml")
        case .transport, .deadlineExceeded:
            return HumanError("cannot reach the cloud: \(message)", hint: "is the auth_url right and the cloud up?")
        case .outcomeUnknown:
            return HumanError(message, hint: "retry with the same --token: an existing resource is adopted, not duplicated")
        default:
            if [403, 413].contains(error.status ?? 0), message.lowercased().contains("quota") {
                return HumanError("quota exceeded: \(message)", hint: "delete something or ask for a bigger quota")
            }
            if error.status == 404 { return HumanError(message, hint: "check the id") }
            var line = message
            if let route = error.route, let status = error.status { line += " (\(route) → HTTP \(status))" }
            if let requestID = error.requestID { line += " [request \(requestID)]" }
            return HumanError(line)
        }
    }
}

/// The process's exit code, distinct per outcome so scripts can branch on it.
public enum ExitStatus: Int32, Sendable, CaseIterable {
    /// Everything asked for finished.
    case success = 0
    /// Something failed (an ERROR build, an API error).
    case failure = 1
    /// A `--wait` ran out of `--timeout`.
    case timeout = 2
    /// Bad flags or configuration (ArgumentParser's own usage errors use 64 too).
    case usage = 64
    /// Interrupted with Ctrl-C; resources may still be changing in the cloud.
    case interrupted = 130

    /// The worst of several outcomes: interrupted > failure > timeout > success.
    public static func combine(_ statuses: [ExitStatus]) -> ExitStatus {
        if statuses.contains(.interrupted) { return .interrupted }
        if statuses.contains(.failure) { return .failure }
        if statuses.contains(.timeout) { return .timeout }
        return statuses.contains(.usage) ? .usage : .success
    }

    /// The status for a display item's final phase.
    public init(_ phase: ProgressItem.Phase) {
        switch phase {
        case .running, .succeeded: self = .success
        case .failed: self = .failure
        case .timedOut: self = .timeout
        case .cancelled: self = .interrupted
        }
    }
}
