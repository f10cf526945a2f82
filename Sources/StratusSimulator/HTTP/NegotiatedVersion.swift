/// The outcome of microversion negotiation: a version, or the reply refusing the request.
enum NegotiatedVersion {
    case version(APIVersion)
    case refused(SimulatorReply)
}

extension NegotiatedVersion {
    /// Negotiates a microversioned service's version, answering malformed (400) and out-of-range
    /// (406) requests the way Nova and Cinder do; `decorate` adds the service's version headers.
    static func negotiate(
        _ request: APIRequest, service: String, legacyHeader: String?, minimum: APIVersion, maximum: APIVersion,
        errorStyle: ErrorStyle, decorate: (SimulatorReply, APIVersion?) -> SimulatorReply
    ) -> NegotiatedVersion {
        switch APIVersion.negotiate(request, service: service, legacyHeader: legacyHeader, minimum: minimum, maximum: maximum) {
        case .accepted(let version):
            return .version(version)
        case .invalid(let text):
            let reply = errorStyle.reply(
                400, "API Version String \(text) is of invalid format. Must be of format MajorNum.MinorNum.", request: request)
            return .refused(decorate(reply, nil))
        case .unsupported(let version):
            let reply = errorStyle.reply(
                406, "Version \(version) is not supported by the API. Minimum is \(minimum) and maximum is \(maximum).",
                request: request)
            return .refused(decorate(reply, version))
        }
    }
}
