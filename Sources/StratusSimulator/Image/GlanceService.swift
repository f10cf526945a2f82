/// Glance, the Image API v2 (`/image/v2`).
enum GlanceService: AuthenticatedService {
    /// The version Glance reports as current (Glance has no microversion headers).
    static let current = APIVersion(2, 16)

    static let routes: [Route<ServiceHandler>] = [
        Route("GET", "images", { state, call in state.listImages(call) }),
        Route("POST", "images", create: .always, { state, call in state.createImage(call) }),
        Route("GET", "images/{id}", { state, call in state.showImage(call) }),
        Route("PATCH", "images/{id}", { state, call in state.patchImage(call) }),
        Route("DELETE", "images/{id}", { state, call in state.deleteImage(call) }),
        Route("PUT", "images/{id}/file", { state, call in state.uploadImageData(call) }),
        Route("GET", "images/{id}/file", { state, call in state.downloadImageData(call) }),
        Route("PUT", "images/{id}/tags/{tag}", { state, call in state.addImageTag(call) }),
        Route("DELETE", "images/{id}/tags/{tag}", { state, call in state.deleteImageTag(call) }),
    ]

    static var errorStyle: ErrorStyle { .webob }

    static func negotiate(_ request: APIRequest, state: CloudState) -> NegotiatedVersion {
        .version(current)
    }

    static func decorate(_ reply: SimulatorReply, version: APIVersion?, request: APIRequest) -> SimulatorReply {
        reply
    }
}

extension CloudState {
    /// A Glance-shaped error (plain text, or JSON when the client accepts it).
    func glanceError(_ status: Int, _ message: String, _ call: ServiceCall) -> SimulatorReply {
        ErrorStyle.webob.reply(status, message, request: call.request)
    }

    /// Glance's 404 for an unknown (or invisible, or deleted) image.
    func imageNotFound(_ id: String, _ call: ServiceCall) -> SimulatorReply {
        glanceError(404, "No image found with ID \(id)", call)
    }
}
