import Config
import Core
import DockerEngine

/// The Docker create request for a container: the tenant's spec plus the platform's hardening,
/// which no tenant input can change.
struct ContainerBlueprint {
    let policy: ReconcilerConfig
    let labels: [String: String]

    init(policy: ReconcilerConfig, installationID: String, hostKey: String) {
        self.policy = policy
        labels = [
            ManagedLabels.installation: installationID, ManagedLabels.host: hostKey,
            ManagedLabels.policyVersion: String(ContainerPolicy.version),
        ]
    }

    func request(for container: DesiredContainer, spec: ContainerSpec, network: String) -> ContainerCreateRequest {
        let ports = spec.ports.ports.map(\.dockerKey)
        let ownership = labels.merging([
            ManagedLabels.container: container.id,
            ManagedLabels.tenant: container.tenantID,
            ManagedLabels.specHash: container.specHash,
        ]) { $1 }
        return ContainerCreateRequest(
            config: ContainerConfig(
                image: spec.image.value,
                cmd: spec.command?.arguments,
                env: spec.env.values.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" },
                labels: ownership,
                exposedPorts: ports,
                // The image's own check would only burn CPU: the platform does not act on health.
                healthcheck: .disabled),
            hostConfig: HostConfig(
                privileged: false,
                capDrop: ["ALL"],
                capAdd: policy.capAdd,
                securityOpt: ["no-new-privileges"],
                pidsLimit: policy.pidsLimit,
                // Swap equal to memory: the limit cannot be dodged by swapping.
                memory: spec.memory?.bytes,
                memorySwap: spec.memory?.bytes,
                nanoCpus: spec.cpu?.nanoCPUs,
                networkMode: network,
                // Docker picks the host port; it listens on the platform's bind address only.
                portBindings: Dictionary(uniqueKeysWithValues: ports.map { ($0, [PortBinding(hostIp: policy.bindIP)]) }),
                restartPolicy: .no,  // the reconciler owns restarts
                logConfig: LogConfig(type: policy.logDriver, config: ["max-size": policy.logMaxSize, "max-file": String(policy.logMaxFiles)]),
                readonlyRootfs: false,
                ulimits: [Ulimit(name: "nofile", soft: policy.nofile.soft, hard: policy.nofile.hard)]),
            networkingConfig: NetworkingConfig(endpointsConfig: [network: EndpointSettings(aliases: [container.name])]))
    }
}
