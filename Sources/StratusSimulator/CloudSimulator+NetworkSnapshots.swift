import Foundation

extension CloudSimulator {
    /// Every floating IP ever allocated, deleted ones included, with status as of now; newest first.
    public func floatingIPSnapshots() -> [SimulatedFloatingIP] {
        state.withLock { state in
            state.settle(now: Date())
            return state.neutron.floatingIPs.values.sorted { $0.standard.sequence > $1.standard.sequence }.map(\.snapshot)
        }
    }

    /// Every port ever created (server ports and router interfaces included), deleted ones
    /// included, with status as of now; newest first.
    public func portSnapshots() -> [SimulatedPort] {
        state.withLock { state in
            state.settle(now: Date())
            return state.neutron.ports.values.sorted { $0.standard.sequence > $1.standard.sequence }.map(\.snapshot)
        }
    }

    /// How many live networking resources (and key pairs) exist now, to check a test left nothing behind.
    public func networkResourceCounts() -> NetworkResourceCounts {
        state.withLock { state in
            state.settle(now: Date())
            let neutron = state.neutron
            return NetworkResourceCounts(
                networks: neutron.networks.count, subnets: neutron.subnets.count, ports: neutron.livePorts.count,
                routers: neutron.routers.count, floatingIPs: neutron.liveFloatingIPs.count,
                securityGroups: neutron.securityGroups.count, keyPairs: state.keyPairs.count)
        }
    }
}
