extension ContainerSpec {
    /// The spec fields of a request body, validated; `field` answers a member (nil when absent or
    /// JSON null, which mean the same). A refusal names the field (`env.KEY`, `labels.KEY`, …).
    public init(request field: (String) -> JSONValue?, image: ImageReference) throws {
        try self.init(image: image, field, keeping: nil, unless: { _ in true })
    }

    /// This spec with each member a `PATCH` body gives replaced whole, validated exactly as a
    /// create validates it. `given` tells whether the body has the member at all; `field` answers
    /// its value (nil for JSON null, which gives the member what a create leaving it out gets).
    public func replacing(_ given: (String) -> Bool, _ field: (String) -> JSONValue?) throws -> ContainerSpec {
        let image: ImageReference
        if given("image") {
            guard case .string(let text)? = field("image") else { throw APIError.validation("image", "image must be a string") }
            image = try ImageReference(text)
        } else {
            image = self.image
        }
        return try ContainerSpec(image: image, field, keeping: self, unless: given)
    }

    /// The one list of spec members and their request forms. A member is kept from `current`
    /// unless `given` says the request has it; then it comes from the request (or its default).
    private init(image: ImageReference, _ field: (String) -> JSONValue?, keeping current: ContainerSpec?, unless given: (String) -> Bool) throws {
        func member<Value>(_ key: String, _ path: KeyPath<ContainerSpec, Value>, default value: Value,
                           _ parse: (JSONValue) throws -> Value) throws -> Value {
            if let current, !given(key) { return current[keyPath: path] }
            return try field(key).map(parse) ?? value
        }
        self.init(
            image: image,
            env: try member("env", \.env, default: try EnvironmentVariables([:]), EnvironmentVariables.init(json:)),
            ports: try member("ports", \.ports, default: try PortList([]), PortList.init(json:)),
            cpu: try member("cpu_limit", \.cpu, default: nil) { try CPULimit(json: $0) },
            memory: try member("mem_limit", \.memory, default: nil) { try MemoryLimit(json: $0) },
            command: try member("command", \.command, default: nil) { try Command(json: $0) },
            restart: try member("restart", \.restart, default: .onFailure, RestartPolicy.init(json:)),
            labels: try member("labels", \.labels, default: .none, ContainerLabels.init(json:)))
    }
}
