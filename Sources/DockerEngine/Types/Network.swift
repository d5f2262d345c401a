/// A network as `GET /networks/{id}` and `GET /networks` describe it.
public struct Network: Decodable, Sendable, Equatable {
    public var id: String
    public var name: String
    public var driver: String
    public var `internal`: Bool?
    public var labels: [String: String]?
    /// Driver options, e.g. `com.docker.network.bridge.enable_icc`.
    public var options: [String: String]?
    public var ipam: IPAM?

    enum CodingKeys: String, CodingKey {
        case id = "Id", name = "Name", driver = "Driver", `internal` = "Internal", labels = "Labels"
        case options = "Options", ipam = "IPAM"
    }
}

/// A network's address management.
public struct IPAM: Codable, Sendable, Equatable {
    public var driver: String?
    /// The subnets; Docker picks one from its default pools when none is given at create.
    public var config: [IPAMConfig]?

    public init(driver: String? = nil, config: [IPAMConfig]? = nil) {
        self.driver = driver
        self.config = config
    }

    enum CodingKeys: String, CodingKey {
        case driver = "Driver", config = "Config"
    }
}

/// One subnet of a network.
public struct IPAMConfig: Codable, Sendable, Equatable {
    /// CIDR, e.g. `172.18.0.0/16`.
    public var subnet: String?
    public var gateway: String?

    public init(subnet: String? = nil, gateway: String? = nil) {
        self.subnet = subnet
        self.gateway = gateway
    }

    enum CodingKeys: String, CodingKey {
        case subnet = "Subnet", gateway = "Gateway"
    }
}

/// The body of `POST /networks/create`. `CheckDuplicate` is always sent, so a second network
/// with the same name is refused with ``DockerError/conflict(_:)``.
public struct NetworkCreateRequest: Encodable, Sendable, Equatable {
    public var name: String
    public let checkDuplicate = true
    public var driver: String
    /// An internal network has no route to the outside.
    public var `internal`: Bool?
    public var labels: [String: String]?
    public var options: [String: String]?
    /// Explicit subnets; nil lets Docker pick from its default pools.
    public var ipam: IPAM?

    public init(
        name: String, driver: String = "bridge", internal: Bool? = nil, labels: [String: String]? = nil,
        options: [String: String]? = nil, ipam: IPAM? = nil
    ) {
        self.name = name
        self.driver = driver
        self.internal = `internal`
        self.labels = labels
        self.options = options
        self.ipam = ipam
    }

    enum CodingKeys: String, CodingKey {
        case name = "Name", checkDuplicate = "CheckDuplicate", driver = "Driver", `internal` = "Internal"
        case labels = "Labels", options = "Options", ipam = "IPAM"
    }
}

/// The answer to `POST /networks/create`.
public struct NetworkCreateResponse: Decodable, Sendable, Equatable {
    public var id: String
    public var warning: String?

    enum CodingKeys: String, CodingKey {
        case id = "Id", warning = "Warning"
    }
}
