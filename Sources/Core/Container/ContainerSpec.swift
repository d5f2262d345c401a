/// What a tenant declares about a container besides its name, host and initial state: the one
/// definition of these fields. Validated from a request (`+Request`), stored as canonical JSON
/// and hashed (`+Storage`), written back in the API's JSON (`ContainerJSON`). A new field is a
/// property here with its row in `members`, a member in `+Request` and `+Storage`, and its value
/// type; `init` has no defaults, so every place that builds a spec must say what it gets.
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
        restart: RestartPolicy, labels: ContainerLabels
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

extension ContainerSpec {
    /// Every member, in the order the API writes the absent ones. A new member adds its row here.
    public static let members: [SpecMember] = [
        SpecMember("image", absent: nil, inHash: true) { $0.image != $1.image },
        SpecMember("env", absent: nil, inHash: true) { $0.env != $1.env },
        SpecMember("ports", absent: nil, inHash: true) { $0.ports != $1.ports },
        SpecMember("command", absent: "null", inHash: true) { $0.command != $1.command },
        SpecMember("cpu_limit", stored: [.init(key: "cpu_millis", apiKey: "cpu_limit", absent: "null")], inHash: true) { $0.cpu != $1.cpu },
        // By value: `64M` for a stored `64m` is no change.
        SpecMember("mem_limit", stored: [.init(key: "mem_limit", apiKey: "mem_limit", absent: "null"),
                                         .init(key: "mem_bytes", apiKey: "mem_limit_bytes", absent: "null")],
                   inHash: true) { $0.memory?.bytes != $1.memory?.bytes },
        SpecMember("restart", absent: "\"on-failure\"", inHash: false) { $0.restart != $1.restart },
        SpecMember("labels", absent: "{}", inHash: false) { $0.labels != $1.labels },
    ]
}
