import Core
import CryptoPrimitives
import Foundation
import MariaDB

/// A tenant's life, shared by the operator API and `dro-admin`: creation (idempotent by
/// `external_ref`), suspension, resumption, changes, and termination. Every effective change is
/// one transaction ending with its event; repeating a no-op writes nothing.
public struct TenantLifecycle {
    let sql: SQLAccess

    public init(_ database: Database) { sql = SQLAccess(database) }
    init(_ connection: Connection) { sql = SQLAccess(connection) }

    /// Creates a tenant, or answers the live tenant that already has this `external_ref` and
    /// name (`created` false). The same reference under another name is `409 external_ref_taken`.
    public func create(_ creation: TenantCreation, actor: AuditActor, now: Timestamp = .now()) throws -> (tenant: Tenant, created: Bool) {
        let id = try SecureRandom.identifier(prefix: "ten")
        return try sql.write { connection in
            if let ref = creation.externalRef, let holder = try Self.holder(connection, column: "live_external_ref", ref.value) {
                guard holder.status.isLive else { throw TenantStatus.deletedConflict }
                guard holder.name == creation.name.value else {
                    throw APIError.conflict("external_ref_taken", "another tenant has external_ref '\(ref.value)'")
                }
                return (holder, false)
            }
            if let holder = try Self.holder(connection, column: "live_name", creation.name.value) {
                // A concurrent create of this very tenant committed between the two lookups.
                if holder.status.isLive, let ref = creation.externalRef, holder.externalRef == ref.value { return (holder, false) }
                throw holder.status.isLive ? APIError.conflict("name_taken", "a tenant named '\(creation.name.value)' already exists")
                    : TenantStatus.deletedConflict
            }
            do {
                try connection.execute(
                    "INSERT INTO tenants (id, name, external_ref, status, created_at, updated_at) VALUES (?, ?, ?, 'active', ?, ?)",
                    [.text(id), .text(creation.name.value), SQLValue(creation.externalRef?.value), .text(now.sql), .text(now.sql)])
            } catch let error as MariaDBError where error.isDuplicateKey {
                // A concurrent create took the name or reference first: run again, and the lookups
                // above find its tenant (200 for the same reference and name).
                throw TransactionRaced(error: APIError.conflict("name_taken", "a tenant with this name or external_ref was just created; retry to see it"))
            }
            var detail: [String: JSONValue] = ["name": .string(creation.name.value)]
            if let ref = creation.externalRef { detail["external_ref"] = .string(ref.value) }
            try EventLog(connection).append(.tenantCreated, tenantID: id, actor: actor.name, detail: detail, requestID: actor.requestID)
            return (try TenantStore(connection).get(id), true)
        }
    }

    /// Suspends (or resumes) a tenant: its tokens answer `403`, and every reconciler stops its
    /// containers within a sweep without changing their desired state. Repeating it is a no-op.
    public func setSuspended(_ id: String, _ suspended: Bool, actor: AuditActor, now: Timestamp = .now()) throws -> Tenant {
        try sql.write { connection in
            let tenant = try TenantStore(connection).requireLive(id)
            guard (tenant.status == .suspended) != suspended else { return tenant }
            try connection.execute(
                "UPDATE tenants SET status = ?, suspended = ?, updated_at = ? WHERE id = ?",
                [.text((suspended ? TenantStatus.suspended : .active).rawValue), SQLValue(suspended), .text(now.sql), .text(id)])
            try EventLog(connection).append(
                suspended ? .tenantSuspended : .tenantResumed, tenantID: id, actor: actor.name, requestID: actor.requestID)
            return try TenantStore(connection).get(id)
        }
    }

    /// Replaces the egress ranges opened to a tenant's containers.
    public func change(_ id: String, _ change: TenantChange, actor: AuditActor, now: Timestamp = .now()) throws -> Tenant {
        try sql.write { connection in
            let tenant = try TenantStore(connection).requireLive(id)
            let ranges = change.allowedEgressCIDRs.map(\.description)
            guard ranges != tenant.allowedEgressCIDRs else { return tenant }
            let text = ranges.isEmpty ? nil : String(decoding: try JSONEncoder().encode(ranges), as: UTF8.self)
            try connection.execute(
                "UPDATE tenants SET allowed_egress_cidrs = ?, updated_at = ? WHERE id = ?", [SQLValue(text), .text(now.sql), .text(id)])
            try EventLog(connection).append(
                .tenantUpdated, tenantID: id, actor: actor.name, detail: ["fields": .array([.string("allowed_egress_cidrs")])],
                requestID: actor.requestID)
            return try TenantStore(connection).get(id)
        }
    }

    /// Terminates a tenant: every live container deleted (names and quota freed, a job each so
    /// the reconcilers remove them), tokens revoked, allocations removed; `deleting` until its last
    /// container is removed, `deleted` at once when none is left. `force` marks containers on
    /// disabled hosts removed, so a dead host cannot hold a termination up. Repeating it is a no-op.
    public func terminate(_ id: String, force: Bool, actor: AuditActor, now: Timestamp = .now()) throws -> Tenant {
        try sql.write { connection in
            guard let row = try connection.queryFirst("SELECT \(TenantStore.columns) FROM tenants WHERE id = ? FOR UPDATE", [.text(id)])
            else { throw APIError(.notFound, "no such tenant") }
            let tenant = try TenantStore.tenant(row)
            guard tenant.status != .deleted else { return tenant }
            // The quota lock first: a create in flight commits before this reads the containers.
            try connection.execute("UPDATE allocations SET version = version + 1 WHERE tenant_id = ?", [.text(id)])
            if tenant.status.isLive { try deleteContainers(connection, tenantID: id, actor: actor, now: now) }
            if force {
                try connection.execute(
                    """
                    UPDATE containers c JOIN hosts h ON h.host_key = c.host_key
                    SET c.observed_state = 'removed', c.observed_at = UTC_TIMESTAMP(6)
                    WHERE c.tenant_id = ? AND c.desired_state = 'deleted' AND c.observed_state <> 'removed' AND h.enabled = 0
                    """, [.text(id)])
            }
            try TokenStore(connection).revokeAll(tenantID: id, now: now)
            try connection.execute("DELETE FROM allocations WHERE tenant_id = ?", [.text(id)])
            let remaining = try connection.queryFirst(
                "SELECT COUNT(*) AS n FROM containers WHERE tenant_id = ? AND observed_state <> 'removed'", [.text(id)])?.int("n") ?? 0
            let status: TenantStatus = remaining == 0 ? .deleted : .deleting
            try connection.execute(
                "UPDATE tenants SET status = ?, suspended = 0, deleted_at = IF(? = 'deleted', ?, NULL), updated_at = ? WHERE id = ?",
                [.text(status.rawValue), .text(status.rawValue), .text(now.sql), .text(now.sql), .text(id)])
            if tenant.status.isLive {
                try EventLog(connection).append(.tenantDeleted, tenantID: id, actor: actor.name, requestID: actor.requestID)
            }
            return try TenantStore(connection).get(id)
        }
    }

    private func deleteContainers(_ connection: Connection, tenantID: String, actor: AuditActor, now: Timestamp) throws {
        let live = try connection.query(
            "SELECT id, host_key, generation FROM containers WHERE tenant_id = ? AND desired_state <> 'deleted' FOR UPDATE",
            [.text(tenantID)])
        for row in live {
            let id: String = try row.require("id")
            let generation = (row.int("generation") ?? 0) + 1
            try connection.execute(
                "UPDATE containers SET desired_state = 'deleted', generation = ?, deleted_at = ?, updated_at = ? WHERE id = ?",
                [.int(generation), .text(now.sql), .text(now.sql), .text(id)])
            try JobQueue(connection).enqueue(containerID: id, hostKey: try row.require("host_key"), generation: generation, now: now)
            // Held back with the tenant's own event until the termination's other writes are done.
            try EventLog(connection).append(
                .containerDeleted, tenantID: tenantID, containerID: id, actor: actor.name,
                detail: ["generation": .number(Double(generation)), "reason": .string("tenant_deleted")], requestID: actor.requestID)
        }
    }

    /// The tenant holding a unique value (name or reference) among tenants not deleted.
    private static func holder(_ connection: Connection, column: String, _ value: String) throws -> Tenant? {
        try connection.queryFirst("SELECT \(TenantStore.columns) FROM tenants WHERE \(column) = ? FOR UPDATE", [.text(value)])
            .map(TenantStore.tenant)
    }
}
