import Core
import MariaDB

/// `PATCH /v1/containers/{id}` in one transaction: the tenant's allocations are locked (the
/// creates' quota lock), then the row; Core decides what changed by value and whether a
/// difference in limits fits the quota, then the spec is stored, the difference charged, the
/// reconciler's job enqueued and the event recorded last. A patch that changes nothing by value
/// changes nothing at all (beyond the quota lock's counter).
public struct ContainerUpdate {
    let database: Database
    let policy: CreatePolicy

    public init(database: Database, policy: CreatePolicy) {
        self.database = database
        self.policy = policy
    }

    /// Applies the patch and answers the container as it is afterwards.
    public func apply(_ patch: ContainerPatch, containerID: String, principal: Principal, requestID: String?) throws -> ContainerRecord {
        let tenantID = principal.tenantID
        return try database.transaction { connection in
            let containers = ContainerStore(connection)
            // Unlocked and scoped first, so another tenant's id answers like a missing one before
            // any lock is taken; then the quota lock before the row's, the order of terminations
            // and policy backfills, so that they cannot deadlock with a PATCH.
            guard try connection.queryFirst("SELECT id FROM containers WHERE id = ? AND tenant_id = ?", [.text(containerID), .text(tenantID)]) != nil
            else { throw APIError.notFound }
            let allocations = try AllocationStore(connection).lockAndRead(tenantID: tenantID)
            let current = try containers.lockForChange(tenantID: tenantID, id: containerID)
            guard current.state != .deleted else { throw APIError.conflict("deleted", "the container is deleted") }
            let stored = try containers.spec(tenantID: tenantID, id: containerID)
            let change = SpecChange(from: stored, to: try patch.applied(to: stored, policy: policy))
            guard !change.isNoOp else { return try containers.get(tenantID: tenantID, id: containerID) }

            let now = Timestamp.now()
            if !change.resources.isZero {
                try Self.chargeDifference(
                    connection, tenantID: tenantID, allocations: allocations, hostKey: current.hostKey, region: current.region,
                    from: stored, to: change, now: now)
            }
            // Only what the reconciler must act on is a new generation (which also resets its backoff).
            let generation = change.needsJob ? current.generation + 1 : current.generation
            try containers.update(
                tenantID: tenantID, id: containerID, spec: change.spec, canonicalSpec: try change.spec.canonicalJSON(),
                specHash: change.replaces ? try change.spec.hash() : nil, generation: generation,
                restartPolicyOnly: change.needsJob && !change.replaces, now: now)
            if change.changed.contains("labels") {
                try ContainerLabelStore(SQLAccess(connection)).replace(containerID: containerID, tenantID: tenantID, change.spec.labels)
            }
            if change.needsJob {
                try JobQueue(connection).enqueue(containerID: containerID, hostKey: current.hostKey, generation: generation, now: now)
            }
            let updated = try containers.get(tenantID: tenantID, id: containerID)
            try EventLog(connection).append(
                .containerUpdated, tenantID: tenantID, containerID: containerID, actor: principal.actor,
                detail: ["changed": .array(change.changed.map(JSONValue.string)), "generation": .number(Double(generation))],
                requestID: requestID)
            return updated
        }
    }

    /// Under the quota lock (`allocations` were read holding it): a limit that grows must fit the
    /// host and every cap that applies (a decrease always passes); then the difference is charged
    /// (a decrease releases).
    private static func chargeDifference(
        _ connection: Connection, tenantID: String, allocations: [Allocation], hostKey: String, region: String, from stored: ContainerSpec,
        to change: SpecChange, now: Timestamp
    ) throws {
        let patched = ResourceRequest(change.spec)
        let difference = change.resources
        if let host = try FleetStore(connection).host(hostKey) {
            try PlacementDecision.checkCapacity(
                of: host.facts, for: ResourceRequest(cpuMillis: difference.cpuMillis > 0 ? patched.cpuMillis : nil,
                                                     memBytes: difference.memBytes > 0 ? patched.memBytes : nil))
        }
        switch QuotaDecision.decide(region: region, from: ResourceRequest(stored), to: patched, allocations: allocations) {
        case .allowed: break
        case .missingLimit(let field):
            throw APIError.validation(field, "\(field) is required: your quota caps this resource")
        case .exceeded(let refusal):
            throw refusal.error
        }
        try AllocationStore(connection).charge(
            tenantID: tenantID, region: region, containers: 0, cpuMillis: difference.cpuMillis, memBytes: difference.memBytes, now: now)
    }
}
