import Core
import DockerEngine
import Store

/// A step of a convergence failed; `error` is what Docker (or the database) said.
struct StepFailure: Error {
    let step: ConvergeStep
    let error: Error
}

/// The tenant's image pull on this host is busy with another container: try again shortly.
struct PullBusy: Error {}

/// Applies the planner's actions to Docker for one container, one step at a time; each failure
/// names its step. An image is pulled at most once per tenant and host at a time.
struct ContainerActions {
    let session: Session
    let networks: TenantNetworks
    let blueprint: ContainerBlueprint

    init(session: Session, networks: TenantNetworks) {
        self.session = session
        self.networks = networks
        let settings = session.settings
        blueprint = ContainerBlueprint(policy: settings.policy, installationID: settings.config.installationID, hostKey: settings.hostKey)
    }

    /// The Docker name of a container (deterministic, per tenant).
    static func dockerName(_ desired: DesiredContainer) -> String {
        ManagedNames.container(tenantID: desired.tenantID, name: desired.name, containerID: desired.id)
    }

    /// Applies one action; answers the Docker id the container has afterwards.
    func apply(_ action: ReconcileAction, _ desired: DesiredContainer, dockerID: String?) throws -> String? {
        let docker = session.docker
        let name = Self.dockerName(desired)
        let target = dockerID ?? name
        let timeout = Duration.seconds(session.settings.policy.stopTimeoutSeconds)
        // Failing closed: without the host's egress rules nothing new may run; stops and removals go on.
        if [.create, .start, .restart].contains(action), !session.settings.hostPolicy.isHealthy {
            throw StepFailure(step: .network, error: EgressError("the host's egress rules are not in place"))
        }
        switch action {
        case .create: return try create(desired, name: name)
        case .start: try step(.start) { try docker.startContainer(target) }
        case .stop: try step(.stop) { try docker.stopContainer(target, timeout: timeout) }
        case .restart: try step(.restart) { try docker.restartContainer(target, timeout: timeout) }
        case .remove:
            try step(.remove) { try docker.removeIfPresent(target) }
            return nil
        }
        return target
    }

    private func create(_ desired: DesiredContainer, name: String) throws -> String {
        let docker = session.docker
        let spec = try ContainerObservations(session.database).spec(desired.id)
        let network = try step(.network) { try networks.ensure(tenantID: desired.tenantID) }
        let request = blueprint.request(for: desired, spec: spec, network: network)
        do {
            return try docker.createContainer(name: name, request).id
        } catch .conflict {
            // An interrupted run created it already: keep it if it is this spec, else replace it.
            let existing = try step(.create) { try docker.inspectIfPresent(name) }
            if let existing, existing.config.labels?[ManagedLabels.specHash] == desired.specHash { return existing.id }
            try? docker.removeIfPresent(name)
            return try step(.create) { try docker.createContainer(name: name, request).id }
        } catch .notFound {
            try pull(spec.image.value, tenantID: desired.tenantID)
            return try step(.create) { try docker.createContainer(name: name, request).id }
        } catch {
            throw StepFailure(step: .create, error: error)
        }
    }

    /// Pulls an image under the tenant's pull lease on this host (renewed while it runs).
    private func pull(_ image: String, tenantID: String) throws {
        let settings = session.settings
        let leases = Leases(session.database)
        let name = settings.pullLease(tenantID: tenantID)
        guard try leases.acquire(name, owner: settings.owner, seconds: settings.policy.leaseSeconds) else { throw PullBusy() }
        defer { try? leases.release(name, owner: settings.owner) }
        try step(.pull) { try session.docker.pullImage(image) }
    }

    private func step<T>(_ step: ConvergeStep, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch {
            throw StepFailure(step: step, error: error)
        }
    }
}
