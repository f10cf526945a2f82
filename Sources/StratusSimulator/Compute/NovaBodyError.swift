/// A request body that could not be used, with the reply that says why.
struct NovaBodyError: Error {
    var reply: SimulatorReply
}
