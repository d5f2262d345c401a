import MariaDB

/// The append-only audit trail: who did what to which container, when, from which request.
/// Details never hold env values or tokens.
public struct EventLog {
    let connection: Connection

    public init(_ connection: Connection) { self.connection = connection }

    public func append(
        tenantID: String?, containerID: String?, actor: String, action: String, detail: String? = nil,
        requestID: String? = nil, now: Timestamp
    ) throws {
        try connection.execute(
            "INSERT INTO events (tenant_id, container_id, actor, action, detail, request_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [SQLValue(tenantID), SQLValue(containerID), .text(actor), .text(action), SQLValue(detail.map { String($0.prefix(1024)) }),
             SQLValue(requestID.map { String($0.prefix(64)) }), .text(now.sql)])
    }
}
