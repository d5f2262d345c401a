import Core
import MariaDB

/// The append-only audit trail: who did what to which container, when, from which request.
/// Details never hold env values or tokens. `created_at` is the database's time at insert.
struct EventLog {
    let connection: Connection

    init(_ connection: Connection) { self.connection = connection }

    func append(
        tenantID: String?, containerID: String?, actor: String, action: String, detail: String? = nil, requestID: String? = nil
    ) throws {
        try connection.execute(
            "INSERT INTO events (tenant_id, container_id, actor, action, detail, request_id, created_at) VALUES (?, ?, ?, ?, ?, ?, UTC_TIMESTAMP(6))",
            [SQLValue(tenantID), SQLValue(containerID), .text(actor), .text(action), SQLValue(detail.map(TextColumn.errorText.fit)),
             SQLValue(requestID.map(TextColumn.requestID.fit))])
    }
}
