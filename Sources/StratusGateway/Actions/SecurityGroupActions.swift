import Foundation
import StratusJobs
import StratusOpenStack
import StratusService

/// `CreateSecurityGroup`, `DescribeSecurityGroups`, `DeleteSecurityGroups`,
/// `AuthorizeSecurityGroupRule`, `RevokeSecurityGroupRule`: Neutron security groups, created and
/// changed synchronously (no jobs), each recorded in a row with the cloud's id.
///
/// A group's row (`sg-…`) is `creating` while Neutron is asked, then `available`; `deleting`
/// while it is deleted, then `deleted`. Each rule is a row of its own (`sgr-…`, kind
/// `securitygrouprule`) with the Neutron rule id. The Neutron group is named after the row id, so
/// a call whose answer was lost is found by name and adopted instead of made twice.
struct SecurityGroupActions {
    let gateway: Gateway

    struct CreateSecurityGroup: Decodable { var Name: String; var Description: String? }
    struct DescribeSecurityGroups: Decodable { var SecurityGroupIds: [String]?; var Limit: Int?; var Offset: Int? }
    struct DeleteSecurityGroups: Decodable { var SecurityGroupIds: [String] }
    struct RuleParams: Decodable {
        var SecurityGroupId: String
        /// `Protocol` in the request (a word Swift keeps for itself).
        var ProtocolName: String?
        var PortMin: Int?
        var PortMax: Int?
        var Cidr: String?
        var Direction: String?
        /// Revoke only: the rule's id, instead of its fields.
        var RuleId: String?

        enum CodingKeys: String, CodingKey {
            case SecurityGroupId, ProtocolName = "Protocol", PortMin, PortMax, Cidr, Direction, RuleId
        }
    }

    /// A rule as the actions show it.
    struct RuleView: Encodable {
        var RuleId: String
        var ProtocolName: String
        var PortMin: Int?
        var PortMax: Int?
        var Cidr: String
        var Direction: String
        var ProviderId: String?

        enum CodingKeys: String, CodingKey {
            case RuleId, ProtocolName = "Protocol", PortMin, PortMax, Cidr, Direction, ProviderId
        }
    }
    /// A security group as the actions show it.
    struct GroupView: Encodable {
        var Id: String
        var Name: String
        var Description: String
        var Status: String
        var ProviderId: String?
        var Rules: [RuleView]
        var Created: Date
        var Updated: Date
    }
    struct DescribeResult: Encodable { var Items: [GroupView]; var Total: Int }

    func register(in router: inout ActionRouter) {
        let gateway = self.gateway
        router.register("CreateSecurityGroup") { (params: CreateSecurityGroup, context: ActionContext) -> GroupView in
            try Check.name("Name", params.Name)
            if let description = params.Description { try Check.freeText("Description", description) }
            return try await gateway.createSecurityGroup(name: params.Name, description: params.Description ?? "", context: context)
        }
        router.register("DescribeSecurityGroups") { (params: DescribeSecurityGroups, context: ActionContext) -> DescribeResult in
            let projectID = try context.requireProject()
            if let ids = params.SecurityGroupIds { _ = try Gateway.uniqueIDs("SecurityGroupIds", ids, max: 1000) }
            let (rows, total) = try await gateway.describeRows(
                ResourceKind.securityGroup, ids: params.SecurityGroupIds, statuses: nil,
                paging: try Paging(limit: params.Limit, offset: params.Offset), context: context)
            let rules = try await gateway.ruleRows(projectID: projectID)
            return DescribeResult(Items: rows.map { Self.view($0, rules: rules) }, Total: total)
        }
        router.register("DeleteSecurityGroups") { (params: DeleteSecurityGroups, context: ActionContext) -> [APIError.ItemOutcome] in
            let projectID = try context.requireProject()
            let ids = try Gateway.uniqueIDs("SecurityGroupIds", params.SecurityGroupIds)
            return try await gateway.outcomes(ids) { id in
                try await gateway.deleteSecurityGroup(id, projectID: projectID)
            }
        }
        router.register("AuthorizeSecurityGroupRule") { (params: RuleParams, context: ActionContext) -> RuleView in
            let projectID = try context.requireProject()
            let rule = try SecurityGroupRuleSpec(params)
            guard params.RuleId == nil else { throw APIError.invalid("RuleId", "only RevokeSecurityGroupRule takes a RuleId") }
            let group = try await gateway.owned(ResourceKind.securityGroup, params.SecurityGroupId, projectID: projectID)
            guard group.status == "available" else {
                throw APIError(.busyOrForbidden, "security group \(group.id) is \(group.status); it must be available")
            }
            return try await gateway.authorize(rule, in: group, context: context)
        }
        router.register("RevokeSecurityGroupRule") { (params: RuleParams, context: ActionContext) -> RuleView in
            let projectID = try context.requireProject()
            try Check.text("SecurityGroupId", params.SecurityGroupId, max: 64)
            var spec: SecurityGroupRuleSpec?
            if let ruleID = params.RuleId {
                try Check.text("RuleId", ruleID, max: 64)
            } else {
                spec = try SecurityGroupRuleSpec(params)
            }
            let group = try await gateway.owned(ResourceKind.securityGroup, params.SecurityGroupId, projectID: projectID)
            guard group.status == "available" else {
                throw APIError(.busyOrForbidden, "security group \(group.id) is \(group.status); it must be available")
            }
            let rules = try await gateway.ruleRows(projectID: projectID).filter {
                Attributes.value($0.attributes, "securityGroupId") == group.id
            }
            let match = rules.first { row in
                if let ruleID = params.RuleId { return row.id == ruleID }
                return spec.map { SecurityGroupRuleSpec(row: row) == $0 } ?? false
            }
            guard let match else {
                throw APIError(.notFound, "security group \(group.id) has no such rule\(params.RuleId.map { " \($0)" } ?? "")")
            }
            return try await gateway.revoke(match)
        }
    }

    static func view(_ row: ResourceRow, rules: [ResourceRow]) -> GroupView {
        GroupView(
            Id: row.id, Name: row.name, Description: Attributes.value(row.attributes, "description") ?? "", Status: row.status,
            ProviderId: row.providerID,
            Rules: rules.filter { Attributes.value($0.attributes, "securityGroupId") == row.id }.map(ruleView),
            Created: row.created, Updated: row.updated)
    }

    static func ruleView(_ row: ResourceRow) -> RuleView {
        let spec = SecurityGroupRuleSpec(row: row)
        return RuleView(
            RuleId: row.id, ProtocolName: spec.protocolName, PortMin: spec.portMin, PortMax: spec.portMax, Cidr: spec.cidr,
            Direction: spec.direction, ProviderId: row.providerID)
    }
}

/// Kinds of rows besides the public ones.
extension ResourceKind {
    /// A rule of a security group (no quota of its own).
    static let securityGroupRule = "securitygrouprule"
}

extension Gateway {
    func createSecurityGroup(name: String, description: String, context: ActionContext) async throws -> SecurityGroupActions.GroupView {
        let projectID = try context.requireProject()
        let now = Date()
        let id = ResourceKind.id(ResourceKind.securityGroup, index: 0, context: context)
        let planned = ResourceRow(
            id: id, projectID: projectID, kind: ResourceKind.securityGroup, status: "creating", name: name,
            attributes: try Attributes.encode(["description": description]), created: now, updated: now)
        try await insertOnce([planned], context: context)
        guard let row = try await store.resource(id) else { throw APIError(.internalError, "security group \(id) vanished") }
        if row.status == "available" { return SecurityGroupActions.view(row, rules: []) }
        guard row.status == "creating" else { throw APIError.busy("security group", id, status: row.status) }
        do {
            let group = try await adoptOrCreateGroup(named: id, description: description)
            guard let created = try await store.updateResource(
                id, from: ["creating"], status: "available", providerID: group.id, jobID: nil, attributes: nil, now: Date())
            else { throw APIError.busy("security group", id, status: "changed") }
            return SecurityGroupActions.view(created, rules: [])
        } catch {
            // The row holds no quota in `error`; DeleteSecurityGroups clears it (and anything the
            // cloud made after all, found by name).
            let attributes = try Attributes.merging(row.attributes, ["error": String(describing: error)])
            _ = try await store.updateResource(
                id, from: ["creating"], status: "error", providerID: nil, jobID: nil, attributes: attributes, now: Date())
            throw error
        }
    }

    /// The Neutron group named `name` (the row id) if an earlier call made it, else a new one.
    private func adoptOrCreateGroup(named name: String, description: String) async throws -> SecurityGroup {
        try await callCloud("security group \(name)") {
            if let existing = try await cloud.network.securityGroups(SecurityGroupListQuery(name: name)).first { return existing }
            return try await cloud.network.createSecurityGroup(SecurityGroupCreateRequest(name: name, description: description))
        }
    }

    func deleteSecurityGroup(_ id: String, projectID: String) async throws {
        let row = try await owned(ResourceKind.securityGroup, id, projectID: projectID)
        guard !row.isBusy else { throw APIError.busy("security group", id, status: row.status) }
        let (instances, _) = try await store.resources(ResourceQuery(
            projectID: projectID, kind: ResourceKind.instance, statuses: ["creating", "active", "terminating"], limit: 1000))
        let users = instances.filter { instance in
            (Attributes.value(instance.attributes, "securityGroupIds") ?? "").split(separator: ",").contains { $0 == id }
        }.map(\.id)
        guard users.isEmpty else {
            throw APIError(.busyOrForbidden, "security group \(id) is used by \(users.joined(separator: ", ")); terminate them first")
        }
        guard let deleting = try await store.updateResource(
            id, from: ["available", "error"], status: "deleting", providerID: nil, jobID: nil, attributes: nil, now: Date())
        else { throw APIError.busy("security group", id, status: row.status) }
        do {
            var cloudID = row.providerID
            if cloudID == nil {
                // A create whose answer was lost: the group, if the cloud made it, bears the row id.
                cloudID = try await callCloud("security group \(id)") {
                    try await cloud.network.securityGroups(SecurityGroupListQuery(name: id)).first?.id
                }
            }
            if let cloudID {
                do {
                    try await callCloud("security group \(id)") { try await cloud.network.deleteSecurityGroup(id: cloudID) }
                } catch let error as APIError where error.code == .notFound {
                    // Already gone: what we wanted.
                }
            }
        } catch {
            _ = try await store.updateResource(
                id, from: ["deleting"], status: row.status, providerID: nil, jobID: nil, attributes: deleting.attributes, now: Date())
            throw error
        }
        for rule in try await ruleRows(projectID: projectID) where Attributes.value(rule.attributes, "securityGroupId") == id {
            _ = try await store.updateResource(
                rule.id, from: nil, status: "deleted", providerID: nil, jobID: nil, attributes: nil, now: Date())
        }
        _ = try await store.updateResource(
            id, from: ["deleting"], status: "deleted", providerID: nil, jobID: nil, attributes: nil, now: Date())
    }

    func authorize(_ rule: SecurityGroupRuleSpec, in group: ResourceRow, context: ActionContext) async throws
        -> SecurityGroupActions.RuleView
    {
        guard let groupCloudID = group.providerID else {
            throw APIError(.busyOrForbidden, "security group \(group.id) has no cloud group")
        }
        let existing = try await ruleRows(projectID: group.projectID).filter {
            Attributes.value($0.attributes, "securityGroupId") == group.id && SecurityGroupRuleSpec(row: $0) == rule
        }
        let id = context.stableDigits("\(ResourceKind.securityGroupRule)#0").map { "sgr-" + $0 } ?? Self.newRuleID()
        if let same = existing.first {
            // A rerun of this very request (same stable id) finishes or answers as the first run;
            // anything else is a duplicate.
            guard same.id == id else {
                throw APIError(.busyOrForbidden, "security group \(group.id) already has this rule (\(same.id))")
            }
            if same.status == "available" { return SecurityGroupActions.ruleView(same) }
        }
        let now = Date()
        let row = ResourceRow(
            id: id, projectID: group.projectID, kind: ResourceKind.securityGroupRule, status: "creating", name: rule.summary,
            attributes: try Attributes.encode(rule.attributes(securityGroupID: group.id)), created: now, updated: now)
        try await insertOnce([row], context: context)
        do {
            let created = try await callCloud("rule of security group \(group.id)") {
                do {
                    return try await cloud.network.createSecurityGroupRule(rule.request(securityGroupID: groupCloudID))
                } catch let error as OpenStackError where error.isConflict {
                    // The same rule exists in the cloud (an earlier run's call whose answer was lost): adopt it.
                    let group = try await cloud.network.securityGroup(id: groupCloudID)
                    guard let same = group.rules.first(where: { rule.matches($0) }) else { throw error }
                    return same
                }
            }
            guard let stored = try await store.updateResource(
                id, from: ["creating"], status: "available", providerID: created.id, jobID: nil, attributes: nil, now: Date())
            else { throw APIError.busy("rule", id, status: "changed") }
            return SecurityGroupActions.ruleView(stored)
        } catch {
            _ = try await store.updateResource(id, from: ["creating"], status: "deleted", providerID: nil, jobID: nil, attributes: nil, now: Date())
            throw error
        }
    }

    func revoke(_ rule: ResourceRow) async throws -> SecurityGroupActions.RuleView {
        guard !rule.isBusy else { throw APIError.busy("rule", rule.id, status: rule.status) }
        guard try await store.updateResource(
            rule.id, from: ["available"], status: "deleting", providerID: nil, jobID: nil, attributes: nil, now: Date()) != nil
        else { throw APIError.busy("rule", rule.id, status: rule.status) }
        do {
            if let cloudID = rule.providerID {
                do {
                    try await callCloud("rule \(rule.id)") { try await cloud.network.deleteSecurityGroupRule(id: cloudID) }
                } catch let error as APIError where error.code == .notFound {
                    // Already gone.
                }
            }
        } catch {
            _ = try await store.updateResource(rule.id, from: ["deleting"], status: "available", providerID: nil, jobID: nil, attributes: nil, now: Date())
            throw error
        }
        let deleted = try await store.updateResource(
            rule.id, from: ["deleting"], status: "deleted", providerID: nil, jobID: nil, attributes: nil, now: Date())
        return SecurityGroupActions.ruleView(deleted ?? rule)
    }

    /// The project's live rule rows.
    func ruleRows(projectID: String) async throws -> [ResourceRow] {
        try await store.resources(ResourceQuery(
            projectID: projectID, kind: ResourceKind.securityGroupRule, statuses: ["available", "creating", "deleting"], limit: 1000)).rows
    }

    /// Per-item outcomes of a synchronous batch (no jobs), like ``batch(_:_:)``.
    func outcomes(_ ids: [String], _ body: (String) async throws -> Void) async throws -> [APIError.ItemOutcome] {
        try await batch(ids) { id in
            try await body(id)
            return JobID(rawValue: "")
        }.map { outcome in outcome.succeeded ? APIError.ItemOutcome.success(outcome.id) : outcome }
    }

    static func newRuleID() -> String {
        var generator = SystemRandomNumberGenerator()
        let digits = String((generator.next() as UInt64) & 0xFFFF_FFFF_FFFF, radix: 16)
        return "sgr-" + String(repeating: "0", count: 12 - digits.count) + digits
    }
}

