import Core
import Store

/// Chooses and leases the run's next work: the host's runnable jobs and the sweep's findings,
/// oldest first, with no tenant beyond its fair share of the slots (`FairShare`).
final class WorkIntake {
    private let session: Session
    /// What the last sweep found off and is not converged yet.
    private var findings: [SweepFinding] = []
    private var settings: RunSettings { session.settings }

    init(session: Session) { self.session = session }

    var hasFindings: Bool { !findings.isEmpty }

    func replaceFindings(_ fresh: [SweepFinding]) { findings = fresh }

    private enum Pick: Hashable, Sendable {
        case job(RunnableJob)
        case finding(SweepFinding)
    }

    /// Leases up to `free` pieces of work, given what is in flight; answers them.
    func next(free: Int, busy: [String: Work]) throws -> [Work] {
        guard free > 0 else { return [] }
        let parallelism = settings.policy.parallelism
        let jobs = try JobQueue.runnable(session.database, hostKey: settings.hostKey, perTenant: parallelism)
            .filter { busy[$0.containerID] == nil }
        let jobContainers = Set(jobs.map(\.containerID))
        // A container with a runnable job is the job's to converge.
        findings.removeAll { busy[$0.containerID] != nil || jobContainers.contains($0.containerID) }
        let candidates = jobs.map { FairShare.Candidate(id: Pick.job($0), tenantID: $0.tenantID) }
            + findings.map { FairShare.Candidate(id: Pick.finding($0), tenantID: $0.tenantID) }
        var inFlight = [String: Int]()
        for work in busy.values { inFlight[work.tenantID, default: 0] += 1 }
        let picked = FairShare.pick(candidates, inFlight: inFlight, parallelism: parallelism, free: free)
        return try picked.compactMap(lease)
    }

    private func lease(_ pick: Pick) throws -> Work? {
        switch pick {
        case .job(let runnable):
            let claimed = try JobQueue.claim(session.database, runnable, owner: settings.owner, seconds: settings.policy.leaseSeconds)
            return claimed.map { Work(containerID: runnable.containerID, tenantID: runnable.tenantID, job: $0) }
        case .finding(let finding):
            findings.removeAll { $0 == finding }
            // Taken unless a worker holds it or its generation moved on (a job is on its way).
            guard try ContainerObservations(session.database).lease(
                finding.containerID, generation: finding.generation, owner: settings.owner, seconds: settings.policy.leaseSeconds)
            else { return nil }
            settings.summary.add(\.swept)
            return Work(containerID: finding.containerID, tenantID: finding.tenantID, job: nil)
        }
    }
}
