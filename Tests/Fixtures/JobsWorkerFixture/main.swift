// A worker process for crash tests: runs `Effect` jobs that log their start and end to a file,
// until it is killed. Tests kill it with SIGKILL mid-run and check that nothing is lost.
//
//   stratus-jobs-fixture --sqlite PATH | --postgres URL  --effects FILE --owner NAME
//                        [--exec N] [--lease-ms MS]
import Foundation
import Logging
import StratusJobs

struct EffectParams: Codable, Sendable { var milliseconds: Int }

func argument(_ name: String) -> String? {
    let arguments = CommandLine.arguments
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
    return arguments[index + 1]
}

guard let effectsPath = argument("--effects"), let owner = argument("--owner") else {
    FileHandle.standardError.write(Data("usage: --sqlite PATH | --postgres URL --effects FILE --owner NAME\n".utf8))
    exit(2)
}
let effects = EffectLog(path: effectsPath)
var handlers = JobHandlers()
handlers.register("Effect") { (params: EffectParams, context: JobContext) in
    effects.append("start \(context.job.id) \(owner) \(context.attempt)")
    try await Task.sleep(for: .milliseconds(params.milliseconds))
    effects.append("end \(context.job.id) \(owner) \(context.attempt)")
}
var configuration = JobWorkerConfiguration()
configuration.owner = owner
configuration.execSize = Int(argument("--exec") ?? "8") ?? 8
configuration.pickSize = configuration.execSize
configuration.lease = .milliseconds(Int(argument("--lease-ms") ?? "1000") ?? 1000)
configuration.pollInterval = .milliseconds(100)

LoggingSystem.bootstrap { StreamLogHandler.standardError(label: $0) }
let frozenHandlers = handlers
let frozenConfiguration = configuration
try await FixtureStores.withStore { store in
    try await store.migrate()
    let worker = JobWorker(store: store, handlers: frozenHandlers, configuration: frozenConfiguration)
    FileHandle.standardOutput.write(Data("ready \(owner)\n".utf8))
    try await worker.run()
}
