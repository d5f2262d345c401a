/// The answer to `GET /info` (the fields the platform reads).
public struct SystemInfo: Decodable, Sendable, Equatable {
    /// CPUs available to containers.
    public var ncpu: Int
    /// Memory available to containers, in bytes.
    public var memTotal: Int64
    public var serverVersion: String
    /// The daemon host's name.
    public var name: String

    enum CodingKeys: String, CodingKey {
        case ncpu = "NCPU", memTotal = "MemTotal", serverVersion = "ServerVersion", name = "Name"
    }
}

/// The answer to `GET /version`.
public struct SystemVersion: Decodable, Sendable, Equatable {
    public var version: String
    public var apiVersion: String
    /// The oldest API version the daemon still accepts.
    public var minAPIVersion: String?
    public var os: String
    public var arch: String
    public var kernelVersion: String?

    enum CodingKeys: String, CodingKey {
        case version = "Version", apiVersion = "ApiVersion", minAPIVersion = "MinAPIVersion", os = "Os"
        case arch = "Arch", kernelVersion = "KernelVersion"
    }
}
