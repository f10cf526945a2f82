import StratusJobs
import StratusOpenStack
import StratusOperations

/// The `CreateServer` job: creates one server through the operations layer and waits until it
/// is ACTIVE — exactly once, whatever happens to the worker.
///
/// Before the create call the handler checkpoints a client token; every later run of the same
/// job (after a retry, a lease lost to a crash, or a restart) finds it and passes it to
/// ``ServerOperations/create(_:policy:token:)``, which adopts a server already carrying the
/// token instead of creating a second one. The server id is checkpointed as soon as it is known.
public enum CreateServerJob {
    /// The action name jobs carry.
    public static let action = "CreateServer"

    /// What to create.
    public struct Params: Codable, Sendable, Hashable {
        public var name: String
        public var imageID: String?
        public var flavorID: String
        /// Network ids to attach; nil means Nova's "auto", an empty list "none".
        public var networkIDs: [String]?
        public var metadata: [String: String]
        public var tags: [String]
        public var availabilityZone: String?
        public var keyName: String?
        /// Base64 user data, as Nova takes it.
        public var userData: String?
        /// Security groups (Neutron ids or names); nil or empty leaves Nova's default group.
        public var securityGroups: [String]?

        public init(
            name: String, imageID: String?, flavorID: String, networkIDs: [String]? = nil,
            metadata: [String: String] = [:], tags: [String] = [], availabilityZone: String? = nil,
            keyName: String? = nil, userData: String? = nil, securityGroups: [String]? = nil
        ) {
            self.name = name
            self.imageID = imageID
            self.flavorID = flavorID
            self.networkIDs = networkIDs
            self.metadata = metadata
            self.tags = tags
            self.availabilityZone = availabilityZone
            self.keyName = keyName
            self.userData = userData
            self.securityGroups = securityGroups
        }

        var request: ServerCreateRequest {
            let networks: ServerCreateRequest.Networks
            switch networkIDs {
            case nil: networks = .auto
            case let ids? where ids.isEmpty: networks = .none
            case let ids?: networks = .list(ids.map { .init(networkID: $0) })
            }
            return ServerCreateRequest(
                name: name, imageID: imageID, flavorID: flavorID, networks: networks, metadata: metadata, tags: tags,
                availabilityZone: availabilityZone, keyName: keyName, userData: userData, securityGroups: securityGroups ?? [])
        }
    }

    /// What the job has started: the token, then the server id.
    public struct Checkpoint: Codable, Sendable, Hashable {
        public var token: String
        public var serverID: String?

        public init(token: String, serverID: String?) {
            self.token = token
            self.serverID = serverID
        }
    }

    /// The job's result.
    public struct Result: Codable, Sendable, Hashable {
        public var serverID: String
        public var status: String
        public var attempts: Int
    }

    /// Registers the handler. `policy` governs each run's operation (attempts with cleanup,
    /// timeout); the job's own tries come on top.
    public static func register(in handlers: inout JobHandlers, operations: Operations, policy: OperationPolicy = .default) {
        handlers.register(action) { (params: Params, context: JobContext) -> Result in
            try await run(params, context: context, operations: operations, policy: policy)
        }
    }

    /// One run, for handlers that do more around it (e.g. keep a resource row in step):
    /// `serverStarted` is called with the server id as soon as it is known.
    public static func run(
        _ params: Params, context: JobContext, operations: Operations, policy: OperationPolicy = .default,
        serverStarted: @Sendable (String) async throws -> Void = { _ in }
    ) async throws -> Result {
        var checkpoint = try context.checkpoint(as: Checkpoint.self)
        if checkpoint == nil {
            let fresh = Checkpoint(token: ClientToken.generate().value, serverID: nil)
            try await context.saveCheckpoint(fresh)  // durable before anything exists remotely
            checkpoint = fresh
        }
        guard var progress = checkpoint else { throw NonRetryableJobError("no checkpoint") }
        if let known = progress.serverID {
            context.logger.info("resuming: server already started by an earlier run", metadata: ["server_id": "\(known)"])
        }
        let token = try ClientToken(progress.token)
        let operation = try await operations.servers.create(params.request, policy: policy, token: token)
        if let id = operation.initial?.resourceID, progress.serverID != id {
            progress.serverID = id
            try await context.saveCheckpoint(progress)
            try await serverStarted(id)
        }
        let server = try await CloudJobWait.value(of: operation)
        return Result(serverID: server.id, status: server.status.rawValue, attempts: operation.attempts.count)
    }
}

/// The `DeleteServer` job: deletes a server and waits until it is gone; a server already gone
/// counts as deleted, so the job is safe to run again.
public enum DeleteServerJob {
    public static let action = "DeleteServer"

    public struct Params: Codable, Sendable, Hashable {
        public var serverID: String
        public init(serverID: String) { self.serverID = serverID }
    }

    public static func register(in handlers: inout JobHandlers, operations: Operations, policy: OperationPolicy = .default) {
        handlers.register(action) { (params: Params, _: JobContext) in
            let operation = try await operations.servers.delete(id: params.serverID, policy: policy)
            try await CloudJobWait.value(of: operation)
        }
    }
}

/// Waiting on a handle inside a job: the job's cancellation (exec timeout, shutdown, lost lease)
/// stops tracking the handle — without deleting anything, so the next run adopts.
public enum CloudJobWait {
    public static func value<V: Sendable>(of operation: CloudOperation<V>) async throws -> V {
        try await withTaskCancellationHandler {
            try await operation.value
        } onCancel: {
            operation.cancel()
        }
    }
}
