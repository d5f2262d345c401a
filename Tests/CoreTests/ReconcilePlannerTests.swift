import Testing
@testable import Core

/// The planner: desired row + what Docker shows → the actions and the state to record.
@Suite("ReconcilePlanner")
struct ReconcilePlannerTests {
    static let now: Int64 = 1_000_000_000_000
    static let backoff = Backoff(initialSeconds: 10, maximumSeconds: 600, resetAfterSeconds: 60)
    /// The daemon started a minute ago; `docker(...)` containers started 30 s ago unless told otherwise.
    static let daemonStart = now - 60_000_000
    static let context = PlanningContext(now: now, backoff: backoff, daemonStartedAt: daemonStart)

    static func row(
        _ desired: DesiredState, generation: Int64 = 2, observedGeneration: Int64 = 2, restartGeneration: Int64 = 0,
        observed: ObservedState = .running, failures: Int = 0, backoffUntil: Int64? = nil, cause: StopCause? = nil,
        exitCode: Int? = nil, restart: RestartPolicy = .onFailure, suspended: Bool = false, restartPolicyGeneration: Int64 = 0
    ) -> DesiredContainer {
        DesiredContainer(
            id: "ctr_1", tenantID: "ten_1", name: "web", desiredState: desired, specHash: "h1", generation: generation,
            restartGeneration: restartGeneration, restartPolicyGeneration: restartPolicyGeneration, restart: restart, tenantSuspended: suspended,
            recorded: Observation(state: observed, generation: observedGeneration, exitCode: exitCode, dockerID: "d1",
                                  stopCause: cause, failures: failures, backoffUntil: backoffUntil))
    }

    static func docker(_ status: RuntimeStatus, exit: Int? = nil, hash: String = "h1", startedAt: Int64 = now - 30_000_000) -> RuntimeObservation {
        RuntimeObservation(dockerID: "d1", specHash: hash, status: status, exitCode: exit, startedAt: exit == nil ? nil : startedAt)
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let label: String
        let desired: DesiredContainer
        let observed: RuntimeObservation?
        let actions: [ReconcileAction]
        let outcome: ObservedState
        var countsAsFailure = false
        var needsInspection = false
        var resetsFailures = false
        var cause: StopCause? = nil
        var note: FailureCode? = nil
        var context = ReconcilePlannerTests.context
        var testDescription: String { label }
    }

    static let later = now + 5_000_000
    static let earlier = now - 5_000_000

    static let cases: [Case] = [
        Case(label: "deleted, absent", desired: row(.deleted), observed: nil, actions: [], outcome: .removed),
        Case(label: "deleted, running", desired: row(.deleted), observed: docker(.running), actions: [.remove], outcome: .removed),
        Case(label: "deleted, exited", desired: row(.deleted), observed: docker(.exited, exit: 0), actions: [.remove], outcome: .removed),
        Case(label: "stopped, absent: created, not started", desired: row(.stopped), observed: nil, actions: [.create],
             outcome: .stopped, cause: .platform),
        Case(label: "stopped, running", desired: row(.stopped), observed: docker(.running), actions: [.stop], outcome: .stopped,
             cause: .platform),
        Case(label: "stopped, exited", desired: row(.stopped), observed: docker(.exited, exit: 137), actions: [], outcome: .stopped,
             cause: .platform),
        Case(label: "stopped, other spec", desired: row(.stopped), observed: docker(.exited, hash: "h0"), actions: [.remove, .create],
             outcome: .stopped, cause: .platform),
        Case(label: "running, absent", desired: row(.running), observed: nil, actions: [.create, .start], outcome: .running),
        Case(label: "running, running", desired: row(.running), observed: docker(.running), actions: [], outcome: .running),
        Case(label: "running, restart asked", desired: row(.running, generation: 3, restartGeneration: 3),
             observed: docker(.running), actions: [.restart], outcome: .running),
        Case(label: "running, restart already done", desired: row(.running, generation: 3, observedGeneration: 3, restartGeneration: 3),
             observed: docker(.running), actions: [], outcome: .running),
        Case(label: "running, other spec: recreated", desired: row(.running), observed: docker(.running, hash: "h0"),
             actions: [.remove, .create, .start], outcome: .running),
        Case(label: "running, dead: recreated", desired: row(.running), observed: docker(.dead, exit: 1),
             actions: [.remove, .create, .start], outcome: .running),
        Case(label: "running, created", desired: row(.running), observed: docker(.created), actions: [.start], outcome: .running),
        Case(label: "running, exited, not inspected yet", desired: row(.running), observed: docker(.exited),
             actions: [], outcome: .running, needsInspection: true),
        Case(label: "running, exited 0: a finished job stays down", desired: row(.running), observed: docker(.exited, exit: 0),
             actions: [], outcome: .exited, cause: .exit),
        Case(label: "recorded as a finished job: stays down without an inspect",
             desired: row(.running, observed: .exited, cause: .exit, exitCode: 0), observed: docker(.exited),
             actions: [], outcome: .exited, cause: .exit),
        Case(label: "running, exited 0, started again", desired: row(.running, generation: 3), observed: docker(.exited, exit: 0),
             actions: [.start], outcome: .running),
        Case(label: "running, exited 3: restarted, counted", desired: row(.running), observed: docker(.exited, exit: 3),
             actions: [.start], outcome: .running, countsAsFailure: true),
        Case(label: "running, killed (137): restarted, counted", desired: row(.running), observed: docker(.exited, exit: 137),
             actions: [.start], outcome: .running, countsAsFailure: true),
        Case(label: "running, crashed again within the backoff: waits", desired: row(.running, failures: 1, backoffUntil: later),
             observed: docker(.exited, exit: 3), actions: [], outcome: .exited, cause: .exit),
        Case(label: "running, crashed, backoff over", desired: row(.running, failures: 1, backoffUntil: earlier),
             observed: docker(.exited, exit: 3), actions: [.start], outcome: .running, countsAsFailure: true),
        Case(label: "running, crashed, tenant started it: no wait", desired: row(.running, generation: 3, failures: 4, backoffUntil: later),
             observed: docker(.exited, exit: 3), actions: [.start], outcome: .running),
        Case(label: "running, create failed, within the backoff: waits",
             desired: row(.running, observed: .failed, failures: 2, backoffUntil: later), observed: nil, actions: [], outcome: .failed),
        Case(label: "running, create failed, backoff over: tried again",
             desired: row(.running, observed: .failed, failures: 2, backoffUntil: earlier), observed: nil,
             actions: [.create, .start], outcome: .running, countsAsFailure: true),
        Case(label: "running, removed behind our back: recreated", desired: row(.running), observed: nil,
             actions: [.create, .start], outcome: .running),
        Case(label: "running, steady long after the last failure: forgets it",
             desired: row(.running, failures: 3, backoffUntil: now - 61_000_000), observed: docker(.running),
             actions: [], outcome: .running, resetsFailures: true),
        Case(label: "running, steady soon after the last failure: remembers it",
             desired: row(.running, failures: 3, backoffUntil: earlier), observed: docker(.running), actions: [], outcome: .running),

        // Stop causes: only the process's own exit gets exit semantics and backoff.
        Case(label: "exited 0 with the daemon (started before its current start): started again, not counted",
             desired: row(.running, failures: 2, backoffUntil: later), observed: docker(.exited, exit: 0, startedAt: daemonStart - 1),
             actions: [.start], outcome: .running),
        Case(label: "killed with the daemon (143): started again, not counted",
             desired: row(.running), observed: docker(.exited, exit: 143, startedAt: daemonStart - 1), actions: [.start], outcome: .running),
        Case(label: "a finished job recorded before a daemon restart stays down",
             desired: row(.running, observed: .exited, cause: .exit, exitCode: 0), observed: docker(.exited, exit: 0, startedAt: daemonStart - 1),
             actions: [], outcome: .exited, cause: .exit),
        Case(label: "daemon start unknown: an exit is the process's own",
             desired: row(.running), observed: docker(.exited, exit: 3, startedAt: daemonStart - 1), actions: [.start], outcome: .running,
             countsAsFailure: true, context: PlanningContext(now: now, backoff: backoff)),
        Case(label: "stopped by the tenant, started again: no backoff", desired: row(.running, generation: 3, observed: .stopped, cause: .platform),
             observed: docker(.exited, exit: 137), actions: [.start], outcome: .running),
        Case(label: "restart on-failure: exit 3 restarts", desired: row(.running, restart: .onFailure), observed: docker(.exited, exit: 3),
             actions: [.start], outcome: .running, countsAsFailure: true),
        Case(label: "restart always: exit 0 restarts, counted", desired: row(.running, restart: .always), observed: docker(.exited, exit: 0),
             actions: [.start], outcome: .running, countsAsFailure: true),
        Case(label: "restart always: within the backoff waits", desired: row(.running, failures: 2, backoffUntil: later, restart: .always),
             observed: docker(.exited, exit: 0), actions: [], outcome: .exited, cause: .exit),
        Case(label: "restart never: exit 1 stays down", desired: row(.running, restart: .never), observed: docker(.exited, exit: 1),
             actions: [], outcome: .exited, cause: .exit),
        Case(label: "restart never: the tenant's start runs it", desired: row(.running, generation: 3, restart: .never),
             observed: docker(.exited, exit: 1), actions: [.start], outcome: .running),
        Case(label: "a finished job whose restart policy alone was patched to never stays down",
             desired: row(.running, generation: 3, observed: .exited, cause: .exit, exitCode: 0, restart: .never, restartPolicyGeneration: 3),
             observed: docker(.exited, exit: 0), actions: [], outcome: .exited, cause: .exit),
        Case(label: "a finished job whose restart policy was patched to always starts, as always says",
             desired: row(.running, generation: 3, observed: .exited, cause: .exit, exitCode: 0, restart: .always, restartPolicyGeneration: 3),
             observed: docker(.exited, exit: 0), actions: [.start], outcome: .running, countsAsFailure: true),
        Case(label: "a start asked before the policy patch still runs it",
             desired: row(.running, generation: 4, observed: .exited, cause: .exit, exitCode: 0, restart: .never, restartPolicyGeneration: 4),
             observed: docker(.exited, exit: 0), actions: [.start], outcome: .running),

        // Suspension: desired running is treated as stopped, without touching the backoff.
        Case(label: "suspended, running: stopped", desired: row(.running, failures: 1, backoffUntil: later, suspended: true),
             observed: docker(.running), actions: [.stop], outcome: .stopped, cause: .suspension, note: .suspended),
        Case(label: "suspended, already stopped by the suspension", desired: row(.running, observed: .stopped, cause: .suspension, suspended: true),
             observed: docker(.exited, exit: 137), actions: [], outcome: .stopped, cause: .suspension, note: .suspended),
        Case(label: "suspended, a finished job keeps its record",
             desired: row(.running, observed: .exited, cause: .exit, exitCode: 0, suspended: true), observed: docker(.exited),
             actions: [], outcome: .exited, cause: .exit),
        Case(label: "suspended, never created: nothing is created", desired: row(.running, observedGeneration: 0, observed: .pending, suspended: true),
             observed: nil, actions: [], outcome: .pending),
        Case(label: "suspended, stopped by the tenant: stays stopped", desired: row(.stopped, suspended: true), observed: docker(.exited, exit: 0),
             actions: [], outcome: .stopped, cause: .platform),
        Case(label: "suspended, deleted: removed", desired: row(.deleted, suspended: true), observed: docker(.running),
             actions: [.remove], outcome: .removed),
        Case(label: "resumed: what the suspension stopped starts, not counted, whatever the backoff",
             desired: row(.running, observed: .stopped, failures: 2, backoffUntil: later, cause: .suspension),
             observed: docker(.exited, exit: 137), actions: [.start], outcome: .running),
        Case(label: "resumed: a finished job stays down", desired: row(.running, observed: .exited, cause: .exit, exitCode: 0),
             observed: docker(.exited), actions: [], outcome: .exited, cause: .exit),
    ]

    @Test(arguments: cases)
    func plans(_ c: Case) {
        let plan = ReconcilePlanner.plan(c.desired, c.observed, c.context)
        #expect(plan.actions == c.actions)
        #expect(plan.outcome == c.outcome)
        #expect(plan.countsAsFailure == c.countsAsFailure)
        #expect(plan.needsInspection == c.needsInspection)
        #expect(plan.resetsFailures == c.resetsFailures)
        #expect(plan.stopCause == c.cause)
        #expect(plan.note == c.note)
    }

    @Test("a create shows creating and a deleted container's removal removing while they run; quick actions show nothing")
    func inProgressStates() {
        #expect(ReconcilePlan([.create, .start], .running).inProgressState == .creating)
        #expect(ReconcilePlan([.remove, .create, .start], .running).inProgressState == .creating)
        #expect(ReconcilePlan([.create], .stopped).inProgressState == .creating)
        #expect(ReconcilePlan([.remove], .removed).inProgressState == .removing)
        #expect(ReconcilePlan([], .removed).inProgressState == nil)
        #expect(ReconcilePlan([.start], .running).inProgressState == nil)
        #expect(ReconcilePlan([.stop], .stopped).inProgressState == nil)
        #expect(ReconcilePlan([.restart], .running).inProgressState == nil)
    }

    @Test("delays double from the initial value and stop at the cap")
    func backoffDelays() {
        #expect((0...8).map { Self.backoff.delaySeconds(afterFailures: $0) } == [0, 10, 20, 40, 80, 160, 320, 600, 600])
        #expect(Self.backoff.delaySeconds(afterFailures: 500) == 600)
    }

    @Test("a start of a finished or failed container is a change; of a running one, not")
    func startAfterExit() throws {
        #expect(try StateTransition.decide(.start, current: .running, observed: .exited) == .change(to: .running, restart: false))
        #expect(try StateTransition.decide(.start, current: .running, observed: .failed) == .change(to: .running, restart: false))
        #expect(try StateTransition.decide(.start, current: .running, observed: .running) == .unchanged)
        #expect(try StateTransition.decide(.start, current: .running, observed: .pending) == .unchanged)
    }

    @Test("names are namespaced per tenant, deterministic, and bridges fit the kernel's 15 characters")
    func names() throws {
        let name = ManagedNames.container(tenantID: "ten_abc", name: "web", containerID: "ctr_0123456789abcdef01234567")
        #expect(name == "dro-ten_abc-web-01234567")
        #expect(try ManagedNames.network(tenantID: "ten_abc", hostKey: "h1") != ManagedNames.network(tenantID: "ten_abc", hostKey: "h2"))
        let bridge = try ManagedNames.bridge(network: ManagedNames.network(tenantID: "ten_abc", hostKey: "h1"))
        #expect(bridge.hasPrefix("drob") && bridge.count == 15)
    }
}

/// `dro-admin host roll`: a recreation is asked for by generation, and only done for a container
/// created under an older policy.
@Suite("ReconcilePlanner roll")
struct ReconcilePlannerRollTests {
    static func row(recreate: Int64, desired: DesiredState = .running) -> DesiredContainer {
        DesiredContainer(
            id: "ctr_1", tenantID: "ten_1", name: "web", desiredState: desired, specHash: "h1", generation: 3, restartGeneration: 0,
            recreateGeneration: recreate, recorded: Observation(state: .running, generation: 2, dockerID: "d1"))
    }

    static func docker(policy: Int) -> RuntimeObservation {
        RuntimeObservation(dockerID: "d1", specHash: "h1", status: .running, exitCode: 0, policyVersion: policy)
    }

    @Test func rolls() {
        let context = ReconcilePlannerTests.context
        let old = ContainerPolicy.version - 1
        #expect(ReconcilePlanner.plan(Self.row(recreate: 3), Self.docker(policy: old), context).actions == [.remove, .create, .start])
        #expect(ReconcilePlanner.plan(Self.row(recreate: 3, desired: .stopped), Self.docker(policy: old), context).actions == [.remove, .create])
        #expect(ReconcilePlanner.plan(Self.row(recreate: 3), Self.docker(policy: ContainerPolicy.version), context).actions == [])
        #expect(ReconcilePlanner.plan(Self.row(recreate: 2), Self.docker(policy: old), context).actions == [], "no roll asked")
        #expect(ContainerPolicy.version(labels: nil) == 1 && ContainerPolicy.version(labels: [ManagedLabels.policyVersion: "7"]) == 7)
    }
}
