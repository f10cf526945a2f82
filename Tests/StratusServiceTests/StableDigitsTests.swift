import Logging
import StratusService
import Testing

/// `ActionContext.stableDigits`: the same for every run of one request, different for anything
/// else — the property the gateway's rerun-safe ids rest on.
@Suite("ActionContext.stableDigits")
struct StableDigitsTests {
    static func context(project: String? = "p", key: String? = "K", fingerprint: String? = "f1",
                        api: APIKind = .public) -> ActionContext {
        ActionContext(api: api, action: "RunInstances", contextID: "ctx-1", projectID: project, accessKeyID: "AK1",
                      idempotencyKey: key, logger: Logger(label: "test"), requestFingerprint: fingerprint)
    }

    @Test("same request, same digits; any other caller, key, body, API or salt, other digits; no key, nil")
    func stability() throws {
        let digits = try #require(Self.context().stableDigits("instance#0"))
        #expect(digits.count == 12 && digits.allSatisfy(\.isHexDigit))
        #expect(Self.context().stableDigits("instance#0") == digits)
        let others = [
            Self.context().stableDigits("instance#1"),
            Self.context(project: "q").stableDigits("instance#0"),
            Self.context(key: "L").stableDigits("instance#0"),
            Self.context(fingerprint: "f2").stableDigits("instance#0"),
            Self.context(api: .manage).stableDigits("instance#0"),
        ]
        #expect(others.allSatisfy { $0 != nil && $0 != digits })
        #expect(Set(others).count == others.count)
        #expect(Self.context(key: nil).stableDigits("instance#0") == nil)
        #expect(Self.context().stableDigits("job#0", count: 24)?.count == 24)
    }
}
