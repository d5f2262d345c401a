/// A validated `POST /v1/containers` body. Only the allowlisted fields are read;
/// everything else (privileged, volumes, tenant_id, states, …) is dropped without a word.
public struct CreateContainerRequest: Sendable, Hashable {
    public let name: ContainerName
    public let hostKey: String
    public let start: Bool
    public let spec: ContainerSpec

    public init(name: ContainerName, hostKey: String, start: Bool, spec: ContainerSpec) {
        self.name = name
        self.hostKey = hostKey
        self.start = start
        self.spec = spec
    }

    public init(json: JSONValue) throws {
        guard case .object(let body) = json else {
            throw APIError.validation("body", "the request body must be a JSON object")
        }
        // A JSON null for an optional field means the same as leaving it out.
        func field(_ key: String) -> JSONValue? {
            if let value = body[key], value != .null { return value }
            return nil
        }
        func requiredString(_ key: String) throws -> String {
            guard let value = field(key) else { throw APIError.validation(key, "\(key) is required") }
            guard case .string(let text) = value else { throw APIError.validation(key, "\(key) must be a string") }
            return text
        }

        name = try ContainerName(requiredString("name"))
        let image = try ImageReference(requiredString("image"))
        hostKey = try requiredString("host_key")
        guard !hostKey.isEmpty, hostKey.utf8.count <= 255 else {
            throw APIError.validation("host_key", "host_key must be 1 to 255 characters")
        }
        switch field("start") {
        case nil: start = true
        case .bool(let value)?: start = value
        default: throw APIError.validation("start", "start must be true or false")
        }
        spec = ContainerSpec(
            image: image,
            env: try field("env").map(EnvironmentVariables.init(json:)) ?? EnvironmentVariables([:]),
            ports: try field("ports").map(PortList.init(json:)) ?? PortList([]),
            cpu: try field("cpu_limit").map(CPULimit.init(json:)),
            memory: try field("mem_limit").map(MemoryLimit.init(json:)),
            command: try field("command").map(Command.init(json:))
        )
    }

    /// A digest of everything that makes two creates "the same request", for `Idempotency-Key`.
    public func fingerprint() -> String {
        spec.hash() + ":" + name.value + ":" + hostKey + ":" + (start ? "1" : "0")
    }
}
