import Testing
@testable import Core

/// start/stop of the state already desired change nothing; a repeated delete is a
/// no-op; start/stop/restart on a deleted container are a 409 conflict; restart needs a running container.
@Suite("StateTransition")
struct StateTransitionTests {
    enum Outcome: Sendable, Equatable {
        case unchanged
        case change(DesiredState, restart: Bool)
        case conflict(reason: String)
    }

    /// Every (action, current desired state) pair and what it must do.
    static let table: [ContainerAction: [DesiredState: Outcome]] = [
        .start: [
            .running: .unchanged,
            .stopped: .change(.running, restart: false),
            .deleted: .conflict(reason: "deleted"),
        ],
        .stop: [
            .running: .change(.stopped, restart: false),
            .stopped: .unchanged,
            .deleted: .conflict(reason: "deleted"),
        ],
        .restart: [
            .running: .change(.running, restart: true),
            .stopped: .conflict(reason: "not_running"),
            .deleted: .conflict(reason: "deleted"),
        ],
        .delete: [
            .running: .change(.deleted, restart: false),
            .stopped: .change(.deleted, restart: false),
            .deleted: .unchanged,
        ],
    ]

    @Test("the table covers every action and every desired state")
    func tableIsComplete() {
        #expect(Set(Self.table.keys) == Set(ContainerAction.allCases))
        for (_, row) in Self.table {
            #expect(Set(row.keys) == Set(DesiredState.allCases))
        }
    }

    @Test("every (action, current state) pair", arguments: ContainerAction.allCases, DesiredState.allCases)
    func transition(action: ContainerAction, current: DesiredState) throws {
        let expected = try #require(Self.table[action]?[current])
        switch expected {
        case .unchanged:
            #expect(try StateTransition.decide(action, current: current) == .unchanged)
        case .change(let state, let restart):
            #expect(try StateTransition.decide(action, current: current) == .change(to: state, restart: restart))
        case .conflict(let reason):
            let error = #expect(throws: APIError.self) { try StateTransition.decide(action, current: current) }
            #expect(error?.code == .conflict)
            #expect(error?.detail["reason"] == .string(reason))
        }
    }
}
