import MariaDB

/// The job queue table (DESIGN.md §3): at most one pending job per container; a newer change
/// supersedes the pending one in place, so a tenant cannot flood the queue.
public struct JobQueue {
    let connection: Connection

    public init(_ connection: Connection) { self.connection = connection }

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

extension JobQueue {
    /// Leases up to `limit` runnable jobs of the host, and their containers, in one short
    /// transaction that commits before any Docker call (DESIGN.md §3). Rows locked by another
    /// worker are skipped, so any number of workers can drain one host without double work.
    public static func claim(
        _ database: Database, hostKey: String, owner: String, leaseSeconds: Int, limit: Int, now: Timestamp = .now()
    ) throws -> [ClaimedJob] {
        try database.transaction { connection in
            let jobs = try connection.query(
                """
                SELECT j.id, j.container_id, j.generation FROM jobs j JOIN containers c ON c.id = j.container_id
                WHERE j.host_key = ? AND ((j.state = 'pending' AND j.run_after <= ?) OR (j.state = 'leased' AND j.lease_expires_at < ?))
                  AND (c.lease_owner IS NULL OR c.lease_expires_at < ? OR c.lease_owner = ?)
                ORDER BY j.id LIMIT ? FOR UPDATE SKIP LOCKED
                """,
                [.text(hostKey), .text(now.sql), .text(now.sql), .text(now.sql), .text(owner), .int(Int64(limit))]
            ).map { ClaimedJob(id: $0.int("id") ?? 0, containerID: $0.require("container_id"), generation: $0.int("generation") ?? 0) }
            let expires = now.adding(seconds: Int64(leaseSeconds)).sql
            for job in jobs {
                try connection.execute(
                    "UPDATE jobs SET state = 'leased', lease_owner = ?, lease_expires_at = ?, attempts = attempts + 1, updated_at = ? WHERE id = ?",
                    [.text(owner), .text(expires), .text(now.sql), .int(job.id)])
                try connection.execute(
                    "UPDATE containers SET lease_owner = ?, lease_expires_at = ? WHERE id = ?",
                    [.text(owner), .text(expires), .text(job.containerID)])
            }
            return jobs
        }
    }

    /// Marks a leased job done (applied, or superseded by a newer generation).
    public func complete(_ job: ClaimedJob, owner: String, error: String? = nil, now: Timestamp = .now()) throws {
        try connection.execute(
            "UPDATE jobs SET state = 'done', lease_owner = NULL, lease_expires_at = NULL, last_error = ?, updated_at = ? WHERE id = ? AND lease_owner = ?",
            [SQLValue(error.map { String($0.prefix(1024)) }), .text(now.sql), .int(job.id), .text(owner)])
    }

    /// The owners of this host's job leases, to find those whose process died.
    public func leaseOwners(hostKey: String) throws -> [String] {
        try connection.query(
            "SELECT DISTINCT lease_owner FROM jobs WHERE host_key = ? AND state = 'leased' AND lease_owner IS NOT NULL",
            [.text(hostKey)]
        ).map { $0.require("lease_owner") }
    }

    /// Makes a dead owner's job leases claimable at once.
    public func expireLeases(owner: String, now: Timestamp = .now()) throws {
        try connection.execute("UPDATE jobs SET lease_expires_at = ? WHERE state = 'leased' AND lease_owner = ?", [.text(now.sql), .text(owner)])
    }
}
