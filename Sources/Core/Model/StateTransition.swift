/// The state rules for start / stop / restart / delete, as a pure function.
public enum StateTransition: Sendable, Hashable {
    /// Nothing changes: no new generation, no job (a no-op start/stop, a repeated delete).
    case unchanged
    /// Set this desired state, bump the generation and enqueue a job.
    case change(to: DesiredState, restart: Bool)

    /// `observed` matters for one case: a container desired running that finished (exited) or
    /// failed is started again by a start, which is then a real change.
    public static func decide(_ action: ContainerAction, current: DesiredState, observed: ObservedState? = nil) throws -> StateTransition {
        switch (action, current) {
        case (.delete, .deleted):
            return .unchanged
        case (.delete, _):
            return .change(to: .deleted, restart: false)
        case (_, .deleted):
            throw APIError.conflict("deleted", "the container is deleted")
        case (.start, .running) where observed == .exited || observed == .failed:
            return .change(to: .running, restart: false)
        case (.start, .running), (.stop, .stopped):
            return .unchanged
        case (.start, _):
            return .change(to: .running, restart: false)
        case (.stop, _):
            return .change(to: .stopped, restart: false)
        case (.restart, .running):
            return .change(to: .running, restart: true)
        case (.restart, _):
            throw APIError.conflict("not_running", "the container is stopped; start it instead of restarting it")
        }
    }
}
