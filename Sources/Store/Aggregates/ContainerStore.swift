import Core
import CryptoPrimitives
import MariaDB

/// One page of a tenant's live containers, oldest first.
public struct ContainerPage: Sendable {
    public let containers: [ContainerRecord]
    let sequence: [Int64]
    /// Rows follow these ones.
    let more: Bool

    /// The opaque cursor after the first `written` containers of the page (a response may stop
    /// early to stay bounded); nil when nothing follows them.
    public func nextCursor(afterWriting written: Int) -> String? {
        guard written > 0, written <= sequence.count, written < containers.count || more else { return nil }
        return ContainerStore.encodeCursor(sequence[written - 1])
    }
}

/// All SQL of the containers table as the API sees it. Every statement is scoped by tenant.
public struct ContainerStore {
    let sql: SQLAccess

    public init(_ database: Database) { sql = SQLAccess(database) }
    init(_ connection: Connection) { sql = SQLAccess(connection) }

    /// One container of the tenant, deleted ones included until purged.
    public func get(tenantID: String, id: String) throws -> ContainerRecord {
        guard let row = try sql.read({ try $0.queryFirst(
            "SELECT \(ContainerRow.columns) FROM containers WHERE id = ? AND tenant_id = ?", [.text(id), .text(tenantID)]) })
        else { throw APIError.notFound }
        return try ContainerRow.record(row)
    }

    /// Any tenant's container, for operators.
    public func get(id: String) throws -> ContainerRecord {
        guard let row = try sql.read({ try $0.queryFirst("SELECT \(ContainerRow.columns) FROM containers WHERE id = ?", [.text(id)]) })
        else { throw APIError.notFound }
        return try ContainerRow.record(row)
    }

    /// The tenant's live containers, oldest first, by keyset pagination on the insertion sequence.
    public func list(tenantID: String, label: LabelFilter? = nil, cursor: String?, limit: Int) throws -> ContainerPage {
        try list(filter: ContainerFilter(tenantID: tenantID, label: label), cursor: cursor, limit: limit)
    }

    /// Live containers the filter selects, oldest first, by keyset pagination on the insertion
    /// sequence: a tenant's (`filter.tenantID`), or any tenant's for the operator API. Only the
    /// rows the 4 MiB body can hold are fetched whole (`ContainerPageCut`): a page of 200 specs
    /// near the 1 MiB body cap would otherwise load some 200 MiB. A row deleted between the two
    /// queries is simply missing from the page.
    public func list(filter: ContainerFilter, cursor: String?, limit: Int) throws -> ContainerPage {
        let after = try cursor.map(Self.decodeCursor) ?? 0
        let sizes = filter.sizeQuery(after: after, limit: limit)
        let sized = try sql.read { try $0.query(sizes.sql, sizes.parameters) }
        let cut = ContainerPageCut.rows(specBytes: sized.map { Int($0.int("spec_bytes") ?? 0) }, limit: limit)
        guard cut.count > 0, let last = sized[cut.count - 1].int("seq") else {
            return ContainerPage(containers: [], sequence: [], more: false)
        }
        let query = filter.pageQuery(after: after, through: last, count: cut.count)
        let rows = try sql.read { try $0.query(query.sql, query.parameters) }
        return ContainerPage(containers: try rows.map(ContainerRow.record), sequence: rows.map { $0.int("seq") ?? 0 }, more: cut.more)
    }

    /// The facts a state change needs, with the row write-locked for the transaction. The row is
    /// looked up by tenant first, without a lock: another tenant's id answers as fast as a missing
    /// one, never waiting on that tenant's lock.
    func lockForChange(tenantID: String, id: String) throws -> (state: DesiredState, observed: ObservedState?, generation: Int64, hostKey: String, region: String, cpuMillis: Int64, memBytes: Int64) {
        guard try sql.read({ try $0.queryFirst("SELECT id FROM containers WHERE id = ? AND tenant_id = ?", [.text(id), .text(tenantID)]) }) != nil
        else { throw APIError.notFound }
        guard let row = try sql.read({ try $0.queryFirst(
            """
            SELECT desired_state, observed_state, generation, host_key, region, cpu_millis, mem_bytes FROM containers
            WHERE id = ? AND tenant_id = ? FOR UPDATE
            """, [.text(id), .text(tenantID)]) })
        else { throw APIError.notFound }
        return (DesiredState(rawValue: try row.require("desired_state")) ?? .deleted, ObservedState(rawValue: try row.require("observed_state")),
                row.int("generation") ?? 0,
                try row.require("host_key"), try row.require("region"), row.int("cpu_millis") ?? 0, row.int("mem_bytes") ?? 0)
    }

    /// Records a new desired state and generation; a restart also records the generation it was asked at.
    func setDesired(tenantID: String, id: String, state: DesiredState, generation: Int64, restart: Bool, now: Timestamp) throws {
        try sql.write { try $0.execute(
            """
            UPDATE containers SET desired_state = ?, generation = ?,
              restart_generation = IF(?, ?, restart_generation),
              deleted_at = IF(? = 'deleted', ?, deleted_at), updated_at = ?
            WHERE id = ? AND tenant_id = ?
            """,
            [.text(state.rawValue), .int(generation), SQLValue(restart), .int(generation), .text(state.rawValue), .text(now.sql),
             .text(now.sql), .text(id), .text(tenantID)]) }
    }

    /// The stored spec of a container the transaction holds locked.
    func spec(tenantID: String, id: String) throws -> ContainerSpec {
        guard let row = try sql.read({ try $0.queryFirst("SELECT spec FROM containers WHERE id = ? AND tenant_id = ?", [.text(id), .text(tenantID)]) })
        else { throw APIError.notFound }
        return try ContainerSpec.decode(canonicalJSON: try row.require("spec"))
    }

    /// Stores a patched spec and its columns. `specHash` is nil when what Docker runs is unchanged:
    /// the stored hash is then kept, never recomputed.
    /// `restartPolicyOnly`: the new generation changes only the restart policy (no start).
    func update(
        tenantID: String, id: String, spec: ContainerSpec, canonicalSpec: String, specHash: String?, generation: Int64,
        restartPolicyOnly: Bool, now: Timestamp
    ) throws {
        try sql.write { try $0.execute(
            """
            UPDATE containers SET spec = ?, image = ?, cpu_millis = ?, mem_bytes = ?, restart_policy = ?,
              spec_hash = COALESCE(?, spec_hash), generation = ?,
              restart_policy_generation = IF(?, ?, restart_policy_generation), updated_at = ?
            WHERE id = ? AND tenant_id = ?
            """,
            [.text(canonicalSpec), .text(spec.image.value), SQLValue(spec.cpu?.millis), SQLValue(spec.memory?.bytes),
             .text(spec.restart.rawValue), SQLValue(specHash), .int(generation), SQLValue(restartPolicyOnly), .int(generation),
             .text(now.sql), .text(id), .text(tenantID)]) }
    }

    /// Inserts a new container row; a live namesake answers `409 conflict`. `canonicalSpec` is
    /// `request.spec.canonicalJSON()`, encoded by the caller before it takes the quota lock.
    func insert(
        id: String, tenantID: String, request: CreateContainerRequest, canonicalSpec: String, specHash: String, region: String, now: Timestamp
    ) throws {
        let spec = request.spec
        do {
            try sql.write { try $0.execute(
                """
                INSERT INTO containers (id, tenant_id, name, image, host_key, region, spec, spec_hash, cpu_millis, mem_bytes,
                  restart_policy, desired_state, generation, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)
                """,
                [.text(id), .text(tenantID), .text(request.name.value), .text(spec.image.value), .text(request.hostKey),
                 .text(region), .text(canonicalSpec), .text(specHash), SQLValue(spec.cpu?.millis), SQLValue(spec.memory?.bytes),
                 .text(spec.restart.rawValue), .text(request.start ? DesiredState.running.rawValue : DesiredState.stopped.rawValue),
                 .text(now.sql), .text(now.sql)]) }
        } catch let error as MariaDBError where error.isDuplicateKey {
            throw APIError.conflict("name_taken", "a container named '\(request.name.value)' already exists")
        }
        try ContainerLabelStore(sql).add(containerID: id, tenantID: tenantID, spec.labels)
    }

    static func encodeCursor(_ seq: Int64) -> String { Base64URL.encode(Array("c1:\(seq)".utf8)) }

    static func decodeCursor(_ cursor: String) throws -> Int64 {
        guard let bytes = Base64URL.decode(cursor), case let text = String(decoding: bytes, as: UTF8.self),
              text.hasPrefix("c1:"), let seq = Int64(text.dropFirst(3)), seq >= 0
        else { throw APIError.validation("cursor", "cursor is not one this API returned") }
        return seq
    }
}
