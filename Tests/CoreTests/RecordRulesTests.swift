import Testing
@testable import Core

/// The failure policy: what a convergence records, whatever happened.
@Suite("RecordRules")
struct RecordRulesTests {
    static let now: Int64 = 1_000_000_000_000
    static let context = PlanningContext(now: now, backoff: Backoff(initialSeconds: 10, maximumSeconds: 600))

    static func row(
        _ desired: DesiredState = .running, generation: Int64 = 2, recorded: Observation
    ) -> DesiredContainer {
        DesiredContainer(id: "ctr_1", tenantID: "ten_1", name: "web", desiredState: desired, specHash: "h1",
                         generation: generation, restartGeneration: 0, recorded: recorded)
    }

    static func docker(_ id: String, _ status: RuntimeStatus, exit: Int? = nil) -> RuntimeObservation {
        RuntimeObservation(dockerID: id, specHash: "h1", status: status, exitCode: exit, startedAt: exit == nil ? nil : now)
    }

    @Test("a failure records failed, the code's generic text, no exit code, and the next backoff")
    func failure() {
        let desired = Self.row(recorded: Observation(state: .running, generation: 2, exitCode: 3, dockerID: "d1", failures: 2))
        let record = RecordRules.failed(.startRefused, desired, dockerID: "d1", Self.context)
        #expect(record == Observation(state: .failed, generation: 2, dockerID: "d1", lastError: FailureCode.startRefused.tenantMessage,
                                      lastErrorCode: .startRefused, failures: 3, backoffUntil: Self.now + 40_000_000))
    }

    @Test("a failure of a new generation starts the backoff again")
    func failureAfterChange() {
        let desired = Self.row(generation: 3, recorded: Observation(state: .failed, generation: 2, failures: 5, backoffUntil: Self.now))
        let record = RecordRules.failed(.pullTimeout, desired, dockerID: nil, Self.context)
        #expect(record.failures == 1 && record.backoffUntil == Self.now + 10_000_000 && record.generation == 3)
        #expect(record.lastErrorCode == .pullTimeout && record.lastError == "pull timed out")
    }

    @Test("a successful start clears the error and records the container, its ports and the generation")
    func started() {
        let desired = Self.row(generation: 3, recorded: Observation(
            state: .failed, generation: 2, lastError: "x", lastErrorCode: .imageNotFound, failures: 2, backoffUntil: Self.now))
        let plan = ReconcilePlan([.create, .start], .running)
        let record = RecordRules.applied(plan, to: desired, after: Self.docker("d2", .running), publishedPorts: "[]", Self.context)
        #expect(record == Observation(state: .running, generation: 3, dockerID: "d2", publishedPorts: "[]", policyVersion: ContainerPolicy.version))
    }

    @Test("a restart after a crash counts a failure and keeps nothing stale")
    func crashRestart() {
        let desired = Self.row(recorded: Observation(state: .running, generation: 2, dockerID: "d1", failures: 1, backoffUntil: Self.now - 1))
        var plan = ReconcilePlan([.start], .running)
        plan.countsAsFailure = true
        let record = RecordRules.applied(plan, to: desired, after: Self.docker("d1", .running), publishedPorts: "[1]", Self.context)
        #expect(record.failures == 2 && record.backoffUntil == Self.now + 20_000_000 && record.publishedPorts == "[1]")
        #expect(record.stopCause == nil && record.exitCode == nil)
    }

    @Test("an exit that stays down records the exit code and its cause")
    func exited() {
        let desired = Self.row(recorded: Observation(state: .running, generation: 2, dockerID: "d1", publishedPorts: "[p]"))
        let plan = ReconcilePlan([], .exited, cause: .exit)
        let record = RecordRules.applied(plan, to: desired, after: Self.docker("d1", .exited, exit: 0), publishedPorts: nil, Self.context)
        #expect(record == Observation(state: .exited, generation: 2, exitCode: 0, dockerID: "d1", publishedPorts: "[p]", stopCause: .exit,
                                      policyVersion: ContainerPolicy.version))
    }

    @Test("a suspension's stop records the suspended code and touches no backoff")
    func suspended() {
        let desired = Self.row(recorded: Observation(state: .running, generation: 2, dockerID: "d1", failures: 2, backoffUntil: 5))
        var plan = ReconcilePlan([.stop], .stopped, cause: .suspension)
        plan.note = .suspended
        let record = RecordRules.applied(plan, to: desired, after: Self.docker("d1", .exited, exit: 137), publishedPorts: nil, Self.context)
        #expect(record.state == .stopped && record.stopCause == .suspension && record.lastErrorCode == .suspended)
        #expect(record.lastError?.contains("suspended") == true)
        #expect(record.failures == 2 && record.backoffUntil == 5)
    }

    @Test("waiting out a backoff keeps the error on record")
    func backingOff() {
        let recorded = Observation(state: .failed, generation: 2, lastError: "image not found", lastErrorCode: .imageNotFound,
                                   failures: 1, backoffUntil: Self.now + 1)
        let desired = Self.row(recorded: recorded)
        let plan = ReconcilePlanner.plan(desired, nil, Self.context)
        #expect(plan.isIdle)
        #expect(RecordRules.applied(plan, to: desired, after: nil, publishedPorts: nil, Self.context) == recorded)
        #expect(!RecordRules.needsWork(plan, desired, observed: nil))
    }

    @Test("a removal forgets the Docker container")
    func removed() {
        let desired = Self.row(.deleted, recorded: Observation(state: .running, generation: 1, dockerID: "d1", publishedPorts: "[p]"))
        let record = RecordRules.applied(ReconcilePlan([.remove], .removed), to: desired, after: nil, publishedPorts: nil, Self.context)
        #expect(record.state == .removed && record.dockerID == nil && record.publishedPorts == nil && record.generation == 2)
    }

    @Test("the sweep leaves alone what is recorded as the plan would record it, and leases the rest")
    func sweepDecisions() {
        let version = ContainerPolicy.version
        let steady = Self.row(recorded: Observation(state: .running, generation: 2, dockerID: "d1", policyVersion: version))
        let running = Self.docker("d1", .running)
        #expect(!RecordRules.needsWork(ReconcilePlanner.plan(steady, running, Self.context), steady, observed: running))
        let replaced = Self.docker("d9", .running)
        #expect(RecordRules.needsWork(ReconcilePlanner.plan(steady, replaced, Self.context), steady, observed: replaced))
        let newGeneration = Self.row(generation: 3, recorded: steady.recorded)
        #expect(RecordRules.needsWork(ReconcilePlanner.plan(newGeneration, running, Self.context), newGeneration, observed: running))
        let finished = Self.row(recorded: Observation(state: .exited, generation: 2, exitCode: 0, dockerID: "d1", stopCause: .exit,
                                                      policyVersion: version))
        let listed = RuntimeObservation(dockerID: "d1", specHash: "h1", status: .exited, exitCode: nil)
        #expect(!RecordRules.needsWork(ReconcilePlanner.plan(finished, listed, Self.context), finished, observed: listed))
        // A policy version not recorded yet (a container from before it was) is recorded once.
        let unrecorded = Self.row(recorded: Observation(state: .running, generation: 2, dockerID: "d1"))
        #expect(RecordRules.needsWork(ReconcilePlanner.plan(unrecorded, running, Self.context), unrecorded, observed: running))
    }
}
