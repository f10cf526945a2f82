import Foundation
import Logging
import StratusOpenStack

/// How a poll asks for one kind of resource.
public enum ListMode: Sendable, Hashable {
    /// Everything that changed at or after this cloud time (deleted servers included).
    case changedSince(Date)
    /// A complete list: what is missing does not exist.
    case complete
    /// Exactly these resources, by id (Neutron's repeated `id=` filter, one request): an id
    /// missing from the answer does not exist (any more).
    case ids([String])
}

/// The answer of one poll.
public struct ListResult: Sendable {
    /// The resources in the answer.
    public var snapshots: [ResourceSnapshot]
    /// True when the answer is a complete list (absence means gone), even if `changedSince` was
    /// asked and the lister had to fall back.
    public var isComplete: Bool
    /// The cloud's clock at the answer (`Date` header), for the next cursor.
    public var responseDate: Date?
    /// How many HTTP requests the poll took (pages).
    public var requests: Int
    /// How long the poll took. A slow list's `Date` header is taken when the answer is written,
    /// while the cloud read its database earlier; the next cursor starts that much before it.
    public var duration: Duration

    /// Creates a result.
    public init(snapshots: [ResourceSnapshot], isComplete: Bool, responseDate: Date?, requests: Int,
                duration: Duration = .zero) {
        self.snapshots = snapshots
        self.isComplete = isComplete
        self.responseDate = responseDate
        self.requests = requests
        self.duration = duration
    }
}

/// Lists one kind of resource for the monitor. ``OpenStackResourceLister`` is the real one; tests
/// can script their own.
public protocol ResourceLister: Sendable {
    /// One poll of `kind`.
    func list(_ kind: ResourceKind, mode: ListMode) async throws -> ListResult
}

/// Lists through ``OpenStackClient``: Nova `changes-since`, Cinder `updated_at=gte:` (3.60+),
/// Glance `updated_at=gte:`; a complete list when the cloud lacks the filter (logged at debug).
/// Neutron floating IPs and ports by the watched ids (repeated `id=`, one request per chunk).
public struct OpenStackResourceLister: ResourceLister {
    /// The client.
    public let client: OpenStackClient
    /// Page size for complete lists.
    public var pageSize: Int
    let logger: Logger

    /// Creates a lister.
    public init(client: OpenStackClient, pageSize: Int = 1000, logger: Logger = Logger(label: "stratus.monitor")) {
        self.client = client
        self.pageSize = pageSize
        self.logger = logger
    }

    public func list(_ kind: ResourceKind, mode: ListMode) async throws -> ListResult {
        switch kind {
        case .server:
            var query = ServerListQuery(limit: pageSize)
            if case .changedSince(let date) = mode { query.changesSince = date }
            return try await collect(kind, complete: query.changesSince == nil) { marker in
                query.marker = marker
                let page = try await client.compute.serversPage(query)
                return (page.items.map(ResourceSnapshot.init), page.nextMarker, page.responseDate)
            }
        case .volume:
            var query = VolumeListQuery(limit: pageSize)
            if case .changedSince(let date) = mode {
                if try await client.blockStorage.microversion() >= "3.60" {
                    query.updatedSince = date
                } else {
                    logger.debug("block storage below 3.60 has no updated_at filter: polling the complete volume list")
                }
            }
            return try await collect(kind, complete: query.updatedSince == nil) { marker in
                query.marker = marker
                let page = try await client.blockStorage.volumesPage(query)
                return (page.items.map(ResourceSnapshot.init), page.nextMarker, page.responseDate)
            }
        case .image:
            var query = ImageListQuery(limit: pageSize)
            if case .changedSince(let date) = mode { query.updatedSince = date }
            return try await collect(kind, complete: query.updatedSince == nil) { marker in
                query.marker = marker
                let page = try await client.images.imagesPage(query)
                return (page.items.map(ResourceSnapshot.init), page.nextMarker, page.responseDate)
            }
        case .floatingIP, .port:
            return try await listNetwork(kind, mode: mode)
        }
    }

    func collect(
        _ kind: ResourceKind, complete: Bool,
        page: (String?) async throws -> ([ResourceSnapshot], String?, Date?)
    ) async throws -> ListResult {
        let started = ContinuousClock.now
        var snapshots: [ResourceSnapshot] = []
        var marker: String?
        var requests = 0
        var firstDate: Date?
        repeat {
            let (items, next, date) = try await page(marker)
            requests += 1
            if firstDate == nil { firstDate = date }
            snapshots += items
            guard let next, !items.isEmpty, next != marker else { break }
            marker = next
        } while true
        return ListResult(snapshots: snapshots, isComplete: complete, responseDate: firstDate, requests: requests,
                          duration: ContinuousClock.now - started)
    }
}
