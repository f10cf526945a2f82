import Foundation
import StratusOpenStack

extension OpenStackResourceLister {
    /// Neutron floating IPs and ports: Neutron has no changed-since filter and no listing of
    /// deleted resources, so the monitor asks for the ids it watches (``ListMode/ids(_:)``) in one
    /// request (following pages if the cloud pages) and treats a missing id as gone. Asked for
    /// anything but ids, it lists the project's resources completely.
    func listNetwork(_ kind: ResourceKind, mode: ListMode) async throws -> ListResult {
        var ids: [String] = []
        if case .ids(let asked) = mode {
            ids = asked
            if ids.isEmpty { return ListResult(snapshots: [], isComplete: false, responseDate: nil, requests: 0) }
        }
        let limit = ids.isEmpty ? pageSize : nil  // a list by ids is as long as the ids at most
        switch kind {
        case .floatingIP:
            var query = FloatingIPListQuery(ids: ids, limit: limit)
            return try await collect(kind, complete: true) { marker in
                query.marker = marker
                let page = try await client.network.floatingIPsPage(query)
                return (page.items.map { ResourceSnapshot($0) }, page.nextMarker, page.responseDate)
            }
        default:
            var query = PortListQuery(ids: ids, limit: limit)
            return try await collect(kind, complete: true) { marker in
                query.marker = marker
                let page = try await client.network.portsPage(query)
                return (page.items.map { ResourceSnapshot($0) }, page.nextMarker, page.responseDate)
            }
        }
    }
}
