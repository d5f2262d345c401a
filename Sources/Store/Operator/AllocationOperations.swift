import Core
import MariaDB

/// Setting and removing a tenant's allocations, shared by the operator API and `dro-admin`.
public struct AllocationOperations {
    let database: Database

    public init(_ database: Database) { self.database = database }

    /// Sets all three caps of a scope (usage recounted under the allocation lock when the scope is
    /// new) and answers it as `GET /v1/quota` shows it. An unchanged allocation writes no event.
    public func put(tenantID: String, scope: QuotaScope, caps: QuotaCaps, actor: AuditActor, now: Timestamp = .now()) throws -> AllocationView {
        try database.transaction { connection in
            try TenantStore(connection).requireLive(tenantID, .shared)
            if case .region(let name) = scope, try !FleetStore(connection).regionExists(name) {
                throw APIError(.notFound, "no region '\(name)'")
            }
            let store = AllocationStore(connection)
            let before = try store.allocations(tenantID: tenantID).first { $0.scope == scope }
            guard before?.caps != caps else { return AllocationView(try Self.require(before)) }
            try store.set(tenantID: tenantID, scope: scope, change: CapsChange(containers: .some(caps.containers),
                cpuMillis: .some(caps.cpuMillis), memBytes: .some(caps.memBytes)), now: now)
            let view = AllocationView(try Self.require(try store.allocations(tenantID: tenantID).first { $0.scope == scope }))
            try EventLog(connection).append(
                .allocationChanged, tenantID: tenantID, actor: actor.name,
                detail: ["scope": .string(view.scope), "max_containers": view.maxContainers.map { .number(Double($0)) } ?? .null,
                         "max_cpu": view.maxCPU.map(JSONValue.number) ?? .null,
                         "max_mem_bytes": view.maxMemBytes.map { .number(Double($0)) } ?? .null],
                requestID: actor.requestID)
            return view
        }
    }

    /// Removes a scope: running containers keep running; `404` when the scope has no allocation.
    public func remove(tenantID: String, scope: QuotaScope, actor: AuditActor) throws {
        try database.transaction { connection in
            try TenantStore(connection).requireLive(tenantID, .shared)
            let removed = try connection.execute(
                "DELETE FROM allocations WHERE tenant_id = ? AND scope = ?", [.text(tenantID), .text(scope.description)])
            guard removed.affectedRows == 1 else { throw APIError(.notFound, "no allocation for scope '\(scope.description)'") }
            try EventLog(connection).append(
                .allocationChanged, tenantID: tenantID, actor: actor.name,
                detail: ["scope": .string(scope.description), "removed": .bool(true)], requestID: actor.requestID)
        }
    }

    private static func require(_ allocation: Allocation?) throws -> Allocation {
        guard let allocation else { throw StoreError("an allocation just written is not there", kind: .failed) }
        return allocation
    }
}
