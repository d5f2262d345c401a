import Core
import MariaDB

/// Maps a containers row to the API's `ContainerView`.
enum ContainerRow {
    static let columns = """
        id, name, image, host_key, region, spec, desired_state, observed_state, exit_code, last_error, \
        published_ports, created_at, updated_at, observed_at, last_error_code,
        (SELECT public_address FROM hosts WHERE hosts.host_key = containers.host_key) AS public_address
        """

    /// The stored spec, read without re-validation: it was validated before it was stored.
    private struct SpecDocument {
        let env: [String: String]
        let ports: [PortDocument]
        let cpuMillis: Int64?
        let memLimit: String?
        let memBytes: Int64?
        let command: [String]?

        init(_ json: JSONDocument) throws {
            guard let env = json.member("env"), let ports = json.member("ports") else {
                throw JSONDocument.SyntaxError.malformed(offset: 0)
            }
            self.env = try env.stringDictionary()
            self.ports = try ports.arrayValue().map(PortDocument.init)
            cpuMillis = try json.member("cpu_millis")?.integer()
            memLimit = try json.member("mem_limit")?.stringValue()
            memBytes = try json.member("mem_bytes")?.integer()
            command = try json.member("command")?.arrayValue().map { try $0.stringValue() }
        }
    }

    private struct PortDocument {
        let containerPort: Int
        let proto: PortProtocol
        let hostIP: String?
        let hostPort: Int?

        init(_ json: JSONDocument) throws {
            guard let port = json.member("container_port"), let name = json.member("protocol"),
                  let proto = PortProtocol(rawValue: try name.stringValue())
            else { throw JSONDocument.SyntaxError.malformed(offset: 0) }
            containerPort = try port.integer()
            self.proto = proto
            hostIP = try json.member("host_ip")?.stringValue()
            hostPort = try json.member("host_port")?.integer()
        }
    }

    static func view(_ row: Row) throws -> ContainerView {
        guard let specBytes = row.bytes("spec") else { preconditionFailure("column spec is NULL or not selected") }
        let spec = try SpecDocument(JSONDocument.parse(specBytes))
        var published = [String: PortDocument]()
        if let bytes = row.bytes("published_ports") {
            for port in try JSONDocument.parse(bytes).arrayValue().map(PortDocument.init) {
                published["\(port.containerPort)/\(port.proto.rawValue)"] = port
            }
        }
        let publicAddress = row.string("public_address")
        return ContainerView(
            id: row.require("id"), name: row.require("name"), image: row.require("image"),
            hostKey: row.require("host_key"), region: row.require("region"), env: spec.env,
            ports: spec.ports.map {
                let binding = published["\($0.containerPort)/\($0.proto.rawValue)"]
                let hostPort = binding?.hostPort
                return PublishedPort(containerPort: $0.containerPort, proto: $0.proto,
                                     hostIP: hostPort == nil ? nil : publicAddress ?? binding?.hostIP, hostPort: hostPort)
            },
            cpuLimit: spec.cpuMillis.map { Double($0) / 1000 }, memLimit: spec.memLimit, memLimitBytes: spec.memBytes,
            command: spec.command,
            desiredState: DesiredState(rawValue: row.require("desired_state")) ?? .deleted,
            observedState: ObservedState(rawValue: row.require("observed_state")) ?? .pending,
            exitCode: row.int("exit_code").map(Int.init), lastError: row.string("last_error"),
            lastErrorCode: row.string("last_error_code").flatMap(FailureCode.init(rawValue:)),
            createdAt: Timestamp.rfc3339(sql: row.require("created_at")),
            updatedAt: Timestamp.rfc3339(sql: row.require("updated_at")),
            observedAt: row.string("observed_at").map(Timestamp.rfc3339(sql:)))
    }

    /// The view of a container that is being created, before any row exists.
    static func newView(id: String, request: CreateContainerRequest, region: String, now: Timestamp) -> ContainerView {
        let spec = request.spec
        return ContainerView(
            id: id, name: request.name.value, image: spec.image.value, hostKey: request.hostKey, region: region,
            env: spec.env.values,
            ports: spec.ports.ports.map { PublishedPort(containerPort: $0.containerPort, proto: $0.proto, hostPort: nil) },
            cpuLimit: spec.cpu?.vcpus, memLimit: spec.memory?.given, memLimitBytes: spec.memory?.bytes,
            command: spec.command?.arguments, desiredState: request.start ? .running : .stopped, observedState: .pending,
            exitCode: nil, lastError: nil, createdAt: now.rfc3339, updatedAt: now.rfc3339, observedAt: nil)
    }
}
