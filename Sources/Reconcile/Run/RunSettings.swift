import Config
import Core
import DockerEngine
import Logging
import Store

/// What every thread of one run shares, immutable: the host, the lease owner, the policy, the
/// logger and the run's (thread-safe) counts. Each thread opens its own `Session` from it.
final class RunSettings: Sendable {
    let config: DROConfig
    let hostKey: String
    /// The owner string of every lease this run takes.
    let owner: String
    let summary: RunSummary
    let logger: Logger
    let backoff: Backoff

    init(config: DROConfig, hostKey: String, summary: RunSummary, logger: Logger) {
        self.config = config
        self.hostKey = hostKey
        self.owner = LeaseOwner.current().description
        self.summary = summary
        self.logger = logger
        backoff = Backoff(
            initialSeconds: Int64(config.reconciler.backoffInitialSeconds), maximumSeconds: Int64(config.reconciler.backoffMaxSeconds))
    }

    var policy: ReconcilerConfig { config.reconciler }

    /// The labels that select this installation's objects on this host.
    var hostLabels: [String: String] {
        [ManagedLabels.installation: config.installationID, ManagedLabels.host: hostKey]
    }

    /// The actor recorded in events.
    var actor: String { "reconciler:\(hostKey)" }

    /// Names of this host's host-wide leases.
    var sweepLease: String { "sweep:\(hostKey)" }
    var runLease: String { "run:\(hostKey)" }
    func pullLease(tenantID: String) -> String { "pull:\(hostKey):\(tenantID)" }
    /// The prefixes that select this host's host-wide leases.
    var leasePrefixes: [String] { [sweepLease, runLease, "pull:\(hostKey):"] }

    func containerLease(_ containerID: String) -> ContainerLease {
        ContainerLease(containerID: containerID, owner: owner, seconds: policy.leaseSeconds)
    }

    /// What the planner needs now.
    func planningContext() -> PlanningContext {
        PlanningContext(now: Timestamp.now().microseconds, backoff: backoff, daemonStartedAt: DaemonClock.startedAt(pidfile: policy.dockerPidfile))
    }
}
