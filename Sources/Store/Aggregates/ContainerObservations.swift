import Core
import MariaDB

/// A container of one host as the reconciler reads it.
public struct HostContainer: Sendable, Hashable {
    public let desired: DesiredContainer
    public let leaseOwner: String?
}

/// A container lease held by one run: its owner and how long each renewal lasts.
public struct ContainerLease: Sendable, Hashable {
    public let containerID: String
    public let owner: String
    public let seconds: Int

    public init(containerID: String, owner: String, seconds: Int) {
        self.containerID = containerID
        self.owner = owner
        self.seconds = seconds
    }
}

/// The reconciler's SQL on the containers table: reading desired state (and the tenant's
/// suspension), leasing a container, and recording what was observed. Every write about a
/// leased container is fenced: its transaction starts by renewing the lease and aborts unless
/// this owner still holds it, so a run whose lease was taken over writes nothing.
public struct ContainerObservations {
    let database: Database
    private static let columns = """
        c.id, c.tenant_id, c.name, c.spec_hash, c.desired_state, c.generation, c.restart_generation, c.recreate_generation, c.restart_policy_generation, c.restart_policy,
        c.observed_state, c.policy_version,
        c.observed_generation, c.exit_code, c.docker_id, c.published_ports, c.last_error, c.last_error_code, c.stop_cause,
        c.failures, c.backoff_until, c.lease_owner, t.suspended
        """

    public init(_ database: Database) { self.database = database }

    /// Every container of the host that still needs the reconciler: all but the removed deleted ones.
    /// The sweep's one query.
    public func forHost(_ hostKey: String) throws -> [HostContainer] {
        try database.read { connection in
            try connection.query(
                """
                SELECT \(Self.columns) FROM containers c JOIN tenants t ON t.id = c.tenant_id
                WHERE c.host_key = ? AND NOT (c.desired_state = 'deleted' AND c.observed_state = 'removed')
                """, [.text(hostKey)]
            ).map(Self.container)
        }
    }

    /// How many of the host's containers (the same ones as `forHost`) are in each observed state;
    /// states without one are absent. For the run's metrics.
    public func countsByState(hostKey: String) throws -> [ObservedState: Int] {
        let rows = try database.read { connection in
            try connection.query(
                """
                SELECT observed_state, COUNT(*) AS n FROM containers
                WHERE host_key = ? AND NOT (desired_state = 'deleted' AND observed_state = 'removed')
                GROUP BY observed_state
                """, [.text(hostKey)])
        }
        var counts = [ObservedState: Int]()
        for row in rows {
            guard let state = ObservedState(rawValue: try row.require("observed_state")) else { continue }
            counts[state] = Int(row.int("n") ?? 0)
        }
        return counts
    }

    public func container(_ id: String) throws -> HostContainer? {
        try database.read { connection in
            try connection.queryFirst(
                "SELECT \(Self.columns) FROM containers c JOIN tenants t ON t.id = c.tenant_id WHERE c.id = ?", [.text(id)]
            ).map(Self.container)
        }
    }

    /// The stored canonical spec, read only when a container is (re)created.
    public func spec(_ id: String) throws -> ContainerSpec {
        let stored = try database.read { try $0.queryFirst("SELECT spec FROM containers WHERE id = ?", [.text(id)]) }
        guard let stored else { throw StoreError("container \(id) vanished") }
        return try ContainerSpec.decode(canonicalJSON: try stored.require("spec"))
    }

    /// Leases a container for the sweep unless anyone holds it (this run too) or its generation
    /// moved on (then a job is on its way). Answers whether the lease was taken.
    public func lease(_ id: String, generation: Int64, owner: String, seconds: Int) throws -> Bool {
        try database.transaction { connection in
            try connection.execute(
                """
                UPDATE containers SET lease_owner = ?, lease_expires_at = UTC_TIMESTAMP(6) + INTERVAL ? SECOND
                WHERE id = ? AND generation = ? AND (lease_owner IS NULL OR lease_expires_at <= UTC_TIMESTAMP(6))
                """, [.text(owner), .int(Int64(seconds)), .text(id), .int(generation)]
            ).affectedRows == 1
        }
    }

    /// Shows a state while the lease holder works on the container; the lease is kept.
    public func markInProgress(_ lease: ContainerLease, _ state: ObservedState) throws {
        try fenced(lease) { connection in
            try connection.execute(
                "UPDATE containers SET observed_state = ?, observed_at = UTC_TIMESTAMP(6) WHERE id = ?",
                [.text(state.rawValue), .text(lease.containerID)])
        }
    }

    /// Records an observation, completes the job that asked for it, announces it on the feed
    /// (`container.observed`, when the reconciler acted on Docker — `actions`, e.g. `["create",
    /// "start"]` — or the observation is news after `previous`, and `announce` holds), and releases
    /// the lease: one fenced transaction, the event last.
    public func record(
        _ lease: ContainerLease, _ observation: Observation, previous: Observation, tenantID: String, actor: String,
        completing job: ClaimedJob?, actions: [String] = [], announce: Bool = true
    ) throws {
        try fenced(lease) { connection in
            try connection.execute(
                """
                UPDATE containers SET observed_state = ?, observed_generation = ?, exit_code = ?, docker_id = ?, published_ports = ?,
                  last_error = ?, last_error_code = ?, stop_cause = ?, policy_version = ?, failures = ?, backoff_until = ?,
                  observed_at = UTC_TIMESTAMP(6),
                  lease_owner = NULL, lease_expires_at = NULL
                WHERE id = ?
                """,
                [.text(observation.state.rawValue), .int(observation.generation), SQLValue(observation.exitCode),
                 SQLValue(observation.dockerID), SQLValue(observation.publishedPorts),
                 SQLValue(observation.lastError.map(TextColumn.errorText.fit)), SQLValue(observation.lastErrorCode?.rawValue),
                 SQLValue(observation.stopCause?.rawValue), SQLValue(observation.policyVersion), .int(Int64(observation.failures)),
                 SQLValue(observation.backoffUntil.map { Timestamp(microseconds: $0).sql }), .text(lease.containerID)])
            if let job { try JobQueue(connection).complete(job, owner: lease.owner, error: observation.lastError) }
            // A terminated tenant is deleted once its last container is removed.
            if observation.state == .removed {
                try connection.execute(
                    """
                    UPDATE tenants SET status = 'deleted', deleted_at = UTC_TIMESTAMP(6), updated_at = UTC_TIMESTAMP(6)
                    WHERE id = ? AND status = 'deleting'
                      AND NOT EXISTS (SELECT 1 FROM containers WHERE tenant_id = ? AND observed_state <> 'removed')
                    """, [.text(tenantID), .text(tenantID)])
            }
            if announce, !actions.isEmpty || observation.isNews(after: previous) {
                var detail: [String: JSONValue] = [
                    "observed_state": .string(observation.state.rawValue), "generation": .number(Double(observation.generation))]
                if !actions.isEmpty { detail["actions"] = .array(actions.map(JSONValue.string)) }
                if let code = observation.exitCode { detail["exit_code"] = .number(Double(code)) }
                if let code = observation.lastErrorCode { detail["last_error_code"] = .string(code.rawValue) }
                try EventLog(connection).append(
                    .containerObserved, tenantID: tenantID, containerID: lease.containerID, actor: actor, detail: detail)
            }
        }
    }

    /// Releases a lease without recording anything.
    public func release(_ lease: ContainerLease) throws {
        try database.transaction { connection in
            try connection.execute(
                "UPDATE containers SET lease_owner = NULL, lease_expires_at = NULL WHERE id = ? AND lease_owner = ?",
                [.text(lease.containerID), .text(lease.owner)])
        }
    }

    /// Extends the owner's unexpired container leases on the host (long actions: pulls, stops).
    public func renew(hostKey: String, owner: String, seconds: Int) throws {
        try database.transaction { connection in
            try connection.execute(
                """
                UPDATE containers SET lease_expires_at = UTC_TIMESTAMP(6) + INTERVAL ? SECOND
                WHERE host_key = ? AND lease_owner = ? AND lease_expires_at > UTC_TIMESTAMP(6)
                """, [.int(Int64(seconds)), .text(hostKey), .text(owner)])
        }
    }

    /// The owners of this host's container leases, to find those whose process died.
    public func leaseOwners(hostKey: String) throws -> [String] {
        try database.read { connection in
            try connection.query(
                "SELECT DISTINCT lease_owner FROM containers WHERE host_key = ? AND lease_owner IS NOT NULL", [.text(hostKey)]
            ).map { try $0.require("lease_owner") }
        }
    }

    /// Makes a dead owner's container leases takeable at once.
    public func expireLeases(owner: String) throws {
        try database.transaction { connection in
            try connection.execute(
                "UPDATE containers SET lease_expires_at = UTC_TIMESTAMP(6) WHERE lease_owner = ?", [.text(owner)])
        }
    }

    /// Runs `body` in a transaction that first renews the lease and aborts with `LeaseLost` unless
    /// exactly one row changed: the lease is this owner's and unexpired (database clock).
    @discardableResult
    private func fenced<T>(_ lease: ContainerLease, _ body: (Connection) throws -> T) throws -> T {
        try database.transaction { connection in
            let renewed = try connection.execute(
                """
                UPDATE containers SET lease_expires_at = UTC_TIMESTAMP(6) + INTERVAL ? SECOND
                WHERE id = ? AND lease_owner = ? AND lease_expires_at > UTC_TIMESTAMP(6)
                """, [.int(Int64(lease.seconds)), .text(lease.containerID), .text(lease.owner)])
            guard renewed.affectedRows == 1 else { throw LeaseLost("container \(lease.containerID)") }
            return try body(connection)
        }
    }

    private static func container(_ row: Row) throws -> HostContainer {
        let micros = { (name: String) in row.string(name).flatMap(Timestamp.init(sql:))?.microseconds }
        let recorded = Observation(
            state: ObservedState(rawValue: try row.require("observed_state")) ?? .pending,
            generation: row.int("observed_generation") ?? 0, exitCode: row.int("exit_code").map(Int.init),
            dockerID: row.string("docker_id"), publishedPorts: row.string("published_ports"), lastError: row.string("last_error"),
            lastErrorCode: row.string("last_error_code").flatMap(FailureCode.init(rawValue:)),
            stopCause: row.string("stop_cause").flatMap(StopCause.init(rawValue:)),
            policyVersion: row.int("policy_version").map(Int.init),
            failures: Int(row.int("failures") ?? 0), backoffUntil: micros("backoff_until"))
        let desired = DesiredContainer(
            id: try row.require("id"), tenantID: try row.require("tenant_id"), name: try row.require("name"),
            desiredState: DesiredState(rawValue: try row.require("desired_state")) ?? .deleted, specHash: try row.require("spec_hash"),
            generation: row.int("generation") ?? 0, restartGeneration: row.int("restart_generation") ?? 0,
            recreateGeneration: row.int("recreate_generation") ?? 0, restartPolicyGeneration: row.int("restart_policy_generation") ?? 0,
            restart: row.string("restart_policy").flatMap(RestartPolicy.init(rawValue:)) ?? .onFailure, tenantSuspended: (row.int("suspended") ?? 0) != 0, recorded: recorded)
        return HostContainer(desired: desired, leaseOwner: row.string("lease_owner"))
    }
}
