import Foundation
import StratusCloudJobs
import StratusJobs
import StratusOpenStack
import StratusOperations
import StratusService

/// The jobs behind EIP actions: allocate (a floating IP on the external network, under a client
/// token derived from the row so a rerun adopts what an earlier run made), associate,
/// dissociate, release — each moving the EIP row to its next status.
struct EipJobs {
    static let allocate = "gateway.AllocateEip"
    static let associate = "gateway.AssociateEip"
    static let dissociate = "gateway.DissociateEip"
    static let release = "gateway.ReleaseEip"

    struct AssociateParams: Codable, Sendable { var resourceID: String; var instanceID: String }

    let gateway: Gateway

    /// The client token of the floating IP behind `row`: the row id and its creation second, so
    /// every run of the allocation (a retry, a worker restarted mid-call, a rerun of the request
    /// under its `Idempotency-Key`, which finds the same row) asks for the same floating IP, and
    /// an id that another database happened to use again does not.
    static func token(for row: ResourceRow) throws -> ClientToken {
        try ClientToken("gw-\(row.id)-\(String(Int(row.created.timeIntervalSince1970), radix: 16))")
    }

    func register(in handlers: inout JobHandlers) {
        let gateway = self.gateway
        let policy = gateway.configuration.operationPolicy
        handlers.register(Self.allocate) { (params: ResourceJobParams, context: JobContext) in
            let row = try await gateway.row(params.resourceID, expecting: "allocating")
            do {
                let network = try await gateway.cloud.network.findNetwork(gateway.configuration.externalNetwork)
                let request = FloatingIPCreateRequest(
                    floatingNetworkID: network.id, description: "stratus eip \(row.id) of project \(row.projectID)")
                let operation = try await gateway.operations.floatingIPs.create(request, policy: policy, token: try Self.token(for: row))
                if let id = operation.initial?.resourceID, row.providerID != id {
                    _ = try await gateway.store.updateResource(
                        row.id, from: ["allocating"], status: "allocating", providerID: id, jobID: nil, attributes: nil, now: Date())
                }
                let floatingIP = try await CloudJobWait.value(of: operation)
                let attributes = try Attributes.merging(row.attributes, ["address": floatingIP.floatingIPAddress])
                _ = try await gateway.store.updateResource(
                    row.id, from: ["allocating"], status: "available", providerID: floatingIP.id, jobID: nil,
                    attributes: attributes, now: Date())
            } catch {
                try await gateway.settleFailure(row, error, context: context)
                throw error
            }
        }
        handlers.register(Self.associate) { (params: AssociateParams, context: JobContext) in
            let row = try await gateway.row(params.resourceID, expecting: "associating")
            do {
                guard let floatingIPID = row.providerID,
                      let serverID = try await gateway.store.resource(params.instanceID)?.providerID
                else { throw NonRetryableJobError("eip or instance has no cloud resource") }
                let server = try await gateway.cloud.compute.server(id: serverID)
                let operation = try await gateway.operations.floatingIPs.associate(floatingIPID, to: server, policy: policy)
                let floatingIP = try await CloudJobWait.value(of: operation)
                let attributes = try Attributes.merging(
                    row.attributes, ["instanceId": params.instanceID, "address": floatingIP.floatingIPAddress, "lastError": ""])
                _ = try await gateway.store.updateResource(
                    row.id, from: ["associating"], status: "associated", providerID: nil, jobID: nil, attributes: attributes,
                    now: Date())
            } catch {
                // A failed association leaves the EIP as it was: available.
                if context.isLastTry || error is NonRetryableJobError {
                    let attributes = try Attributes.merging(
                        row.attributes, ["instanceId": "", "lastError": String(describing: error)])
                    _ = try await gateway.store.updateResource(
                        row.id, from: ["associating"], status: "available", providerID: nil, jobID: nil, attributes: attributes,
                        now: Date())
                }
                throw error
            }
        }
        handlers.register(Self.dissociate) { (params: ResourceJobParams, context: JobContext) in
            let row = try await gateway.row(params.resourceID, expecting: "dissociating")
            do {
                guard let floatingIPID = row.providerID else { throw NonRetryableJobError("eip \(row.id) has no floating IP") }
                _ = try await CloudJobWait.value(of: try await gateway.operations.floatingIPs.disassociate(floatingIPID, policy: policy))
                let attributes = try Attributes.merging(row.attributes, ["instanceId": "", "lastError": ""])
                _ = try await gateway.store.updateResource(
                    row.id, from: ["dissociating"], status: "available", providerID: nil, jobID: nil, attributes: attributes,
                    now: Date())
            } catch {
                if context.isLastTry || error is NonRetryableJobError {
                    let attributes = try Attributes.merging(row.attributes, ["lastError": String(describing: error)])
                    _ = try await gateway.store.updateResource(
                        row.id, from: ["dissociating"], status: "associated", providerID: nil, jobID: nil, attributes: attributes,
                        now: Date())
                }
                throw error
            }
        }
        handlers.register(Self.release) { (params: ResourceJobParams, context: JobContext) in
            let row = try await gateway.row(params.resourceID, expecting: "releasing")
            do {
                if let floatingIPID = row.providerID {
                    try await CloudJobWait.value(of: try await gateway.operations.floatingIPs.delete(floatingIPID, policy: policy))
                }
                _ = try await gateway.store.updateResource(
                    row.id, from: ["releasing"], status: "deleted", providerID: nil, jobID: nil, attributes: nil, now: Date())
            } catch {
                try await gateway.settleFailure(row, error, context: context)
                throw error
            }
        }
    }
}
