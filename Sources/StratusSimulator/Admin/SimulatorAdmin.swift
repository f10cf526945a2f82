import Foundation

/// The `/_sim/*` control endpoints: unauthenticated, never counted, never faulted.
enum SimulatorAdmin {
    /// Answers `/_sim/stats` (GET), `/_sim/reset` (POST) and `/_sim/faults` (GET, PUT).
    static func handle(_ request: APIRequest, components: ArraySlice<String>, state: inout CloudState) -> SimulatorReply {
        switch (request.method, Array(components)) {
        case ("GET", ["stats"]), ("HEAD", ["stats"]):
            return encoded(state.stats)
        case ("POST", ["reset"]):
            state.stats = SimulatorStats()
            return .empty(204)
        case ("GET", ["faults"]), ("HEAD", ["faults"]):
            return encoded(state.faults)
        case ("PUT", ["faults"]), ("POST", ["faults"]):
            guard let faults = try? JSONDecoder().decode(FaultInjection.self, from: Data(request.body)) else {
                return ErrorStyle.keystone.reply(400, "Body must be a FaultInjection JSON object.", request: request)
            }
            state.faults = faults
            return encoded(faults)
        default:
            return ErrorStyle.keystone.reply(404, "The resource could not be found.", request: request)
        }
    }

    private static func encoded(_ value: some Encodable) -> SimulatorReply {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return SimulatorReply(status: 200, body: .bytes(Array(data), contentType: "application/json"))
    }
}
