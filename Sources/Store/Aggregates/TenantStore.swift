import Core
import Foundation
import CryptoPrimitives
import MariaDB

/// A tenant as the operator sees it.
public struct Tenant: Sendable, Hashable, Encodable {
    public let id: String
    public let name: String
    public let suspended: Bool
    public let createdAt: String

    enum CodingKeys: String, CodingKey {
        case id, name, suspended
        case createdAt = "created_at"
    }
}

/// All SQL of the tenants table.
public struct TenantStore {
    let sql: SQLAccess

    public init(_ database: Database) { sql = SQLAccess(database) }

    public func create(name: String, now: Timestamp = .now()) throws -> Tenant {
        _ = try ContainerName(name)  // tenant names follow the same DNS-label rule
        let id = try SecureRandom.identifier(prefix: "ten")
        try sql.write { connection in
            do {
                try connection.execute("INSERT INTO tenants (id, name, created_at) VALUES (?, ?, ?)", [.text(id), .text(name), .text(now.sql)])
            } catch let error as MariaDBError where error.isDuplicateKey {
                throw StoreError("a tenant named '\(name)' already exists")
            }
        }
        return Tenant(id: id, name: name, suspended: false, createdAt: now.rfc3339)
    }

    /// Finds a tenant by id or by name.
    public func resolve(_ nameOrID: String) throws -> Tenant {
        let row = try sql.read {
            try $0.queryFirst(
                "SELECT id, name, suspended, created_at FROM tenants WHERE id = ? OR name = ? LIMIT 1", [.text(nameOrID), .text(nameOrID)])
        }
        guard let row else { throw StoreError("no tenant '\(nameOrID)'") }
        return Tenant(id: try row.require("id"), name: try row.require("name"), suspended: row.bool("suspended") ?? false,
                      createdAt: Timestamp.rfc3339(sql: try row.require("created_at")))
    }

    /// The egress ranges operators opened per tenant (as stored: a JSON array of CIDR strings).
    public static func egressAllowances(_ database: Database) throws -> [String: [String]] {
        let rows = try database.read {
            try $0.query("SELECT id, allowed_egress_cidrs FROM tenants WHERE allowed_egress_cidrs IS NOT NULL")
        }
        var allowances = [String: [String]]()
        for row in rows {
            let text: String = try row.require("allowed_egress_cidrs")
            allowances[try row.require("id")] = (try? JSONDecoder().decode([String].self, from: Data(text.utf8))) ?? []
        }
        return allowances
    }

    /// Sets (or, with an empty list, clears) the egress ranges opened for a tenant.
    public func setEgressAllowances(_ tenantID: String, _ ranges: [IPv4CIDR]) throws {
        let text = ranges.isEmpty ? nil : String(decoding: try JSONEncoder().encode(ranges.map(\.description)), as: UTF8.self)
        try sql.write { try $0.execute("UPDATE tenants SET allowed_egress_cidrs = ? WHERE id = ?", [SQLValue(text), .text(tenantID)]) }
    }

    public func setSuspended(_ tenantID: String, _ suspended: Bool) throws {
        try sql.write { try $0.execute("UPDATE tenants SET suspended = ? WHERE id = ?", [SQLValue(suspended), .text(tenantID)]) }
    }
}

/// The one error the store throws besides the domain's `APIError`: what went wrong, and whether
/// the database is unreachable (the API answers 503 and the reconciler pings before it goes on),
/// the operator's input was refused, or anything else failed (a 500).
public struct StoreError: Error, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The database cannot be reached, or kept refusing a transaction (lock waits, deadlocks).
        case unavailable
        /// An operator's request cannot be done ("no tenant 'x'").
        case invalid
        /// Anything else: a bug or a broken invariant.
        case failed
    }

    public let kind: Kind
    public let description: String

    public init(_ description: String, kind: Kind = .invalid) {
        self.kind = kind
        self.description = description
    }

    init(_ error: MariaDBError) {
        let unavailable = error.isConnectionLost || error.isRetryableTransaction || (2000..<3000).contains(error.code)
        self.init("database: \(error.message) (\(error.code))", kind: unavailable ? .unavailable : .failed)
    }
}
