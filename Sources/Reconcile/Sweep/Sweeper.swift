import Core
import DockerEngine
import Store

/// A container the sweep found off, to be leased and converged when its turn comes.
struct SweepFinding: Sendable, Hashable {
    let containerID: String
    let tenantID: String
    let generation: Int64
}

/// The backstop: one Docker list call and one database query for the host find every container
/// that needs something (the run leases and converges them with the rest of its work, fairly),
/// and managed containers without a live row are removed. An idle sweep makes no per-container
/// round trip. One sweep at a time per host, under the host's sweep lease, which is held only
/// while listing, never across a convergence or a pull.
final class Sweeper {
    private let session: Session
    private let networks: TenantNetworks
    private var settings: RunSettings { session.settings }

    init(session: Session) {
        self.session = session
        networks = TenantNetworks(session: session)
    }

    /// Sweeps unless another process is sweeping this host (then nil); answers what it found off.
    func sweep() throws -> [SweepFinding]? {
        let leases = Leases(session.database)
        guard try leases.acquire(settings.sweepLease, owner: settings.owner, seconds: settings.policy.leaseSeconds) else {
            settings.logger.debug("another process is sweeping this host")
            return nil
        }
        defer { _ = try? leases.release(settings.sweepLease, owner: settings.owner) }
        settings.summary.add(\.sweeps)

        // Docker first, rows second: a container a worker creates in between already has its row.
        let listed = try session.docker.listContainers(labels: settings.hostLabels)
        let rows = try ContainerObservations(session.database).forHost(settings.hostKey)
        var byContainer = [String: ContainerSummary]()
        for summary in listed {
            if let id = summary.labels?[ManagedLabels.container] { byContainer[id] = summary }
        }
        let context = settings.planningContext()
        let findings = rows.compactMap { row -> SweepFinding? in
            let observed = byContainer[row.desired.id].map(RuntimeObservation.init)
            let plan = ReconcilePlanner.plan(row.desired, observed, context)
            guard RecordRules.needsWork(plan, row.desired, observed: observed) else { return nil }
            return SweepFinding(containerID: row.desired.id, tenantID: row.desired.tenantID, generation: row.desired.generation)
        }
        try removeOrphans(listed, live: Set(rows.map(\.desired.id)))
        return findings
    }

    /// A container with our installation and host labels but no live row is removed; anything
    /// without our labels was never listed.
    private func removeOrphans(_ listed: [ContainerSummary], live: Set<String>) throws(RunEnding) {
        for summary in listed where !live.contains(summary.labels?[ManagedLabels.container] ?? "") {
            let removed: Void? = try session.contained("removing orphan \(summary.id)") {
                try session.docker.removeIfPresent(summary.id)
                if let tenant = summary.labels?[ManagedLabels.tenant] { try networks.removeIfUnused(tenantID: tenant) }
            }
            guard removed != nil else { continue }
            settings.summary.add(\.orphansRemoved)
            settings.logger.info("removed orphan container", metadata: ["docker_id": "\(summary.id)"])
        }
    }
}
