import Core
import DockerEngine
import Store

/// Applies the planner's decision for one container on Docker and records what came of it, in
/// one statement. Docker refusing something (a missing image, a bad command) is the container's
/// failure, with backoff; Docker being unreachable is the run's, and is thrown.
final class Converger {
    private let context: ReconcileContext
    private let networks: TenantNetworks
    private let blueprint: ContainerBlueprint

    init(context: ReconcileContext, networks: TenantNetworks) {
        self.context = context
        self.networks = networks
        blueprint = ContainerBlueprint(policy: context.policy, installationID: context.config.installationID, hostKey: context.hostKey)
    }

    /// Converges a container whose lease the caller holds, and releases the lease.
    func converge(_ container: HostContainer, observed initial: RuntimeObservation?) throws {
        let desired = container.desired
        let now = Timestamp.now().microseconds
        var observed = initial
        var plan = ReconcilePlanner.plan(desired, observed, now: now, backoff: context.backoff)
        if plan.needsExitCode, let current = observed {
            observed = try inspect(current.dockerID)
            plan = ReconcilePlanner.plan(desired, observed, now: now, backoff: context.backoff)
        }
        var record = container.observation
        record.generation = desired.generation
        record.dockerID = observed?.dockerID
        record.exitCode = observed?.status == .exited ? observed?.exitCode : nil
        if desired.hasNewGeneration {
            record.failures = 0
            record.backoffUntil = nil
        }
        do {
            if let showing = plan.inProgressState {
                try ContainerObservations(context.database.connection).markInProgress(desired.id, showing, owner: context.owner.description)
            }
            for action in plan.actions {
                record.dockerID = try apply(action, desired, dockerID: record.dockerID)
                context.summary.count(action)
                try event(desired, "docker.\(action.rawValue)", detail: record.dockerID.map { "docker_id=\($0)" })
            }
            if plan.actions.contains(.remove) && plan.actions.contains(.create) { context.summary.recreated += 1 }
            record.state = plan.outcome
            if !plan.actions.isEmpty { record.lastError = nil }
            if let id = record.dockerID, !plan.actions.isEmpty, plan.outcome != .removed, let inspected = try? context.docker.inspectContainer(id) {
                record.publishedPorts = PublishedPorts.json(inspected)
                record.exitCode = inspected.state.status == .exited ? inspected.state.exitCode : nil
            }
            if plan.outcome == .removed {
                record.dockerID = nil
                record.publishedPorts = nil
            }
            if plan.countsAsFailure { scheduleRetry(&record, now: now) }
            if plan.resetsFailures {
                record.failures = 0
                record.backoffUntil = nil
            }
        } catch let error where error.isDockerRefusal {
            record.state = .failed
            record.lastError = error.failureMessage
            scheduleRetry(&record, now: now)
            context.summary.errors += 1
            context.logger.warning("container failed", metadata: ["container": "\(desired.id)", "error": "\(error.failureMessage)"])
            try event(desired, "docker.failed", detail: error.failureMessage)
        } catch {
            try? ContainerObservations(context.database.connection).release(desired.id, owner: context.owner.description)
            throw error
        }
        try ContainerObservations(context.database.connection).record(desired.id, record, owner: context.owner.description)
        if plan.outcome == .removed, !plan.actions.isEmpty { try networks.removeIfUnused(tenantID: desired.tenantID) }
    }

    /// The Docker name of a container (deterministic, DESIGN.md §5).
    func dockerName(_ desired: DesiredContainer) -> String {
        ManagedNames.container(tenantID: desired.tenantID, name: desired.name, containerID: desired.id)
    }

    /// Inspects a container; nil when it is gone.
    func inspect(_ reference: String) throws -> RuntimeObservation? {
        try context.docker.inspectIfPresent(reference).map(RuntimeObservation.init)
    }

    private func scheduleRetry(_ record: inout Observation, now: Int64) {
        record.failures += 1
        record.backoffUntil = now + context.backoff.delaySeconds(afterFailures: record.failures) * 1_000_000
    }

    /// Applies one action; answers the Docker id the container has afterwards.
    private func apply(_ action: ReconcileAction, _ desired: DesiredContainer, dockerID: String?) throws -> String? {
        let docker = context.docker
        let name = dockerName(desired)
        let target = dockerID ?? name
        switch action {
        case .create: return try create(desired, name: name)
        case .start: try docker.startContainer(target)
        case .stop: try docker.stopContainer(target, timeout: .seconds(context.policy.stopTimeoutSeconds))
        case .restart: try docker.restartContainer(target, timeout: .seconds(context.policy.stopTimeoutSeconds))
        case .remove:
            try docker.removeIfPresent(target)
            return nil
        }
        return target
    }

    private func create(_ desired: DesiredContainer, name: String) throws -> String {
        let spec = try ContainerObservations(context.database.connection).spec(desired.id)
        let network = try networks.ensure(tenantID: desired.tenantID)
        let request = blueprint.request(for: desired, spec: spec, network: network)
        do {
            return try context.docker.createContainer(name: name, request).id
        } catch DockerError.conflict {
            // An interrupted run created it already: keep it if it is this spec, else replace it.
            if let existing = try inspect(name), existing.specHash == desired.specHash { return existing.dockerID }
            try? context.docker.removeContainer(name, force: true)
            return try context.docker.createContainer(name: name, request).id
        } catch DockerError.notFound {
            // The image is not on the host: pull it once, then create.
            try context.docker.pullImage(spec.image.value)
            return try context.docker.createContainer(name: name, request).id
        }
    }

    private func event(_ desired: DesiredContainer, _ action: String, detail: String?) throws {
        try EventLog(context.database.connection).append(
            tenantID: desired.tenantID, containerID: desired.id, actor: context.actor, action: action, detail: detail, now: .now())
    }
}
