/// The answer to `GET /containers/{id}/json` (the fields the platform reads).
public struct ContainerInspect: Decodable, Sendable, Equatable {
    public var id: String
    /// The name with Docker's leading slash, e.g. `/dro-t1-web-abc`.
    public var name: String
    public var state: ContainerState
    public var config: ContainerConfig
    public var hostConfig: HostConfig
    public var networkSettings: NetworkSettings

    enum CodingKeys: String, CodingKey {
        case id = "Id", name = "Name", state = "State", config = "Config", hostConfig = "HostConfig"
        case networkSettings = "NetworkSettings"
    }
}

/// A container's run state.
public struct ContainerState: Decodable, Sendable, Equatable {
    public var status: ContainerStatus
    public var running: Bool
    public var exitCode: Int
    /// RFC 3339 with nanoseconds; `0001-01-01T00:00:00Z` if never started.
    public var startedAt: String
    /// RFC 3339 with nanoseconds; `0001-01-01T00:00:00Z` if never stopped.
    public var finishedAt: String
    /// Why the last start failed, empty otherwise.
    public var error: String
    public var oomKilled: Bool
    /// The main process id on the host; 0 when not running.
    public var pid: Int

    enum CodingKeys: String, CodingKey {
        case status = "Status", running = "Running", exitCode = "ExitCode", startedAt = "StartedAt"
        case finishedAt = "FinishedAt", error = "Error", oomKilled = "OOMKilled", pid = "Pid"
    }
}

/// A container's published ports and network attachments.
public struct NetworkSettings: Decodable, Sendable, Equatable {
    /// Published host addresses per container port; empty while the container is not running.
    public var ports: PortMap?
    /// The container's endpoints, keyed by network name.
    public var networks: [String: EndpointSettings]?

    /// The host bindings of a container port such as `80/tcp`; empty when unpublished.
    public func bindings(for containerPort: String) -> [PortBinding] {
        (ports?[containerPort] ?? nil) ?? []
    }

    enum CodingKeys: String, CodingKey {
        case ports = "Ports", networks = "Networks"
    }
}
