import StratusSimulator
import Testing

@Suite("Nova server actions")
struct ServerActionTests {
    @Test("createImage makes a Glance snapshot: queued → saving → active, with properties")
    func createImage() async throws {
        // The snapshot must still be running when the test looks at it and asks for a second one:
        // a 6 s save leaves that window wide on a loaded machine (1.5 s did not: a late second
        // request found the first snapshot done and started another).
        var timings = SimulatorTimings(uniform: .milliseconds(100))
        timings.imageSave = .seconds(6)
        try await TestCloud.with(timings: timings) { cloud in
            let token = try await cloud.token()
            let server = try await cloud.createServer(token: token)
            try await cloud.waitForServer(server, status: "ACTIVE", token: token)

            let response = try await cloud.nova(
                "POST", "/servers/\(server)/action", token: token,
                json: ["createImage": ["name": "gold", "metadata": ["client_token": "abc"]]])
            #expect(response.status == 202)
            let imageID = try #require(response.json?["image_id"]?.string)

            let queued = try await cloud.glance("GET", "/images/\(imageID)", token: token)
            // queued, or already saving on a slow machine
            #expect(["queued", "saving"].contains(queued.json?["status"]?.string ?? "none"))
            #expect(queued.json?["instance_uuid"]?.string == server)
            #expect(queued.json?["image_type"]?.string == "snapshot")
            #expect(queued.json?["client_token"]?.string == "abc")
            #expect(queued.json?["visibility"]?.string == "private")
            let busy = try await cloud.nova("GET", "/servers/\(server)", token: token)
            // Nova's snapshot task states; which one we see depends on how fast this machine is.
            let taskState = busy.json?["server"]?["OS-EXT-STS:task_state"]?.string
            #expect(["image_snapshot", "image_pending_upload", "image_uploading"].contains(taskState ?? "none"))
            let again = try await cloud.nova("POST", "/servers/\(server)/action", token: token, json: ["createImage": ["name": "twice"]])
            #expect(again.status == 409)

            try await cloud.waitFor("active", at: ["status"]) { try await cloud.glance("GET", "/images/\(imageID)", token: token) }
            let idle = try await cloud.nova("GET", "/servers/\(server)", token: token)
            #expect(idle.json?["server"]?["OS-EXT-STS:task_state"]?.isNull == true)
            #expect(cloud.simulator.imageSnapshots().first { $0.id == imageID }?.properties["image_type"] == "snapshot")

            let legacy = try await cloud.nova(
                "POST", "/servers/\(server)/action", token: token, microversion: "2.44", json: ["createImage": ["name": "old"]])
            #expect(legacy.status == 202)
            #expect(legacy.header("location")?.hasPrefix(cloud.base + "/image/v2/images/") == true)
            #expect(legacy.json == nil)
        }
    }

    @Test("createBackup rotates older backups")
    func createBackup() async throws {
        try await TestCloud.with(timings: .instant) { cloud in
            let token = try await cloud.token()
            let server = try await cloud.createServer(token: token)
            try await cloud.waitForServer(server, status: "ACTIVE", token: token)
            var backups: [String] = []
            for index in 0..<3 {
                let response = try await cloud.nova(
                    "POST", "/servers/\(server)/action", token: token,
                    json: ["createBackup": ["name": "b\(index)", "backup_type": "daily", "rotation": 2]])
                #expect(response.status == 202)
                backups.append(try #require(response.json?["image_id"]?.string))
                try await cloud.waitForServer(server, status: "ACTIVE", token: token)
                _ = try await cloud.waitFor("active", at: ["status"]) { try await cloud.glance("GET", "/images/\(backups[index])", token: token) }
            }
            #expect(try await cloud.glance("GET", "/images/\(backups[0])", token: token).status == 404)
            #expect(try await cloud.glance("GET", "/images/\(backups[2])", token: token).json?["backup_type"]?.string == "daily")
        }
    }

    @Test("migrate → VERIFY_RESIZE on another host → confirmResize → ACTIVE")
    func migrateAndConfirm() async throws {
        // The migration lasts 6 s so it is still in RESIZE when the test asks to confirm too early,
        // however loaded the machine (1.5 s failed in CI: the early confirm found VERIFY_RESIZE).
        var timings = SimulatorTimings(uniform: .milliseconds(300))
        timings.migrate = .seconds(6)
        try await TestCloud.with(timings: timings) { cloud in
            let token = try await cloud.token()
            let admin = try await cloud.token("admin")
            let server = try await cloud.createServer(token: token)
            try await cloud.waitForServer(server, status: "ACTIVE", token: token)
            let before = try await cloud.nova("GET", "/servers/\(server)", token: admin)
            let host = try #require(before.json?["server"]?["OS-EXT-SRV-ATTR:host"]?.string)

            #expect(try await cloud.nova("POST", "/servers/\(server)/action", token: admin, json: ["migrate": NSNullValue.null]).status == 202)
            let resizing = try await cloud.nova("GET", "/servers/\(server)", token: admin)
            #expect(resizing.json?["server"]?["status"]?.string == "RESIZE")
            #expect(try await cloud.nova("POST", "/servers/\(server)/action", token: admin, json: ["confirmResize": NSNullValue.null]).status == 409)

            let verify = try await cloud.waitForServer(server, status: "VERIFY_RESIZE", token: admin)
            let newHost = try #require(verify["server"]?["OS-EXT-SRV-ATTR:host"]?.string)
            #expect(newHost != host)
            #expect(verify["server"]?["OS-EXT-STS:vm_state"]?.string == "resized")

            #expect(try await cloud.nova("POST", "/servers/\(server)/action", token: admin, json: ["confirmResize": NSNullValue.null]).status == 204)
            let active = try await cloud.nova("GET", "/servers/\(server)", token: admin)
            #expect(active.json?["server"]?["status"]?.string == "ACTIVE")
            #expect(active.json?["server"]?["OS-EXT-SRV-ATTR:host"]?.string == newHost)
        }
    }

    @Test("live migration moves the server through MIGRATING to another host")
    func liveMigrate() async throws {
        try await TestCloud.with(timings: SimulatorTimings(uniform: .milliseconds(1500))) { cloud in
            let admin = try await cloud.token("admin")
            let server = try await cloud.createServer(token: admin)
            let active = try await cloud.waitForServer(server, status: "ACTIVE", token: admin)
            let host = try #require(active["server"]?["OS-EXT-SRV-ATTR:host"]?.string)
            let response = try await cloud.nova(
                "POST", "/servers/\(server)/action", token: admin,
                json: ["os-migrateLive": ["host": NSNullValue.null, "block_migration": "auto"]])
            #expect(response.status == 202)
            #expect(try await cloud.nova("GET", "/servers/\(server)", token: admin).json?["server"]?["status"]?.string == "MIGRATING")
            let migrated = try await cloud.waitForServer(server, status: "ACTIVE", token: admin)
            #expect(migrated["server"]?["OS-EXT-SRV-ATTR:host"]?.string != host)
        }
    }

    @Test("stop and start; actions in the wrong state are 409 conflictingRequest")
    func powerActions() async throws {
        try await TestCloud.with(timings: SimulatorTimings(uniform: .milliseconds(1500))) { cloud in
            let token = try await cloud.token()
            let server = try await cloud.createServer(token: token)
            let early = try await cloud.nova("POST", "/servers/\(server)/action", token: token, json: ["os-stop": NSNullValue.null])
            #expect(early.status == 409)
            #expect(early.json?["conflictingRequest"]?["message"]?.string?.contains("Cannot 'stop' instance") == true)
            try await cloud.waitForServer(server, status: "ACTIVE", token: token)

            let start = try await cloud.nova("POST", "/servers/\(server)/action", token: token, json: ["os-start": NSNullValue.null])
            #expect(start.status == 409)
            #expect(start.json?["conflictingRequest"]?["message"]?.string == "Cannot 'start' instance \(server) while it is in vm_state active")

            #expect(try await cloud.nova("POST", "/servers/\(server)/action", token: token, json: ["os-stop": NSNullValue.null]).status == 202)
            let stopped = try await cloud.waitForServer(server, status: "SHUTOFF", token: token)
            #expect(stopped["server"]?["OS-EXT-STS:power_state"]?.int == 4)
            #expect(try await cloud.nova("POST", "/servers/\(server)/action", token: token, json: ["os-start": NSNullValue.null]).status == 202)
            try await cloud.waitForServer(server, status: "ACTIVE", token: token)
            #expect(try await cloud.nova("POST", "/servers/\(server)/action", token: token, json: ["reboot": ["type": "SOFT"]]).status == 202)
            try await cloud.waitForServer(server, status: "ACTIVE", token: token)
            #expect(try await cloud.nova("POST", "/servers/\(server)/action", token: token, json: ["fly": NSNullValue.null]).status == 400)
        }
    }
}
