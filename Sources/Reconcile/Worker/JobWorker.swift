import Core
import Store

/// Brood: drains this host's job queue. Each batch is claimed in a short transaction that
/// commits before Docker is touched; a job older than its container's generation is superseded.
final class JobWorker {
    private let context: ReconcileContext
    private let converger: Converger
    private let batchSize = 8

    init(context: ReconcileContext, converger: Converger) {
        self.context = context
        self.converger = converger
    }

    /// Works jobs until none is runnable; answers how many were done.
    @discardableResult
    func drain() throws -> Int {
        var done = 0
        while true {
            let jobs = try JobQueue.claim(
                context.database, hostKey: context.hostKey, owner: context.owner.description,
                leaseSeconds: context.policy.leaseSeconds, limit: batchSize)
            if jobs.isEmpty { return done }
            for job in jobs {
                try work(job)
                done += 1
                context.summary.jobsDone += 1
            }
        }
    }

    private func work(_ job: ClaimedJob) throws {
        let connection = context.database.connection
        let owner = context.owner.description
        guard let container = try ContainerObservations(connection).container(job.containerID) else {
            try JobQueue(connection).complete(job, owner: owner)
            return
        }
        if job.generation < container.desired.generation {
            // Superseded: the job of the newer generation converges this container.
            try ContainerObservations(connection).release(job.containerID, owner: owner)
            try JobQueue(connection).complete(job, owner: owner)
            return
        }
        try converger.converge(container, observed: try converger.inspect(converger.dockerName(container.desired)))
        try JobQueue(connection).complete(job, owner: owner)
    }
}
