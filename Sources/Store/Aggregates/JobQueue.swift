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
