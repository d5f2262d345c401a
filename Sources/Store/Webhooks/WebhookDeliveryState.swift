import Core
import Foundation
import MariaDB

/// An endpoint a deliverer run has claimed: where to post, what to send, where it stands.
public struct ClaimedEndpoint: Sendable {
    public let id: String
    public let url: String
    /// Empty for every type.
    public let eventTypes: [EventType]
    public let tenantID: String?
    public let sealedSecret: (ciphertext: [UInt8], nonce: [UInt8])
    /// Its place in the feed: after the last event delivered.
    public let position: EventCursor
    /// Consecutive failures before this claim, and for how long they have been going on.
    public let attempts: Int
    public let failingForSeconds: Double
}

/// The deliverer's side of the webhooks table: due endpoints, claiming one under a lease, and
/// recording each outcome. Every write after the claim is fenced by the lease (`… AND
/// lease_owner = ? AND lease_expires_at > UTC_TIMESTAMP(6)`) and by the endpoint not being
/// deleted; when it changes no row the run lost the endpoint and stops delivering to it. Times
/// are the database's. These are the only columns the deliverer's database user may update.
public struct WebhookDeliveryState {
    let database: Database

    public init(_ database: Database) { self.database = database }

    /// Active endpoints that no run holds, not waiting out a backoff, with a settled event after
    /// their position that they take (tenant and types), the least recently claimed first: an
    /// endpoint with nothing new is never due, so caught-up endpoints cannot crowd out the rest,
    /// and a retrying one takes its turn after the others have had theirs.
    public func due(limit: Int, settleSeconds: Double) throws -> [String] {
        let type = EventType.storedTypeSQL("e.action")
        return try database.read { connection in
            try connection.query(
                """
                SELECT w.id FROM webhooks w
                WHERE w.deleted_at IS NULL AND w.status = 'active' AND (w.next_attempt_at IS NULL OR w.next_attempt_at <= UTC_TIMESTAMP(6))
                  AND (w.lease_owner IS NULL OR w.lease_expires_at <= UTC_TIMESTAMP(6))
                  AND EXISTS (
                    SELECT 1 FROM events e
                    WHERE e.id > w.position AND e.created_at < UTC_TIMESTAMP(6) - INTERVAL ? MICROSECOND
                      AND (w.tenant_id IS NULL OR e.tenant_id = w.tenant_id)
                      AND (w.event_types IS NULL OR JSON_CONTAINS(w.event_types, JSON_QUOTE(\(type)))))
                ORDER BY w.last_claimed_at IS NOT NULL, w.last_claimed_at, w.id LIMIT ?
                """, [.int(Int64(settleSeconds * 1_000_000)), .int(Int64(limit))]
            ).map { try $0.require("id") }
        }
    }

    /// Takes the endpoint for `owner` unless another run holds it or it is no longer due.
    public func claim(_ id: String, owner: String, leaseSeconds: Int) throws -> ClaimedEndpoint? {
        try database.transaction { connection in
            let claimed = try connection.execute(
                """
                UPDATE webhooks SET lease_owner = ?, lease_expires_at = UTC_TIMESTAMP(6) + INTERVAL ? SECOND, last_claimed_at = UTC_TIMESTAMP(6)
                WHERE id = ? AND deleted_at IS NULL AND status = 'active'
                  AND (next_attempt_at IS NULL OR next_attempt_at <= UTC_TIMESTAMP(6))
                  AND (lease_owner IS NULL OR lease_expires_at <= UTC_TIMESTAMP(6))
                """, [.text(owner), .int(Int64(leaseSeconds)), .text(id)])
            guard claimed.affectedRows == 1, let row = try connection.queryFirst(
                """
                SELECT id, url, event_types, tenant_id, secret_ciphertext, secret_nonce, position, position_not_before, attempts,
                  COALESCE(TIMESTAMPDIFF(MICROSECOND, first_failure_at, UTC_TIMESTAMP(6)), 0) AS failing_micros
                FROM webhooks WHERE id = ?
                """, [.text(id)])
            else { return nil }
            guard let ciphertext = row.bytes("secret_ciphertext"), let nonce = row.bytes("secret_nonce") else {
                throw StoreError("webhook \(id) has no sealed secret", kind: .failed)
            }
            let types = row.string("event_types").flatMap { try? JSONDecoder().decode([String].self, from: Data($0.utf8)) } ?? []
            return ClaimedEndpoint(
                id: id, url: try row.require("url"), eventTypes: types.compactMap(EventType.init(rawValue:)), tenantID: row.string("tenant_id"),
                sealedSecret: (ciphertext, nonce),
                position: EventCursor(afterID: row.int("position") ?? 0, notBefore: row.int("position_not_before") ?? 0),
                attempts: Int(row.int("attempts") ?? 0), failingForSeconds: Double(row.int("failing_micros") ?? 0) / 1_000_000)
        }
    }

    /// Records a delivered event (or a page's end) as the endpoint's position, clears its
    /// failures and renews the lease.
    public func advance(_ id: String, owner: String, to position: EventCursor, delivered: Bool, leaseSeconds: Int) throws {
        try fenced(id, owner: owner, """
            position = ?, position_not_before = ?, attempts = 0, next_attempt_at = NULL, first_failure_at = NULL, last_error = NULL,
            last_attempt_at = IF(?, UTC_TIMESTAMP(6), last_attempt_at), last_delivered_at = IF(?, UTC_TIMESTAMP(6), last_delivered_at),
            lease_expires_at = UTC_TIMESTAMP(6) + INTERVAL ? SECOND
            """, [.int(position.afterID), .int(position.notBefore), SQLValue(delivered), SQLValue(delivered), .int(Int64(leaseSeconds))])
    }

    /// Records a failed attempt and what follows it, and lets the endpoint go.
    public func fail(_ id: String, owner: String, attempts: Int, error: String, decision: DeliveryBackoff.Decision) throws {
        let failing: Bool
        let retryMicros: Int64
        switch decision {
        case .failing: (failing, retryMicros) = (true, 0)
        case .retry(let seconds): (failing, retryMicros) = (false, Int64(seconds * 1_000_000))
        }
        try fenced(id, owner: owner, """
            attempts = ?, last_error = ?, last_attempt_at = UTC_TIMESTAMP(6), first_failure_at = COALESCE(first_failure_at, UTC_TIMESTAMP(6)),
            next_attempt_at = IF(?, NULL, UTC_TIMESTAMP(6) + INTERVAL ? MICROSECOND),
            status = IF(?, 'failing', status), failing_since = IF(?, UTC_TIMESTAMP(6), failing_since),
            lease_owner = NULL, lease_expires_at = NULL
            """, [.int(Int64(attempts)), .text(TextColumn.errorText.fit(error)), SQLValue(failing), .int(retryMicros), SQLValue(failing), SQLValue(failing)])
    }

    /// Lets the endpoint go (caught up, or the run ends); best effort: it expires anyway.
    public func release(_ id: String, owner: String) throws {
        try database.transaction { connection in
            try connection.execute(
                "UPDATE webhooks SET lease_owner = NULL, lease_expires_at = NULL WHERE id = ? AND lease_owner = ?", [.text(id), .text(owner)])
        }
    }

    private func fenced(_ id: String, owner: String, _ assignments: String, _ values: [SQLValue]) throws {
        try database.transaction { connection in
            let changed = try connection.execute(
                """
                UPDATE webhooks SET \(assignments)
                WHERE id = ? AND deleted_at IS NULL AND lease_owner = ? AND lease_expires_at > UTC_TIMESTAMP(6)
                """, values + [.text(id), .text(owner)])
            guard changed.affectedRows == 1 else { throw LeaseLost("webhook:\(id)") }
        }
    }
}
