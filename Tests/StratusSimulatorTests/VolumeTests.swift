import StratusSimulator
import Testing

@Suite("Cinder volumes")
struct VolumeTests {
    @Test("create → creating → available → delete → deleting → 404")
    func lifecycle() async throws {
        try await TestCloud.with(timings: SimulatorTimings(uniform: .milliseconds(1500))) { cloud in
            let token = try await cloud.token()
            let project = try await cloud.projectID()
            let create = try await cloud.cinder(
                "POST", "/volumes", token: token, projectID: project,
                json: ["volume": ["size": 2, "name": "data", "metadata": ["client_token": "t-1"]]])
            #expect(create.status == 202)
            let volume = try #require(create.json?["volume"])
            let id = try #require(volume["id"]?.string)
            #expect(volume["status"]?.string == "creating")
            #expect(volume["size"]?.int == 2)
            #expect(volume["bootable"]?.string == "false")
            #expect(volume["attachments"]?.array.isEmpty == true)
            #expect(volume["os-vol-tenant-attr:tenant_id"] == nil, "not in the create answer, like Cinder")
            #expect(create.header("openstack-api-version") == "volume 3.71")

            let available = try await cloud.waitForVolume(id, status: "available", token: token, projectID: project)
            #expect(available["volume"]?["updated_at"]?.string != nil)
            #expect(available["volume"]?["os-vol-tenant-attr:tenant_id"]?.string == project)

            let withoutProject = try await cloud.send(
                "GET", "/volume/v3/volumes/\(id)", token: token, headers: ["OpenStack-API-Version": "volume 3.71"])
            #expect(withoutProject.json?["volume"]?["id"]?.string == id)

            #expect(try await cloud.cinder("DELETE", "/volumes/\(id)", token: token, projectID: project).status == 202)
            let deleting = try await cloud.cinder("GET", "/volumes/\(id)", token: token, projectID: project)
            #expect(deleting.json?["volume"]?["status"]?.string == "deleting")
            let gone = try await cloud.untilNotFound {
                try await cloud.cinder("GET", "/volumes/\(id)", token: token, projectID: project)
            }
            #expect(gone.status == 404)
            #expect(gone.json?["itemNotFound"]?["message"]?.string == "Volume \(id) could not be found.")
        }
    }

    @Test("volumeErrorRate 1 ends creates in error")
    func volumeError() async throws {
        try await TestCloud.with(faults: FaultInjection(volumeErrorRate: 1)) { cloud in
            let token = try await cloud.token()
            let project = try await cloud.projectID()
            let create = try await cloud.cinder("POST", "/volumes", token: token, projectID: project, json: ["volume": ["size": 1]])
            let id = try #require(create.json?["volume"]?["id"]?.string)
            try await cloud.waitForVolume(id, status: "error", token: token, projectID: project)
            #expect(try await cloud.cinder("DELETE", "/volumes/\(id)", token: token, projectID: project).status == 202)
        }
    }

    @Test("filters: status, name, metadata as JSON; paging with volumes_links")
    func listFilters() async throws {
        try await TestCloud.with(timings: .instant) { cloud in
            let token = try await cloud.token()
            let project = try await cloud.projectID()
            var ids: [String] = []
            for index in 0..<3 {
                let create = try await cloud.cinder(
                    "POST", "/volumes", token: token, projectID: project,
                    json: ["volume": ["size": 1, "name": "vol-\(index)", "metadata": ["group": index == 0 ? "a" : "b"]]])
                ids.append(try #require(create.json?["volume"]?["id"]?.string))
            }
            func list(_ query: String) async throws -> [String] {
                try await cloud.cinder("GET", "/volumes/detail?\(query)", token: token, projectID: project)
                    .json?["volumes"]?.array.compactMap { $0["id"]?.string } ?? []
            }
            #expect(try await list("status=available") == ids.reversed())
            #expect(try await list("name=vol-1") == [ids[1]])
            #expect(try await list("metadata=%7B%22group%22%3A%22a%22%7D") == [ids[0]])
            #expect(try await list("metadata=%7B%22group%22%3A%22b%22%7D") == [ids[2], ids[1]])
            #expect(try await list("sort=name:asc") == ids)
            let bogus = try await cloud.cinder("GET", "/volumes/detail?bogus=1", token: token, projectID: project)
            #expect(bogus.status == 400)
            #expect(bogus.json?["badRequest"]?["message"]?.string == "Invalid filters bogus are found in query options.")

            let first = try await cloud.cinder("GET", "/volumes?limit=2", token: token, projectID: project)
            #expect(first.json?["volumes"]?.array.count == 2)
            let next = try #require(first.json?["volumes_links"]?[0]?["href"]?.string)
            let second = try await cloud.send("GET", next, token: token)
            #expect(second.json?["volumes"]?.array.compactMap { $0["id"]?.string } == [ids[0]])
            #expect(second.json?["volumes_links"] == nil)
        }
    }

    @Test("attach and detach through Nova move the volume through attaching/in-use/detaching/available")
    func attachDetach() async throws {
        try await TestCloud.with(timings: SimulatorTimings(uniform: .milliseconds(1500))) { cloud in
            let token = try await cloud.token()
            let project = try await cloud.projectID()
            let server = try await cloud.createServer(token: token)
            let create = try await cloud.cinder("POST", "/volumes", token: token, projectID: project, json: ["volume": ["size": 1]])
            let volume = try #require(create.json?["volume"]?["id"]?.string)
            try await cloud.waitForServer(server, status: "ACTIVE", token: token)
            try await cloud.waitForVolume(volume, status: "available", token: token, projectID: project)

            let unknown = try await cloud.nova(
                "POST", "/servers/\(server)/os-volume_attachments", token: token,
                json: ["volumeAttachment": ["volumeId": "00000000-0000-0000-0000-000000000000"]])
            #expect(unknown.status == 404)

            let attach = try await cloud.nova(
                "POST", "/servers/\(server)/os-volume_attachments", token: token,
                json: ["volumeAttachment": ["volumeId": volume]])
            #expect(attach.status == 200)
            let attachment = try #require(attach.json?["volumeAttachment"])
            #expect(attachment["volumeId"]?.string == volume)
            #expect(attachment["serverId"]?.string == server)
            #expect(attachment["device"]?.string == "/dev/vdb")
            #expect(attachment["id"]?.string == volume)

            let attaching = try await cloud.cinder("GET", "/volumes/\(volume)", token: token, projectID: project)
            #expect(attaching.json?["volume"]?["status"]?.string == "attaching")
            let inUse = try await cloud.waitForVolume(volume, status: "in-use", token: token, projectID: project)
            #expect(inUse["volume"]?["attachments"]?[0]?["server_id"]?.string == server)
            let listed = try await cloud.nova("GET", "/servers/\(server)/os-volume_attachments", token: token)
            #expect(listed.json?["volumeAttachments"]?[0]?["attachment_id"]?.string != nil)
            let serverView = try await cloud.nova("GET", "/servers/\(server)", token: token)
            #expect(serverView.json?["server"]?["os-extended-volumes:volumes_attached"]?[0]?["id"]?.string == volume)

            let refused = try await cloud.cinder("DELETE", "/volumes/\(volume)", token: token, projectID: project)
            #expect(refused.status == 400)
            #expect(refused.json?["badRequest"]?["message"]?.string?.hasPrefix("Invalid volume") == true)

            let detach = try await cloud.nova("DELETE", "/servers/\(server)/os-volume_attachments/\(volume)", token: token)
            #expect(detach.status == 202)
            let detaching = try await cloud.cinder("GET", "/volumes/\(volume)", token: token, projectID: project)
            #expect(detaching.json?["volume"]?["status"]?.string == "detaching")
            let available = try await cloud.waitForVolume(volume, status: "available", token: token, projectID: project)
            #expect(available["volume"]?["attachments"]?.array.isEmpty == true)
            let after = try await cloud.nova("GET", "/servers/\(server)/os-volume_attachments", token: token)
            #expect(after.json?["volumeAttachments"]?.array.isEmpty == true)
            #expect(cloud.simulator.volumeSnapshots().first?.status == "available")
        }
    }

    @Test("deleting a server frees its volumes")
    func serverDeleteDetaches() async throws {
        try await TestCloud.with(timings: .instant) { cloud in
            let token = try await cloud.token()
            let project = try await cloud.projectID()
            let server = try await cloud.createServer(token: token)
            let volume = try #require(
                try await cloud.cinder("POST", "/volumes", token: token, projectID: project, json: ["volume": ["size": 1]])
                    .json?["volume"]?["id"]?.string)
            try await cloud.waitForServer(server, status: "ACTIVE", token: token)
            try await cloud.waitForVolume(volume, status: "available", token: token, projectID: project)
            _ = try await cloud.nova("POST", "/servers/\(server)/os-volume_attachments", token: token, json: ["volumeAttachment": ["volumeId": volume]])
            try await cloud.waitForVolume(volume, status: "in-use", token: token, projectID: project)
            #expect(try await cloud.nova("DELETE", "/servers/\(server)", token: token).status == 204)
            try await cloud.waitForVolume(volume, status: "available", token: token, projectID: project)
        }
    }
}
