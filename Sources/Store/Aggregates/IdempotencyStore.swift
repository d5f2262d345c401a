import CryptoPrimitives
import MariaDB

/// A stored keyed create: the request fingerprint and the response to replay.
struct StoredIdempotentResponse {
    let requestSHA256: [UInt8]
    let containerID: String
    let body: String
    let expired: Bool
}

/// All SQL of `Idempotency-Key`, scoped to the tenant (or, on the operator API, the operator token).
struct IdempotencyStore {
    let connection: Connection

    /// Claims the key inside the create transaction, as its first write. A concurrent retry with the
    /// same key blocks on this row until the first commits (and then sees a duplicate) or rolls back
    /// (and then claims it itself): refusals are never stored.
    func claim(tenantID: String, key: String, requestSHA256: [UInt8], containerID: String, body: String, now: Timestamp, ttlHours: Int) throws {
        try connection.execute(
            """
            INSERT INTO idempotency_keys (tenant_id, idem_key, request_sha256, container_id, response_body, created_at, expires_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """,
            [.text(tenantID), .text(key), .bytes(requestSHA256), .text(containerID), .text(body), .text(now.sql),
             .text(now.adding(seconds: Int64(ttlHours) * 3600).sql)])
    }

    func find(tenantID: String, key: String, now: Timestamp) throws -> StoredIdempotentResponse? {
        try connection.queryFirst(
            "SELECT request_sha256, container_id, response_body, expires_at FROM idempotency_keys WHERE tenant_id = ? AND idem_key = ?",
            [.text(tenantID), .text(key)]
        ).map { row in
            StoredIdempotentResponse(
                requestSHA256: row.bytes("request_sha256") ?? [], containerID: try row.require("container_id"),
                body: try row.require("response_body"), expired: try row.require("expires_at") <= now.sql)
        }
    }

    /// Fills in a claimed key with what the create made (the operator API claims first, then creates).
    func record(tenantID: String, key: String, resourceID: String, body: String) throws {
        try connection.execute(
            "UPDATE idempotency_keys SET container_id = ?, response_body = ? WHERE tenant_id = ? AND idem_key = ?",
            [.text(resourceID), .text(body), .text(tenantID), .text(key)])
    }

    /// Drops a claim whose create answered something that is not stored (an existing tenant's 200).
    func forget(tenantID: String, key: String) throws {
        try connection.execute("DELETE FROM idempotency_keys WHERE tenant_id = ? AND idem_key = ?", [.text(tenantID), .text(key)])
    }

    /// Forgets an expired key so that it can be used again.
    func removeExpired(tenantID: String, key: String, now: Timestamp) throws {
        try connection.execute(
            "DELETE FROM idempotency_keys WHERE tenant_id = ? AND idem_key = ? AND expires_at <= ?",
            [.text(tenantID), .text(key), .text(now.sql)])
    }
}
