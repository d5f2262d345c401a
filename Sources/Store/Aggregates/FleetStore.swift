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

/// A host as the operator sees it: the tenant view plus why its egress rules could not be applied.
public struct HostStatus: Sendable, Hashable, Encodable {
    public let host: HostView
    public let policyError: String?
    public let policyErrorAt: String?

    enum CodingKeys: String, CodingKey {
        case policyError = "policy_error"
        case policyErrorAt = "policy_error_at"
    }

    public func encode(to encoder: Encoder) throws {
        try host.encode(to: encoder)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(policyError, forKey: .policyError)
        try c.encode(policyErrorAt, forKey: .policyErrorAt)
    }
}

/// All SQL of regions and hosts.
public struct FleetStore {
    let sql: SQLAccess
    private static let hostColumns = "host_key, region, enabled, cpu_count, mem_bytes, last_seen_at, public_address"

    public init(_ database: Database) { sql = SQLAccess(database) }
    init(_ connection: Connection) { sql = SQLAccess(connection) }

    /// Creates a region; answers false when it already existed.
    @discardableResult
    public func createRegion(_ name: String, now: Timestamp = .now()) throws -> Bool {
        guard name != "*" else { throw StoreError("'*' is the tenant-wide scope, not a region name") }
        _ = try ContainerName(name)
        let result = try sql.write { try $0.execute("INSERT IGNORE INTO regions (name, created_at) VALUES (?, ?)", [.text(name), .text(now.sql)]) }
        return result.affectedRows == 1
    }

    public func regionExists(_ name: String) throws -> Bool {
        try sql.read { try $0.queryFirst("SELECT name FROM regions WHERE name = ?", [.text(name)]) } != nil
    }

    /// Adds a host to a region (created if needed); answers false when the host already existed there.
    @discardableResult
    public func addHost(_ hostKey: String, region: String, now: Timestamp = .now()) throws -> Bool {
        guard !hostKey.isEmpty, hostKey.utf8.count <= 63, hostKey.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-._".contains($0)) }) else {
            throw StoreError("host keys are 1 to 63 characters of letters, digits, '-', '.' and '_'")
        }
        try createRegion(region, now: now)
        if let existing = try host(hostKey) {
            guard existing.region == region else {
                throw StoreError("host '\(hostKey)' already exists in region '\(existing.region)'")
            }
            return false
        }
        try sql.write { try $0.execute(
            "INSERT INTO hosts (host_key, region, enabled, created_at) VALUES (?, ?, 1, ?)", [.text(hostKey), .text(region), .text(now.sql)]) }
        return true
    }

    /// Enables or drains a host: a disabled host gets no new placements; what runs there keeps running.
    public func setEnabled(_ hostKey: String, _ enabled: Bool) throws {
        try sql.write { try $0.execute("UPDATE hosts SET enabled = ? WHERE host_key = ?", [SQLValue(enabled), .text(hostKey)]) }
        guard try host(hostKey) != nil else { throw StoreError("no host '\(hostKey)'") }
    }

    public func host(_ hostKey: String) throws -> HostView? {
        try sql.read { try $0.queryFirst("SELECT \(Self.hostColumns) FROM hosts WHERE host_key = ?", [.text(hostKey)]) }.map(HostView.init)
    }

    /// Every host, with its policy state, for operators.
    public func hosts() throws -> [HostStatus] {
        try sql.read { try $0.query("SELECT \(Self.hostColumns), policy_error, policy_error_at FROM hosts ORDER BY region, host_key") }.map {
            HostStatus(host: try HostView($0), policyError: $0.string("policy_error"),
                       policyErrorAt: $0.string("policy_error_at").map(Timestamp.rfc3339(sql:)))
        }
    }

    /// Sets (nil: clears) the address tenants reach a host's published ports on.
    public func setPublicAddress(_ hostKey: String, _ address: HostAddress?) throws {
        try sql.write { try $0.execute("UPDATE hosts SET public_address = ? WHERE host_key = ?", [SQLValue(address?.value), .text(hostKey)]) }
        guard try host(hostKey) != nil else { throw StoreError("no host '\(hostKey)'") }
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

    /// What a host's reconciler reports each run: its capacity (from Docker's /info) and that it is alive.
    public func report(_ hostKey: String, cpuCount: Int, memBytes: Int64, now: Timestamp = .now()) throws {
        try sql.write { try $0.execute(
            "UPDATE hosts SET cpu_count = ?, mem_bytes = ?, last_seen_at = ? WHERE host_key = ?",
            [.int(Int64(cpuCount)), .int(memBytes), .text(now.sql), .text(hostKey)]) }
    }
}
