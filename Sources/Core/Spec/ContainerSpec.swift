import CryptoPrimitives
import Foundation

/// What Docker runs: immutable after create (v1). Stored as canonical JSON; its SHA-256 is the
/// `spec_hash` that decides recreation.
public struct ContainerSpec: Sendable, Hashable {
    public let image: ImageReference
    public let env: EnvironmentVariables
    public let ports: PortList
    public let cpu: CPULimit?
    public let memory: MemoryLimit?
    public let command: Command?

    public init(image: ImageReference, env: EnvironmentVariables, ports: PortList, cpu: CPULimit?, memory: MemoryLimit?, command: Command?) {
        self.image = image
        self.env = env
        self.ports = ports
        self.cpu = cpu
        self.memory = memory
        self.command = command
    }

    /// The canonical JSON text: sorted keys, so equal specs give equal bytes and hashes.
    public func canonicalJSON() -> String {
        // Encoding plain strings, numbers and arrays cannot fail.
        let data = try! Self.encoder.encode(self)
        return String(decoding: data, as: UTF8.self)
    }

    /// SHA-256 (hex) of the canonical JSON.
    public func hash() -> String { SHA256.hex(canonicalJSON()) }

    /// Decodes the stored canonical JSON, through the same validating initialisers as a request.
    public static func decode(canonicalJSON text: String) throws -> ContainerSpec {
        try JSONDecoder().decode(ContainerSpec.self, from: Data(text.utf8))
    }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()
}

extension ContainerSpec: Codable {
    enum CodingKeys: String, CodingKey {
        case image, env, ports, command
        case cpuMillis = "cpu_millis"
        case memLimit = "mem_limit"
        case memBytes = "mem_bytes"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        image = try ImageReference(c.decode(String.self, forKey: .image))
        env = try EnvironmentVariables(c.decode([String: String].self, forKey: .env))
        ports = try PortList(c.decode([PortSpec].self, forKey: .ports))
        cpu = try c.decodeIfPresent(Int64.self, forKey: .cpuMillis).map(CPULimit.init(millis:))
        memory = try c.decodeIfPresent(String.self, forKey: .memLimit).map(MemoryLimit.init)
        command = try c.decodeIfPresent([String].self, forKey: .command).map(Command.init)
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
    }
}
