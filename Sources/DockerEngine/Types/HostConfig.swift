/// Host-side settings of a container: isolation, limits, networking, restart and logging.
///
/// Every field is optional so that an omitted field keeps Docker's default at create time and a
/// `null` in an inspect result decodes. There are deliberately no `Binds` or `Devices`.
public struct HostConfig: Codable, Sendable, Equatable {
    public var privileged: Bool?
    /// Capabilities removed, e.g. `["ALL"]`.
    public var capDrop: [String]?
    /// Capabilities added back after `capDrop`, e.g. `["NET_BIND_SERVICE"]`.
    public var capAdd: [String]?
    /// e.g. `["no-new-privileges"]`.
    public var securityOpt: [String]?
    /// Maximum number of processes; `0` or `-1` is unlimited.
    public var pidsLimit: Int64?
    /// Memory limit in bytes.
    public var memory: Int64?
    /// Memory plus swap in bytes; equal to `memory` means no swap.
    public var memorySwap: Int64?
    /// CPU quota in billionths of a CPU (`1.5` CPUs is `1_500_000_000`).
    public var nanoCpus: Int64?
    /// `bridge`, `none`, or the name or id of a network.
    public var networkMode: String?
    /// Container port (`80/tcp`) to the host addresses it is published on.
    public var portBindings: PortMap?
    public var restartPolicy: RestartPolicy?
    public var logConfig: LogConfig?
    public var readonlyRootfs: Bool?
    /// Resource limits of the container's processes, e.g. `nofile`.
    public var ulimits: [Ulimit]?

    /// Creates host settings; omitted fields keep Docker's defaults.
    public init(
        privileged: Bool? = nil, capDrop: [String]? = nil, capAdd: [String]? = nil, securityOpt: [String]? = nil,
        pidsLimit: Int64? = nil, memory: Int64? = nil, memorySwap: Int64? = nil, nanoCpus: Int64? = nil,
        networkMode: String? = nil, portBindings: PortMap? = nil, restartPolicy: RestartPolicy? = nil,
        logConfig: LogConfig? = nil, readonlyRootfs: Bool? = nil, ulimits: [Ulimit]? = nil
    ) {
        self.privileged = privileged
        self.capDrop = capDrop
        self.capAdd = capAdd
        self.securityOpt = securityOpt
        self.pidsLimit = pidsLimit
        self.memory = memory
        self.memorySwap = memorySwap
        self.nanoCpus = nanoCpus
        self.networkMode = networkMode
        self.portBindings = portBindings
        self.restartPolicy = restartPolicy
        self.logConfig = logConfig
        self.readonlyRootfs = readonlyRootfs
        self.ulimits = ulimits
    }

    enum CodingKeys: String, CodingKey {
        case privileged = "Privileged", capDrop = "CapDrop", capAdd = "CapAdd", securityOpt = "SecurityOpt"
        case pidsLimit = "PidsLimit", memory = "Memory", memorySwap = "MemorySwap", nanoCpus = "NanoCpus"
        case networkMode = "NetworkMode", portBindings = "PortBindings", restartPolicy = "RestartPolicy"
        case logConfig = "LogConfig", readonlyRootfs = "ReadonlyRootfs", ulimits = "Ulimits"
    }
}

/// One `setrlimit` limit, e.g. `nofile` with its soft and hard values.
public struct Ulimit: Codable, Sendable, Equatable {
    public var name: String
    public var soft: Int64
    public var hard: Int64

    public init(name: String, soft: Int64, hard: Int64) {
        self.name = name
        self.soft = soft
        self.hard = hard
    }

    enum CodingKeys: String, CodingKey {
        case name = "Name", soft = "Soft", hard = "Hard"
    }
}

/// Container port (`80/tcp`) to its host bindings; Docker writes `null` for an exposed,
/// unpublished port.
public typealias PortMap = [String: [PortBinding]?]

/// One host address a container port is published on.
public struct PortBinding: Codable, Sendable, Hashable {
    /// The host address, e.g. `127.0.0.1`; empty means all addresses.
    public var hostIp: String
    /// The host port as Docker writes it; empty at create asks Docker to choose one.
    public var hostPort: String

    public init(hostIp: String = "", hostPort: String = "") {
        self.hostIp = hostIp
        self.hostPort = hostPort
    }

    enum CodingKeys: String, CodingKey {
        case hostIp = "HostIp", hostPort = "HostPort"
    }
}

/// What Docker does when the container exits.
public struct RestartPolicy: Codable, Sendable, Equatable {
    /// `no`, `always`, `unless-stopped` or `on-failure`.
    public var name: String
    public var maximumRetryCount: Int?

    public init(name: String, maximumRetryCount: Int? = nil) {
        self.name = name
        self.maximumRetryCount = maximumRetryCount
    }

    /// Docker never restarts the container (the reconciler does).
    public static let no = RestartPolicy(name: "no")

    enum CodingKeys: String, CodingKey {
        case name = "Name", maximumRetryCount = "MaximumRetryCount"
    }
}

/// The log driver and its options.
public struct LogConfig: Codable, Sendable, Equatable {
    /// e.g. `json-file` or `local`.
    public var type: String
    public var config: [String: String]?

    public init(type: String, config: [String: String]? = nil) {
        self.type = type
        self.config = config
    }

    enum CodingKeys: String, CodingKey {
        case type = "Type", config = "Config"
    }
}
