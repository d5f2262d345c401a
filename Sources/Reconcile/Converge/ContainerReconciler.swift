import Core
import DockerEngine
import Store

/// The one path that converges a container, used for jobs and for the sweep alike
/// (controller-runtime's `reconcile(container) -> outcome`): read the row and Docker, ask the
/// pure planner, apply, record. Whatever goes wrong while converging one container is recorded
/// on that container (`failed`, a code, backoff), its lease released, and the run goes on; only
/// a database or dockerd that does not answer a ping ends the run.
final class ContainerReconciler {
    private let session: Session
    private let actions: ContainerActions
    private let networks: TenantNetworks
    private var settings: RunSettings { session.settings }

    init(session: Session) {
        self.session = session
        networks = TenantNetworks(session: session)
        actions = ContainerActions(session: session, networks: networks)
    }

    /// Converges one leased container and releases its lease (and completes its job).
    func reconcile(_ work: Work) throws(RunEnding) -> WorkOutcome {
        let lease = settings.containerLease(work.containerID)
        var desired: DesiredContainer?
        var dockerID: String?
        do {
            guard let row = try ContainerObservations(session.database).container(work.containerID) else {
                if let job = work.job { try JobQueue.finish(session.database, job, owner: settings.owner) }
                return .skipped
            }
            desired = row.desired
            if let job = work.job, job.generation < row.desired.generation {
                // Superseded: the job of the newer generation converges this container.
                try JobQueue.finish(session.database, job, owner: settings.owner)
                return .skipped
            }
            return try converge(row.desired, work, lease, dockerID: &dockerID)
        } catch let error as LeaseLost {
            return leaseLost(work, error)
        } catch is PullBusy {
            return try postpone(work, lease)
        } catch {
            try session.checkServices(after: (error as? StepFailure)?.error ?? error)
            let code = Self.failureCode(error)
            settings.summary.add(\.failed)
            settings.summary.countIfDocker(error)
            // Docker's own words (and any other detail) go to the operator's log only.
            settings.logger.warning("container failed", metadata: [
                "container": "\(work.containerID)", "tenant": "\(work.tenantID)", "code": "\(code.rawValue)", "error": "\(error)",
            ])
            return try recordFailure(code, desired, work, lease, dockerID: dockerID)
        }
    }

    private func converge(_ desired: DesiredContainer, _ work: Work, _ lease: ContainerLease, dockerID: inout String?) throws -> WorkOutcome {
        let name = ContainerActions.dockerName(desired)
        let context = settings.planningContext()
        let observed = try session.docker.inspectIfPresent(name).map(RuntimeObservation.init)
        dockerID = observed?.dockerID
        let plan = ReconcilePlanner.plan(desired, observed, context)
        if let showing = plan.inProgressState { try ContainerObservations(session.database).markInProgress(lease, showing) }
        for action in plan.actions {
            dockerID = try actions.apply(action, desired, dockerID: dockerID)
            settings.summary.count(action)
        }
        if plan.actions.contains(.remove) && plan.actions.contains(.create) { settings.summary.add(\.recreated) }
        var after = observed
        var ports: String?
        if !plan.actions.isEmpty {
            let inspected = try dockerID.flatMap { try session.docker.inspectIfPresent($0) }
            after = inspected.map(RuntimeObservation.init)
            ports = inspected.flatMap(PublishedPorts.json)
        }
        let record = RecordRules.applied(plan, to: desired, after: after, publishedPorts: ports, context)
        try ContainerObservations(session.database).record(
            lease, record, previous: desired.recorded, tenantID: desired.tenantID, actor: settings.actor, completing: work.job,
            actions: plan.actions.map(\.rawValue))
        if work.job != nil { settings.summary.add(\.jobsDone) }
        settings.summary.add(\.converged)
        if plan.outcome == .removed, !plan.actions.isEmpty {
            _ = try session.contained("removing the tenant network") { try networks.removeIfUnused(tenantID: desired.tenantID) }
        }
        return .converged
    }

    /// Records a failure on the container. When even that cannot be written (and the database
    /// answers), a minimal record without events is tried, and failing that the lease is released.
    private func recordFailure(
        _ code: FailureCode, _ desired: DesiredContainer?, _ work: Work, _ lease: ContainerLease, dockerID: String?
    ) throws(RunEnding) -> WorkOutcome {
        let store = ContainerObservations(session.database)
        guard let desired else {
            _ = try session.contained("releasing \(work.containerID)") { try release(work, lease) }
            return .failed
        }
        let context = settings.planningContext()
        do {
            try store.record(
                lease, RecordRules.failed(code, desired, dockerID: dockerID, context), previous: desired.recorded,
                tenantID: desired.tenantID, actor: settings.actor, completing: work.job)
            if work.job != nil { settings.summary.add(\.jobsDone) }
            return .failed
        } catch let error as LeaseLost {
            return leaseLost(work, error)
        } catch {
            try session.checkServices(after: error)
            settings.logger.error("cannot record a failure; recording it without events", metadata: [
                "container": "\(work.containerID)", "error": "\(error)",
            ])
        }
        let minimal = RecordRules.failed(.internalError, desired, dockerID: dockerID, context)
        let recorded: Void? = try session.contained("recording \(work.containerID)'s failure") {
            try store.record(
                lease, minimal, previous: desired.recorded, tenantID: desired.tenantID, actor: settings.actor, completing: work.job,
                announce: false)
        }
        if recorded == nil { _ = try session.contained("releasing \(work.containerID)") { try release(work, lease) } }
        return .failed
    }

    /// Another run holds the container now: what this run meant to write is dropped.
    private func leaseLost(_ work: Work, _ error: LeaseLost) -> WorkOutcome {
        settings.summary.add(\.leasesLost)
        settings.logger.warning("lease lost: nothing recorded", metadata: ["container": "\(work.containerID)", "lease": "\(error.name)"])
        return .leaseLost
    }

    private func release(_ work: Work, _ lease: ContainerLease) throws {
        if let job = work.job {
            try JobQueue.finish(session.database, job, owner: settings.owner)
        } else {
            try ContainerObservations(session.database).release(lease)
        }
    }

    /// The tenant's pull is busy: the job waits a little (the sweep's own work is found again by
    /// the next sweep), with nothing recorded as a failure.
    private func postpone(_ work: Work, _ lease: ContainerLease) throws(RunEnding) -> WorkOutcome {
        settings.summary.add(\.postponed)
        _ = try session.contained("postponing \(work.containerID)") {
            if let job = work.job {
                try JobQueue.postpone(session.database, job, owner: settings.owner, seconds: 2)
            } else {
                try ContainerObservations(session.database).release(lease)
            }
        }
        return .postponed
    }

    /// The code for an error met while converging: Docker's refusals by step and wording;
    /// anything else could not be applied or recorded.
    static func failureCode(_ error: Error) -> FailureCode {
        guard let failure = error as? StepFailure else {
            return error is DockerError ? .dockerError : .internalError
        }
        switch failure.error {
        case let docker as DockerError:
            switch docker {
            case .timeout:
                return failure.step == .pull ? .pullTimeout : .dockerError
            case .transport:
                return failure.step == .pull ? .pullFailed : .dockerError
            case .notFound(let message):
                return FailureCode.classify(failure.step, DockerRefusal(status: 404, message: message))
            case .conflict(let message):
                return FailureCode.classify(failure.step, DockerRefusal(status: 409, message: message))
            case .daemon(let status, let message):
                return FailureCode.classify(failure.step, DockerRefusal(status: status, message: message))
            }
        case is EgressError:
            return .hostPolicyError
        default:
            return .internalError
        }
    }
}
