import Foundation
import Logging
import StratusCloudJobs
import StratusJobs
import StratusOperations
import StratusService

/// The ready-made IaaS gateway: densefog-style actions for instances, volumes, images, EIPs,
/// key pairs and security groups on OpenStack, built only on the framework's public API
/// (`ActionRouter`, `ServiceStore`, `JobStore`, `JobHandlers`) — the way another team would
/// build its own.
///
/// Mutating actions check ownership, busy state and quota, write resource rows (status
/// `creating`, `terminating`, …) and enqueue one job per resource, returning job ids at once.
/// The jobs drive `StratusOperations` against the cloud and move the rows to their final status.
public struct Gateway: Sendable {
    public let store: any ServiceStore
    public let jobs: any JobStore
    public let operations: Operations
    public let configuration: GatewayConfiguration

    public init(store: any ServiceStore, jobs: any JobStore, operations: Operations, configuration: GatewayConfiguration = .init()) {
        self.store = store
        self.jobs = jobs
        self.operations = operations
        self.configuration = configuration
    }

    /// The public API's actions.
    public func publicRoutes() -> ActionRouter {
        var router = ActionRouter()
        InstanceActions(gateway: self).register(in: &router)
        VolumeActions(gateway: self).register(in: &router)
        ImageActions(gateway: self).register(in: &router)
        EipActions(gateway: self).register(in: &router)
        KeyPairActions(gateway: self).register(in: &router)
        SecurityGroupActions(gateway: self).register(in: &router)
        JobActions(gateway: self).register(in: &router)
        ManageActions.registerOwnQuotas(in: &router, store: store)
        return router
    }

    /// The manage API's actions.
    public func manageRoutes() -> ActionRouter {
        var router = ActionRouter()
        ManageActions.register(in: &router, store: store, defaultQuota: configuration.defaultQuota)
        return router
    }

    /// The job handlers the worker needs.
    public func jobHandlers() -> JobHandlers {
        var handlers = JobHandlers()
        InstanceJobs(gateway: self).register(in: &handlers)
        VolumeJobs(gateway: self).register(in: &handlers)
        ImageJobs(gateway: self).register(in: &handlers)
        EipJobs(gateway: self).register(in: &handlers)
        return handlers
    }
}

/// Gateway settings.
public struct GatewayConfiguration: Sendable {
    /// The quota every new project starts with.
    public var defaultQuota = Quota(limits: [
        ResourceKind.instance: .init(count: 20),
        ResourceKind.volume: .init(count: 20, totalSize: 1000),
        ResourceKind.image: .init(count: 20),
        ResourceKind.eip: .init(count: 20),
        ResourceKind.securityGroup: .init(count: 20),
    ])
    /// The external network EIPs are allocated on: a name or an id, resolved once per
    /// allocation through the client's `findNetwork`.
    public var externalNetwork = "public"
    /// Tries per job (each try already retries transient HTTP failures inside the client).
    public var jobTryMax = 3
    /// Base delay between job tries.
    public var jobTryPeriod: Duration = .seconds(5)
    /// The policy of each cloud operation inside a job. `cleanup: .always`: an instance that ends
    /// in `error` holds no broken server in the cloud (found by the reliability suite: with
    /// `.beforeRetry` the last ERROR server stayed behind with no record pointing at it).
    public var operationPolicy = OperationPolicy(attempts: 2, timeout: .seconds(900), cleanup: .always)

    public init() {}
}

/// Resource kinds and their statuses. Statuses ending in `-ing` are busy (densefog's rule).
public enum ResourceKind {
    public static let instance = "instance"
    public static let volume = "volume"
    public static let image = "image"
    /// An elastic IP: a floating IP on the configured external network.
    public static let eip = "eip"
    /// A security group (synchronous: `available` → `deleting` → `deleted`).
    public static let securityGroup = "securitygroup"

    static func prefix(_ kind: String) -> String {
        switch kind {
        case instance: "i-"
        case volume: "vol-"
        case eip: "eip-"
        case securityGroup: "sg-"
        default: "img-"
        }
    }

    static func newID(_ kind: String) -> String {
        var generator = SystemRandomNumberGenerator()
        let value = generator.next() as UInt64
        let digits = String(value & 0xFFFF_FFFF_FFFF, radix: 16)
        return prefix(kind) + String(repeating: "0", count: 12 - digits.count) + digits
    }

    /// The id of the `index`-th resource of `kind` a request creates: stable across reruns of a
    /// request with an `Idempotency-Key` (see ``ActionContext/stableDigits(_:count:)``), random
    /// otherwise.
    static func id(_ kind: String, index: Int, context: ActionContext) -> String {
        context.stableDigits("\(kind)#\(index)").map { prefix(kind) + $0 } ?? newID(kind)
    }
}
