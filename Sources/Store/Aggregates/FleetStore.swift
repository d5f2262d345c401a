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

    enum CodingKeys: String, CodingKey {
        case region, enabled
        case hostKey = "host_key"
        case cpuCount = "cpu_count"
        case memBytes = "mem_bytes"
        case lastSeenAt = "last_seen_at"
    }

    public var facts: HostFacts {
        HostFacts(hostKey: hostKey, region: region, enabled: enabled, cpuCount: cpuCount, memBytes: memBytes)
    }

    init(_ row: Row) {
        hostKey = row.require("host_key")
        region = row.require("region")
        enabled = row.bool("enabled") ?? false
        cpuCount = row.int("cpu_count")
        memBytes = row.int("mem_bytes")
        lastSeenAt = row.string("last_seen_at").map(Timestamp.rfc3339(sql:))
    }
}

/// All SQL of regions and hosts.
public struct FleetStore {
    let connection: Connection
    private static let hostColumns = "host_key, region, enabled, cpu_count, mem_bytes, last_seen_at"

    public init(_ connection: Connection) { self.connection = connection }

    /// Creates a region; answers false when it already existed.
    @discardableResult
    public func createRegion(_ name: String, now: Timestamp = .now()) throws -> Bool {
        guard name != "*" else { throw StoreError("'*' is the tenant-wide scope, not a region name") }
        _ = try ContainerName(name)
        let result = try connection.execute("INSERT IGNORE INTO regions (name, created_at) VALUES (?, ?)", [.text(name), .text(now.sql)])
        return result.affectedRows == 1
    }

    public func regionExists(_ name: String) throws -> Bool {
        try connection.queryFirst("SELECT name FROM regions WHERE name = ?", [.text(name)]) != nil
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
        try connection.execute(
            "INSERT INTO hosts (host_key, region, enabled, created_at) VALUES (?, ?, 1, ?)", [.text(hostKey), .text(region), .text(now.sql)])
        return true
    }

    /// Enables or drains a host: a disabled host gets no new placements; what runs there keeps running.
    public func setEnabled(_ hostKey: String, _ enabled: Bool) throws {
        try connection.execute("UPDATE hosts SET enabled = ? WHERE host_key = ?", [SQLValue(enabled), .text(hostKey)])
        guard try host(hostKey) != nil else { throw StoreError("no host '\(hostKey)'") }
    }

    public func host(_ hostKey: String) throws -> HostView? {
        try connection.queryFirst("SELECT \(Self.hostColumns) FROM hosts WHERE host_key = ?", [.text(hostKey)]).map(HostView.init)
    }

    public func hosts() throws -> [HostView] {
        try connection.query("SELECT \(Self.hostColumns) FROM hosts ORDER BY region, host_key").map(HostView.init)
    }

    /// The enabled hosts a tenant may place on, for `GET /v1/hosts`.
    public func hosts(permittedFor allocationScopes: [QuotaScope]) throws -> [HostView] {
        try connection.query("SELECT \(Self.hostColumns) FROM hosts WHERE enabled = 1 ORDER BY region, host_key")
            .map(HostView.init)
            .filter { PlacementDecision.permits($0.facts, allocationScopes: allocationScopes) }
    }

    /// What a host's reconciler reports each run: its capacity (from Docker's /info) and that it is alive.
    public func report(_ hostKey: String, cpuCount: Int, memBytes: Int64, now: Timestamp = .now()) throws {
        try connection.execute(
            "UPDATE hosts SET cpu_count = ?, mem_bytes = ?, last_seen_at = ? WHERE host_key = ?",
            [.int(Int64(cpuCount)), .int(memBytes), .text(now.sql), .text(hostKey)])
    }
}
