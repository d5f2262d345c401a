/// A validated `PATCH /v1/containers/{id}` body: a partial spec, each given member replacing the
/// old value whole. Only the spec's allowlisted members are read and everything else is dropped
/// without a word, as on a create; `name`, `host_key` and `start` cannot change and are refused,
/// even with the current value.
public struct ContainerPatch: Sendable, Equatable {
    /// The members a patch may give, as the API names them.
    public static let members = Set(ContainerSpec.members.map(\.apiKey))
    static let fixed = ["name", "host_key", "start"]

    /// The allowlisted members the body gives, JSON null included.
    private let given: [String: JSONValue]

    public init(json: JSONValue) throws {
        guard case .object(let body) = json else {
            throw APIError.validation("body", "the request body must be a JSON object")
        }
        if let field = Self.fixed.first(where: { body[$0] != nil }) {
            throw APIError.validation(field, "\(field) cannot be changed; create a new container instead")
        }
        given = body.filter { Self.members.contains($0.key) }
    }

    /// The spec after the patch, under the platform's policy as a create is: a new image's
    /// registry must be allowed, and a limit given as null gets today's default (or none when
    /// defaults are off). A limit the patch leaves alone is kept: a default changed later
    /// changes no existing container.
    public func applied(to current: ContainerSpec, policy: CreatePolicy) throws -> ContainerSpec {
        let patched = try current.replacing({ given[$0] != nil }, { given[$0].flatMap { $0 == .null ? nil : $0 } })
        if given["image"] != nil { try policy.registries.check(patched.image) }
        let resetDefaults = PlatformDefaults(
            cpu: given["cpu_limit"] == nil ? nil : policy.defaults.cpu, memory: given["mem_limit"] == nil ? nil : policy.defaults.memory)
        return patched.applying(resetDefaults)
    }

    /// Whether the body gives `member` (JSON null included).
    public func gives(_ member: String) -> Bool { given[member] != nil }
}
