/// One container row as the reconciler reads it: the tenant's declaration, its tenant's
/// standing, and what was last recorded.
public struct DesiredContainer: Sendable, Hashable {
    public let id: String
    public let tenantID: String
    public let name: String
    public let desiredState: DesiredState
    public let specHash: String
    public let generation: Int64
    /// The generation at which a restart was last asked for.
    public let restartGeneration: Int64
    /// The generation at which `dro-admin host roll` asked for a recreation under the current policy.
    public let recreateGeneration: Int64
    /// The generation a PATCH of `restart` alone produced (0: none).
    public let restartPolicyGeneration: Int64
    /// What happens when the container's own process exits.
    public let restart: RestartPolicy
    /// A suspended tenant's containers are kept stopped whatever their desired state.
    public let tenantSuspended: Bool
    /// What the reconciler last recorded.
    public let recorded: Observation

    public init(
        id: String, tenantID: String, name: String, desiredState: DesiredState, specHash: String, generation: Int64,
        restartGeneration: Int64, recreateGeneration: Int64 = 0, restartPolicyGeneration: Int64 = 0, restart: RestartPolicy = .onFailure,
        tenantSuspended: Bool = false, recorded: Observation
    ) {
        self.id = id
        self.tenantID = tenantID
        self.name = name
        self.desiredState = desiredState
        self.specHash = specHash
        self.generation = generation
        self.restartGeneration = restartGeneration
        self.recreateGeneration = recreateGeneration
        self.restartPolicyGeneration = restartPolicyGeneration
        self.restart = restart
        self.tenantSuspended = tenantSuspended
        self.recorded = recorded
    }

    /// The generation the reconciler last converged.
    public var observedGeneration: Int64 { recorded.generation }
    public var observedState: ObservedState { recorded.state }
    public var failures: Int { recorded.failures }
    public var backoffUntil: Int64? { recorded.backoffUntil }

    /// The tenant changed something since the last convergence: act now, whatever the backoff says.
    public var hasNewGeneration: Bool { generation > observedGeneration }

    /// The new generation asks for the container to run again: any change but a PATCH of the
    /// restart policy alone, which only changes what the next exit means.
    public var asksForStart: Bool {
        hasNewGeneration && !(restartPolicyGeneration == generation && generation == observedGeneration + 1)
    }
}

/// A Docker container's life-cycle status, as Docker names it.
public enum RuntimeStatus: String, Sendable, Hashable {
    case created, running, paused, restarting, removing, exited, dead
}

/// What Docker shows of a managed container.
public struct RuntimeObservation: Sendable, Hashable {
    public let dockerID: String
    /// The `spec_hash` label the container was created with.
    public let specHash: String?
    public let status: RuntimeStatus
    /// Known after an inspect; a list call does not report it.
    public let exitCode: Int?
    /// When the process last started (microseconds since the epoch); known after an inspect.
    public let startedAt: Int64?
    /// The container policy version it was created under (its label).
    public let policyVersion: Int

    public init(
        dockerID: String, specHash: String?, status: RuntimeStatus, exitCode: Int?, startedAt: Int64? = nil,
        policyVersion: Int = ContainerPolicy.version
    ) {
        self.dockerID = dockerID
        self.specHash = specHash
        self.status = status
        self.exitCode = exitCode
        self.startedAt = startedAt
        self.policyVersion = policyVersion
    }

    /// Whether an inspect has filled in what a list call leaves out.
    public var isInspected: Bool { exitCode != nil }
}

/// What the planner needs besides the row and Docker: the time, the backoff policy, and when
/// the Docker daemon last started (nil when unknown), to tell a daemon restart from an exit.
public struct PlanningContext: Sendable, Hashable {
    /// Microseconds since the epoch.
    public let now: Int64
    public let backoff: Backoff
    /// Microseconds since the epoch.
    public let daemonStartedAt: Int64?

    public init(now: Int64, backoff: Backoff, daemonStartedAt: Int64? = nil) {
        self.now = now
        self.backoff = backoff
        self.daemonStartedAt = daemonStartedAt
    }
}

/// Exponential, capped restart delays (e.g. 10 s → 10 min).
public struct Backoff: Sendable, Hashable {
    public let initialSeconds: Int64
    public let maximumSeconds: Int64
    /// A container that has run this long after its last restart starts with a clean slate.
    public let resetAfterSeconds: Int64

    public init(initialSeconds: Int64 = 10, maximumSeconds: Int64 = 600, resetAfterSeconds: Int64 = 60) {
        self.initialSeconds = initialSeconds
        self.maximumSeconds = maximumSeconds
        self.resetAfterSeconds = resetAfterSeconds
    }

    /// The pause after the `failures`-th consecutive failure: initial, doubled each time, capped.
    public func delaySeconds(afterFailures failures: Int) -> Int64 {
        guard failures > 0 else { return 0 }
        let doublings = min(failures - 1, 30)
        return min(initialSeconds << doublings, maximumSeconds)
    }
}
