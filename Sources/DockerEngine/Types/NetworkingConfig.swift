/// The networks a container joins at create, keyed by network name or id.
public struct NetworkingConfig: Codable, Sendable, Equatable {
    public var endpointsConfig: [String: EndpointSettings]

    public init(endpointsConfig: [String: EndpointSettings]) {
        self.endpointsConfig = endpointsConfig
    }

    enum CodingKeys: String, CodingKey {
        case endpointsConfig = "EndpointsConfig"
    }
}

/// A container's attachment to one network: requested at create, reported by inspect.
public struct EndpointSettings: Codable, Sendable, Equatable {
    /// Extra DNS names of the container on this network.
    public var aliases: [String]?
    /// Set by Docker.
    public var networkID: String?
    /// Set by Docker: the container's address on this network.
    public var ipAddress: String?
    /// Set by Docker.
    public var gateway: String?

    /// Creates a request to join a network, optionally under extra DNS names.
    public init(aliases: [String]? = nil) {
        self.aliases = aliases
    }

    enum CodingKeys: String, CodingKey {
        case aliases = "Aliases", networkID = "NetworkID", ipAddress = "IPAddress", gateway = "Gateway"
    }
}
