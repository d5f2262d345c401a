import Config
import Core
import DockerEngine
import Foundation
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
    /// Where tenant containers may connect; nil when the operator turned the egress rules off.
    let egress: EgressPolicy?
    /// Whether the egress rules are in place; while not, nothing is created or started.
    let hostPolicy = HostPolicyState()

    /// Throws when the config's egress ranges are not IPv4 ranges.
    init(config: DROConfig, hostKey: String, summary: RunSummary, logger: Logger) throws {
        let policy = config.reconciler
        do {
            egress = policy.egressPolicy
                ? EgressPolicy(blocked: try policy.blockedCIDRs.map(IPv4CIDR.init), allowed: try policy.allowedEgressCIDRs.map(IPv4CIDR.init),
                               blockSMTP: policy.blockSMTP)
                : nil
        } catch let error as APIError {
            throw ConfigError("reconciler.blocked_cidrs / allowed_egress_cidrs: \(error.message)")
        }
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

/// The host's egress rules are in place (or not), shared by the run's threads. While they are
/// not, the run fails closed: it creates and starts nothing, and still stops and removes.
final class HostPolicyState: @unchecked Sendable {
    // Sendable: `problem` is read and written under `lock`.
    private let lock = NSLock()
    private var problem: String?

    var isHealthy: Bool { lock.withLock { problem == nil } }

    func record(_ problem: String?) { lock.withLock { self.problem = problem } }
}
