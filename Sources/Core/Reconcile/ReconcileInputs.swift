/// One container row as the reconciler reads it: the tenant's declaration and what was last observed.
public struct DesiredContainer: Sendable, Hashable {
    public let id: String
    public let tenantID: String
    public let name: String
    public let desiredState: DesiredState
    public let specHash: String
    public let generation: Int64
    /// The generation at which a restart was last asked for.
    public let restartGeneration: Int64
    /// The generation the reconciler last converged.
    public let observedGeneration: Int64
    public let observedState: ObservedState
    /// Consecutive failed or crashed runs, for the backoff.
    public let failures: Int
    /// No restart after a failure before this instant (microseconds since the epoch).
    public let backoffUntil: Int64?

    public init(
        id: String, tenantID: String, name: String, desiredState: DesiredState, specHash: String, generation: Int64,
        restartGeneration: Int64, observedGeneration: Int64, observedState: ObservedState, failures: Int, backoffUntil: Int64?
    ) {
        self.id = id
        self.tenantID = tenantID
        self.name = name
        self.desiredState = desiredState
        self.specHash = specHash
        self.generation = generation
        self.restartGeneration = restartGeneration
        self.observedGeneration = observedGeneration
        self.observedState = observedState
        self.failures = failures
        self.backoffUntil = backoffUntil
    }

    /// The tenant changed something since the last convergence: act now, whatever the backoff says.
    public var hasNewGeneration: Bool { generation > observedGeneration }
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

    public init(dockerID: String, specHash: String?, status: RuntimeStatus, exitCode: Int?) {
        self.dockerID = dockerID
        self.specHash = specHash
        self.status = status
        self.exitCode = exitCode
    }
}

/// Exponential, capped restart delays (DESIGN.md §3: e.g. 10 s → 10 min).
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
