/// Why a container that should run is down: the cause decides what happens next.
public enum StopCause: String, Sendable, Hashable, CaseIterable {
    /// The platform stopped it: a tenant stop, a termination or a replacement.
    case platform
    /// The platform stopped it because its tenant is suspended; resume starts it again.
    case suspension
    /// Its process ended with the daemon: a dockerd restart or a host reboot.
    case daemon
    /// Its own process exited while it was expected to run.
    case exit

    /// After a platform stop, a suspension or a daemon restart, a container desired running is
    /// started again at once: no exit semantics, no backoff.
    public var restartsWithoutBackoff: Bool { self != .exit }
}

/// What happens when a container's own process exits (the `restart` field).
public enum RestartPolicy: String, Sendable, Hashable, CaseIterable {
    /// An exit 0 is a finished job and stays down; any other exit is restarted with backoff.
    case onFailure = "on-failure"
    /// Every exit is restarted, with backoff while it keeps exiting.
    case always
    /// Nothing is restarted.
    case never

    /// Whether an own exit with `exitCode` is started again.
    public func restarts(exitCode: Int) -> Bool {
        switch self {
        case .onFailure: exitCode != 0
        case .always: true
        case .never: false
        }
    }
}
