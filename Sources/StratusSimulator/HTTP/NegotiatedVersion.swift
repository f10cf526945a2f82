/// The outcome of microversion negotiation: a version, or the reply refusing the request.
enum NegotiatedVersion {
    case version(APIVersion)
    case refused(SimulatorReply)
}
