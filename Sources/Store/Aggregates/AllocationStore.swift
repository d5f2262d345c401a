import Core
import MariaDB

/// One allocation with its usage, as `GET /v1/quota` and `dro-admin quota show` report it.
public struct AllocationView: Sendable, Hashable, Encodable {
    public let scope: String
    public let maxContainers: Int64?
    public let maxCPU: Double?
    public let maxMemBytes: Int64?
    public let usedContainers: Int64
    public let usedCPU: Double
    public let usedMemBytes: Int64

    enum CodingKeys: String, CodingKey {
        case scope
        case maxContainers = "max_containers"
        case maxCPU = "max_cpu"
        case maxMemBytes = "max_mem_bytes"
        case usedContainers = "used_containers"
        case usedCPU = "used_cpu"
        case usedMemBytes = "used_mem_bytes"
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(scope, forKey: .scope)
        try c.encode(maxContainers, forKey: .maxContainers)
        try c.encode(maxCPU, forKey: .maxCPU)
        try c.encode(maxMemBytes, forKey: .maxMemBytes)
        try c.encode(usedContainers, forKey: .usedContainers)
        try c.encode(usedCPU, forKey: .usedCPU)
        try c.encode(usedMemBytes, forKey: .usedMemBytes)
    }

    public init(_ allocation: Allocation) {
        scope = allocation.scope.description
        maxContainers = allocation.caps.containers
        maxCPU = allocation.caps.cpuMillis.map { Double($0) / 1000 }
        maxMemBytes = allocation.caps.memBytes
        usedContainers = allocation.usage.containers
        usedCPU = Double(allocation.usage.cpuMillis) / 1000
        usedMemBytes = allocation.usage.memBytes
    }
}

/// A cap change: `.some(nil)` removes the cap, `nil` leaves it as it is.
public struct CapsChange: Sendable {
    public var containers: Int64??
    public var cpuMillis: Int64??
    public var memBytes: Int64??

    public init(containers: Int64?? = nil, cpuMillis: Int64?? = nil, memBytes: Int64?? = nil) {
        self.containers = containers
        self.cpuMillis = cpuMillis
        self.memBytes = memBytes
    }
}

/// All SQL of the allocations table: caps, the usage counters, and the quota lock.
public struct AllocationStore {
    let sql: SQLAccess
    private static let columns = "scope, max_containers, max_cpu_millis, max_mem_bytes, used_containers, used_cpu_millis, used_mem_bytes"

    public init(_ database: Database) { sql = SQLAccess(database) }
    init(_ connection: Connection) { sql = SQLAccess(connection) }
    init(_ sql: SQLAccess) { self.sql = sql }

    public func allocations(tenantID: String) throws -> [Allocation] {
        try sql.read { try $0.query("SELECT \(Self.columns) FROM allocations WHERE tenant_id = ? ORDER BY scope = '*', scope", [.text(tenantID)]) }
            .map(Self.allocation)
    }

    public func views(tenantID: String) throws -> [AllocationView] {
        try allocations(tenantID: tenantID).map(AllocationView.init)
    }

    /// Write-locks every allocation row of the tenant and reads them back. A write (not only
    /// `FOR UPDATE`) so the lock is a certified conflict on Galera too.
    func lockAndRead(tenantID: String) throws -> [Allocation] {
        try lock(tenantID: tenantID)
        return try allocations(tenantID: tenantID)
    }

    /// The quota lock: every allocation row of the tenant, written.
    private func lock(tenantID: String) throws {
        try sql.write { try $0.execute("UPDATE allocations SET version = version + 1 WHERE tenant_id = ?", [.text(tenantID)]) }
    }

    /// Adds (or, with a negative sign, releases) one container's resources in a region and in `*`.
    func charge(tenantID: String, region: String, containers: Int64, cpuMillis: Int64, memBytes: Int64, now: Timestamp) throws {
        try sql.write { try $0.execute(
            """
            UPDATE allocations SET used_containers = GREATEST(used_containers + ?, 0),
              used_cpu_millis = GREATEST(used_cpu_millis + ?, 0), used_mem_bytes = GREATEST(used_mem_bytes + ?, 0),
              version = version + 1, updated_at = ?
            WHERE tenant_id = ? AND scope IN (?, '*')
            """,
            [.int(containers), .int(cpuMillis), .int(memBytes), .text(now.sql), .text(tenantID), .text(region)]) }
    }

    /// Sets caps on a scope, creating the allocation if needed, with usage recounted from the rows,
    /// in one transaction.
    public func set(tenantID: String, scope: QuotaScope, change: CapsChange, now: Timestamp = .now()) throws {
        try sql.write { try AllocationStore($0).setInTransaction(tenantID: tenantID, scope: scope, change: change, now: now) }
    }

    private func setInTransaction(tenantID: String, scope: QuotaScope, change: CapsChange, now: Timestamp) throws {
        // Under the creates' quota lock, a create in flight commits before the recount and is
        // counted, and a later one waits and then charges the row: the counters cannot drift, and
        // any drift from before (a repair by hand, an old bug) is gone after the next PUT.
        try lock(tenantID: tenantID)
        let usage = try recount(tenantID: tenantID, scope: scope)
        try sql.write { try $0.execute(
            """
            INSERT INTO allocations (tenant_id, scope, used_containers, used_cpu_millis, used_mem_bytes, updated_at)
            VALUES (?, ?, ?, ?, ?, ?)
            ON DUPLICATE KEY UPDATE used_containers = VALUES(used_containers), used_cpu_millis = VALUES(used_cpu_millis),
              used_mem_bytes = VALUES(used_mem_bytes)
            """,
            [.text(tenantID), .text(scope.description), .int(usage.containers), .int(usage.cpuMillis), .int(usage.memBytes), .text(now.sql)]) }
        // Each column keeps its value unless the change names it.
        func assignment(_ column: String, _ value: Int64??) -> (String, [SQLValue]) {
            guard let value else { return ("\(column) = \(column)", []) }
            return ("\(column) = ?", [SQLValue(value)])
        }
        let parts = [assignment("max_containers", change.containers), assignment("max_cpu_millis", change.cpuMillis),
                     assignment("max_mem_bytes", change.memBytes)]
        try sql.write { try $0.execute(
            "UPDATE allocations SET \(parts.map(\.0).joined(separator: ", ")), version = version + 1, updated_at = ? WHERE tenant_id = ? AND scope = ?",
            parts.flatMap(\.1) + [.text(now.sql), .text(tenantID), .text(scope.description)]) }
    }

    /// Usage counted from the live container rows of a scope: the truth the counters must match.
    public func recount(tenantID: String, scope: QuotaScope) throws -> QuotaUsage {
        let filter = scope == .global ? "" : " AND region = ?"
        var parameters: [SQLValue] = [.text(tenantID)]
        if case .region(let name) = scope { parameters.append(.text(name)) }
        let row = try sql.read { try $0.queryFirst(
            """
            SELECT COUNT(*) AS n, COALESCE(SUM(cpu_millis), 0) AS cpu, COALESCE(SUM(mem_bytes), 0) AS mem
            FROM containers WHERE tenant_id = ? AND desired_state <> 'deleted'\(filter)
            """, parameters) }
        return QuotaUsage(containers: row?.int("n") ?? 0, cpuMillis: row?.int("cpu") ?? 0, memBytes: row?.int("mem") ?? 0)
    }

    private static func allocation(_ row: Row) throws -> Allocation {
        Allocation(
            scope: QuotaScope(try row.require("scope")),
            caps: QuotaCaps(containers: row.int("max_containers"), cpuMillis: row.int("max_cpu_millis"), memBytes: row.int("max_mem_bytes")),
            usage: QuotaUsage(containers: row.int("used_containers") ?? 0, cpuMillis: row.int("used_cpu_millis") ?? 0, memBytes: row.int("used_mem_bytes") ?? 0))
    }
}
