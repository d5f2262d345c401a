/// One declared port with the address and host port it is reachable on, once published: the
/// host's public address when the operator set one, else the address Docker bound it to.
public struct PublishedPort: Sendable, Hashable, Codable {
    public let containerPort: Int
    public let proto: PortProtocol
    public let hostIP: String?
    public let hostPort: Int?

    enum CodingKeys: String, CodingKey {
        case containerPort = "container_port"
        case proto = "protocol"
        case hostIP = "host_ip"
        case hostPort = "host_port"
    }

    public init(containerPort: Int, proto: PortProtocol, hostIP: String? = nil, hostPort: Int?) {
        self.containerPort = containerPort
        self.proto = proto
        self.hostIP = hostIP
        self.hostPort = hostPort
    }

    /// Encodes the keys explicitly as null until the port is published, so clients see the fields.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(containerPort, forKey: .containerPort)
        try c.encode(proto, forKey: .proto)
        try c.encode(hostIP, forKey: .hostIP)
        try c.encode(hostPort, forKey: .hostPort)
    }
}

/// A container as the API shows it. Absent values are explicit nulls.
public struct ContainerView: Sendable, Hashable, Encodable {
    public var id: String
    public var name: String
    public var image: String
    public var hostKey: String
    public var region: String
    public var env: [String: String]
    public var ports: [PublishedPort]
    public var cpuLimit: Double?
    public var memLimit: String?
    public var memLimitBytes: Int64?
    public var command: [String]?
    public var desiredState: DesiredState
    public var observedState: ObservedState
    public var exitCode: Int?
    public var lastError: String?
    /// Why the last convergence failed, machine-readable (`FailureCode`).
    public var lastErrorCode: FailureCode?
    public var createdAt: String
    public var updatedAt: String
    public var observedAt: String?

    public init(
        id: String, name: String, image: String, hostKey: String, region: String, env: [String: String],
        ports: [PublishedPort], cpuLimit: Double?, memLimit: String?, memLimitBytes: Int64?, command: [String]?,
        desiredState: DesiredState, observedState: ObservedState, exitCode: Int?, lastError: String?,
        lastErrorCode: FailureCode? = nil, createdAt: String, updatedAt: String, observedAt: String?
    ) {
        self.id = id
        self.name = name
        self.image = image
        self.hostKey = hostKey
        self.region = region
        self.env = env
        self.ports = ports
        self.cpuLimit = cpuLimit
        self.memLimit = memLimit
        self.memLimitBytes = memLimitBytes
        self.command = command
        self.desiredState = desiredState
        self.observedState = observedState
        self.exitCode = exitCode
        self.lastError = lastError
        self.lastErrorCode = lastErrorCode
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.observedAt = observedAt
    }

    enum CodingKeys: String, CodingKey {
        case id, name, image, region, env, ports, command
        case hostKey = "host_key"
        case cpuLimit = "cpu_limit"
        case memLimit = "mem_limit"
        case memLimitBytes = "mem_limit_bytes"
        case desiredState = "desired_state"
        case observedState = "observed_state"
        case exitCode = "exit_code"
        case lastError = "last_error"
        case lastErrorCode = "last_error_code"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
        case observedAt = "observed_at"
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(name, forKey: .name)
        try c.encode(image, forKey: .image)
        try c.encode(hostKey, forKey: .hostKey)
        try c.encode(region, forKey: .region)
        try c.encode(env, forKey: .env)
        try c.encode(ports, forKey: .ports)
        try c.encode(cpuLimit, forKey: .cpuLimit)
        try c.encode(memLimit, forKey: .memLimit)
        try c.encode(memLimitBytes, forKey: .memLimitBytes)
        try c.encode(command, forKey: .command)
        try c.encode(desiredState, forKey: .desiredState)
        try c.encode(observedState, forKey: .observedState)
        try c.encode(exitCode, forKey: .exitCode)
        try c.encode(lastError, forKey: .lastError)
        try c.encode(lastErrorCode?.rawValue, forKey: .lastErrorCode)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(updatedAt, forKey: .updatedAt)
        try c.encode(observedAt, forKey: .observedAt)
    }
}
