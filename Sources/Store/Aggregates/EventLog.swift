import Core
import Foundation
import MariaDB

/// The append-only audit trail and change feed: who did what to which tenant or container, when,
/// from which request. `detail` is a small JSON object that never holds env values or secrets.
/// `created_at` is the database's time at insert, and the insert is the last statement of its
/// transaction (`EventOutbox` holds it back until the transaction's body is done), so a feed
/// reader that waits out the settle window sees events in id order.
struct EventLog {
    let connection: Connection

    init(_ connection: Connection) { self.connection = connection }

    func append(
        _ type: EventType, tenantID: String?, containerID: String? = nil, actor: String, detail: [String: JSONValue] = [:],
        requestID: String? = nil
    ) throws {
        let event = EventOutbox.Pending(values: [
            SQLValue(tenantID), SQLValue(containerID), .text(TextColumn.actor.fit(actor)), .text(type.rawValue),
            .text(try Self.json(detail)), SQLValue(requestID.map(TextColumn.requestID.fit)),
        ])
        guard !EventOutbox.hold(event, on: connection) else { return }
        try Self.insert(event, connection)
    }

    static func insert(_ event: EventOutbox.Pending, _ connection: Connection) throws {
        try connection.execute(
            "INSERT INTO events (tenant_id, container_id, actor, action, detail, request_id, created_at) VALUES (?, ?, ?, ?, ?, ?, UTC_TIMESTAMP(6))",
            event.values)
    }

    static func json<Value: Encodable>(_ detail: Value) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(detail), as: UTF8.self)
    }
}
