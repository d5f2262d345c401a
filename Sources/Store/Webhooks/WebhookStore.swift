import Core
import CryptoPrimitives
import Foundation
import MariaDB

/// The webhooks table as the operator API uses it: registering, listing, showing, deleting
/// (a deleted endpoint is gone from every answer and gets nothing more) and resuming; each
/// mutation ends its transaction with its event. The deliverer's side is `WebhookDeliveryState`.
public struct WebhookStore {
    let sql: SQLAccess
    static let cursor = CreationOrderCursor(tag: "w1")
    static let columns = """
        id, url, event_types, tenant_id, status, created_at, position, last_delivered_at, last_attempt_at, attempts,
        next_attempt_at, first_failure_at, failing_since, last_error
        """

    public init(_ database: Database) { sql = SQLAccess(database) }
    init(_ connection: Connection) { sql = SQLAccess(connection) }

    /// Registers an endpoint; its first delivery is the first event after this one's position in
    /// the feed (its own `webhook.created` included, when it matches).
    public func create(
        _ creation: WebhookCreation, sealedWith key: [UInt8], actor: AuditActor, now: Timestamp = .now()
    ) throws -> WebhookRegistered {
        let id = try SecureRandom.identifier(prefix: "whk")
        let secret = try WebhookSecret.mint()
        let sealed = try secret.seal(key: key, webhookID: id)
        let types = try creation.eventTypes.map { try EventLog.json($0.map(\.rawValue)) }
        return try sql.write { connection in
            if let tenantID = creation.tenantID,
               try connection.queryFirst("SELECT id FROM tenants WHERE id = ?", [.text(tenantID)]) == nil {
                throw APIError.validation("tenant_id", "no tenant has the id tenant_id names")
            }
            try connection.execute(
                """
                INSERT INTO webhooks (id, url, event_types, tenant_id, secret_ciphertext, secret_nonce, position, position_not_before, created_at)
                SELECT ?, ?, ?, ?, ?, ?, COALESCE(MAX(id), 0), ?, ? FROM events
                """,
                [.text(id), .text(creation.url.value), SQLValue(types), SQLValue(creation.tenantID), .bytes(sealed.ciphertext),
                 .bytes(sealed.nonce), .int(now.microseconds), .text(now.sql)])
            let webhook = try Self.require(try Self.find(connection, id))
            try EventLog(connection).append(
                .webhookCreated, tenantID: creation.tenantID, actor: actor.name,
                detail: ["webhook_id": .string(id), "origin": .string(creation.url.origin)], requestID: actor.requestID)
            return WebhookRegistered(webhook: webhook, secret: secret.value)
        }
    }

    public func get(_ id: String) throws -> Webhook {
        try Self.require(try sql.read { try Self.find($0, id) })
    }

    /// Endpoints oldest first, by keyset pagination on (created_at, id).
    public func list(cursor: String?, limit: Int) throws -> WebhookPage {
        let page = try Self.cursor.page(
            sql, table: "webhooks", columns: Self.columns, conditions: ["deleted_at IS NULL"],
            cursor: cursor, limit: limit, item: Self.webhook, id: \.id)
        return WebhookPage(webhooks: page.items, nextCursor: page.nextCursor)
    }

    /// Deletes an endpoint: nothing more is delivered to it; `404` once deleted.
    public func delete(_ id: String, actor: AuditActor, now: Timestamp = .now()) throws -> Webhook {
        try sql.write { connection in
            let webhook = try Self.require(try Self.find(connection, id, lock: true))
            try connection.execute("UPDATE webhooks SET deleted_at = ? WHERE id = ?", [.text(now.sql), .text(id)])
            try EventLog(connection).append(
                .webhookDeleted, tenantID: webhook.tenantID, actor: actor.name, detail: ["webhook_id": .string(id)], requestID: actor.requestID)
            return webhook
        }
    }

    /// Puts a `failing` endpoint back to work from its first undelivered event; resuming an
    /// active one changes nothing and writes no event.
    public func resume(_ id: String, actor: AuditActor) throws -> Webhook {
        try sql.write { connection in
            let webhook = try Self.require(try Self.find(connection, id, lock: true))
            guard webhook.status == "failing" else { return webhook }
            try connection.execute(
                """
                UPDATE webhooks SET status = 'active', attempts = 0, next_attempt_at = NULL, first_failure_at = NULL, failing_since = NULL
                WHERE id = ?
                """, [.text(id)])
            try EventLog(connection).append(
                .webhookResumed, tenantID: webhook.tenantID, actor: actor.name, detail: ["webhook_id": .string(id)], requestID: actor.requestID)
            return try Self.require(try Self.find(connection, id))
        }
    }

    private static func find(_ connection: Connection, _ id: String, lock: Bool = false) throws -> Webhook? {
        try connection.queryFirst(
            "SELECT \(columns) FROM webhooks WHERE id = ? AND deleted_at IS NULL\(lock ? " FOR UPDATE" : "")", [.text(id)]
        ).map(webhook)
    }

    private static func require(_ webhook: Webhook?) throws -> Webhook {
        guard let webhook else { throw APIError(.notFound, "no such webhook") }
        return webhook
    }

    static func webhook(_ row: Row) throws -> Webhook {
        let time = { (column: String) in row.string(column).map(Timestamp.rfc3339(sql:)) }
        let position = row.int("position") ?? 0
        return Webhook(
            id: try row.require("id"), url: try row.require("url"),
            eventTypes: row.string("event_types").flatMap { try? JSONDecoder().decode([String].self, from: Data($0.utf8)) },
            tenantID: row.string("tenant_id"), status: try row.require("status"), createdAt: Timestamp.rfc3339(sql: try row.require("created_at")),
            delivery: WebhookDelivery(
                lastEventID: row.isNull("last_delivered_at") ? nil : EventRecord.id(sequence: position),
                lastDeliveredAt: time("last_delivered_at"), lastAttemptAt: time("last_attempt_at"), attempts: row.int("attempts") ?? 0,
                nextAttemptAt: time("next_attempt_at"), firstFailureAt: time("first_failure_at"), failingSince: time("failing_since"),
                lastError: row.string("last_error")))
    }
}
