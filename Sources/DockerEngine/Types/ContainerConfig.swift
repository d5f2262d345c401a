/// The portable part of a container's configuration: what runs, with which environment and labels.
///
/// Sent inline in ``ContainerCreateRequest`` and read back as ``ContainerInspect/config``.
public struct ContainerConfig: Codable, Sendable, Equatable {
    /// The image reference (in inspect results: as given at create).
    public var image: String
    /// The command; nil runs the image's default.
    public var cmd: [String]?
    /// `KEY=value` entries (in inspect results: merged with the image's environment).
    public var env: [String]?
    public var labels: [String: String]?
    /// Container ports such as `80/tcp`, as Docker's `{"80/tcp": {}}` set.
    public var exposedPorts: [String: EmptyObject]?
    /// The health check; `["NONE"]` disables the image's own.
    public var healthcheck: HealthConfig?

    /// Creates a configuration; `exposedPorts` are container ports such as `80/tcp` or `53/udp`.
    public init(
        image: String, cmd: [String]? = nil, env: [String]? = nil, labels: [String: String]? = nil,
        exposedPorts: [String] = [], healthcheck: HealthConfig? = nil
    ) {
        self.image = image
        self.cmd = cmd
        self.env = env
        self.labels = labels
        self.exposedPorts = exposedPorts.isEmpty ? nil : Dictionary(exposedPorts.map { ($0, EmptyObject()) }) { first, _ in first }
        self.healthcheck = healthcheck
    }

    enum CodingKeys: String, CodingKey {
        case image = "Image", cmd = "Cmd", env = "Env", labels = "Labels", exposedPorts = "ExposedPorts"
        case healthcheck = "Healthcheck"
    }
}

/// A container's health check (`Healthcheck`).
public struct HealthConfig: Codable, Sendable, Equatable {
    /// `["NONE"]` disables the image's check; `["CMD", …]` or `["CMD-SHELL", …]` sets one.
    public var test: [String]?

    public init(test: [String]?) { self.test = test }

    /// Turns off the image's own HEALTHCHECK.
    public static let disabled = HealthConfig(test: ["NONE"])

    enum CodingKeys: String, CodingKey {
        case test = "Test"
    }
}

/// Docker's `{}` placeholder value in set-like objects such as `ExposedPorts`.
public struct EmptyObject: Codable, Sendable, Hashable {
    public init() {}
}
