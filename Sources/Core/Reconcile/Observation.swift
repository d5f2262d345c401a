/// What the reconciler records about a container (its observed state, the outcome of its last
/// convergence), plus its restart backoff.
public struct Observation: Sendable, Hashable {
    public var state: ObservedState
    public var generation: Int64
    public var exitCode: Int?
    public var dockerID: String?
    /// JSON `[{"container_port","protocol","host_port"}]`.
    public var publishedPorts: String?
    /// A short text for the tenant; never Docker's own words.
    public var lastError: String?
    public var lastErrorCode: FailureCode?
    /// Why the container is down, while it is.
    public var stopCause: StopCause?
    /// The container policy version of the Docker container (nil: none exists).
    public var policyVersion: Int?
    /// Consecutive failed or crashed runs, for the backoff.
    public var failures: Int
    /// No restart after a failure before this instant (microseconds since the epoch).
    public var backoffUntil: Int64?

    public init(
        state: ObservedState, generation: Int64, exitCode: Int? = nil, dockerID: String? = nil, publishedPorts: String? = nil,
        lastError: String? = nil, lastErrorCode: FailureCode? = nil, stopCause: StopCause? = nil, policyVersion: Int? = nil,
        failures: Int = 0, backoffUntil: Int64? = nil
    ) {
        self.state = state
        self.generation = generation
        self.exitCode = exitCode
        self.dockerID = dockerID
        self.publishedPorts = publishedPorts
        self.lastError = lastError
        self.lastErrorCode = lastErrorCode
        self.stopCause = stopCause
        self.policyVersion = policyVersion
        self.failures = failures
        self.backoffUntil = backoffUntil
    }
}

extension Observation {
    /// Whether a feed reader learns something from this observation after `previous`: the state,
    /// the generation, the exit code or the failure code changed, or another failure was counted.
    public func isNews(after previous: Observation) -> Bool {
        state != previous.state || generation != previous.generation || exitCode != previous.exitCode
            || lastErrorCode != previous.lastErrorCode || failures != previous.failures
    }
}
