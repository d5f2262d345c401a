import Core
import MariaDB

/// A fleet host as operators and tenants see it.
public struct HostView: Sendable, Hashable, Encodable {
    public let hostKey: String
    public let region: String
    public let enabled: Bool
    public let cpuCount: Int64?
    public let memBytes: Int64?
    public let lastSeenAt: String?
    /// Where tenants reach the host's published ports; null until the operator sets it (ports
    /// then show the address Docker bound them to).
    public let publicAddress: String?

    enum CodingKeys: String, CodingKey {
        case region, enabled
        case hostKey = "host_key"
        case cpuCount = "cpu_count"
        case memBytes = "mem_bytes"
        case lastSeenAt = "last_seen_at"
        case publicAddress = "public_address"
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(hostKey, forKey: .hostKey)
        try c.encode(region, forKey: .region)
        try c.encode(enabled, forKey: .enabled)
        try c.encode(cpuCount, forKey: .cpuCount)
        try c.encode(memBytes, forKey: .memBytes)
        try c.encode(lastSeenAt, forKey: .lastSeenAt)
        try c.encode(publicAddress, forKey: .publicAddress)
    }

    public var facts: HostFacts {
        HostFacts(hostKey: hostKey, region: region, enabled: enabled, cpuCount: cpuCount, memBytes: memBytes)
    }

    init(_ row: Row) throws {
        hostKey = try row.require("host_key")
        region = try row.require("region")
        enabled = row.bool("enabled") ?? false
        cpuCount = row.int("cpu_count")
        memBytes = row.int("mem_bytes")
        lastSeenAt = row.string("last_seen_at").map(Timestamp.rfc3339(sql:))
        publicAddress = row.string("public_address")
    }
}

/// A region of the fleet.
public struct Region: Sendable, Hashable, Encodable {
    public let name: String
    public let createdAt: String

    enum CodingKeys: String, CodingKey {
        case name
        case createdAt = "created_at"
    }
}

/// All SQL of regions and hosts.
public struct FleetStore {
    let sql: SQLAccess
    /// An operator's capacity override wins over what the reconciler reports.
    static let hostColumns = """
        host_key, region, enabled, COALESCE(cpu_count_override, cpu_count) AS cpu_count,
        COALESCE(mem_bytes_override, mem_bytes) AS mem_bytes, last_seen_at, public_address
        """

    public init(_ database: Database) { sql = SQLAccess(database) }
    init(_ connection: Connection) { sql = SQLAccess(connection) }

    public func regionExists(_ name: String) throws -> Bool {
        try sql.read { try $0.queryFirst("SELECT name FROM regions WHERE name = ?", [.text(name)]) } != nil
    }

    public func regions() throws -> [Region] {
        try sql.read { try $0.query("SELECT name, created_at FROM regions ORDER BY name") }.map(Self.region)
    }

    static let regionCursor = KeyOrderCursor(tag: "r1", keys: 1)

    /// Regions in name order, by keyset pagination on the name.
    public func regions(cursor: String?, limit: Int) throws -> ListPage<Region> {
        let after = try cursor.map(Self.regionCursor.decode)
        let rows = try sql.read { try $0.query(
            "SELECT name, created_at FROM regions WHERE \(after == nil ? "1 = 1" : "name > ?") ORDER BY name LIMIT ?",
            (after.map { [SQLValue.text($0[0])] } ?? []) + [.int(Int64(limit + 1))]) }
        let regions = try rows.prefix(limit).map(Self.region)
        return ListPage(items: regions, nextCursor: rows.count > limit ? Self.regionCursor.encode([regions[limit - 1].name]) : nil)
    }

    private static func region(_ row: Row) throws -> Region {
        Region(name: try row.require("name"), createdAt: Timestamp.rfc3339(sql: try row.require("created_at")))
    }

    public func host(_ hostKey: String, lock: Bool = false) throws -> HostView? {
        try sql.read {
            try $0.queryFirst("SELECT \(Self.hostColumns) FROM hosts WHERE host_key = ?\(lock ? " FOR UPDATE" : "")", [.text(hostKey)])
        }.map(HostView.init)
    }

    /// The enabled hosts a tenant may place on, for `GET /v1/hosts`; none without an allocation.
    public func hosts(permittedFor allocationScopes: [QuotaScope]) throws -> [HostView] {
        guard !allocationScopes.isEmpty else { return [] }
        return try sql.read { try $0.query("SELECT \(Self.hostColumns) FROM hosts WHERE enabled = 1 ORDER BY region, host_key") }
            .map(HostView.init)
            .filter { PlacementDecision.permits($0.facts, allocationScopes: allocationScopes) }
    }

    /// Records why the host's egress rules could not be applied, or clears it (nil).
    public func recordPolicyError(_ hostKey: String, _ problem: String?) throws {
        if let problem {
            try sql.write { try $0.execute(
                "UPDATE hosts SET policy_error = ?, policy_error_at = UTC_TIMESTAMP(6) WHERE host_key = ?", [.text(problem), .text(hostKey)]) }
        } else {
            try sql.write { try $0.execute(
                "UPDATE hosts SET policy_error = NULL, policy_error_at = NULL WHERE host_key = ? AND policy_error IS NOT NULL", [.text(hostKey)]) }
        }
    }

    /// How a host's reconciler run ended: `ok`, or `failed` with why (for the admin hosts view).
    public func recordRun(_ hostKey: String, outcome: String, detail: String?) throws {
        try sql.write { try $0.execute(
            "UPDATE hosts SET last_run_at = UTC_TIMESTAMP(6), last_run_outcome = ?, last_run_detail = ? WHERE host_key = ?",
            [.text(outcome), SQLValue(detail.map(TextColumn.errorText.fit)), .text(hostKey)]) }
    }

    /// What a host's reconciler reports each run: its capacity (from Docker's /info) and that it is alive.
    public func report(_ hostKey: String, cpuCount: Int, memBytes: Int64, now: Timestamp = .now()) throws {
        try sql.write { try $0.execute(
            "UPDATE hosts SET cpu_count = ?, mem_bytes = ?, last_seen_at = ? WHERE host_key = ?",
            [.int(Int64(cpuCount)), .int(memBytes), .text(now.sql), .text(hostKey)]) }
    }
}
