// The ceiling for the service benchmark: the smallest Hummingbird 2 server, answering
// `POST /` with a fixed small JSON body. Same framework, same machine, same wrk.
//
//   stratus-bench-hello PORT
import Foundation
import Hummingbird

let port = Int(CommandLine.arguments.dropFirst().first ?? "8090") ?? 8090
let router = Router()
router.post("/") { _, _ -> Response in
    var headers = HTTPFields()
    headers[.contentType] = "application/json"
    return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: #"{"code":0,"data":{"hello":"world"}}"#)))
}
let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)))
try await app.runService()
