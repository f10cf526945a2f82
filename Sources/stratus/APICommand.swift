import ArgumentParser
import Foundation
import StratusService

/// `stratus api ACTION [Name=value ...]`: one signed call to an action API — the "tiny signed
/// request helper" for people and scripts. Credentials come from the environment
/// (`STRATUS_ENDPOINT`, `STRATUS_ACCESS_KEY_ID`, `STRATUS_SECRET_KEY`), as `serve` writes them.
struct APICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "api",
        abstract: "Call an action on a Stratus API with a signed request.",
        discussion: """
            Values are JSON when they parse as JSON (Count=2, InstanceIds='["i-1"]'), else strings.
            Exit status: 0 when the answer's code is 0, 1 otherwise, 2 for bad usage.
            """)

    @Argument(help: "The action, e.g. DescribeJobs.")
    var action: String

    @Argument(help: "Parameters as Name=value.")
    var parameters: [String] = []

    @Option(help: "Idempotency-Key header (makes a retried POST safe).")
    var idempotencyKey: String?

    @Option(help: "API base URL (default $STRATUS_ENDPOINT).")
    var endpoint: String?

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        guard let base = endpoint ?? environment["STRATUS_ENDPOINT"],
              let keyID = environment["STRATUS_ACCESS_KEY_ID"], let secret = environment["STRATUS_SECRET_KEY"]
        else {
            throw ValidationError("set STRATUS_ENDPOINT, STRATUS_ACCESS_KEY_ID and STRATUS_SECRET_KEY (source .stratus/manage.env)")
        }
        var params: [String: Any] = [:]
        for parameter in parameters {
            guard let equals = parameter.firstIndex(of: "=") else {
                throw ValidationError("parameter \(parameter) is not Name=value")
            }
            let name = String(parameter[..<equals])
            let raw = String(parameter[parameter.index(after: equals)...])
            params[name] = (try? JSONSerialization.jsonObject(with: Data(raw.utf8), options: [.fragmentsAllowed])) ?? raw
        }
        let client = ActionClient(baseURL: base, accessKeyID: keyID, secret: secret)
        let answer = try await client.call(action, params, idempotencyKey: idempotencyKey)
        if let object = answer.json,
           let pretty = try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys]) {
            FileHandle.standardOutput.write(pretty + Data("\n".utf8))
        } else {
            FileHandle.standardOutput.write(Data(answer.body) + Data("\n".utf8))
        }
        if answer.code != 0 { throw ExitCode(1) }
    }
}
