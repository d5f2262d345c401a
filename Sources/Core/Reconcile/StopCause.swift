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
