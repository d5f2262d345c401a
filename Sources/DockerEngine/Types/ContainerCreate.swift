/// The body of `POST /containers/create`: the configuration, host settings and networks.
public struct ContainerCreateRequest: Encodable, Sendable, Equatable {
    public var config: ContainerConfig
    public var hostConfig: HostConfig?
    public var networkingConfig: NetworkingConfig?

    public init(config: ContainerConfig, hostConfig: HostConfig? = nil, networkingConfig: NetworkingConfig? = nil) {
        self.config = config
        self.hostConfig = hostConfig
        self.networkingConfig = networkingConfig
    }

    enum CodingKeys: String, CodingKey {
        case hostConfig = "HostConfig", networkingConfig = "NetworkingConfig"
    }

    /// Docker expects the configuration's fields at the top level, beside `HostConfig`.
    public func encode(to encoder: any Encoder) throws {
        try config.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(hostConfig, forKey: .hostConfig)
        try container.encodeIfPresent(networkingConfig, forKey: .networkingConfig)
    }
}

/// The answer to `POST /containers/create`.
public struct ContainerCreateResponse: Decodable, Sendable, Equatable {
    public var id: String
    /// e.g. a limit the kernel cannot enforce and Docker dropped.
    public var warnings: [String]?

    enum CodingKeys: String, CodingKey {
        case id = "Id", warnings = "Warnings"
    }
}
