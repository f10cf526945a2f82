import Foundation
import Testing
@testable import StratusOpenStack

@Suite("clouds.yaml and OS_* configuration")
struct CloudConfigurationTests {
    static let good = """
        clouds:
          prod:
            auth_type: password
            auth:
              auth_url: https://keystone.example.com:5000
              username: alice
              password: 'p@ss: word'
              project_name: web
              user_domain_name: Default
              project_domain_id: default
            region_name: RegionTwo
            interface: internal
            identity_api_version: 3
            compute_api_version: 2.60
            volume_api_version: 3
            api_timeout: 30
            networks:
              - name: public
          local:
            auth_type: admin_token
            auth:
              token: static-secret
            compute_endpoint_override: http://127.0.0.1:8774/v2.1
            block_storage_endpoint_override: http://127.0.0.1:8776/v3/p
            image_endpoint_override: http://127.0.0.1:9292
        """

    @Test("a full password cloud")
    func passwordCloud() throws {
        let cloud = try CloudConfiguration.load(cloud: "prod", cloudsYAML: Self.good)
        #expect(cloud.authURL == "https://keystone.example.com:5000")
        #expect(cloud.region == "RegionTwo")
        #expect(cloud.interface == "internal")
        #expect(cloud.computeMicroversion == "2.60")  // not the float 2.6
        #expect(cloud.volumeMicroversion == .preferredVolume)
        #expect(cloud.retry.attemptTimeout == .seconds(30))
        guard case .password(let credentials) = cloud.credentials else { Issue.record("expected password"); return }
        #expect(credentials.password == "p@ss: word")
        #expect(credentials.user.name == "alice")
        #expect(credentials.user.domain.name == "Default")
        #expect(credentials.scope?.name == "web")
        #expect(credentials.scope?.domain.id == "default")
        #expect(!"\(cloud.credentials)".contains("p@ss"))
    }

    @Test("admin_token with endpoint overrides needs no Keystone")
    func adminToken() throws {
        let cloud = try CloudConfiguration.load(cloud: "local", cloudsYAML: Self.good)
        #expect(cloud.credentials == .staticToken("static-secret"))
        #expect(cloud.endpointOverrides[.compute] == "http://127.0.0.1:8774/v2.1")
        #expect(cloud.endpointOverrides[.blockStorage] == "http://127.0.0.1:8776/v3/p")
        #expect(!cloud.credentials.usesKeystone)
        #expect(!"\(cloud.credentials)".contains("static-secret"))
    }

    static func expectConfigurationError(_ yaml: String, cloud: String = "c", mentions: [String]) {
        do {
            _ = try CloudConfiguration.load(cloud: cloud, cloudsYAML: yaml, fileName: "/etc/openstack/clouds.yaml")
            Issue.record("expected a configuration error")
        } catch let error as OpenStackError {
            #expect(error.code == .configuration)
            for text in mentions + ["/etc/openstack/clouds.yaml"] {
                #expect(error.message.contains(text), "'\(error.message)' should mention '\(text)'")
            }
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test("unknown keys are named with the file, the cloud and a suggestion")
    func unknownKeys() {
        Self.expectConfigurationError("clouds:\n  c:\n    regoin_name: x\n    auth: {auth_url: http://k, username: u, password: p, project_name: p}\n",
                                      mentions: ["'regoin_name'", "cloud 'c'", "did you mean 'region_name'"])
        Self.expectConfigurationError("clouds:\n  c:\n    auth: {auth_url: http://k, usrname: u, password: p, project_name: p}\n",
                                      mentions: ["'auth.usrname'", "did you mean 'username'"])
    }

    @Test("missing keys are named for the auth type")
    func missingKeys() {
        Self.expectConfigurationError("clouds:\n  c:\n    auth: {auth_url: http://k, username: u, project_name: p}\n",
                                      mentions: ["'auth.password'", "password"])
        Self.expectConfigurationError("clouds:\n  c:\n    auth: {username: u, password: p, project_name: p}\n",
                                      mentions: ["'auth.auth_url'"])
        Self.expectConfigurationError("clouds:\n  c:\n    auth: {auth_url: http://k, username: u, password: p}\n",
                                      mentions: ["'auth.project_name' or 'auth.project_id'"])
        Self.expectConfigurationError("clouds:\n  c:\n    auth_type: admin_token\n    auth: {token: t}\n",
                                      mentions: ["endpoint"])
    }

    @Test("bad values and unknown clouds")
    func badValues() {
        Self.expectConfigurationError("clouds:\n  c:\n    auth_type: saml2\n", mentions: ["'auth_type'", "saml2", "supported"])
        Self.expectConfigurationError("clouds:\n  c:\n    interface: sideways\n    auth: {auth_url: http://k, username: u, password: p, project_name: p}\n",
                                      mentions: ["'interface'", "sideways"])
        Self.expectConfigurationError("clouds:\n  c:\n    identity_api_version: 2\n    auth: {auth_url: http://k, username: u, password: p, project_name: p}\n",
                                      mentions: ["v3 only"])
        Self.expectConfigurationError("clouds:\n  a: {}\n  b: {}\n", cloud: "zzz", mentions: ["no cloud named 'zzz'", "a, b"])
        Self.expectConfigurationError("not: [valid", mentions: ["not valid YAML"])
        Self.expectConfigurationError("other: 1\n", mentions: ["missing key 'clouds'"])
    }

    @Test("OS_* variables make an 'envvars' cloud, with errors naming the variable")
    func environment() throws {
        let env = ["OS_AUTH_URL": "http://k:5000/v3", "OS_USERNAME": "bob", "OS_PASSWORD": "pw", "OS_PROJECT_NAME": "demo",
                   "OS_USER_DOMAIN_NAME": "Default", "OS_PROJECT_DOMAIN_NAME": "Default", "OS_REGION_NAME": "R1",
                   "OS_INTERFACE": "publicURL", "HOME": "/nonexistent"]
        let cloud = try CloudConfiguration.load(environment: env, searchPaths: [])
        #expect(cloud.name == "envvars")
        #expect(cloud.region == "R1")
        #expect(cloud.interface == "public")
        var broken = env
        broken["OS_PASSWORD"] = nil
        do {
            _ = try CloudConfiguration.load(environment: broken, searchPaths: [])
            Issue.record("expected an error")
        } catch let error as OpenStackError {
            #expect(error.message.contains("OS_PASSWORD"))
        }
    }

    @Test("file search: OS_CLIENT_CONFIG_FILE first, OS_CLOUD selects, secure.yaml merges")
    func fileSearch() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("stratus-config-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let clouds = directory.appendingPathComponent("clouds.yaml").path
        try "clouds:\n  x:\n    auth: {auth_url: http://k, username: u, project_name: p}\n".write(toFile: clouds, atomically: true, encoding: .utf8)
        let secure = directory.appendingPathComponent("secure.yaml").path
        try "clouds:\n  x:\n    auth: {password: from-secure}\n".write(toFile: secure, atomically: true, encoding: .utf8)
        let env = ["OS_CLIENT_CONFIG_FILE": clouds, "OS_CLIENT_SECURE_FILE": secure, "OS_CLOUD": "x", "HOME": directory.path]
        #expect(CloudConfiguration.defaultSearchPaths(environment: env).first == clouds)
        let cloud = try CloudConfiguration.load(environment: env)
        guard case .password(let credentials) = cloud.credentials else { Issue.record("expected password"); return }
        #expect(credentials.password == "from-secure")
        do {
            _ = try CloudConfiguration.load(environment: ["HOME": directory.path], searchPaths: [clouds])
            Issue.record("no cloud selected should fail")
        } catch let error as OpenStackError {
            #expect(error.message.contains("OS_CLOUD"))
        }
    }

    @Test("endpoint normalisation adds missing versions and substitutes the project")
    func endpoints() {
        #expect(EndpointNormalizer.normalize("http://h:9292", service: .image, projectID: nil) == "http://h:9292/v2")
        #expect(EndpointNormalizer.normalize("http://h:9292/v2/", service: .image, projectID: nil) == "http://h:9292/v2")
        #expect(EndpointNormalizer.normalize("http://h:8776/v3/$(project_id)s", service: .blockStorage, projectID: "p1")
                    == "http://h:8776/v3/p1")
        #expect(EndpointNormalizer.normalize("http://h/compute", service: .compute, projectID: nil) == "http://h/compute/v2.1")
        #expect(EndpointNormalizer.normalize("http://h:5000", service: .identity, projectID: nil) == "http://h:5000/v3")
        #expect(EndpointNormalizer.versionDocumentURL("http://h:8776/v3/p1") == "http://h:8776/v3/")
        #expect(EndpointNormalizer.versionDocumentURL("http://h/compute/v2.1") == "http://h/compute/v2.1/")
    }
}
