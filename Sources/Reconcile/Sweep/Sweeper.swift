import Core
import CryptoPrimitives
import DockerEngine
import MariaDB
import Store

/// The backstop (DESIGN.md §3): one Docker list call and one database query for the host, then
/// every container that needs something is leased and converged, and managed containers without
/// a live row are removed. An idle sweep makes no per-container round trip. One sweep at a time
/// per host, under a MariaDB named lock.
final class Sweeper {
    private let context: ReconcileContext
    private let converger: Converger
    private let networks: TenantNetworks

    init(context: ReconcileContext, converger: Converger, networks: TenantNetworks) {
        self.context = context
        self.converger = converger
        self.networks = networks
    }

    /// Sweeps unless another process is sweeping this host; answers the host's rows when it did.
    @discardableResult
    func sweep() throws -> [HostContainer]? {
        let connection = context.database.connection
        let lock = "dro.sweep." + String(SHA256.hex(context.config.installationID + "/" + context.hostKey).prefix(40))
        guard try connection.queryFirst("SELECT GET_LOCK(?, 0) AS locked", [.text(lock)])?.int("locked") == 1 else {
            context.logger.debug("another process is sweeping this host")
            return nil
        }
        defer { _ = try? connection.queryFirst("SELECT RELEASE_LOCK(?) AS released", [.text(lock)]) }
        context.summary.sweeps += 1

        // Docker first, rows second: a container a worker creates in between already has its row.
        let running = try context.docker.listContainers(labels: context.hostLabels)
        let rows = try ContainerObservations(connection).forHost(context.hostKey)
        var byContainer = [String: ContainerSummary]()
        for summary in running {
            if let id = summary.labels?[ManagedLabels.container] { byContainer[id] = summary }
        }
        let now = Timestamp.now().microseconds
        for row in rows {
            let observed = byContainer[row.desired.id].map(RuntimeObservation.init)
            guard needsWork(row, observed, now: now) else { continue }
            let observations = ContainerObservations(connection)
            guard try observations.lease(
                row.desired.id, generation: row.desired.generation, owner: context.owner.description,
                leaseSeconds: context.policy.leaseSeconds)
            else { continue }  // a worker has it, or a newer job is on its way
            context.summary.swept += 1
            // The list and the rows may be stale by now (a worker may have just converged this
            // container): act on the state read again under the lease, not on the snapshot.
            guard let current = try observations.container(row.desired.id) else { continue }
            try converger.converge(current, observed: try converger.inspect(converger.dockerName(current.desired)))
        }
        try removeOrphans(running, live: Set(rows.map(\.desired.id)))
        return rows
    }

    /// Whether a container needs an action or a new record; decided without touching Docker.
    private func needsWork(_ row: HostContainer, _ observed: RuntimeObservation?, now: Int64) -> Bool {
        let plan = ReconcilePlanner.plan(row.desired, observed, now: now, backoff: context.backoff)
        if !plan.isIdle || plan.resetsFailures { return true }
        let stored = row.observation
        return stored.state != plan.outcome || stored.generation != row.desired.generation || stored.dockerID != observed?.dockerID
    }

    /// A container with our installation and host labels but no live row is removed; anything
    /// without our labels was never listed.
    private func removeOrphans(_ running: [ContainerSummary], live: Set<String>) throws {
        for summary in running where !live.contains(summary.labels?[ManagedLabels.container] ?? "") {
            try context.docker.removeIfPresent(summary.id)
            context.summary.orphansRemoved += 1
            context.logger.info("removed orphan container", metadata: ["docker_id": "\(summary.id)"])
            if let tenant = summary.labels?[ManagedLabels.tenant] { try networks.removeIfUnused(tenantID: tenant) }
        }
    }
}
