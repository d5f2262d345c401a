import Testing
@testable import Core

/// The planner of DESIGN.md §3: desired row + what Docker shows → the actions and the state to record.
@Suite("ReconcilePlanner")
struct ReconcilePlannerTests {
    static let now: Int64 = 1_000_000_000_000
    static let backoff = Backoff(initialSeconds: 10, maximumSeconds: 600, resetAfterSeconds: 60)

    static func row(
        _ desired: DesiredState, generation: Int64 = 2, observedGeneration: Int64 = 2, restartGeneration: Int64 = 0,
        observed: ObservedState = .running, failures: Int = 0, backoffUntil: Int64? = nil
    ) -> DesiredContainer {
        DesiredContainer(
            id: "ctr_1", tenantID: "ten_1", name: "web", desiredState: desired, specHash: "h1", generation: generation,
            restartGeneration: restartGeneration, observedGeneration: observedGeneration, observedState: observed,
            failures: failures, backoffUntil: backoffUntil)
    }

    static func docker(_ status: RuntimeStatus, exit: Int? = nil, hash: String = "h1") -> RuntimeObservation {
        RuntimeObservation(dockerID: "d1", specHash: hash, status: status, exitCode: exit)
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let label: String
        let desired: DesiredContainer
        let observed: RuntimeObservation?
        let actions: [ReconcileAction]
        let outcome: ObservedState
        var countsAsFailure = false
        var needsExitCode = false
        var resetsFailures = false
        var testDescription: String { label }
    }

    static let later = now + 5_000_000
    static let earlier = now - 5_000_000

    static let cases: [Case] = [
        Case(label: "deleted, absent", desired: row(.deleted), observed: nil, actions: [], outcome: .removed),
        Case(label: "deleted, running", desired: row(.deleted), observed: docker(.running), actions: [.remove], outcome: .removed),
        Case(label: "deleted, exited", desired: row(.deleted), observed: docker(.exited, exit: 0), actions: [.remove], outcome: .removed),
        Case(label: "stopped, absent: created, not started", desired: row(.stopped), observed: nil, actions: [.create], outcome: .stopped),
        Case(label: "stopped, running", desired: row(.stopped), observed: docker(.running), actions: [.stop], outcome: .stopped),
        Case(label: "stopped, exited", desired: row(.stopped), observed: docker(.exited, exit: 137), actions: [], outcome: .stopped),
        Case(label: "stopped, other spec", desired: row(.stopped), observed: docker(.exited, hash: "h0"), actions: [.remove, .create], outcome: .stopped),
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
        Case(label: "running, exited, code unknown", desired: row(.running), observed: docker(.exited),
             actions: [], outcome: .running, needsExitCode: true),
        Case(label: "running, exited 0: a finished job stays down", desired: row(.running), observed: docker(.exited, exit: 0),
             actions: [], outcome: .exited),
        Case(label: "running, exited 0, started again", desired: row(.running, generation: 3), observed: docker(.exited, exit: 0),
             actions: [.start], outcome: .running),
        Case(label: "running, exited 3: restarted, counted", desired: row(.running), observed: docker(.exited, exit: 3),
             actions: [.start], outcome: .running, countsAsFailure: true),
        Case(label: "running, killed (137): restarted, counted", desired: row(.running), observed: docker(.exited, exit: 137),
             actions: [.start], outcome: .running, countsAsFailure: true),
        Case(label: "running, crashed again within the backoff: waits", desired: row(.running, failures: 1, backoffUntil: later),
             observed: docker(.exited, exit: 3), actions: [], outcome: .exited),
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
    ]

    @Test(arguments: cases)
    func plans(_ c: Case) {
        let plan = ReconcilePlanner.plan(c.desired, c.observed, now: Self.now, backoff: Self.backoff)
        #expect(plan.actions == c.actions)
        #expect(plan.outcome == c.outcome)
        #expect(plan.countsAsFailure == c.countsAsFailure)
        #expect(plan.needsExitCode == c.needsExitCode)
        #expect(plan.resetsFailures == c.resetsFailures)
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
    func names() {
        let name = ManagedNames.container(tenantID: "ten_abc", name: "web", containerID: "ctr_0123456789abcdef01234567")
        #expect(name == "dro-ten_abc-web-01234567")
        #expect(ManagedNames.network(tenantID: "ten_abc", hostKey: "h1") != ManagedNames.network(tenantID: "ten_abc", hostKey: "h2"))
        let bridge = ManagedNames.bridge(network: ManagedNames.network(tenantID: "ten_abc", hostKey: "h1"))
        #expect(bridge.hasPrefix("drob") && bridge.count == 15)
    }
}
