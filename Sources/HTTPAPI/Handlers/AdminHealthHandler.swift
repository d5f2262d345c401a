import Core
import Store

/// `GET /v1/admin/health`: the database's reachability and latency, and per host how fresh its
/// reconciler is and how far its queue lags (the admin hosts view). `GET /v1/health` stays the
/// cheap liveness check; an unreachable database answers 503 here too.
enum AdminHealthHandler {
    static func health(_ context: RequestContext) throws -> HTTPResponse {
        let database = context.services.database
        let latency = try ContinuousClock().measure { try database.ping() }
        let hosts = try HostAdminView.read(database).map(HostHealth.init)
        let body = AdminHealth(database: DatabaseHealth(up: true, latencySeconds: latency.inSeconds), hosts: hosts)
        return HTTPResponse(status: 200, json: try context.services.encode(body))
    }
}

private struct AdminHealth: Encodable {
    let database: DatabaseHealth
    let hosts: [HostHealth]
}

private struct DatabaseHealth: Encodable {
    let up: Bool
    let latencySeconds: Double

    enum CodingKeys: String, CodingKey {
        case up
        case latencySeconds = "latency_seconds"
    }
}

/// What the health route shows of a host: its reconciler's freshness and its queue's lag.
private struct HostHealth: Encodable {
    let view: HostAdminView

    init(_ view: HostAdminView) { self.view = view }

    enum CodingKeys: String, CodingKey {
        case region, enabled
        case hostKey = "host_key"
        case lastSeenAt = "last_seen_at"
        case secondsSinceSeen = "seconds_since_seen"
        case lastRunAt = "last_run_at"
        case lastRunOutcome = "last_run_outcome"
        case queuedJobs = "queued_jobs"
        case oldestQueuedSeconds = "oldest_queued_seconds"
    }

    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(view.host.hostKey, forKey: .hostKey)
        try c.encode(view.host.region, forKey: .region)
        try c.encode(view.host.enabled, forKey: .enabled)
        try c.encode(view.host.lastSeenAt, forKey: .lastSeenAt)
        try c.encode(view.secondsSinceSeen, forKey: .secondsSinceSeen)
        try c.encode(view.lastRunAt, forKey: .lastRunAt)
        try c.encode(view.lastRunOutcome, forKey: .lastRunOutcome)
        try c.encode(view.queuedJobs, forKey: .queuedJobs)
        try c.encode(view.oldestQueuedSeconds, forKey: .oldestQueuedSeconds)
    }
}

extension Duration {
    /// The duration in seconds, as a JSON number.
    var inSeconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
