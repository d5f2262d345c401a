import Core
import MariaDB

/// What the reconciler records about a container (DESIGN.md §3), plus its backoff.
public struct Observation: Sendable, Hashable {
    public var state: ObservedState
    public var generation: Int64
    public var exitCode: Int?
    public var dockerID: String?
    /// JSON `[{"container_port","protocol","host_port"}]`.
    public var publishedPorts: String?
    public var lastError: String?
    public var failures: Int
    /// Microseconds since the epoch.
    public var backoffUntil: Int64?

    public init(state: ObservedState, generation: Int64, exitCode: Int?, dockerID: String?, publishedPorts: String?,
                lastError: String?, failures: Int, backoffUntil: Int64?) {
        self.state = state
        self.generation = generation
        self.exitCode = exitCode
        self.dockerID = dockerID
        self.publishedPorts = publishedPorts
        self.lastError = lastError
        self.failures = failures
        self.backoffUntil = backoffUntil
    }
}

/// A container of one host as the reconciler reads it.
public struct HostContainer: Sendable, Hashable {
    public let desired: DesiredContainer
    public let observation: Observation
    public let leaseOwner: String?
    /// Microseconds since the epoch.
    public let leaseExpiresAt: Int64?
}

/// The reconciler's SQL on the containers table: reading desired state, leasing a container,
/// recording what was observed. One statement per changed container.
public struct ContainerObservations {
    let connection: Connection
    private static let columns = """
        id, tenant_id, name, spec_hash, desired_state, generation, restart_generation, observed_state, observed_generation,
        exit_code, docker_id, published_ports, last_error, failures, backoff_until, lease_owner, lease_expires_at
        """

    public init(_ connection: Connection) { self.connection = connection }

    /// Every container of the host that still needs the reconciler: all but the removed deleted ones.
    /// The sweep's one query.
    public func forHost(_ hostKey: String) throws -> [HostContainer] {
        try connection.query(
            """
            SELECT \(Self.columns) FROM containers
            WHERE host_key = ? AND NOT (desired_state = 'deleted' AND observed_state = 'removed')
            """, [.text(hostKey)]
        ).map(Self.container)
    }

    public func container(_ id: String) throws -> HostContainer? {
        try connection.queryFirst("SELECT \(Self.columns) FROM containers WHERE id = ?", [.text(id)]).map(Self.container)
    }

    /// The stored canonical spec, read only when a container is (re)created.
    public func spec(_ id: String) throws -> ContainerSpec {
        guard let row = try connection.queryFirst("SELECT spec FROM containers WHERE id = ?", [.text(id)]) else {
            throw StoreError("container \(id) vanished")
        }
        return try ContainerSpec.decode(canonicalJSON: row.require("spec"))
    }

    /// Leases a container for the sweep, unless a worker holds it or its generation moved on
    /// (then a job is on its way). Answers whether the lease was taken.
    public func lease(_ id: String, generation: Int64, owner: String, leaseSeconds: Int, now: Timestamp = .now()) throws -> Bool {
        try connection.execute(
            """
            UPDATE containers SET lease_owner = ?, lease_expires_at = ?
            WHERE id = ? AND generation = ? AND (lease_owner IS NULL OR lease_expires_at < ? OR lease_owner = ?)
            """,
            [.text(owner), .text(now.adding(seconds: Int64(leaseSeconds)).sql), .text(id), .int(generation), .text(now.sql), .text(owner)]
        ).affectedRows == 1
    }

    /// Records an observation and releases the lease, in one statement.
    public func record(_ id: String, _ observation: Observation, owner: String, now: Timestamp = .now()) throws {
        try connection.execute(
            """
            UPDATE containers SET observed_state = ?, observed_generation = ?, exit_code = ?, docker_id = ?, published_ports = ?,
              last_error = ?, failures = ?, backoff_until = ?, observed_at = ?,
              lease_owner = IF(lease_owner = ?, NULL, lease_owner), lease_expires_at = IF(lease_owner IS NULL, NULL, lease_expires_at)
            WHERE id = ?
            """,
            [.text(observation.state.rawValue), .int(observation.generation), SQLValue(observation.exitCode),
             SQLValue(observation.dockerID), SQLValue(observation.publishedPorts),
             SQLValue(observation.lastError.map { String($0.prefix(1024)) }), .int(Int64(observation.failures)),
             SQLValue(observation.backoffUntil.map { Timestamp(microseconds: $0).sql }), .text(now.sql), .text(owner), .text(id)])
    }

    /// Shows a state while the lease holder works on the container; the lease is kept.
    public func markInProgress(_ id: String, _ state: ObservedState, owner: String, now: Timestamp = .now()) throws {
        try connection.execute(
            "UPDATE containers SET observed_state = ?, observed_at = ? WHERE id = ? AND lease_owner = ?",
            [.text(state.rawValue), .text(now.sql), .text(id), .text(owner)])
    }

    /// Releases a lease without recording anything.
    public func release(_ id: String, owner: String) throws {
        try connection.execute(
            "UPDATE containers SET lease_owner = NULL, lease_expires_at = NULL WHERE id = ? AND lease_owner = ?", [.text(id), .text(owner)])
    }

    /// The owners of this host's container leases, to find those whose process died.
    public func leaseOwners(hostKey: String) throws -> [String] {
        try connection.query(
            "SELECT DISTINCT lease_owner FROM containers WHERE host_key = ? AND lease_owner IS NOT NULL", [.text(hostKey)]
        ).map { $0.require("lease_owner") }
    }

    /// Makes a dead owner's container leases takeable at once.
    public func expireLeases(owner: String, now: Timestamp = .now()) throws {
        try connection.execute("UPDATE containers SET lease_expires_at = ? WHERE lease_owner = ?", [.text(now.sql), .text(owner)])
    }

    private static func container(_ row: Row) -> HostContainer {
        let micros = { (name: String) in row.string(name).flatMap(Timestamp.init(sql:))?.microseconds }
        let desired = DesiredContainer(
            id: row.require("id"), tenantID: row.require("tenant_id"), name: row.require("name"),
            desiredState: DesiredState(rawValue: row.require("desired_state")) ?? .deleted, specHash: row.require("spec_hash"),
            generation: row.int("generation") ?? 0, restartGeneration: row.int("restart_generation") ?? 0,
            observedGeneration: row.int("observed_generation") ?? 0,
            observedState: ObservedState(rawValue: row.require("observed_state")) ?? .pending,
            failures: Int(row.int("failures") ?? 0), backoffUntil: micros("backoff_until"))
        let observation = Observation(
            state: desired.observedState, generation: desired.observedGeneration, exitCode: row.int("exit_code").map(Int.init),
            dockerID: row.string("docker_id"), publishedPorts: row.string("published_ports"), lastError: row.string("last_error"),
            failures: desired.failures, backoffUntil: desired.backoffUntil)
        return HostContainer(desired: desired, observation: observation, leaseOwner: row.string("lease_owner"),
                             leaseExpiresAt: micros("lease_expires_at"))
    }
}
