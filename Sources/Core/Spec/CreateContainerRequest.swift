import CryptoPrimitives

/// A validated `POST /v1/containers` body. Only the allowlisted fields are read;
/// everything else (privileged, volumes, tenant_id, states, …) is dropped without a word.
public struct CreateContainerRequest: Sendable, Hashable {
    public let name: ContainerName
    public let hostKey: String
    public let start: Bool
    /// What Docker runs, with any platform default filled in.
    public let spec: ContainerSpec
    /// The spec as the request gave it, before defaults.
    private let givenSpec: ContainerSpec

    public init(name: ContainerName, hostKey: String, start: Bool, spec: ContainerSpec) {
        self.name = name
        self.hostKey = hostKey
        self.start = start
        self.spec = spec
        givenSpec = spec
    }

    private init(_ request: CreateContainerRequest, spec: ContainerSpec) {
        name = request.name
        hostKey = request.hostKey
        start = request.start
        givenSpec = request.givenSpec
        self.spec = spec
    }

    /// The request with the platform's default limits filled in.
    public func applying(_ defaults: PlatformDefaults) -> CreateContainerRequest {
        CreateContainerRequest(self, spec: spec.applying(defaults))
    }

    /// A digest of every accepted field as given (labels and restart included), for
    /// `Idempotency-Key`: a retry matches its first request even if the operator changed a
    /// default in between.
    public func fingerprint() throws -> String {
        try SHA256.hex(try givenSpec.canonicalJSON()) + ":" + name.value + ":" + hostKey + ":" + (start ? "1" : "0")
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

        let name = try ContainerName(requiredString("name"))
        let image = try ImageReference(requiredString("image"))
        let hostKey = try requiredString("host_key")
        guard !hostKey.isEmpty, hostKey.utf8.count <= 255 else {
            throw APIError.validation("host_key", "host_key must be 1 to 255 characters")
        }
        let start: Bool
        switch field("start") {
        case nil: start = true
        case .bool(let value)?: start = value
        default: throw APIError.validation("start", "start must be true or false")
        }
        self.init(name: name, hostKey: hostKey, start: start, spec: try ContainerSpec(request: field, image: image))
    }
}
