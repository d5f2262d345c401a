/// What one dro-reconcile run reports to node_exporter, whether it succeeded or not: at its end,
/// or after a sweep cycle of a long (`--for`) run, with the figures so far.
public struct ReconcileRunFigures: Sendable, Equatable {
    public var hostKey: String
    /// When the run ended or last reported, in seconds since the epoch.
    public var endedAt: Double
    /// False for a report from a run that still goes on: it is not counted as a run yet.
    public var ended: Bool
    /// Without an error so far (for a run still going on: its last cycle completed).
    public var succeeded: Bool
    public var durationSeconds: Double
    public var jobsDone: Int
    public var containersConverged: Int
    /// Containers whose convergence failed (recorded on the container with a failure code).
    public var containerFailures: Int
    /// Errors dockerd answered, or met reaching it.
    public var dockerErrors: Int
    public var sweepSeconds: Double
    /// The host's containers by observed state; nil when the run could not count them.
    public var containersByState: [String: Int]?

    public init(
        hostKey: String, endedAt: Double, succeeded: Bool, durationSeconds: Double, jobsDone: Int, containersConverged: Int,
        containerFailures: Int, dockerErrors: Int, sweepSeconds: Double, containersByState: [String: Int]?, ended: Bool = true
    ) {
        self.ended = ended
        self.hostKey = hostKey
        self.endedAt = endedAt
        self.succeeded = succeeded
        self.durationSeconds = durationSeconds
        self.jobsDone = jobsDone
        self.containersConverged = containersConverged
        self.containerFailures = containerFailures
        self.dockerErrors = dockerErrors
        self.sweepSeconds = sweepSeconds
        self.containersByState = containersByState
    }
}
