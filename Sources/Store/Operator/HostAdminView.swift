import Core
import MariaDB

/// A host as operators see it: the tenant view, the capacity overrides, why its egress rules could
/// not be applied, how its reconciler's last run ended, and its queue (pending jobs and the age of
/// the oldest). The health route and the metrics read the same view.
public struct HostAdminView: Sendable, Hashable, Encodable {
    public let host: HostView
    public let cpuCountOverride: Int64?
    public let memBytesOverride: Int64?
    public let policyError: String?
    public let policyErrorAt: String?
    public let lastRunAt: String?
    public let lastRunOutcome: String?
    public let lastRunDetail: String?
    public let queuedJobs: Int64
    public let oldestQueuedSeconds: Double?
    /// Seconds since the reconciler last reported, on the database's clock (not in the hosts list).
    public let secondsSinceSeen: Double?
    /// Seconds since the host was added, on the database's clock (not in the hosts list).
    public let secondsSinceAdded: Double

    enum CodingKeys: String, CodingKey {
        case cpuCountOverride = "cpu_count_override"
        case memBytesOverride = "mem_bytes_override"
        case policyError = "policy_error"
        case policyErrorAt = "policy_error_at"
        case lastRunAt = "last_run_at"
        case lastRunOutcome = "last_run_outcome"
        case lastRunDetail = "last_run_detail"
        case queuedJobs = "queued_jobs"
        case oldestQueuedSeconds = "oldest_queued_seconds"
    }

    public func encode(to encoder: Encoder) throws {
        try host.encode(to: encoder)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(cpuCountOverride, forKey: .cpuCountOverride)
        try c.encode(memBytesOverride, forKey: .memBytesOverride)
        try c.encode(policyError, forKey: .policyError)
        try c.encode(policyErrorAt, forKey: .policyErrorAt)
        try c.encode(lastRunAt, forKey: .lastRunAt)
        try c.encode(lastRunOutcome, forKey: .lastRunOutcome)
        try c.encode(lastRunDetail, forKey: .lastRunDetail)
        try c.encode(queuedJobs, forKey: .queuedJobs)
        try c.encode(oldestQueuedSeconds, forKey: .oldestQueuedSeconds)
    }

    /// Every host (or one), in region and key order.
    public static func read(_ database: Database, hostKey: String? = nil) throws -> [HostAdminView] {
        try read(database, where: hostKey == nil ? "1 = 1" : "host_key = ?", hostKey.map { [SQLValue.text($0)] } ?? [], limit: nil)
    }

    static let cursor = KeyOrderCursor(tag: "h1", keys: 2)

    /// Hosts in region and key order, by keyset pagination on both.
    public static func page(_ database: Database, cursor: String?, limit: Int) throws -> ListPage<HostAdminView> {
        let after = try cursor.map(Self.cursor.decode)
        let hosts = try read(database, where: after == nil ? "1 = 1" : "(region, host_key) > (?, ?)",
                             after.map { $0.map(SQLValue.text) } ?? [], limit: limit + 1)
        let last = hosts.count > limit ? hosts[limit - 1].host : nil
        return ListPage(items: Array(hosts.prefix(limit)), nextCursor: last.map { Self.cursor.encode([$0.region, $0.hostKey]) })
    }

    private static func read(_ database: Database, where condition: String, _ parameters: [SQLValue], limit: Int?) throws -> [HostAdminView] {
        try SQLAccess(database).read { connection in
            try connection.query(
                """
                SELECT \(FleetStore.hostColumns), cpu_count_override, mem_bytes_override, policy_error, policy_error_at,
                  last_run_at, last_run_outcome, last_run_detail,
                  (SELECT COUNT(*) FROM jobs j WHERE j.host_key = hosts.host_key AND j.state = 'pending') AS queued_jobs,
                  (SELECT TIMESTAMPDIFF(MICROSECOND, MIN(j.created_at), UTC_TIMESTAMP(6)) FROM jobs j
                   WHERE j.host_key = hosts.host_key AND j.state = 'pending') AS oldest_queued_micros,
                  TIMESTAMPDIFF(MICROSECOND, last_seen_at, UTC_TIMESTAMP(6)) AS seen_micros,
                  TIMESTAMPDIFF(MICROSECOND, created_at, UTC_TIMESTAMP(6)) AS added_micros
                FROM hosts WHERE \(condition) ORDER BY region, host_key\(limit == nil ? "" : " LIMIT ?")
                """, parameters + (limit.map { [SQLValue.int(Int64($0))] } ?? []))
        }.map { row in
            HostAdminView(
                host: try HostView(row), cpuCountOverride: row.int("cpu_count_override"), memBytesOverride: row.int("mem_bytes_override"),
                policyError: row.string("policy_error"), policyErrorAt: row.string("policy_error_at").map(Timestamp.rfc3339(sql:)),
                lastRunAt: row.string("last_run_at").map(Timestamp.rfc3339(sql:)), lastRunOutcome: row.string("last_run_outcome"),
                lastRunDetail: row.string("last_run_detail"), queuedJobs: row.int("queued_jobs") ?? 0,
                oldestQueuedSeconds: row.int("oldest_queued_micros").map { Double($0) / 1_000_000 },
                secondsSinceSeen: row.int("seen_micros").map { Double($0) / 1_000_000 },
                secondsSinceAdded: Double(row.int("added_micros") ?? 0) / 1_000_000)
        }
    }
}
