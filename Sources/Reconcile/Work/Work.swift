import Store

/// One container to converge, leased by this run: for a job, or because the sweep found it off.
struct Work: Sendable, Hashable {
    let containerID: String
    let tenantID: String
    /// The job that asked for it; nil for the sweep's own work.
    let job: ClaimedJob?
}

/// How converging one container ended.
enum WorkOutcome: Sendable, Hashable {
    /// Converged and recorded.
    case converged
    /// Docker refused, or the outcome could not be applied: recorded as the container's failure.
    case failed
    /// Nothing to do: the job was superseded or the container is gone.
    case skipped
    /// Its tenant's image pull is busy: tried again shortly.
    case postponed
    /// The lease was taken over meanwhile: nothing was written.
    case leaseLost
}
