import StratusOpenStack

/// When a server operation is final.
enum ServerJudges {
    static let active: WatchJudge = { observation, _ in
        guard let server = observation.snapshot else { return .vanished }
        switch ServerStatus(rawValue: server.status) {
        case .active where server.taskState == nil: return .done
        case .error: return .failed(server.fault ?? "the server went to ERROR without a fault message")
        case .deleted: return .vanished
        default: return .pending
        }
    }

    static let deleted: WatchJudge = { observation, _ in
        guard let server = observation.snapshot else { return .done }
        switch ServerStatus(rawValue: server.status) {
        case .deleted, .softDeleted: return .done
        case .error where server.taskState == nil: return .failed(server.fault ?? "the delete left the server in ERROR")
        default: return .pending
        }
    }

    static func migrated(from originalHost: String?) -> WatchJudge {
        { observation, seen in
            guard let server = observation.snapshot else { return .vanished }
            switch ServerStatus(rawValue: server.status) {
            case .verifyResize: return .done
            case .error: return .failed(server.fault ?? "the migration left the server in ERROR")
            case .active where server.taskState == nil:
                if server.hostID != originalHost { return .done }
                let started = seen.contains { ["RESIZE", "MIGRATING", "VERIFY_RESIZE"].contains($0) || $0.hasPrefix("task:") }
                return started ? .failed("Nova gave up: the server is ACTIVE on the same host (see os-migrations)") : .pending
            default: return .pending
            }
        }
    }

    /// Runs a delete, treating 404 as already deleted.
    static func ignoringNotFound(_ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let error as OpenStackError where error.isNotFound {
            return
        }
    }
}

/// When a volume or image operation is final.
enum VolumeJudges {
    static let available: WatchJudge = { observation, _ in
        guard let volume = observation.snapshot else { return .vanished }
        switch VolumeStatus(rawValue: volume.status) {
        case .available: return .done
        case .error: return .failed("the volume went to error (Cinder's /messages has the reason)")
        default: return .pending
        }
    }

    static let deleted: WatchJudge = { observation, _ in
        guard let volume = observation.snapshot else { return .done }
        return VolumeStatus(rawValue: volume.status) == .errorDeleting ? .failed("the volume went to error_deleting") : .pending
    }

    static func attached(to serverID: String) -> WatchJudge {
        { observation, seen in
            guard let volume = observation.snapshot else { return .vanished }
            switch VolumeStatus(rawValue: volume.status) {
            case .inUse where volume.attachedServerIDs.contains(serverID): return .done
            case .errorAttaching, .error: return .failed("attaching failed: the volume is \(volume.status)")
            case .available where seen.contains(VolumeStatus.attaching.rawValue):
                return .failed("the attachment was rolled back: the volume is available again")
            default: return .pending
            }
        }
    }

    static func detached(from serverID: String) -> WatchJudge {
        { observation, _ in
            guard let volume = observation.snapshot else { return .vanished }
            switch VolumeStatus(rawValue: volume.status) {
            case .available where !volume.attachedServerIDs.contains(serverID): return .done
            case .errorDetaching, .error: return .failed("detaching failed: the volume is \(volume.status)")
            default: return .pending
            }
        }
    }
}

enum ImageJudges {
    static let active: WatchJudge = { observation, _ in
        guard let image = observation.snapshot else { return .failed("the image was deleted before it became active") }
        switch ImageStatus(rawValue: image.status) {
        case .active: return .done
        case .killed: return .failed("the image upload was killed")
        case .deleted, .pendingDelete: return .failed("the image was deleted before it became active")
        default: return .pending
        }
    }
}

extension ResourceSnapshot {
    func server() throws -> Server {
        guard case .server(let server) = resource else { throw Self.missing("server", id) }
        return server
    }

    func volume() throws -> Volume {
        guard case .volume(let volume) = resource else { throw Self.missing("volume", id) }
        return volume
    }

    func image() throws -> Image {
        guard case .image(let image) = resource else { throw Self.missing("image", id) }
        return image
    }

    private static func missing(_ kind: String, _ id: String) -> OperationError {
        OperationError(code: .vanished, message: "\(kind) \(id) is gone", resourceID: id, lastStatus: "gone")
    }
}
