import Foundation
import StratusOpenStack

extension ResourceSnapshot {
    /// A Neutron floating IP. Its client token and fingerprint come from its tags (or, on a cloud
    /// without `tag-creation`, from its description; see ``NeutronTokenMarks``).
    public init(_ floatingIP: FloatingIP) {
        self.init(kind: .floatingIP, id: floatingIP.id, status: floatingIP.status.rawValue,
                  updated: floatingIP.updatedAt,
                  labels: NeutronTokenMarks.labels(tags: floatingIP.tags, description: floatingIP.description))
        resource = .floatingIP(floatingIP)
    }

    /// A Neutron port.
    public init(_ port: StratusOpenStack.Port) {
        self.init(kind: .port, id: port.id, status: port.status.rawValue, updated: port.updatedAt,
                  labels: NeutronTokenMarks.labels(tags: port.tags, description: port.description))
        resource = .port(port)
    }

    func floatingIP() throws -> FloatingIP {
        guard case .floatingIP(let floatingIP) = resource else { throw Self.gone("floating IP", id) }
        return floatingIP
    }

    func port() throws -> StratusOpenStack.Port {
        guard case .port(let port) = resource else { throw Self.gone("port", id) }
        return port
    }

    private static func gone(_ kind: String, _ id: String) -> OperationError {
        OperationError(code: .vanished, message: "\(kind) \(id) is gone", resourceID: id, lastStatus: "gone")
    }
}
