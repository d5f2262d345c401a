import Core
import MariaDB

/// Changes to regions and hosts, shared by the operator API and `dro-admin`; each effective change
/// ends its transaction with its event.
public struct FleetOperations {
    let sql: SQLAccess

    public init(_ database: Database) { sql = SQLAccess(database) }
    init(_ connection: Connection) { sql = SQLAccess(connection) }

    /// Creates a region; answers false (and writes nothing) when it exists.
    @discardableResult
    public func createRegion(_ name: String, actor: AuditActor, now: Timestamp = .now()) throws -> Bool {
        guard name != "*" else { throw APIError.validation("name", "'*' is the tenant-wide scope, not a region name") }
        _ = try ContainerName(name)
        return try sql.write { try Self.createRegion($0, name, actor: actor, now: now) }
    }

    private static func createRegion(_ connection: Connection, _ name: String, actor: AuditActor, now: Timestamp) throws -> Bool {
        let inserted = try connection.execute("INSERT IGNORE INTO regions (name, created_at) VALUES (?, ?)", [.text(name), .text(now.sql)])
        guard inserted.affectedRows == 1 else { return false }
        try EventLog(connection).append(.regionCreated, tenantID: nil, actor: actor.name, detail: ["name": .string(name)], requestID: actor.requestID)
        return true
    }

    /// Adds a host to a region (created if needed); answers false when the host already exists
    /// there, and `409` when it exists in another region.
    @discardableResult
    public func addHost(_ registration: HostRegistration, actor: AuditActor, now: Timestamp = .now()) throws -> Bool {
        try sql.write { connection in
            if let existing = try FleetStore(connection).host(registration.hostKey) {
                guard existing.region == registration.region.value else {
                    throw APIError.conflict("host_exists", "host '\(registration.hostKey)' already exists in region '\(existing.region)'")
                }
                return false
            }
            _ = try Self.createRegion(connection, registration.region.value, actor: actor, now: now)
            try connection.execute(
                "INSERT INTO hosts (host_key, region, enabled, public_address, created_at) VALUES (?, ?, 1, ?, ?)",
                [.text(registration.hostKey), .text(registration.region.value), SQLValue(registration.publicAddress?.value), .text(now.sql)])
            try EventLog(connection).append(
                .hostCreated, tenantID: nil, actor: actor.name,
                detail: ["host_key": .string(registration.hostKey), "region": .string(registration.region.value)], requestID: actor.requestID)
            return true
        }
    }

    /// Enables or drains a host: a disabled host gets no new placements; what runs there keeps running.
    public func setEnabled(_ hostKey: String, _ enabled: Bool, actor: AuditActor) throws {
        try sql.write { connection in
            let host = try Self.require(connection, hostKey)
            guard host.enabled != enabled else { return }
            try connection.execute("UPDATE hosts SET enabled = ? WHERE host_key = ?", [SQLValue(enabled), .text(hostKey)])
            try EventLog(connection).append(
                enabled ? .hostEnabled : .hostDisabled, tenantID: nil, actor: actor.name, detail: ["host_key": .string(hostKey)],
                requestID: actor.requestID)
        }
    }

    /// Sets a host's public address and capacity overrides; a field left out keeps its value. A
    /// change that sets every given field to the value it has is a no-op: no write, no event.
    public func update(_ hostKey: String, _ change: HostChange, actor: AuditActor) throws {
        try sql.write { connection in
            try Self.require(connection, hostKey)
            guard let current = try connection.queryFirst(
                "SELECT public_address, cpu_count_override, mem_bytes_override FROM hosts WHERE host_key = ?", [.text(hostKey)])
            else { throw APIError(.notFound, "no host '\(hostKey)'") }
            var assignments = [String]()
            var values = [SQLValue]()
            var fields = [JSONValue]()
            func set(_ column: String, _ field: String, _ value: SQLValue?, unchanged: Bool) {
                guard let value, !unchanged else { return }
                assignments.append("\(column) = ?")
                values.append(value)
                fields.append(.string(field))
            }
            set("public_address", "public_address", change.publicAddress.map { SQLValue($0?.value) },
                unchanged: change.publicAddress.map { $0?.value == current.string("public_address") } ?? true)
            set("cpu_count_override", "cpu_count", change.cpuCount.map { SQLValue($0) },
                unchanged: change.cpuCount.map { $0 == current.int("cpu_count_override") } ?? true)
            set("mem_bytes_override", "mem_bytes", change.memBytes.map { SQLValue($0) },
                unchanged: change.memBytes.map { $0 == current.int("mem_bytes_override") } ?? true)
            guard !assignments.isEmpty else { return }
            try connection.execute(
                "UPDATE hosts SET \(assignments.joined(separator: ", ")) WHERE host_key = ?", values + [.text(hostKey)])
            try EventLog(connection).append(
                .hostUpdated, tenantID: nil, actor: actor.name, detail: ["host_key": .string(hostKey), "fields": .array(fields)],
                requestID: actor.requestID)
        }
    }

    @discardableResult
    private static func require(_ connection: Connection, _ hostKey: String) throws -> HostView {
        guard let host = try FleetStore(connection).host(hostKey, lock: true) else { throw APIError(.notFound, "no host '\(hostKey)'") }
        return host
    }
}
