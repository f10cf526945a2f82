import Foundation

/// The manage API's actions, which every service built on the framework has: projects, access
/// keys, quotas.
public enum ManageActions {
    struct CreateProject: Decodable { var ProjectId: String; var Name: String? }
    struct DescribeProjects: Decodable { var Limit: Int?; var Offset: Int? }
    struct CreateAccessKey: Decodable { var ProjectId: String; var ExpiresInSeconds: Int? }
    struct DeleteAccessKey: Decodable { var AccessKeyId: String }
    struct UpdateQuota: Decodable { var ProjectId: String; var Quotas: [String: QuotaLimit] }
    struct DescribeQuotas: Decodable { var ProjectId: String }
    struct QuotaLimit: Codable { var Count: Int; var TotalSize: Int? }

    struct ProjectView: Encodable { var ProjectId: String; var Name: String; var Created: Date }
    struct ProjectsView: Encodable { var Projects: [ProjectView]; var Total: Int }
    struct AccessKeyView: Encodable {
        var AccessKeyId: String
        var Secret: String?
        var ProjectId: String?
        var Scope: String
        var Expires: Date?
    }
    struct QuotaView: Encodable { var ProjectId: String; var Quotas: [String: QuotaUsage] }
    struct QuotaUsage: Encodable { var Limit: Int; var InUse: Int; var TotalSizeLimit: Int?; var TotalSizeInUse: Int }
    struct Empty: Encodable {}

    /// Registers `CreateProject`, `DescribeProjects`, `CreateAccessKey`, `DeleteAccessKey`,
    /// `UpdateQuota` and `DescribeQuotas` on `router`; new projects get `defaultQuota`.
    public static func register(
        in router: inout ActionRouter, store: any ServiceStore, defaultQuota: Quota, now: @escaping @Sendable () -> Date = { Date() }
    ) {
        router.register("CreateProject") { (params: CreateProject, _: ActionContext) -> ProjectView in
            try Check.text("ProjectId", params.ProjectId, max: 64)
            guard params.ProjectId.utf8.allSatisfy({ $0 == 45 || $0 == 95 || ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 122) }) else {
                throw APIError.invalid("ProjectId", "lowercase letters, digits, '-' and '_' only")
            }
            let project = Project(id: params.ProjectId, name: params.Name ?? params.ProjectId, created: now())
            try await store.createProject(project, quota: defaultQuota)
            return ProjectView(ProjectId: project.id, Name: project.name, Created: project.created)
        }
        router.register("DescribeProjects") { (params: DescribeProjects, _: ActionContext) -> ProjectsView in
            let limit = params.Limit ?? 100
            try Check.range("Limit", limit, 1...1000)
            let page = try await store.projects(limit: limit, offset: max(0, params.Offset ?? 0))
            return ProjectsView(
                Projects: page.projects.map { ProjectView(ProjectId: $0.id, Name: $0.name, Created: $0.created) },
                Total: page.total)
        }
        router.register("CreateAccessKey") { (params: CreateAccessKey, context: ActionContext) -> AccessKeyView in
            var expires: Date?
            if let seconds = params.ExpiresInSeconds {
                try Check.range("ExpiresInSeconds", seconds, 60...(10 * 365 * 86_400))
                expires = now().addingTimeInterval(Double(seconds))
            }
            let key = AccessKey.generate(scope: .project, projectID: params.ProjectId, now: now(), expires: expires)
            try await store.createAccessKey(key)
            context.logger.info("access key created", metadata: ["access_key": "\(key.id)", "project_id": "\(params.ProjectId)"])
            // The only answer that ever carries the secret.
            return AccessKeyView(AccessKeyId: key.id, Secret: key.secret, ProjectId: key.projectID, Scope: key.scope.rawValue, Expires: key.expires)
        }
        router.register("DeleteAccessKey") { (params: DeleteAccessKey, context: ActionContext) -> Empty in
            try Check.text("AccessKeyId", params.AccessKeyId, max: 64)
            if params.AccessKeyId == context.accessKeyID {
                throw APIError(.busyOrForbidden, "a key cannot delete itself")
            }
            try await store.deleteAccessKey(params.AccessKeyId)
            return Empty()
        }
        router.register("UpdateQuota") { (params: UpdateQuota, _: ActionContext) -> QuotaView in
            for (kind, limit) in params.Quotas {
                try Check.text("Quotas key", kind, max: 32)
                try Check.range("Quotas.\(kind).Count", limit.Count, 0...1_000_000)
                if let size = limit.TotalSize { try Check.range("Quotas.\(kind).TotalSize", size, 0...1_000_000_000) }
            }
            let quota = Quota(limits: params.Quotas.mapValues { Quota.Limit(count: $0.Count, totalSize: $0.TotalSize) })
            try await store.setQuota(quota, projectID: params.ProjectId)
            return try await quotaView(store: store, projectID: params.ProjectId)
        }
        router.register("DescribeQuotas") { (params: DescribeQuotas, _: ActionContext) -> QuotaView in
            guard try await store.project(params.ProjectId) != nil else {
                throw APIError(.projectNotFound, "project \(params.ProjectId) not found")
            }
            return try await quotaView(store: store, projectID: params.ProjectId)
        }
    }

    /// The quota and usage of a project, per kind.
    static func quotaView(store: any ServiceStore, projectID: String) async throws -> QuotaView {
        let quota = try await store.quota(projectID: projectID)
        let usage = try await store.usage(projectID: projectID)
        var kinds: [String: QuotaUsage] = [:]
        for (kind, limit) in quota.limits {
            let used = usage[kind] ?? Usage(count: 0, totalSize: 0)
            kinds[kind] = QuotaUsage(Limit: limit.count, InUse: used.count, TotalSizeLimit: limit.totalSize, TotalSizeInUse: used.totalSize)
        }
        return QuotaView(ProjectId: projectID, Quotas: kinds)
    }

    /// Public-API `DescribeQuotas` for the caller's own project.
    public static func registerOwnQuotas(in router: inout ActionRouter, store: any ServiceStore) {
        struct Params: Decodable {}
        router.register("DescribeQuotas") { (_: Params, context: ActionContext) -> QuotaView in
            try await quotaView(store: store, projectID: try context.requireProject())
        }
    }

    /// On first start, creates a manage key and returns it (its secret is shown once); nil when
    /// one exists already.
    public static func bootstrapManageKey(store: any ServiceStore, now: Date = Date()) async throws -> AccessKey? {
        guard try await !store.hasManageKey() else { return nil }
        let key = AccessKey.generate(scope: .manage, projectID: nil, now: now)
        try await store.createAccessKey(key)
        return key
    }
}
