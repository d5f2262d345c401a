/// How the outcome of one convergence becomes the container's record: the failure policy.
/// Pure, next to the planner; the reconciler writes what these answer.
public enum RecordRules {
    /// The record after every action of `plan` succeeded. `after` is what Docker shows now (nil:
    /// no container); `publishedPorts` its published ports, read when actions ran.
    public static func applied(
        _ plan: ReconcilePlan, to desired: DesiredContainer, after: RuntimeObservation?, publishedPorts: String?,
        _ context: PlanningContext
    ) -> Observation {
        var record = desired.recorded
        let acted = !plan.actions.isEmpty
        let sameContainer = after != nil && after?.dockerID == record.dockerID
        record.generation = desired.generation
        record.state = plan.outcome
        record.stopCause = plan.stopCause
        if plan.outcome == .removed || after == nil {
            record.dockerID = nil
            record.publishedPorts = nil
            record.exitCode = nil
            record.policyVersion = nil
        } else if let after {
            record.dockerID = after.dockerID
            record.policyVersion = after.policyVersion
            let down = after.status == .exited || after.status == .dead
            record.exitCode = down ? after.exitCode ?? (sameContainer ? record.exitCode : nil) : nil
            if acted || !sameContainer { record.publishedPorts = publishedPorts }
        }
        if let note = plan.note {
            record.lastErrorCode = note
            record.lastError = note.tenantMessage
        } else if acted || plan.outcome == .running {
            record.lastErrorCode = nil
            record.lastError = nil
        }
        if desired.hasNewGeneration { record.clearBackoff() }
        if plan.countsAsFailure { record.countFailure(context) }
        if plan.resetsFailures { record.clearBackoff() }
        return record
    }

    /// The record after Docker refused a step, or the outcome could not be applied: `failed`,
    /// with the code, a generic text and the next backoff. `dockerID` is the container Docker
    /// holds now, if any.
    public static func failed(_ code: FailureCode, _ desired: DesiredContainer, dockerID: String?, _ context: PlanningContext) -> Observation {
        var record = desired.recorded
        record.generation = desired.generation
        record.state = .failed
        record.dockerID = dockerID
        record.exitCode = nil
        record.stopCause = nil
        record.lastErrorCode = code
        record.lastError = code.tenantMessage
        if desired.hasNewGeneration { record.clearBackoff() }
        record.countFailure(context)
        return record
    }

    /// Whether the sweep must lease a container, judged from a list call: something to do on
    /// Docker, or a record that no longer says what the plan would record.
    public static func needsWork(_ plan: ReconcilePlan, _ desired: DesiredContainer, observed: RuntimeObservation?) -> Bool {
        if !plan.isIdle || plan.resetsFailures { return true }
        let record = desired.recorded
        return record.state != plan.outcome || record.generation != desired.generation || record.dockerID != observed?.dockerID
            || record.stopCause != plan.stopCause || (plan.note != nil && record.lastErrorCode != plan.note)
            || (observed != nil && record.policyVersion != observed?.policyVersion)
    }
}

extension Observation {
    mutating func clearBackoff() {
        failures = 0
        backoffUntil = nil
    }

    mutating func countFailure(_ context: PlanningContext) {
        failures += 1
        backoffUntil = context.now + context.backoff.delaySeconds(afterFailures: failures) * 1_000_000
    }
}
