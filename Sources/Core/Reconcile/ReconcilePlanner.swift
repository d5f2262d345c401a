/// One step the reconciler takes on Docker.
public enum ReconcileAction: String, Sendable, Hashable {
    /// Create the container (and its tenant network if needed); it is not started.
    case create
    case start
    case stop
    case restart
    /// Remove the container, killing it if it runs.
    case remove
}

/// What to do for one container, and what to record once it is done.
public struct ReconcilePlan: Sendable, Hashable {
    public var actions: [ReconcileAction]
    /// The observed state to record when every action succeeds.
    public var outcome: ObservedState
    /// The planner needs the exit code of an exited container: inspect it, then plan again.
    public var needsExitCode = false
    /// This start recovers from a crash or a failure: it counts towards the backoff.
    public var countsAsFailure = false
    /// The container has run long enough since its last failure to forget the backoff.
    public var resetsFailures = false

    public init(_ actions: [ReconcileAction], _ outcome: ObservedState) {
        self.actions = actions
        self.outcome = outcome
    }

    /// Nothing to do on Docker.
    public var isIdle: Bool { actions.isEmpty && !needsExitCode }

    /// What to show while the actions run, for those that can take a while: `creating` before a
    /// create (an image pull can take minutes), `removing` before a deleted container's removal
    /// (its stop waits for the grace period). Nil when the outcome is recorded at once.
    public var inProgressState: ObservedState? {
        if actions.contains(.create) { return .creating }
        if outcome == .removed, actions.contains(.remove) { return .removing }
        return nil
    }
}

/// Decides, from the desired row and what Docker shows, what the reconciler does (DESIGN.md §3).
/// Pure: the worker and the sweep both apply its plans.
public enum ReconcilePlanner {
    public static func plan(_ desired: DesiredContainer, _ observed: RuntimeObservation?, now: Int64, backoff: Backoff) -> ReconcilePlan {
        // Recreation is decided by the spec hash alone; a dead container cannot be started again.
        let replace = observed.map { $0.specHash != desired.specHash || $0.status == .dead } ?? false
        switch desired.desiredState {
        case .deleted:
            return ReconcilePlan(observed == nil ? [] : [.remove], .removed)
        case .stopped:
            guard let observed else { return ReconcilePlan([.create], .stopped) }
            if replace { return ReconcilePlan([.remove, .create], .stopped) }
            switch observed.status {
            case .running, .restarting, .paused: return ReconcilePlan([.stop], .stopped)
            default: return ReconcilePlan([], .stopped)
            }
        case .running:
            return planRunning(desired, observed, replace: replace, now: now, backoff: backoff)
        }
    }

    private static func planRunning(
        _ desired: DesiredContainer, _ observed: RuntimeObservation?, replace: Bool, now: Int64, backoff: Backoff
    ) -> ReconcilePlan {
        let backingOff = !desired.hasNewGeneration && desired.failures > 0 && (desired.backoffUntil ?? 0) > now
        // After a failure the next attempt waits for the backoff, unless the tenant asked again.
        func attempt(_ actions: [ReconcileAction], failedBefore: Bool) -> ReconcilePlan {
            if backingOff { return ReconcilePlan([], desired.observedState) }
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
            let settled = (desired.backoffUntil ?? 0) + backoff.resetAfterSeconds * 1_000_000 <= now
            plan.resetsFailures = desired.failures > 0 && settled
            return plan
        case .created:
            return attempt([.start], failedBefore: failedBefore)
        case .exited, .dead:
            guard let exitCode = observed.exitCode else {
                var plan = ReconcilePlan([], desired.observedState)
                plan.needsExitCode = true
                return plan
            }
            // A clean exit is a finished job: it stays down until the tenant starts it again.
            if exitCode == 0, !desired.hasNewGeneration { return ReconcilePlan([], .exited) }
            if exitCode == 0 { return ReconcilePlan([.start], .running) }
            // Killed or crashed: started again, with backoff.
            if backingOff { return ReconcilePlan([], .exited) }
            var plan = ReconcilePlan([.start], .running)
            plan.countsAsFailure = !desired.hasNewGeneration
            return plan
        }
    }
}
