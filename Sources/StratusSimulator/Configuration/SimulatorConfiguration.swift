/// Everything a ``CloudSimulator`` is started with.
public struct SimulatorConfiguration: Sendable {
    /// The address to bind. Default: `127.0.0.1`.
    public var host: String
    /// The port to bind; 0 picks a free port (read it back with
    /// ``CloudSimulator/waitUntilRunning()``). Default: 0.
    public var port: Int
    /// The region name used in the service catalog. Default: `RegionOne`.
    public var region: String
    /// The users that can authenticate. Default: `admin`/`secret` (project `admin`, roles admin,
    /// member, reader) and `demo`/`secret` (project `demo`, roles member, reader).
    public var users: [SimulatedUser]
    /// How long an issued token stays valid. Default: 3600 s.
    public var tokenLifetime: Duration
    /// How long asynchronous operations take. Default: `SimulatorTimings()` (2 s builds, see its properties).
    public var timings: SimulatorTimings
    /// The faults injected from the start (change them later with ``CloudSimulator/setFaults(_:)``).
    /// Default: none.
    public var faults: FaultInjection
    /// Seed of the random generator that decides faults; `nil` seeds from the system generator.
    /// Default: `nil`.
    public var seed: UInt64?
    /// The highest Compute API microversion served (the minimum is 2.1). Default: `2.96`.
    public var maxComputeMicroversion: String
    /// Neutron's per-project quotas (answered by `GET /v2.0/quotas/{project_id}` and enforced with
    /// 409 `OverQuota`). Default: every limit unlimited (-1).
    public var networkQuotas: NetworkQuotaLimits

    /// Creates the default configuration described on each property.
    public init() {
        self.host = "127.0.0.1"
        self.port = 0
        self.region = "RegionOne"
        self.users = [
            SimulatedUser(name: "admin", password: "secret", project: "admin", roles: ["admin", "member", "reader"]),
            SimulatedUser(name: "demo", password: "secret", project: "demo", roles: ["member", "reader"]),
        ]
        self.tokenLifetime = .seconds(3600)
        self.timings = SimulatorTimings()
        self.faults = FaultInjection()
        self.seed = nil
        self.maxComputeMicroversion = "2.96"
        self.networkQuotas = NetworkQuotaLimits()
    }
}
