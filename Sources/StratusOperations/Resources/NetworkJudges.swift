import StratusOpenStack

/// When a floating IP operation is final. Every judge reads the typed ``FloatingIP`` the list
/// returned; a floating IP missing from a list by ids does not exist.
enum FloatingIPJudges {
    /// Allocated: any status but ERROR (a floating IP without a port is DOWN, and stays DOWN).
    static let allocated: WatchJudge = { observation, _ in
        guard let snapshot = observation.snapshot, case .floatingIP(let ip)? = snapshot.resource else { return .vanished }
        return ip.status == .error ? .failed(errorReason(ip)) : .done
    }

    /// Associated with `portID`: `port_id` is that port and the status ACTIVE (the L3 agent has
    /// set up the NAT). ERROR fails; another port in `port_id` fails (someone re-associated it).
    static func associated(with portID: String) -> WatchJudge {
        { observation, _ in
            guard let snapshot = observation.snapshot, case .floatingIP(let ip)? = snapshot.resource else { return .vanished }
            if ip.status == .error { return .failed(errorReason(ip)) }
            guard let current = ip.portID else { return .pending }
            if current != portID { return .failed("the floating IP is associated with another port, \(current)") }
            return ip.status == .active ? .done : .pending
        }
    }

    /// Disassociated: `port_id` empty and the status DOWN. ERROR fails.
    static let disassociated: WatchJudge = { observation, _ in
        guard let snapshot = observation.snapshot, case .floatingIP(let ip)? = snapshot.resource else { return .vanished }
        if ip.status == .error { return .failed(errorReason(ip)) }
        return ip.portID == nil && ip.status == .down ? .done : .pending
    }

    /// Deleted: missing from the list (Neutron deletes at once; it has no soft-deleted state).
    static let deleted: WatchJudge = { observation, _ in
        observation.snapshot == nil ? .done : .pending
    }

    private static func errorReason(_ ip: FloatingIP) -> String {
        "floating IP \(ip.floatingIPAddress) went to ERROR\(ip.portID.map { " while associated with port \($0)" } ?? "")"
            + " (the L3 agent could not set it up; its log has the reason)"
    }
}

/// When a port operation is final.
enum PortJudges {
    /// Created: ACTIVE; or DOWN when the port has no `device_owner` — Neutron binds only ports
    /// that something uses, so an unbound port stays DOWN and DOWN is its final state. A port with
    /// an owner waits for ACTIVE (its binding). ERROR fails.
    static let created: WatchJudge = { observation, _ in
        guard let snapshot = observation.snapshot, case .port(let port)? = snapshot.resource else { return .vanished }
        switch port.status {
        case .active: return .done
        case .error: return .failed(errorReason(port))
        case .down where port.deviceOwner.isEmpty: return .done
        default: return .pending
        }
    }

    /// Plugged into server `serverID`: `device_id` is the server and the port ACTIVE. ERROR
    /// fails; gone means Nova rolled the attach back (and deleted the port it had made).
    static func attached(to serverID: String) -> WatchJudge {
        { observation, _ in
            guard let snapshot = observation.snapshot, case .port(let port)? = snapshot.resource else { return .vanished }
            if port.status == .error { return .failed(errorReason(port)) }
            return port.deviceID == serverID && port.status == .active ? .done : .pending
        }
    }

    /// Unplugged from server `serverID`: the port is gone (Nova deletes ports it created) or its
    /// `device_id` no longer names the server (a port passed in is kept).
    static func detached(from serverID: String) -> WatchJudge {
        { observation, _ in
            guard let snapshot = observation.snapshot, case .port(let port)? = snapshot.resource else { return .done }
            return port.deviceID == serverID ? .pending : .done
        }
    }

    /// A router interface on `routerID`: the router's port exists, and is ACTIVE — or, unless
    /// `requireActive`, DOWN: Neutron marks a router port ACTIVE only once an L3 agent hosts the
    /// router, which a cloud without agents for it never does, while the interface is in place
    /// (and routes once an agent takes the router) as soon as the port exists. ERROR fails.
    static func routerInterface(of routerID: String, requireActive: Bool) -> WatchJudge {
        { observation, _ in
            guard let snapshot = observation.snapshot, case .port(let port)? = snapshot.resource else { return .vanished }
            if port.status == .error { return .failed(errorReason(port)) }
            guard port.deviceID == routerID else { return .pending }
            if port.status == .active { return .done }
            return port.status == .down && !requireActive ? .done : .pending
        }
    }

    /// Deleted: missing from the list.
    static let deleted: WatchJudge = { observation, _ in
        observation.snapshot == nil ? .done : .pending
    }

    private static func errorReason(_ port: StratusOpenStack.Port) -> String {
        "port \(port.id) went to ERROR (binding failed; the Neutron server log has the reason)"
    }
}
