import Hummingbird
import NIOCore

/// The request context of the simulator: Hummingbird's core context plus the connection's
/// channel, which drop-after-commit closes without answering.
struct SimulatorRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// The TCP connection the request arrived on.
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.channel = source.channel
    }

    /// Request bodies up to 64 MiB (image uploads); JSON bodies are far smaller.
    var maxUploadSize: Int { 64 * 1024 * 1024 }
}
