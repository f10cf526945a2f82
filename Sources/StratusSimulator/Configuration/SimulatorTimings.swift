/// How long the simulated cloud takes for each asynchronous operation.
///
/// Status changes are computed lazily from the wall clock when a request looks at a resource,
/// so no background work runs: a server created at `t` reports `BUILD` until `t + serverBuild`,
/// then `ACTIVE` (or `ERROR`).
public struct SimulatorTimings: Sendable, Hashable {
    /// Time from `POST /servers` until the server leaves `BUILD`. Default: 2 s.
    public var serverBuild: Duration
    /// Time from `DELETE /servers/{id}` until the server is gone (404). Default: 1 s.
    public var serverDelete: Duration
    /// Time from `POST /volumes` until the volume leaves `creating`. Default: 1 s.
    public var volumeCreate: Duration
    /// Time from `DELETE /volumes/{id}` until the volume is gone (404). Default: 1 s.
    public var volumeDelete: Duration
    /// Time a volume spends `attaching` before it is `in-use`. Default: 500 ms.
    public var volumeAttach: Duration
    /// Time a volume spends `detaching` before it is `available`. Default: 500 ms.
    public var volumeDetach: Duration
    /// Time from `createImage`/`createBackup` until the Glance image is `active`. Default: 2 s.
    public var imageSave: Duration
    /// Time a cold migration or resize spends in `RESIZE` (before `VERIFY_RESIZE`), and a live
    /// migration in `MIGRATING` (before `ACTIVE`). Default: 2 s.
    public var migrate: Duration
    /// Time a stop, start or reboot takes. Default: 500 ms.
    public var powerAction: Duration
    /// Time a floating IP takes to become `ACTIVE` after it is associated with a port, and `DOWN`
    /// after it is disassociated. Default: 1 s.
    public var floatingIPActivate: Duration
    /// Time a port takes from `DOWN` to `ACTIVE` once it is bound to a device (a server's port
    /// becomes `ACTIVE` with the server instead). Default: 1 s.
    public var portActivate: Duration

    /// Creates timings; every parameter defaults to the value documented on its property.
    public init(
        serverBuild: Duration = .seconds(2),
        serverDelete: Duration = .seconds(1),
        volumeCreate: Duration = .seconds(1),
        volumeDelete: Duration = .seconds(1),
        volumeAttach: Duration = .milliseconds(500),
        volumeDetach: Duration = .milliseconds(500),
        imageSave: Duration = .seconds(2),
        migrate: Duration = .seconds(2),
        powerAction: Duration = .milliseconds(500),
        floatingIPActivate: Duration = .seconds(1),
        portActivate: Duration = .seconds(1)
    ) {
        self.serverBuild = serverBuild
        self.serverDelete = serverDelete
        self.volumeCreate = volumeCreate
        self.volumeDelete = volumeDelete
        self.volumeAttach = volumeAttach
        self.volumeDetach = volumeDetach
        self.imageSave = imageSave
        self.migrate = migrate
        self.powerAction = powerAction
        self.floatingIPActivate = floatingIPActivate
        self.portActivate = portActivate
    }

    /// Every operation completes at once (the next request sees the final state).
    public static let instant = SimulatorTimings(uniform: .zero)

    /// Every operation takes 50 ms: fast enough for tests, slow enough to observe `BUILD`.
    public static let fast = SimulatorTimings(uniform: .milliseconds(50))

    /// Creates timings where every operation takes `duration`.
    /// - Parameter duration: The duration of every operation.
    public init(uniform duration: Duration) {
        self.init(
            serverBuild: duration, serverDelete: duration, volumeCreate: duration,
            volumeDelete: duration, volumeAttach: duration, volumeDetach: duration,
            imageSave: duration, migrate: duration, powerAction: duration,
            floatingIPActivate: duration, portActivate: duration
        )
    }
}

extension Duration {
    /// The duration in seconds, as a `Double`.
    var seconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}
