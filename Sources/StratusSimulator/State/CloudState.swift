import Foundation

/// Everything the simulated cloud knows. Always accessed under the simulator's lock; every
/// request first calls ``settle(now:)`` so lazily timed transitions are applied in order.
struct CloudState: Sendable {
    /// The names of the simulated compute hosts.
    static let computeHosts = ["sim-compute-1", "sim-compute-2", "sim-compute-3"]

    var configuration: SimulatorConfiguration
    var faults: FaultInjection
    var random: SplitMix64
    let directory: IdentityDirectory
    var tokens: [String: TokenRecord] = [:]
    var servers: [String: ServerRecord] = [:]
    var volumes: [String: VolumeRecord] = [:]
    var images: [String: ImageRecord] = [:]
    /// Neutron's networks, subnets, ports, routers, floating IPs and security groups.
    var neutron: NeutronState
    /// Nova key pairs, keyed by ``keyPairKey(userID:name:)``.
    var keyPairs: [String: KeyPairRecord] = [:]
    var events = EventQueue()
    var stats = SimulatorStats()
    private var sequenceCounter = 0
    private var hostCursor = 0

    /// Creates the initial state: no servers or volumes, the two public images.
    init(configuration: SimulatorConfiguration, now: Date = Date()) {
        self.configuration = configuration
        self.faults = configuration.faults
        self.random = SplitMix64(seed: configuration.seed ?? UInt64.random(in: .min ... .max))
        self.directory = IdentityDirectory(users: configuration.users)
        self.neutron = NeutronState(now: now)
        let seeds = SeedImages.make(now: now)
        for image in seeds {
            images[image.id] = image
        }
        sequenceCounter = seeds.count
    }

    /// The timings in force.
    var timings: SimulatorTimings { configuration.timings }

    /// A fresh creation-order number.
    mutating func nextSequence() -> Int {
        sequenceCounter += 1
        return sequenceCounter
    }

    /// The next compute host in round-robin order.
    mutating func nextHost() -> String {
        let host = Self.computeHosts[hostCursor % Self.computeHosts.count]
        hostCursor += 1
        return host
    }

    /// Another host than `host` (for migrations).
    func otherHost(than host: String?) -> String {
        Self.computeHosts.first { $0 != host } ?? Self.computeHosts[0]
    }

    /// Schedules `event` to happen `delay` after `now`.
    mutating func schedule(_ event: SimulationEvent, after delay: Duration, from now: Date) {
        events.schedule(event, at: now.addingTimeInterval(max(0, delay.seconds)))
    }

    /// A new lowercase UUID string.
    static func uuid() -> String {
        UUID().uuidString.lowercased()
    }

    /// The server `id` as `principal` may see it: not deleted, and owned by the caller's project
    /// unless the caller is an admin.
    func visibleServer(_ id: String, for principal: Principal) -> ServerRecord? {
        guard let server = servers[id], !server.deleted else { return nil }
        return principal.isAdmin || principal.owns(server.projectID) ? server : nil
    }

    /// The volume `id` as `principal` may see it.
    func visibleVolume(_ id: String, for principal: Principal) -> VolumeRecord? {
        guard let volume = volumes[id], !volume.deleted else { return nil }
        return principal.isAdmin || principal.owns(volume.projectID) ? volume : nil
    }

    /// The image `id` as `principal` may see it.
    func visibleImage(_ id: String, for principal: Principal) -> ImageRecord? {
        guard let image = images[id], !image.deleted, image.isVisible(to: principal) else { return nil }
        return image
    }
}
