/// What a tenant declares about a container besides its name, host and initial state: the one
/// definition of these fields. Validated from a request (`+Request`), stored as canonical JSON
/// and hashed (`+Storage`), written back in the API's JSON (`ContainerJSON`). A new field is a
/// property here, a member in each of those three, and its value type.
///
/// `image`, `env`, `ports`, `cpu`, `memory` and `command` are what Docker runs: they make the
/// spec hash that decides recreation. `restart` is desired state (how own exits are handled) and
/// `labels` are the tenant's metadata: neither reaches Docker nor the hash.
public struct ContainerSpec: Sendable, Hashable {
    public let image: ImageReference
    public let env: EnvironmentVariables
    public let ports: PortList
    public let cpu: CPULimit?
    public let memory: MemoryLimit?
    public let command: Command?
    public let restart: RestartPolicy
    public let labels: ContainerLabels

    public init(
        image: ImageReference, env: EnvironmentVariables, ports: PortList, cpu: CPULimit?, memory: MemoryLimit?, command: Command?,
        restart: RestartPolicy = .onFailure, labels: ContainerLabels = .none
    ) {
        self.image = image
        self.env = env
        self.ports = ports
        self.cpu = cpu
        self.memory = memory
        self.command = command
        self.restart = restart
        self.labels = labels
    }

    /// The spec with its limits replaced (nil keeps the current one).
    public func with(cpu: CPULimit?, memory: MemoryLimit?) -> ContainerSpec {
        ContainerSpec(image: image, env: env, ports: ports, cpu: cpu ?? self.cpu, memory: memory ?? self.memory, command: command,
                      restart: restart, labels: labels)
    }
}
