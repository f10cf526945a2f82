/// The messages of injected HTTP faults.
enum FaultMessages {
    /// The message for an injected `status`.
    static func message(for status: Int) -> String {
        switch status {
        case 429: return "This request was rate-limited. (injected by the Stratus simulator)"
        case 503: return "The server is currently unavailable. Please try again at a later time. (injected by the Stratus simulator)"
        default:
            return "Unexpected API Error. Please report this at http://bugs.launchpad.net/nova/ and attach the Nova API log if possible.\n<class 'stratus.simulator.InjectedFault'> (injected by the Stratus simulator)"
        }
    }
}
