import Core
import MariaDB

/// Reads a containers row as the API shows it.
enum ContainerRow {
    static let columns = """
        id, name, host_key, region, spec, desired_state, observed_state, exit_code, last_error, \
        published_ports, created_at, updated_at, observed_at, last_error_code, \
        (SELECT public_address FROM hosts WHERE hosts.host_key = containers.host_key) AS public_address
        """

    static func record(_ row: Row) throws -> ContainerRecord {
        guard let spec = row.bytes("spec") else { throw StoreError("container row without a spec", kind: .failed) }
        return ContainerRecord(
            id: try row.require("id"), name: try row.require("name"), hostKey: try row.require("host_key"), region: try row.require("region"),
            spec: spec,
            desiredState: DesiredState(rawValue: try row.require("desired_state")) ?? .deleted,
            observedState: ObservedState(rawValue: try row.require("observed_state")) ?? .pending,
            exitCode: row.int("exit_code").map(Int.init), lastError: row.string("last_error"),
            lastErrorCode: row.string("last_error_code").flatMap(FailureCode.init(rawValue:)),
            bindings: try bindings(row.bytes("published_ports"), publicAddress: row.string("public_address")),
            createdAt: try row.require("created_at"), updatedAt: try row.require("updated_at"), observedAt: row.string("observed_at"))
    }

    /// What the reconciler recorded as published (`[{"container_port","protocol","host_ip","host_port"}]`),
    /// shown on the host's public address when it has one.
    private static func bindings(_ published: [UInt8]?, publicAddress: String?) throws -> [String: PortBinding] {
        guard let published else { return [:] }
        var bindings = [String: PortBinding]()
        for port in try JSONDocument.parse(published).arrayValue() {
            guard let number = port.member("container_port"), let name = port.member("protocol"), let hostPort = port.member("host_port")
            else { continue }
            let key = "\(try number.integer(Int.self))/\(try name.stringValue())"
            bindings[key] = PortBinding(hostIP: try publicAddress ?? port.member("host_ip")?.stringValue(), hostPort: try hostPort.integer())
        }
        return bindings
    }

    /// The record of a container being created, before its row exists.
    static func newRecord(id: String, request: CreateContainerRequest, canonicalSpec: String, region: String, now: Timestamp) -> ContainerRecord {
        ContainerRecord(
            id: id, name: request.name.value, hostKey: request.hostKey, region: region, spec: Array(canonicalSpec.utf8),
            desiredState: request.start ? .running : .stopped, observedState: .pending, createdAt: now.sql, updatedAt: now.sql)
    }
}
