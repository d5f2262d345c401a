import Config
import MariaDB

/// What one purge removed.
public struct PurgeReport: Sendable, Encodable {
    public var containers = 0
    public var jobs = 0
    public var idempotencyKeys = 0
    public var events = 0
    public var logs = 0
    public var tenants = 0
    public var webhooks = 0

    enum CodingKeys: String, CodingKey {
        case containers, jobs, events, logs, tenants, webhooks
        case idempotencyKeys = "idempotency_keys"
    }
}

/// Retention: deleted rows past the retention period, finished jobs, expired
/// idempotency keys, old events and the logs of purged containers. Deletes in small batches so
/// no statement holds locks for long.
public struct Purge {
    let sql: SQLAccess
    let retention: RetentionConfig
    private let batch: Int64 = 1000

    public init(database: Database, retention: RetentionConfig) {
        sql = SQLAccess(database)
        self.retention = retention
    }

    public func run(now: Timestamp = .now()) throws -> PurgeReport {
        var report = PurgeReport()
        let deletedCutoff = now.adding(seconds: -Int64(retention.deletedDays) * 86_400).sql
        report.idempotencyKeys = try repeatDelete("DELETE FROM idempotency_keys WHERE expires_at <= ? LIMIT ?", now.sql)
        report.jobs = try repeatDelete(
            "DELETE FROM jobs WHERE state = 'done' AND updated_at <= ? LIMIT ?",
            now.adding(seconds: -Int64(retention.finishedJobsHours) * 3600).sql)
        report.events = try repeatDelete(
            "DELETE FROM events WHERE created_at <= ? LIMIT ?", now.adding(seconds: -Int64(retention.eventsDays) * 86_400).sql)
        // A purged container's jobs and logs go with it, a batch of containers at a time.
        while true {
            let ids = try sql.read { try $0.query(
                "SELECT id FROM containers WHERE desired_state = 'deleted' AND deleted_at <= ? LIMIT ?",
                [.text(deletedCutoff), .int(batch)]
            ) }.map { SQLValue.text(try $0.require("id")) }
            if ids.isEmpty { break }
            let placeholders = Array(repeating: "?", count: ids.count).joined(separator: ", ")
            // A container and what hangs off it go in one transaction.
            let removed = try sql.write { connection in
                (jobs: try connection.execute("DELETE FROM jobs WHERE container_id IN (\(placeholders))", ids).affectedRows,
                 logs: try connection.execute("DELETE FROM container_logs WHERE container_id IN (\(placeholders))", ids).affectedRows,
                 containers: try connection.execute("DELETE FROM containers WHERE id IN (\(placeholders))", ids).affectedRows)
            }
            report.jobs += Int(removed.jobs)
            report.logs += Int(removed.logs)
            report.containers += Int(removed.containers)
        }
        report.tenants = try purgeTenants(deletedBefore: deletedCutoff)
        report.webhooks = try repeatDelete("DELETE FROM webhooks WHERE deleted_at <= ? LIMIT ?", deletedCutoff)
        return report
    }

    /// Tenants deleted before the cutoff whose containers are all purged, with their tokens; a
    /// batch at a time. Their events stay until the events retention removes them.
    private func purgeTenants(deletedBefore cutoff: String) throws -> Int {
        var total = 0
        while true {
            let ids = try sql.read { try $0.query(
                """
                SELECT id FROM tenants t WHERE status = 'deleted' AND deleted_at <= ?
                  AND NOT EXISTS (SELECT 1 FROM containers c WHERE c.tenant_id = t.id) LIMIT ?
                """, [.text(cutoff), .int(batch)]
            ) }.map { SQLValue.text(try $0.require("id")) }
            if ids.isEmpty { return total }
            let placeholders = Array(repeating: "?", count: ids.count).joined(separator: ", ")
            total += Int(try sql.write { connection in
                try connection.execute("DELETE FROM api_tokens WHERE tenant_id IN (\(placeholders))", ids)
                try connection.execute("DELETE FROM allocations WHERE tenant_id IN (\(placeholders))", ids)
                return try connection.execute("DELETE FROM tenants WHERE id IN (\(placeholders)) AND status = 'deleted'", ids).affectedRows
            })
        }
    }

    private func repeatDelete(_ statement: String, _ cutoff: String) throws -> Int {
        var total = 0
        while true {
            let removed = Int(try sql.write { try $0.execute(statement, [.text(cutoff), .int(batch)]) }.affectedRows)
            total += removed
            if removed < batch { return total }
        }
    }
}
