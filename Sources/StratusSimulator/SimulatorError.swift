/// An error of the simulator's life cycle (not of the simulated APIs, which answer HTTP errors).
public struct SimulatorError: Error, Sendable, Hashable, CustomStringConvertible {
    private enum Code: Sendable, Hashable {
        case alreadyStarted
        case stopped
    }

    private let code: Code

    /// ``CloudSimulator/run()`` was called a second time; a simulator runs once.
    public static let alreadyStarted = SimulatorError(code: .alreadyStarted)
    /// The simulator stopped (or failed to start) before it was running.
    public static let stopped = SimulatorError(code: .stopped)

    /// A sentence saying what went wrong.
    public var description: String {
        switch code {
        case .alreadyStarted: return "the simulator was already started; create a new CloudSimulator to run again"
        case .stopped: return "the simulator is not running (it stopped or failed to start)"
        }
    }
}
