/// One step the reconciler takes on Docker.
public enum ReconcileAction: String, Sendable, Hashable {
    /// Create the container (and its tenant network if needed); it is not started.
    case create
    case start
    case stop
    case restart
    /// Remove the container (and its anonymous volumes), killing it if it runs.
    case remove
}

/// What to do for one container, and what to record once it is done.
public struct ReconcilePlan: Sendable, Hashable {
    public var actions: [ReconcileAction]
    /// The observed state to record when every action succeeds.
    public var outcome: ObservedState
    /// Why the container is down afterwards; nil while it runs.
    public var stopCause: StopCause?
    /// A code recorded with the outcome although nothing failed (`suspended`).
    public var note: FailureCode?
    /// The planner needs what only an inspect shows (exit code, start time): inspect, then plan again.
    public var needsInspection = false
    /// This start recovers from a crash or a failure: it counts towards the backoff.
    public var countsAsFailure = false
    /// The container has run long enough since its last failure to forget the backoff.
    public var resetsFailures = false

    public init(_ actions: [ReconcileAction], _ outcome: ObservedState, cause: StopCause? = nil) {
        self.actions = actions
        self.outcome = outcome
        self.stopCause = cause
    }

    /// Nothing to do on Docker.
    public var isIdle: Bool { actions.isEmpty && !needsInspection }

    /// What to show while the actions run, for those that can take a while: `creating` before a
    /// create (an image pull can take minutes), `removing` before a deleted container's removal
    /// (its stop waits for the grace period). Nil when the outcome is recorded at once.
    public var inProgressState: ObservedState? {
        if actions.contains(.create) { return .creating }
        if outcome == .removed, actions.contains(.remove) { return .removing }
        return nil
    }
}

/// Decides, from the desired row and what Docker shows, what the reconciler does. Pure: the
/// job worker and the sweep both apply its plans.
public enum ReconcilePlanner {
    public static func plan(_ desired: DesiredContainer, _ observed: RuntimeObservation?, _ context: PlanningContext) -> ReconcilePlan {
        // Recreation is decided by the spec hash, or asked for by a roll of a container created
        // under an older policy; a dead container cannot be started again.
        let rolling = desired.recreateGeneration > desired.observedGeneration
        let replace = observed.map {
            $0.specHash != desired.specHash || $0.status == .dead || (rolling && $0.policyVersion < ContainerPolicy.version)
        } ?? false
        switch desired.desiredState {
        case .deleted:
            return ReconcilePlan(observed == nil ? [] : [.remove], .removed)
        case .stopped:
            return planStopped(observed, replace: replace)
        case .running where desired.tenantSuspended:
            return planSuspended(desired, observed)
        case .running:
            return planRunning(desired, observed, replace: replace, context)
        }
    }

    private static func planStopped(_ observed: RuntimeObservation?, replace: Bool) -> ReconcilePlan {
        guard let observed else { return ReconcilePlan([.create], .stopped, cause: .platform) }
        if replace { return ReconcilePlan([.remove, .create], .stopped, cause: .platform) }
        return ReconcilePlan(observed.status.isUp ? [.stop] : [], .stopped, cause: .platform)
    }

    /// A suspended tenant's container is stopped, without touching its backoff; one that was
    /// not running keeps its record, so resume starts exactly what the suspension stopped.
    private static func planSuspended(_ desired: DesiredContainer, _ observed: RuntimeObservation?) -> ReconcilePlan {
        var plan: ReconcilePlan
        if let observed, observed.status.isUp {
            plan = ReconcilePlan([.stop], .stopped, cause: .suspension)
        } else if desired.recorded.stopCause == .suspension {
            plan = ReconcilePlan([], .stopped, cause: .suspension)
        } else {
            return ReconcilePlan([], desired.observedState, cause: desired.recorded.stopCause)
        }
        plan.note = .suspended
        return plan
    }

    private static func planRunning(
        _ desired: DesiredContainer, _ observed: RuntimeObservation?, replace: Bool, _ context: PlanningContext
    ) -> ReconcilePlan {
        let backingOff = !desired.hasNewGeneration && desired.failures > 0 && (desired.backoffUntil ?? 0) > context.now
        // After a failure the next attempt waits for the backoff, unless the tenant asked again.
        func attempt(_ actions: [ReconcileAction], failedBefore: Bool) -> ReconcilePlan {
            if backingOff { return ReconcilePlan([], desired.observedState, cause: desired.recorded.stopCause) }
            var plan = ReconcilePlan(actions, .running)
            plan.countsAsFailure = failedBefore && !desired.hasNewGeneration
            return plan
        }
        let failedBefore = desired.failures > 0 || desired.observedState == .failed
        guard let observed else {
            // Never created, or removed behind our back.
            return attempt([.create, .start], failedBefore: failedBefore)
        }
        if replace { return attempt([.remove, .create, .start], failedBefore: failedBefore) }
        switch observed.status {
        case .running, .restarting, .paused, .removing:
            if desired.restartGeneration > desired.observedGeneration { return ReconcilePlan([.restart], .running) }
            var plan = ReconcilePlan([], .running)
            let settled = (desired.backoffUntil ?? 0) + context.backoff.resetAfterSeconds * 1_000_000 <= context.now
            plan.resetsFailures = desired.failures > 0 && settled
            return plan
        case .created:
            if desired.recorded.stopCause?.restartsWithoutBackoff == true { return ReconcilePlan([.start], .running) }
            return attempt([.start], failedBefore: failedBefore)
        case .exited, .dead:
            return planExited(desired, observed, backingOff: backingOff, context)
        }
    }

    /// A container that should run is down: why decides what happens next.
    private static func planExited(
        _ desired: DesiredContainer, _ observed: RuntimeObservation, backingOff: Bool, _ context: PlanningContext
    ) -> ReconcilePlan {
        let recordedHere = desired.recorded.dockerID == observed.dockerID
        let exitCode = observed.exitCode ?? (recordedHere ? desired.recorded.exitCode : nil)
        guard let cause = stopCause(desired, observed, context), let exitCode else {
            var plan = ReconcilePlan([], desired.observedState, cause: desired.recorded.stopCause)
            plan.needsInspection = true
            return plan
        }
        // Stopped by the platform or with the daemon, or asked again by the tenant: start now.
        if cause.restartsWithoutBackoff || desired.asksForStart { return ReconcilePlan([.start], .running) }
        guard desired.restart.restarts(exitCode: exitCode) else { return ReconcilePlan([], .exited, cause: .exit) }
        if backingOff { return ReconcilePlan([], .exited, cause: .exit) }
        var plan = ReconcilePlan([.start], .running)
        plan.countsAsFailure = true
        return plan
    }

    /// Why a container is down: as recorded when it went down, else a daemon restart when its
    /// process started before the daemon's current start, else its own exit. Nil until inspected.
    static func stopCause(_ desired: DesiredContainer, _ observed: RuntimeObservation, _ context: PlanningContext) -> StopCause? {
        let recorded = desired.recorded
        if [.stopped, .exited].contains(recorded.state), recorded.dockerID == observed.dockerID, let cause = recorded.stopCause {
            return cause
        }
        guard observed.isInspected else { return nil }
        if let daemon = context.daemonStartedAt, let started = observed.startedAt, started < daemon { return .daemon }
        return .exit
    }
}

extension RuntimeStatus {
    /// A process is (or is about to be) running in the container.
    var isUp: Bool { self == .running || self == .restarting || self == .paused }
}
