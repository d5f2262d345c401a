import Core
import CryptoPrimitives
import MariaDB

/// A live container the backfill or a roll would change.
public struct PolicyCandidate: Sendable, Hashable, Encodable {
    public let id: String
    public let tenantID: String
    public let hostKey: String
    public let name: String

    enum CodingKeys: String, CodingKey {
        case id, name
        case tenantID = "tenant_id"
        case hostKey = "host_key"
    }
}

/// `dro-admin policy backfill-limits`: containers created before the platform's default limits
/// get them, explicitly and reported (never by a silent migration). Each is one transaction
/// under its tenant's quota lock: the spec, its hash, the columns the quota counts, a new
/// generation and a job (the reconciler recreates the container with its limits), and the
/// counters charged with the difference.
public struct LimitBackfill {
    let database: Database

    public init(database: Database) { self.database = database }

    /// Live containers that lack a default the platform now has.
    public func candidates(_ defaults: PlatformDefaults) throws -> [PolicyCandidate] {
        var missing = [String]()
        if defaults.cpu != nil { missing.append("cpu_millis IS NULL") }
        if defaults.memory != nil { missing.append("mem_bytes IS NULL") }
        guard !missing.isEmpty else { return [] }
        return try database.read { connection in
            try connection.query(
                """
                SELECT id, tenant_id, host_key, name FROM containers
                WHERE desired_state <> 'deleted' AND (\(missing.joined(separator: " OR "))) ORDER BY seq
                """
            ).map(PolicyCandidate.init)
        }
    }

    /// Fills the defaults into one container; answers false when it needs none (any more).
    @discardableResult
    public func apply(_ candidate: PolicyCandidate, _ defaults: PlatformDefaults, actor: String, now: Timestamp = .now()) throws -> Bool {
        try database.transaction { connection in
            _ = try AllocationStore(connection).lockAndRead(tenantID: candidate.tenantID)
            guard let row = try connection.queryFirst(
                "SELECT spec, region, generation FROM containers WHERE id = ? AND desired_state <> 'deleted' FOR UPDATE",
                [.text(candidate.id)])
            else { return false }
            let before = try ContainerSpec.decode(canonicalJSON: try row.require("spec"))
            let after = before.applying(defaults)
            guard after != before else { return false }
            let canonical = try after.canonicalJSON()
            let generation = (row.int("generation") ?? 0) + 1
            try connection.execute(
                """
                UPDATE containers SET spec = ?, spec_hash = ?, cpu_millis = ?, mem_bytes = ?, generation = ?, updated_at = ?
                WHERE id = ?
                """,
                [.text(canonical), .text(try after.hash()), SQLValue(after.cpu?.millis), SQLValue(after.memory?.bytes),
                 .int(generation), .text(now.sql), .text(candidate.id)])
            try AllocationStore(connection).charge(
                tenantID: candidate.tenantID, region: try row.require("region"), containers: 0,
                cpuMillis: (after.cpu?.millis ?? 0) - (before.cpu?.millis ?? 0),
                memBytes: (after.memory?.bytes ?? 0) - (before.memory?.bytes ?? 0), now: now)
            try JobQueue(connection).enqueue(containerID: candidate.id, hostKey: candidate.hostKey, generation: generation, now: now)
            try EventLog(connection).append(
                .containerLimitsBackfilled, tenantID: candidate.tenantID, containerID: candidate.id, actor: actor,
                detail: ["cpu_millis": after.cpu.map { .number(Double($0.millis)) } ?? .null,
                         "mem_bytes": after.memory.map { .number(Double($0.bytes)) } ?? .null])
            return true
        }
    }
}

/// `dro-admin host roll`: the live containers of a host created under an older container policy
/// are recreated (same id and name; their file systems reset), one request at a time, so the
/// operator decides the pace.
public struct ContainerRoll {
    let database: Database

    public init(database: Database) { self.database = database }

    /// Containers of the host on an older (or not yet recorded) policy, not yet asked to roll.
    public func candidates(hostKey: String) throws -> [PolicyCandidate] {
        try database.read { connection in
            try connection.query(
                """
                SELECT id, tenant_id, host_key, name FROM containers
                WHERE host_key = ? AND desired_state <> 'deleted' AND docker_id IS NOT NULL
                  AND (policy_version IS NULL OR policy_version < ?) AND recreate_generation <= observed_generation
                ORDER BY seq
                """, [.text(hostKey), .int(Int64(ContainerPolicy.version))]
            ).map(PolicyCandidate.init)
        }
    }

    /// Asks the reconciler to recreate one container: a new generation marked as a recreation,
    /// and its job. Answers false when the container is gone.
    @discardableResult
    public func request(_ candidate: PolicyCandidate, actor: String, now: Timestamp = .now()) throws -> Bool {
        try database.transaction { connection in
            guard let row = try connection.queryFirst(
                "SELECT generation FROM containers WHERE id = ? AND desired_state <> 'deleted' FOR UPDATE", [.text(candidate.id)])
            else { return false }
            let generation = (row.int("generation") ?? 0) + 1
            try connection.execute(
                "UPDATE containers SET generation = ?, recreate_generation = ?, updated_at = ? WHERE id = ?",
                [.int(generation), .int(generation), .text(now.sql), .text(candidate.id)])
            try JobQueue(connection).enqueue(containerID: candidate.id, hostKey: candidate.hostKey, generation: generation, now: now)
            try EventLog(connection).append(
                .containerRecreateRequested, tenantID: candidate.tenantID, containerID: candidate.id, actor: actor,
                detail: ["policy_version": .number(Double(ContainerPolicy.version))])
            return true
        }
    }
}

extension PolicyCandidate {
    init(_ row: Row) throws {
        self.init(id: try row.require("id"), tenantID: try row.require("tenant_id"), hostKey: try row.require("host_key"), name: try row.require("name"))
    }
}
