import Core
import DockerEngine
import Foundation

extension RuntimeObservation {
    /// From a list entry: no exit code (a list call does not report one).
    init(_ summary: ContainerSummary) {
        self.init(dockerID: summary.id, specHash: summary.labels?[ManagedLabels.specHash],
                  status: RuntimeStatus(summary.state), exitCode: nil, policyVersion: ContainerPolicy.version(labels: summary.labels))
    }

    init(_ inspect: ContainerInspect) {
        // Docker's RFC 3339 stamp with nanoseconds (the same form as its log stamps).
        let started = LogTimestamp(rfc3339: inspect.state.startedAt).map { $0.seconds * 1_000_000 + Int64($0.nanoseconds / 1000) }
        self.init(dockerID: inspect.id, specHash: inspect.config.labels?[ManagedLabels.specHash],
                  status: RuntimeStatus(inspect.state.status), exitCode: inspect.state.exitCode, startedAt: started,
                  policyVersion: ContainerPolicy.version(labels: inspect.config.labels))
    }
}

extension RuntimeStatus {
    init(_ status: ContainerStatus) {
        // A status a newer daemon adds is treated as exited: the planner then inspects and decides.
        self = RuntimeStatus(rawValue: status.rawValue) ?? .exited
    }
}

/// The host ports Docker published for a container's declared ports, as the API shows them.
enum PublishedPorts {
    private struct Entry: Encodable {
        let containerPort: Int
        let proto: String
        /// The address Docker bound the port to (the reconciler's bind IP).
        let hostIP: String?
        let hostPort: Int?

        enum CodingKeys: String, CodingKey {
            case containerPort = "container_port"
            case proto = "protocol"
            case hostIP = "host_ip"
            case hostPort = "host_port"
        }
    }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()

    /// JSON of every exposed port with its published host port; nil when none is exposed.
    static func json(_ inspect: ContainerInspect) -> String? {
        let exposed = (inspect.config.exposedPorts ?? [:]).keys.sorted()
        guard !exposed.isEmpty else { return nil }
        let entries = exposed.compactMap { key -> Entry? in
            let parts = key.split(separator: "/")
            guard let port = parts.first.flatMap({ Int($0) }) else { return nil }
            let binding = inspect.networkSettings.bindings(for: key).first
            return Entry(containerPort: port, proto: parts.count > 1 ? String(parts[1]) : "tcp", hostIP: binding?.hostIp,
                         hostPort: binding.flatMap { Int($0.hostPort) })
        }
        return (try? encoder.encode(entries)).map { String(decoding: $0, as: UTF8.self) }
    }
}
