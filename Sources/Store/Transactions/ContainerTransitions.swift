import Core
import MariaDB

/// Start, stop, restart and delete: each changes desired state and enqueues a job
/// for the row's host in one transaction; a no-op changes nothing. Delete frees the name (the
/// generated `live_name` turns NULL) and the quota at once.
public struct ContainerTransitions {
    let database: Database

    public init(database: Database) { self.database = database }

    /// Applies the action and answers the container as it is afterwards.
    public func apply(_ action: ContainerAction, containerID: String, principal: Principal, requestID: String?) throws -> ContainerRecord {
        let tenantID = principal.tenantID
        return try database.transaction { connection in
            let containers = ContainerStore(connection)
            let current = try containers.lockForChange(tenantID: tenantID, id: containerID)
            guard case .change(let state, let restart) = try StateTransition.decide(action, current: current.state, observed: current.observed) else {
                return try containers.get(tenantID: tenantID, id: containerID)
            }
            let now = Timestamp.now()
            let generation = current.generation + 1
            try containers.setDesired(tenantID: tenantID, id: containerID, state: state, generation: generation, restart: restart, now: now)
            if state == .deleted {
                try AllocationStore(connection).charge(
                    tenantID: tenantID, region: current.region, containers: -1, cpuMillis: -current.cpuMillis,
                    memBytes: -current.memBytes, now: now)
            }
            try JobQueue(connection).enqueue(containerID: containerID, hostKey: current.hostKey, generation: generation, now: now)
            try EventLog(connection).append(
                EventType.requested(action), tenantID: tenantID, containerID: containerID, actor: principal.actor,
                detail: ["generation": .number(Double(generation))], requestID: requestID)
            return try containers.get(tenantID: tenantID, id: containerID)
        }
    }
}
