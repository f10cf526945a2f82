import Foundation

/// What a notifier is told when a job ends in `error` (densefog's failure notification).
public struct JobFailureNotice: Sendable, Hashable, Codable {
    public var jobID: String
    public var projectID: String
    public var action: String
    public var error: String
    public var trys: Int
    public var tryMax: Int
    public var contextID: String?
    public var failedAt: Date

    public init(job: Job, error: String, failedAt: Date) {
        jobID = job.id.rawValue
        projectID = job.projectID
        action = job.action
        self.error = error
        trys = job.trys
        tryMax = job.tryMax
        contextID = job.contextID
        self.failedAt = failedAt
    }

    /// One line for people: Slack's message text.
    public var summary: String {
        var text = "Job \(jobID) (\(action), project \(projectID)) failed after \(trys) of \(tryMax) tries: \(error)"
        if let contextID { text += " [request \(contextID)]" }
        return text
    }
}
