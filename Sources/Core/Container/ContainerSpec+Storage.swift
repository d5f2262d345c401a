import CryptoPrimitives
import Foundation

/// The stored form: canonical JSON (sorted keys), read back through the same validating
/// initialisers as a request.
extension ContainerSpec: Codable {
    enum CodingKeys: String, CodingKey {
        case image, env, ports, command, restart, labels
        case cpuMillis = "cpu_millis"
        case memLimit = "mem_limit"
        case memBytes = "mem_bytes"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            image: try ImageReference(c.decode(String.self, forKey: .image)),
            env: try EnvironmentVariables(c.decode([String: String].self, forKey: .env)),
            ports: try PortList(c.decode([PortSpec].self, forKey: .ports)),
            cpu: try c.decodeIfPresent(Int64.self, forKey: .cpuMillis).map(CPULimit.init(millis:)),
            memory: try c.decodeIfPresent(String.self, forKey: .memLimit).map(MemoryLimit.init),
            command: try c.decodeIfPresent([String].self, forKey: .command).map(Command.init),
            // Specs stored before these fields existed have the defaults.
            restart: try c.decodeIfPresent(RestartPolicy.self, forKey: .restart) ?? .onFailure,
            labels: try ContainerLabels(c.decodeIfPresent([String: String].self, forKey: .labels) ?? [:]))
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(image.value, forKey: .image)
        try c.encode(env.values, forKey: .env)
        try c.encode(ports.ports, forKey: .ports)
        try c.encodeIfPresent(cpu?.millis, forKey: .cpuMillis)
        try c.encodeIfPresent(memory?.given, forKey: .memLimit)
        try c.encodeIfPresent(memory?.bytes, forKey: .memBytes)
        try c.encodeIfPresent(command?.arguments, forKey: .command)
        try c.encode(restart, forKey: .restart)
        try c.encode(labels.values, forKey: .labels)
    }

    /// The canonical JSON text: sorted keys, so equal specs give equal bytes.
    public func canonicalJSON() throws -> String {
        String(decoding: try Self.encoder.encode(self), as: UTF8.self)
    }

    /// Decodes the stored canonical JSON, through the same validating initialisers as a request.
    public static func decode(canonicalJSON text: String) throws -> ContainerSpec {
        try JSONDecoder().decode(ContainerSpec.self, from: Data(text.utf8))
    }

    /// SHA-256 (hex) of what Docker runs, normalised: milli-vCPUs, memory bytes (never the
    /// spelling given), env and ports in order. Equal containers hash equal however they were
    /// written; `restart` and `labels` are not part of it. Stored hashes are never recomputed:
    /// a container created under an earlier form of this hash keeps its own.
    public func hash() throws -> String {
        try SHA256.hex(String(decoding: try Self.encoder.encode(HashDocument(self)), as: UTF8.self))
    }

    private struct HashDocument: Encodable {
        let image: String
        let env: [String: String]
        let ports: [PortSpec]
        let cpuMillis: Int64?
        let memBytes: Int64?
        let command: [String]?

        init(_ spec: ContainerSpec) {
            image = spec.image.value
            env = spec.env.values
            ports = spec.ports.ports
            cpuMillis = spec.cpu?.millis
            memBytes = spec.memory?.bytes
            command = spec.command?.arguments
        }

        enum CodingKeys: String, CodingKey {
            case image, env, ports, command
            case cpuMillis = "cpu_millis"
            case memBytes = "mem_bytes"
        }
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()
}
