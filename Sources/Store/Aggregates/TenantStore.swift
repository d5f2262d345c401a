import Core
import CryptoPrimitives
import Foundation
import MariaDB

/// A tenant as operators see it.
public struct Tenant: Sendable, Hashable, Encodable {
    public let id: String
    public let name: String
    public let externalRef: String?
    public let status: TenantStatus
    public let allowedEgressCIDRs: [String]
    public let createdAt: String
    public let deletedAt: String?

    enum CodingKeys: String, CodingKey {
        case id, name, status
        case externalRef = "external_ref"
        case allowedEgressCIDRs = "allowed_egress_cidrs"
        case createdAt = "created_at"
        case deletedAt = "deleted_at"
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(name, forKey: .name)
        try c.encode(externalRef, forKey: .externalRef)
        try c.encode(status.rawValue, forKey: .status)
        try c.encode(allowedEgressCIDRs, forKey: .allowedEgressCIDRs)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(deletedAt, forKey: .deletedAt)
    }
}

/// One tenant with its allocations (and their usage) and live container count.
public struct TenantDetail: Sendable, Encodable {
    public let tenant: Tenant
    public let allocations: [AllocationView]
    public let containerCount: Int64

    enum CodingKeys: String, CodingKey {
        case allocations
        case containerCount = "container_count"
    }

    public func encode(to encoder: Encoder) throws {
        try tenant.encode(to: encoder)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(allocations, forKey: .allocations)
        try c.encode(containerCount, forKey: .containerCount)
    }
}

/// A page of tenants, oldest first.
public struct TenantPage: Sendable {
    public let tenants: [Tenant]
    public let nextCursor: String?
}

/// What a tenant list is narrowed to.
public struct TenantFilter: Sendable {
    public var externalRef: String?
    public var status: TenantStatus?

    public init(externalRef: String? = nil, status: TenantStatus? = nil) {
        self.externalRef = externalRef
        self.status = status
    }
}

/// The tenants table: reads, and the checks every tenant mutation starts with. The lifecycle
/// (create, suspend, resume, terminate, change) is `TenantLifecycle`.
public struct TenantStore {
    let sql: SQLAccess
    static let columns = "id, name, external_ref, status, allowed_egress_cidrs, created_at, deleted_at"

    public init(_ database: Database) { sql = SQLAccess(database) }
    init(_ connection: Connection) { sql = SQLAccess(connection) }

    public func get(_ id: String) throws -> Tenant {
        guard let row = try sql.read({ try $0.queryFirst("SELECT \(Self.columns) FROM tenants WHERE id = ?", [.text(id)]) })
        else { throw APIError(.notFound, "no such tenant") }
        return try Self.tenant(row)
    }

    /// Finds a tenant by id, or by the name of a tenant that is not deleted (the CLI's argument).
    public func resolve(_ nameOrID: String) throws -> Tenant {
        let row = try sql.read {
            try $0.queryFirst(
                "SELECT \(Self.columns) FROM tenants WHERE id = ? OR live_name = ? ORDER BY id = ? DESC LIMIT 1",
                [.text(nameOrID), .text(nameOrID), .text(nameOrID)])
        }
        guard let row else { throw APIError(.notFound, "no tenant '\(nameOrID)'") }
        return try Self.tenant(row)
    }

    public func detail(_ id: String) throws -> TenantDetail {
        let tenant = try get(id)
        let count = try sql.read {
            try $0.queryFirst("SELECT COUNT(*) AS n FROM containers WHERE tenant_id = ? AND desired_state <> 'deleted'", [.text(id)])
        }?.int("n") ?? 0
        return TenantDetail(tenant: tenant, allocations: try AllocationStore(sql).views(tenantID: id), containerCount: count)
    }

    /// Tenants oldest first, by keyset pagination on (created_at, id).
    public func list(_ filter: TenantFilter, cursor: String?, limit: Int) throws -> TenantPage {
        var conditions = [String]()
        var parameters = [SQLValue]()
        if let ref = filter.externalRef {
            conditions.append("external_ref = ?")
            parameters.append(.text(ref))
        }
        if let status = filter.status {
            conditions.append("status = ?")
            parameters.append(.text(status.rawValue))
        }
        let page = try Self.cursor.page(
            sql, table: "tenants", columns: Self.columns, conditions: conditions, parameters,
            cursor: cursor, limit: limit, item: Self.tenant, id: \.id)
        return TenantPage(tenants: page.items, nextCursor: page.nextCursor)
    }

    /// How a mutation holds the tenant's row while it works.
    enum RowLock {
        /// The mutation rewrites the tenant row itself.
        case exclusive
        /// The mutation only needs the tenant to stay live (tokens, allocations). A shared lock is
        /// compatible with the one a create's foreign-key check takes on the tenant *after* it
        /// locked the allocations, so an allocation change racing creates cannot deadlock.
        case shared

        var clause: String { self == .exclusive ? "FOR UPDATE" : "LOCK IN SHARE MODE" }
    }

    /// Locks a tenant's row for a mutation: `404` when it does not exist, `409 tenant_deleted`
    /// when it is being or was terminated.
    @discardableResult
    func requireLive(_ id: String, _ lock: RowLock = .exclusive) throws -> Tenant {
        guard let row = try sql.read({ try $0.queryFirst("SELECT \(Self.columns) FROM tenants WHERE id = ? \(lock.clause)", [.text(id)]) })
        else { throw APIError(.notFound, "no such tenant") }
        let tenant = try Self.tenant(row)
        guard tenant.status.isLive else { throw TenantStatus.deletedConflict }
        return tenant
    }

    /// The egress ranges operators opened per tenant (as stored: a JSON array of CIDR strings).
    public static func egressAllowances(_ database: Database) throws -> [String: [String]] {
        let rows = try database.read {
            try $0.query("SELECT id, allowed_egress_cidrs FROM tenants WHERE allowed_egress_cidrs IS NOT NULL")
        }
        var allowances = [String: [String]]()
        for row in rows { allowances[try row.require("id")] = ranges(row.string("allowed_egress_cidrs")) }
        return allowances
    }

    static func tenant(_ row: Row) throws -> Tenant {
        Tenant(id: try row.require("id"), name: try row.require("name"), externalRef: row.string("external_ref"),
               status: row.string("status").flatMap(TenantStatus.init(rawValue:)) ?? .active,
               allowedEgressCIDRs: ranges(row.string("allowed_egress_cidrs")),
               createdAt: Timestamp.rfc3339(sql: try row.require("created_at")), deletedAt: row.string("deleted_at").map(Timestamp.rfc3339(sql:)))
    }

    private static func ranges(_ stored: String?) -> [String] {
        stored.flatMap { try? JSONDecoder().decode([String].self, from: Data($0.utf8)) } ?? []
    }

    static let cursor = CreationOrderCursor(tag: "t1")
}
