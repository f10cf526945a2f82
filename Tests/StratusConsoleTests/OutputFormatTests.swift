import Foundation
import StratusConsole
import StratusJobs
import StratusOpenStack
import StratusOperations
import Testing
import Yams

@Suite("Output formats and errors")
struct OutputFormatTests {
    let records = [
        Record([("name", "web-1"), ("id", "a1"), ("size", 10), ("tags", .list(["x", "y \"q\""])), ("error", .null)]),
        Record([("name", "web-2\nnewline"), ("id", "b2"), ("size", 0), ("tags", .list([])), ("error", "boom")]),
    ]

    @Test("json: a list of objects, fields in order, typed, escaped — parseable")
    func json() throws {
        let text = OutputFormat.json.render(records)
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
        #expect(parsed.count == 2)
        #expect(parsed[0]["size"] as? Int == 10)
        #expect(parsed[0]["tags"] as? [String] == ["x", "y \"q\""])
        #expect(parsed[0]["error"] is NSNull)
        #expect(parsed[1]["name"] as? String == "web-2\nnewline")
        #expect(text.range(of: "\"name\"")!.lowerBound < text.range(of: "\"id\"")!.lowerBound)
        #expect(OutputFormat.json.render([]) == "[]\n")
        let one = try #require(try JSONSerialization.jsonObject(with: Data(OutputFormat.json.render(records[0]).utf8)) as? [String: Any])
        #expect(one["id"] as? String == "a1")
    }

    @Test("yaml: the same data, valid YAML")
    func yaml() throws {
        let parsed = try #require(try Yams.load(yaml: OutputFormat.yaml.render(records)) as? [[String: Any]])
        #expect(parsed.count == 2)
        #expect(parsed[0]["size"] as? Int == 10)
        #expect(parsed[0]["tags"] as? [String] == ["x", "y \"q\""])
        #expect(parsed[1]["name"] as? String == "web-2\nnewline")
        #expect(parsed[1]["tags"] as? [String] == [])
        let one = try #require(try Yams.load(yaml: OutputFormat.yaml.render(records[0])) as? [String: Any])
        #expect(one["name"] as? String == "web-1")
    }

    @Test("table: aligned columns with a header, '-' for nothing")
    func table() {
        let lines = OutputFormat.table.render(records).split(separator: "\n").map(String.init)
        #expect(lines[0].hasPrefix("NAME"))
        #expect(lines[0].contains("ID") && lines[0].contains("ERROR"))
        #expect(lines[1].contains("x,y \"q\"") && lines[1].hasSuffix("-"))
        #expect(OutputFormat.table.render([]) == "(none)\n")
    }

    @Test("errors become one line naming the thing and the fix, with the right exit code")
    func humanErrors() {
        let config = HumanError.describe(OpenStackError(code: .configuration, message: "clouds.yaml: cloud 'x' not found"))
        #expect(config.message.contains("cloud 'x' not found") && config.hint?.contains("clouds.yaml") == true)
        #expect(config.exit == .usage)
        let auth = HumanError.describe(OpenStackError(code: .authentication, message: "The request you have made requires authentication.", status: 401))
        #expect(auth.message.hasPrefix("authentication failed") && auth.hint?.contains("password") == true)
        let flavor = HumanError.describe(OpenStackError(code: .notFound, message: "no flavor named 'm9.huge'"))
        #expect(flavor.message == "no flavor named 'm9.huge'" && flavor.hint?.contains("list") == true)
        let quota = HumanError.describe(OpenStackError(code: .httpStatus, message: "Quota exceeded for instances: Requested 1, but already used 10 of 10 instances", status: 403))
        #expect(quota.message.hasPrefix("quota exceeded") && quota.hint != nil)
        let timeout = HumanError.describe(OperationError(code: .timedOut, message: "server 'a' did not finish within 1 s; stuck in BUILD"))
        #expect(timeout.exit == .timeout)
        #expect(!"\(HumanError.describe(JobStoreError(.notFound, "no job j")))".contains("JobStoreError"))
    }

    @Test("exit codes: the worst outcome wins")
    func exitCodes() {
        #expect(ExitStatus.combine([.success, .timeout]) == .timeout)
        #expect(ExitStatus.combine([.timeout, .failure, .success]) == .failure)
        #expect(ExitStatus.combine([.failure, .interrupted]) == .interrupted)
        #expect(ExitStatus.combine([]) == .success)
        #expect(Set(ExitStatus.allCases.map(\.rawValue)).count == ExitStatus.allCases.count)
    }
}
