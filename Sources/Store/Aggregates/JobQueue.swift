import Core
import MariaDB

/// The job queue table: at most one pending job per container; a newer change
/// supersedes the pending one in place, so a tenant cannot flood the queue.
public struct JobQueue {
    let connection: Connection

    init(_ connection: Connection) { self.connection = connection }

    /// Enqueues the container's job for `generation`, or moves its pending job to it. Callers hold
    /// the container row's lock, so two changes of one container never race here; a worker that
    /// leases the pending job meanwhile makes the update miss, and a new pending job is inserted.
    func enqueue(containerID: String, hostKey: String, generation: Int64, now: Timestamp) throws {
        let superseded = try connection.execute(
            "UPDATE jobs SET generation = ?, run_after = ?, attempts = 0, updated_at = ? WHERE pending_container = ?",
            [.int(generation), .text(now.sql), .text(now.sql), .text(containerID)])
        guard superseded.affectedRows == 0 else { return }
        try connection.execute(
            """
            INSERT INTO jobs (container_id, host_key, generation, state, attempts, run_after, created_at, updated_at)
            VALUES (?, ?, ?, 'pending', 0, ?, ?, ?)
            """,
            [.text(containerID), .text(hostKey), .int(generation), .text(now.sql), .text(now.sql), .text(now.sql)])
    }
}

/// A job leased by one worker.
public struct ClaimedJob: Sendable, Hashable {
    public let id: Int64
    public let containerID: String
    public let generation: Int64
}

/// A runnable job of the host, for the fair pick.
public struct RunnableJob: Sendable, Hashable {
    public let id: Int64
    public let containerID: String
    public let tenantID: String
}

extension JobQueue {
    /// The host's runnable jobs whose container nobody holds, oldest first, at most `perTenant`
    /// of each tenant (so a tenant's long queue never hides the others'). Read without locks:
    /// `claim` takes each one for real.
    public static func runnable(_ database: Database, hostKey: String, perTenant: Int) throws -> [RunnableJob] {
        try database.read { connection in
            try connection.query(
                """
                SELECT id, container_id, tenant_id FROM (
                  SELECT j.id, j.container_id, c.tenant_id, ROW_NUMBER() OVER (PARTITION BY c.tenant_id ORDER BY j.id) AS position
                  FROM jobs j JOIN containers c ON c.id = j.container_id
                  WHERE j.host_key = ?
                    AND ((j.state = 'pending' AND j.run_after <= UTC_TIMESTAMP(6)) OR (j.state = 'leased' AND j.lease_expires_at <= UTC_TIMESTAMP(6)))
                    AND (c.lease_owner IS NULL OR c.lease_expires_at <= UTC_TIMESTAMP(6))
                ) runnable WHERE position <= ? ORDER BY id
                """, [.text(hostKey), .int(Int64(perTenant))]
            ).map { RunnableJob(id: $0.int("id") ?? 0, containerID: try $0.require("container_id"), tenantID: try $0.require("tenant_id")) }
        }
    }

    /// Leases a runnable job and its container in one short transaction that commits before any
    /// Docker call. Nil when another worker took either first (locked rows are skipped, so any
    /// number of workers can drain one host without double work).
    public static func claim(_ database: Database, _ job: RunnableJob, owner: String, seconds: Int) throws -> ClaimedJob? {
        try database.transaction { connection in
            guard let row = try connection.queryFirst(
                """
                SELECT id, container_id, generation FROM jobs
                WHERE id = ? AND ((state = 'pending' AND run_after <= UTC_TIMESTAMP(6)) OR (state = 'leased' AND lease_expires_at <= UTC_TIMESTAMP(6)))
                FOR UPDATE SKIP LOCKED
                """, [.int(job.id)])
            else { return nil }
            let container = try connection.execute(
                """
                UPDATE containers SET lease_owner = ?, lease_expires_at = UTC_TIMESTAMP(6) + INTERVAL ? SECOND
                WHERE id = ? AND (lease_owner IS NULL OR lease_expires_at <= UTC_TIMESTAMP(6))
                """, [.text(owner), .int(Int64(seconds)), .text(job.containerID)])
            guard container.affectedRows == 1 else { return nil }
            try connection.execute(
                """
                UPDATE jobs SET state = 'leased', lease_owner = ?, lease_expires_at = UTC_TIMESTAMP(6) + INTERVAL ? SECOND,
                  attempts = attempts + 1, updated_at = UTC_TIMESTAMP(6)
                WHERE id = ?
                """, [.text(owner), .int(Int64(seconds)), .int(job.id)])
            return ClaimedJob(id: job.id, containerID: try row.require("container_id"), generation: row.int("generation") ?? 0)
        }
    }

    /// Marks a leased job done (applied, failed, or superseded by a newer generation).
    func complete(_ job: ClaimedJob, owner: String, error: String? = nil) throws {
        try connection.execute(
            """
            UPDATE jobs SET state = 'done', lease_owner = NULL, lease_expires_at = NULL, last_error = ?, updated_at = UTC_TIMESTAMP(6)
            WHERE id = ? AND lease_owner = ?
            """, [SQLValue(error.map(TextColumn.errorText.fit)), .int(job.id), .text(owner)])
    }

    /// Completes a job that needs no convergence (superseded, or its container gone) and releases
    /// its container's lease.
    public static func finish(_ database: Database, _ job: ClaimedJob, owner: String) throws {
        try database.transaction { connection in
            try JobQueue(connection).complete(job, owner: owner)
            try connection.execute(
                "UPDATE containers SET lease_owner = NULL, lease_expires_at = NULL WHERE id = ? AND lease_owner = ?",
                [.text(job.containerID), .text(owner)])
        }
    }

    /// Puts a leased job back to wait `seconds` (its tenant's pull is busy), releasing its
    /// container; when a newer job of the container is pending already, this one is done instead.
    public static func postpone(_ database: Database, _ job: ClaimedJob, owner: String, seconds: Int) throws {
        try database.transaction { connection in
            do {
                try connection.execute(
                    """
                    UPDATE jobs SET state = 'pending', run_after = UTC_TIMESTAMP(6) + INTERVAL ? SECOND, lease_owner = NULL,
                      lease_expires_at = NULL, updated_at = UTC_TIMESTAMP(6)
                    WHERE id = ? AND lease_owner = ?
                    """, [.int(Int64(seconds)), .int(job.id), .text(owner)])
            } catch let error as MariaDBError where error.isDuplicateKey {
                try JobQueue(connection).complete(job, owner: owner)
            }
            try connection.execute(
                "UPDATE containers SET lease_owner = NULL, lease_expires_at = NULL WHERE id = ? AND lease_owner = ?",
                [.text(job.containerID), .text(owner)])
        }
    }

    /// Extends the owner's unexpired job leases on the host.
    public static func renew(_ database: Database, hostKey: String, owner: String, seconds: Int) throws {
        try database.transaction { connection in
            try connection.execute(
                """
                UPDATE jobs SET lease_expires_at = UTC_TIMESTAMP(6) + INTERVAL ? SECOND
                WHERE host_key = ? AND state = 'leased' AND lease_owner = ? AND lease_expires_at > UTC_TIMESTAMP(6)
                """, [.int(Int64(seconds)), .text(hostKey), .text(owner)])
        }
    }

    /// The owners of this host's job leases, to find those whose process died.
    public static func leaseOwners(_ database: Database, hostKey: String) throws -> [String] {
        try database.read { connection in
            try connection.query(
                "SELECT DISTINCT lease_owner FROM jobs WHERE host_key = ? AND state = 'leased' AND lease_owner IS NOT NULL",
                [.text(hostKey)]
            ).map { try $0.require("lease_owner") }
        }
    }

    /// Makes a dead owner's job leases claimable at once.
    public static func expireLeases(_ database: Database, owner: String) throws {
        try database.transaction { connection in
            try connection.execute(
                "UPDATE jobs SET lease_expires_at = UTC_TIMESTAMP(6) WHERE state = 'leased' AND lease_owner = ?", [.text(owner)])
        }
    }
}
