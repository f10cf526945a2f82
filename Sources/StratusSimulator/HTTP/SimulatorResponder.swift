import Foundation
import Hummingbird
import NIOCore

/// Routes every request by its path prefix to a simulated service, applying fault injection and
/// counting requests on the way.
struct SimulatorResponder: HTTPResponder {
    typealias Context = SimulatorRequestContext

    /// The simulator whose state requests read and change.
    let simulator: CloudSimulator

    func respond(to request: Request, context: Context) async throws -> Response {
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: context.maxUploadSize)
        } catch {
            let api = makeAPIRequest(request, body: ByteBuffer())
            let reply = ErrorStyle.keystone.reply(413, "Request body too large or unreadable.", request: api)
            return ResponseBuilder.response(reply, for: api)
        }
        let api = makeAPIRequest(request, body: body)
        let components = api.components[...]
        let base = api.baseURL
        let maximum = simulator.maxComputeVersion

        switch components.first {
        case "_sim":
            let reply = simulator.state.withLock {
                SimulatorAdmin.handle(api, components: components.dropFirst(), state: &$0)
            }
            return ResponseBuilder.response(reply, for: api)
        case nil:
            return unversioned(VersionDocuments.root(baseURL: base, maximum: maximum), api, route: "/")
        case "identity":
            if components.count == 1 {
                return unversioned(VersionDocuments.identityVersions(baseURL: base), api, route: "/identity/")
            }
            guard components.dropFirst().first == "v3" else { break }
            if components.count == 2 {
                return unversioned(VersionDocuments.identityVersionDocument(baseURL: base), api, route: "/identity/v3")
            }
            return try await serve(KeystoneService.self, api, components.dropFirst(2), prefix: "/identity/v3", context)
        case "compute":
            if components.count == 1 {
                return unversioned(VersionDocuments.computeVersions(baseURL: base, maximum: maximum), api, route: "/compute/")
            }
            guard components.dropFirst().first == "v2.1" else { break }
            if components.count == 2 {
                let document = VersionDocuments.computeVersionDocument(baseURL: base, maximum: maximum)
                let reply = NovaService.decorate(document, version: APIVersion(2, 1), request: api)
                return unversioned(reply, api, route: "/compute/v2.1")
            }
            return try await serve(NovaService.self, api, components.dropFirst(2), prefix: "/compute/v2.1", context)
        case "volume":
            if components.count == 1 {
                return unversioned(VersionDocuments.volumeVersions(baseURL: base, status: 300), api, route: "/volume/")
            }
            guard components.dropFirst().first == "v3" else { break }
            if components.count == 2 {
                return unversioned(VersionDocuments.volumeVersions(baseURL: base, status: 200), api, route: "/volume/v3")
            }
            var rest = components.dropFirst(2)
            var prefix = "/volume/v3"
            if let first = rest.first, CinderService.looksLikeProjectID(first) {
                rest = rest.dropFirst()
                prefix += "/{project_id}"
                if rest.isEmpty {
                    return unversioned(VersionDocuments.volumeVersions(baseURL: base, status: 200), api, route: prefix)
                }
            }
            return try await serve(CinderService.self, api, rest, prefix: prefix, context)
        case "image":
            if components.count == 1 {
                return unversioned(VersionDocuments.imageVersions(baseURL: base, status: 300), api, route: "/image/")
            }
            if components.count == 2 && components.last == "versions" {
                return unversioned(VersionDocuments.imageVersions(baseURL: base, status: 200), api, route: "/image/versions")
            }
            guard components.dropFirst().first == "v2", components.count > 2 else { break }
            return try await serve(GlanceService.self, api, components.dropFirst(2), prefix: "/image/v2", context)
        case "network":
            if components.count == 1 {
                return unversioned(VersionDocuments.networkVersions(baseURL: base), api, route: "/network/")
            }
            guard components.dropFirst().first == "v2.0" else { break }
            if components.count == 2 {
                return unversioned(VersionDocuments.networkResources(baseURL: base), api, route: "/network/v2.0")
            }
            return try await serve(NeutronService.self, api, components.dropFirst(2), prefix: "/network/v2.0", context)
        default:
            break
        }
        let reply = ErrorStyle.keystone.reply(404, "The resource could not be found.", request: api)
        return unversioned(reply, api, route: StatsKey.folded(api.components))
    }

    private func makeAPIRequest(_ request: Request, body: ByteBuffer) -> APIRequest {
        var headers: [String: String] = [:]
        for field in request.headers {
            let name = field.name.canonicalName
            headers[name] = headers[name].map { $0 + ", " + field.value } ?? field.value
        }
        let path = request.uri.path
        return APIRequest(
            method: request.method.rawValue,
            path: path,
            components: path.split(separator: "/").map { QueryParameters.decodePath($0) },
            query: QueryParameters(request.uri.query),
            headers: headers,
            body: Array(body.readableBytesView),
            baseURL: simulator.baseURL,
            now: Date(),
            requestID: "req-" + CloudState.uuid()
        )
    }

    /// Answers a version document or unknown path: counted, never faulted.
    private func unversioned(_ reply: SimulatorReply, _ request: APIRequest, route: String) -> Response {
        simulator.state.withLock {
            $0.stats.record(route: "\(request.method) \(route)", status: String(reply.status), fault: false)
        }
        return ResponseBuilder.response(reply, for: request)
    }

    /// Runs a request through fault injection and the service's routes.
    private func serve<Service: SimulatedService>(
        _ service: Service.Type, _ request: APIRequest, _ components: ArraySlice<String>, prefix: String,
        _ context: Context
    ) async throws -> Response {
        let lookup: RouteLookup<Service.Handler> = Service.routes.lookup(request.method, components)
        let route: String
        var isCreate = false
        switch lookup {
        case .found(let matched, _):
            route = "\(request.method) \(prefix)/\(matched.pattern.template)"
            isCreate = matched.isCreate(request)
        case .methodNotAllowed(let template):
            route = "\(request.method) \(prefix)/\(template)"
        case .notFound:
            route = "\(request.method) \(prefix)/\(StatsKey.folded(Array(components)).dropFirst())"
        }

        var decision = FaultDecision.none
        if Service.isFaultable(lookup, request: request) {
            decision = simulator.state.withLock { $0.decideFaults(isCreate: isCreate) }
        }
        if decision.latencyMilliseconds > 0 {
            try await Task.sleep(for: .milliseconds(decision.latencyMilliseconds))
        }
        var request = request
        request.now = Date()

        if let status = decision.status {
            var reply = Service.errorStyle.reply(status, FaultMessages.message(for: status), request: request)
            if status == 429 || status == 503 {
                reply = reply.adding("Retry-After", String(decision.retryAfterSeconds))
            }
            reply = Service.decorate(reply, version: nil, request: request)
            simulator.state.withLock { $0.stats.record(route: route, status: String(status), fault: true) }
            return ResponseBuilder.response(reply, for: request)
        }

        let handled = request
        let reply = simulator.state.withLock { state in
            state.settle(now: handled.now)
            return Service.handle(lookup, request: handled, state: &state)
        }

        if decision.dropAfterCommit && reply.isSuccess {
            simulator.state.withLock { $0.stats.record(route: route, status: "dropped", fault: true) }
            try? await context.channel.close().get()
            throw DroppedConnection()
        }
        simulator.state.withLock { $0.stats.record(route: route, status: String(reply.status), fault: false) }
        return ResponseBuilder.response(reply, for: request)
    }
}
