import Foundation
import StratusConsole
import StratusOpenStack
import Testing
import Yams

/// The networking records: the same fields in every format, parseable back, and never a private key.
@Suite("Networking records")
struct NetworkRecordTests {
    static func decode<T: Decodable>(_ type: T.Type, _ json: String) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(json.utf8))
    }

    static let floatingIP = """
        {"id": "f1", "floating_ip_address": "172.24.4.7", "floating_network_id": "pub", "port_id": "p1",
         "fixed_ip_address": "10.0.0.5", "router_id": "r1", "status": "ACTIVE", "tags": [], "description": ""}
        """
    static let network = """
        {"id": "n1", "name": "public", "status": "ACTIVE", "shared": false, "router:external": true,
         "subnets": ["s1"], "project_id": "admin", "tags": ["edge"]}
        """
    static let group = """
        {"id": "g1", "name": "ssh", "description": "ssh in", "security_group_rules": [
          {"id": "r1", "security_group_id": "g1", "direction": "ingress", "ethertype": "IPv4", "protocol": "tcp",
           "port_range_min": 22, "port_range_max": 22, "remote_ip_prefix": "0.0.0.0/0"},
          {"id": "r2", "security_group_id": "g1", "direction": "egress", "ethertype": "IPv6", "protocol": null,
           "port_range_min": null, "port_range_max": null, "remote_ip_prefix": null}]}
        """

    @Test("floating IP: json and yaml parse back to the same fields; table shows the address first")
    func floatingIPFormats() throws {
        let record = Record.floatingIP(try Self.decode(FloatingIP.self, Self.floatingIP))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(OutputFormat.json.render([record]).utf8)) as? [[String: Any]])
        #expect(json.count == 1)
        #expect(json[0]["address"] as? String == "172.24.4.7" && json[0]["status"] as? String == "ACTIVE")
        #expect(json[0]["port_id"] as? String == "p1" && json[0]["fixed_ip"] as? String == "10.0.0.5")
        let yaml = try #require(try Yams.load(yaml: OutputFormat.yaml.render(record)) as? [String: Any])
        #expect(yaml["id"] as? String == "f1" && yaml["router_id"] as? String == "r1")
        let table = OutputFormat.table.render([record]).split(separator: "\n").map(String.init)
        #expect(table.count == 2 && table[0].hasPrefix("ADDRESS") && table[1].hasPrefix("172.24.4.7"))
    }

    @Test("network: booleans and lists typed in json, valid yaml, '-' free table")
    func networkFormats() throws {
        let record = Record.network(try Self.decode(Network.self, Self.network))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(OutputFormat.json.render(record).utf8)) as? [String: Any])
        #expect(json["external"] as? Bool == true && json["shared"] as? Bool == false)
        #expect(json["subnets"] as? [String] == ["s1"] && json["tags"] as? [String] == ["edge"])
        let yaml = try #require(try Yams.load(yaml: OutputFormat.yaml.render([record, record])) as? [[String: Any]])
        #expect(yaml.count == 2 && yaml[1]["name"] as? String == "public" && yaml[1]["external"] as? Bool == true)
        #expect(OutputFormat.table.render([record]).contains("public"))
    }

    @Test("security group: one summary line per rule, ports and ranges written as a person reads them")
    func securityGroupRules() throws {
        let group = try Self.decode(SecurityGroup.self, Self.group)
        let record = Record.securityGroup(group)
        let yaml = try #require(try Yams.load(yaml: OutputFormat.yaml.render(record)) as? [String: Any])
        #expect(yaml["rules"] as? [String] == ["ingress IPv4 tcp 22 from 0.0.0.0/0 (r1)", "egress IPv6 any (r2)"])
        let rule = Record.securityGroupRule(group.rules[0])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(OutputFormat.json.render(rule).utf8)) as? [String: Any])
        #expect(json["port_range_min"] as? Int == 22 && json["port_range_max"] as? Int == 22 && json["protocol"] as? String == "tcp")
        let any = Record.securityGroupRule(group.rules[1])
        #expect(any["protocol"] == .null && any["port_range_min"] == .null)
    }

    @Test("key pair: the record says where the private key went and never holds the key itself")
    func keyPairRecord() throws {
        let pair = try Self.decode(KeyPair.self, """
            {"name": "k", "fingerprint": "aa:bb", "type": "ssh", "public_key": "ssh-ed25519 AAAA k",
             "private_key": "-----BEGIN OPENSSH PRIVATE KEY-----\\nsecret\\n-----END OPENSSH PRIVATE KEY-----"}
            """)
        let record = Record.keyPair(pair, privateKeyFile: "./k.pem")
        for format in OutputFormat.allCases {
            let text = format.render([record]) + format.render(record)
            #expect(!text.contains("PRIVATE KEY") && !text.contains("secret"), "\(format)")
        }
        let json = try #require(try JSONSerialization.jsonObject(with: Data(OutputFormat.json.render(record).utf8)) as? [String: Any])
        #expect(json["private_key_file"] as? String == "./k.pem" && json["fingerprint"] as? String == "aa:bb")
        #expect(Record.keyPair(pair)["private_key_file"] == .null)
    }

    @Test("server with a floating IP: the server's fields, then floating_ip, its id and status")
    func serverWithFloatingIP() throws {
        let server = try Self.decode(Server.self, """
            {"id": "s1", "name": "web", "status": "ACTIVE", "addresses": {"private": [
              {"addr": "10.0.0.5", "version": 4, "OS-EXT-IPS:type": "fixed"},
              {"addr": "172.24.4.7", "version": 4, "OS-EXT-IPS:type": "floating"}]}}
            """)
        let record = Record.server(server, floatingIP: try Self.decode(FloatingIP.self, Self.floatingIP))
        #expect(Array(record.fields.map(\.name).suffix(3)) == ["floating_ip", "floating_ip_id", "floating_ip_status"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(OutputFormat.json.render([record]).utf8)) as? [[String: Any]])
        #expect(json[0]["status"] as? String == "ACTIVE" && json[0]["floating_ip"] as? String == "172.24.4.7")
        #expect(json[0]["floating_ip_status"] as? String == "ACTIVE")
        #expect(json[0]["addresses"] as? [String] == ["10.0.0.5", "172.24.4.7"])
    }
}
