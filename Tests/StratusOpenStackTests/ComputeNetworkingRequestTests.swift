import Foundation
import NIOCore
import NIOFoundationCompat
import StratusTesting
import Testing
@testable import StratusOpenStack

/// Nova's networking calls and the server-create additions, over a scripted transport.
@Suite("Nova networking requests: key pairs, interfaces, create bodies")
struct ComputeNetworkingRequestTests {
    static let keyPairJSON = #"{"keypair": {"name": "k", "public_key": "ssh-ed25519 AAAA", "fingerprint": "f", "private_key": "-----BEGIN OPENSSH PRIVATE KEY-----\nx\n-----END OPENSSH PRIVATE KEY-----\n", "type": "ssh"}}"#

    @Test("a generated key pair is sent with microversion 2.91 even when 2.96 is negotiated; import with the negotiated one")
    func keyPairMicroversionCap() async throws {
        let transport = ScriptedTransport([
            .json(200, NetworkRequestTests.versionDocument), .json(200, Self.keyPairJSON), .json(200, Self.keyPairJSON),
            .json(200, #"{"keypairs": [{"keypair": {"name": "k", "public_key": "p", "fingerprint": "f", "type": "ssh"}}]}"#),
            .status(202),
        ])
        let client = NetworkRequestTests.client(transport)
        let generated = try await client.compute.createKeyPair(name: "k")
        #expect(generated.privateKey != nil)
        #expect(!"\(generated)".contains("PRIVATE KEY"))
        _ = try await client.compute.importKeyPair(name: "k", publicKey: "ssh-ed25519 AAAA")
        #expect(try await client.compute.keyPairs().map(\.name) == ["k"])
        try await client.compute.deleteKeyPair(name: "k")
        let requests = transport.requests
        #expect(requests[1].headers.first(name: "OpenStack-API-Version") == "compute 2.91")
        #expect(String(buffer: try #require(requests[1].body)) == #"{"keypair":{"name":"k","type":"ssh"}}"#)
        #expect(requests[2].headers.first(name: "OpenStack-API-Version") == "compute 2.96")
        #expect(String(buffer: try #require(requests[2].body)) == #"{"keypair":{"name":"k","public_key":"ssh-ed25519 AAAA","type":"ssh"}}"#)
        #expect(requests[4].method == .DELETE && requests[4].url.hasSuffix("/os-keypairs/k"))
    }

    @Test("interfaces: attach by network or port (POST, not replayed), list, detach")
    func interfaces() async throws {
        let attachment = #"{"interfaceAttachment": {"port_id": "p", "net_id": "n", "mac_addr": "fa:16:3e:00:00:01", "port_state": "DOWN", "fixed_ips": [{"subnet_id": "s", "ip_address": "10.0.0.7"}]}}"#
        let transport = ScriptedTransport([
            .json(200, NetworkRequestTests.versionDocument), .json(200, attachment), .json(200, attachment),
            .json(200, #"{"interfaceAttachments": [{"port_id": "p", "net_id": "n", "port_state": "ACTIVE", "fixed_ips": []}]}"#),
            .status(202), .status(503),
        ])
        let client = NetworkRequestTests.client(transport)
        let byNetwork = try await client.compute.attachInterface(serverID: "srv", networkID: "n")
        #expect(byNetwork.fixedIPs.first?.ipAddress == "10.0.0.7")
        #expect(byNetwork.portState == .down)
        _ = try await client.compute.attachInterface(serverID: "srv", portID: "p")
        #expect(try await client.compute.interfaces(serverID: "srv").map(\.portState) == [.active])
        try await client.compute.detachInterface(serverID: "srv", portID: "p")
        #expect(String(buffer: try #require(transport.requests[1].body)) == #"{"interfaceAttachment":{"net_id":"n"}}"#)
        #expect(String(buffer: try #require(transport.requests[2].body)) == #"{"interfaceAttachment":{"port_id":"p"}}"#)
        #expect(transport.requests[4].url.hasSuffix("/servers/srv/os-interface/p"))
        let error = await #expect(throws: OpenStackError.self) {
            _ = try await client.compute.attachInterface(serverID: "srv", networkID: "n")
        }
        #expect(error?.code == .outcomeUnknown)
        #expect(transport.requests.count == 6)
    }

    @Test("create body: security_groups by name, base64 user data, config drive, block_device_mapping_v2, port networks")
    func serverCreateBody() throws {
        let request = ServerCreateRequest(
            name: "web", imageID: nil, flavorID: "1",
            networks: .list([.init(portID: "port-1")]), metadata: ["role": "web"], keyName: "k",
            userData: ServerCreateRequest.encodeUserData("#cloud-config\nruncmd: [echo hé]\n"),
            securityGroups: ["default", "ssh"], configDrive: true,
            blockDevices: [.bootFromImage(imageID: "img", volumeSizeGB: 10), .volume(id: "vol", bootIndex: nil)])
        let body = try #require(request.body(microversion: "2.96")["server"])
        let data = try JSONEncoder.sorted.encode(body)
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(json["security_groups"] as? [[String: String]] == [["name": "default"], ["name": "ssh"]])
        #expect(json["config_drive"] as? Bool == true)
        #expect(json["key_name"] as? String == "k")
        #expect(json["imageRef"] == nil)
        let userData = try #require(json["user_data"] as? String)
        #expect(String(decoding: try #require(Data(base64Encoded: userData)), as: UTF8.self) == "#cloud-config\nruncmd: [echo hé]\n")
        #expect(json["networks"] as? [[String: String]] == [["port": "port-1"]])
        let devices = try #require(json["block_device_mapping_v2"] as? [[String: Any]])
        #expect(devices.count == 2)
        #expect(devices[0]["source_type"] as? String == "image" && devices[0]["destination_type"] as? String == "volume")
        #expect(devices[0]["uuid"] as? String == "img" && devices[0]["boot_index"] as? Int == 0)
        #expect(devices[0]["volume_size"] as? Int == 10 && devices[0]["delete_on_termination"] as? Bool == true)
        #expect(devices[1]["source_type"] as? String == "volume" && devices[1]["boot_index"] == nil)
        #expect(String(decoding: data, as: UTF8.self).contains(#""block_device_mapping_v2":[{"boot_index":0,"delete_on_termination":true"#))
    }

    @Test("a server's addresses, key name and security group names decode")
    func serverNetworkingFields() throws {
        let json = #"""
        {"id": "s", "name": "web", "status": "ACTIVE", "key_name": "k",
         "security_groups": [{"name": "default"}, {"name": "ssh"}, {"name": "default"}],
         "addresses": {"private": [
           {"addr": "10.0.0.5", "version": 4, "OS-EXT-IPS:type": "fixed", "OS-EXT-IPS-MAC:mac_addr": "fa:16:3e:aa:bb:cc"},
           {"addr": "172.24.4.9", "version": 4, "OS-EXT-IPS:type": "floating", "OS-EXT-IPS-MAC:mac_addr": "fa:16:3e:aa:bb:cc"}]}}
        """#
        let server = try JSONDecoder.openStack().decode(Server.self, from: Data(json.utf8))
        #expect(server.keyName == "k")
        #expect(server.securityGroups == ["default", "ssh"])
        let addresses: [Server.Address] = try #require(server.addresses["private"])
        #expect(addresses.map(\.isFloating) == [false, true])
        #expect(addresses[0].macAddress == "fa:16:3e:aa:bb:cc")
    }
}
