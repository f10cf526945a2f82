extension CloudState {
    /// `POST /servers/{id}/action`: one action per body, checked against the server's state like Nova.
    mutating func serverAction(_ call: ServiceCall) -> SimulatorReply {
        let body: [String: JSON]
        switch novaBody(call) {
        case .success(let object): body = object
        case .failure(let error): return error.reply
        }
        guard body.count == 1, let (action, argument) = body.first else {
            return novaError(400, "Malformed request body: exactly one action expected", call)
        }
        guard var server = visibleServer(call.parameter("id"), for: call.principal) else {
            return serverNotFound(call)
        }
        if server.locked && !call.principal.isAdmin && action != "unlock" {
            return novaError(409, "Instance \(server.id) is locked", call)
        }
        let idle = server.taskState == nil
        switch action {
        case "createImage":
            return createImage(from: server, argument, call)
        case "createBackup":
            return createBackup(from: server, argument, call)
        case "os-stop":
            guard idle, ["active", "error"].contains(server.vmState) else {
                return serverStateConflict("stop", server, call)
            }
            server.setTask("powering-off", at: call.now)
            return schedulePowerAction(server, call)
        case "os-start":
            guard idle, server.vmState == "stopped" else { return serverStateConflict("start", server, call) }
            server.setTask("powering-on", at: call.now)
            return schedulePowerAction(server, call)
        case "reboot":
            let hard = argument["type"]?.stringValue?.uppercased() == "HARD"
            guard argument["type"]?.stringValue != nil else {
                return novaError(400, "Invalid input for field/attribute reboot. 'type' is a required property", call)
            }
            let allowed: Set<String> = hard ? ["active", "stopped", "error", "paused", "suspended"] : ["active"]
            guard idle, allowed.contains(server.vmState) else { return serverStateConflict("reboot", server, call) }
            server.transition(
                status: hard ? "HARD_REBOOT" : "REBOOT", vmState: "active",
                taskState: hard ? "rebooting_hard" : "rebooting", powerState: server.powerState, at: call.now)
            return schedulePowerAction(server, call)
        case "migrate":
            return startResize(&server, newFlavor: nil, action: "migrate", argument, call)
        case "resize":
            guard let reference = argument["flavorRef"]?.stringValue ?? argument["flavorRef"]?.intValue.map(String.init) else {
                return novaError(400, "Invalid input for field/attribute resize. 'flavorRef' is a required property", call)
            }
            guard let flavor = Flavor.find(reference) else {
                return novaError(400, "Unable to find flavor with ID \(reference)", call)
            }
            guard flavor != server.flavor else {
                return novaError(400, "When resizing, instances must change flavor!", call)
            }
            return startResize(&server, newFlavor: flavor, action: "resize", argument, call)
        case "confirmResize":
            guard server.status == "VERIFY_RESIZE" else { return serverStateConflict("confirmResize", server, call) }
            let stopped = server.powerState == PowerState.shutdown
            server.previousHost = nil
            server.previousFlavor = nil
            server.transition(
                status: stopped ? "SHUTOFF" : "ACTIVE", vmState: stopped ? "stopped" : "active", taskState: nil,
                powerState: server.powerState, at: call.now)
            servers[server.id] = server
            return .empty(204)
        case "revertResize":
            guard server.status == "VERIFY_RESIZE" else { return serverStateConflict("revertResize", server, call) }
            server.transition(
                status: "REVERT_RESIZE", vmState: "resized", taskState: "resize_reverting",
                powerState: server.powerState, at: call.now)
            servers[server.id] = server
            schedule(.serverResizeReverted(serverID: server.id), after: timings.migrate, from: call.now)
            return .empty(202)
        case "os-migrateLive":
            return startLiveMigration(&server, argument, call)
        case "lock":
            server.locked = true
            server.lockedReason = argument["locked_reason"]?.stringValue
            server.updatedAt = call.now
            servers[server.id] = server
            return .empty(202)
        case "unlock":
            server.locked = false
            server.lockedReason = nil
            server.updatedAt = call.now
            servers[server.id] = server
            return .empty(202)
        default:
            return novaError(400, "There is no such action: \(action)", call)
        }
    }

    private mutating func schedulePowerAction(_ server: ServerRecord, _ call: ServiceCall) -> SimulatorReply {
        servers[server.id] = server
        schedule(.serverPowerSettled(serverID: server.id), after: timings.powerAction, from: call.now)
        return .empty(202)
    }

    /// Cold migration and resize: `RESIZE`, then `VERIFY_RESIZE` on another host after `timings.migrate`.
    private mutating func startResize(
        _ server: inout ServerRecord, newFlavor: Flavor?, action: String, _ argument: JSON, _ call: ServiceCall
    ) -> SimulatorReply {
        guard server.taskState == nil, ["active", "stopped"].contains(server.vmState) else {
            return serverStateConflict(action, server, call)
        }
        var target = otherHost(than: server.host)
        if action == "migrate", let host = argument["host"]?.stringValue {
            guard call.version >= APIVersion(2, 56) else {
                return novaError(400, "Invalid input for field/attribute migrate. Additional properties are not allowed ('host' was unexpected)", call)
            }
            guard Self.computeHosts.contains(host) else {
                return novaError(400, "Compute host \(host) could not be found.", call)
            }
            guard host != server.host else {
                return novaError(400, "Unable to migrate instance (\(server.id)) to current host (\(host)).", call)
            }
            target = host
        }
        if let newFlavor {
            server.previousFlavor = server.flavor
            server.flavor = newFlavor
        }
        server.transition(
            status: "RESIZE", vmState: server.vmState, taskState: "resize_prep", powerState: server.powerState, at: call.now)
        servers[server.id] = server
        schedule(.serverMigrated(serverID: server.id, toHost: target), after: timings.migrate, from: call.now)
        return .empty(202)
    }

    /// Live migration: `MIGRATING`, then `ACTIVE` on another host after `timings.migrate`.
    private mutating func startLiveMigration(_ server: inout ServerRecord, _ argument: JSON, _ call: ServiceCall) -> SimulatorReply {
        guard argument.objectValue != nil else {
            return novaError(400, "Invalid input for field/attribute os-migrateLive. 'block_migration' is a required property", call)
        }
        guard server.taskState == nil, ["active", "paused"].contains(server.vmState) else {
            return serverStateConflict("os-migrateLive", server, call)
        }
        var target = otherHost(than: server.host)
        if let host = argument["host"]?.stringValue {
            guard Self.computeHosts.contains(host) else {
                return novaError(400, "Compute host \(host) could not be found.", call)
            }
            guard host != server.host else {
                return novaError(400, "The supplied hypervisor type of is invalid. Live migration of instance \(server.id) to current host (\(host)) is not allowed.", call)
            }
            target = host
        }
        server.transition(
            status: "MIGRATING", vmState: server.vmState, taskState: "migrating", powerState: server.powerState,
            at: call.now)
        servers[server.id] = server
        schedule(.serverLiveMigrated(serverID: server.id, toHost: target), after: timings.migrate, from: call.now)
        return .empty(202)
    }
}
