/// One member of the spec as every form names it: the table `SpecChange`, `ContainerPatch` and
/// `ContainerJSON` derive from.
public struct SpecMember: Sendable {
    /// A key of the stored document, with the key the API shows it under and the JSON it shows
    /// when a document stored before the member existed (or a nil optional) lacks it.
    public struct Stored: Sendable {
        public let key: String
        public let apiKey: String
        /// nil: every stored document has the key.
        public let absent: String?
    }

    /// The member's name in a create or `PATCH` body, and in a `PATCH`'s `changed` list.
    public let apiKey: String
    public let stored: [Stored]
    /// Part of what Docker runs and of the spec hash: changing it replaces the container.
    public let inHash: Bool
    /// Whether two specs differ in this member, by value.
    public let differs: @Sendable (ContainerSpec, ContainerSpec) -> Bool

    init(_ apiKey: String, stored: [Stored], inHash: Bool, differs: @escaping @Sendable (ContainerSpec, ContainerSpec) -> Bool) {
        self.apiKey = apiKey
        self.stored = stored
        self.inHash = inHash
        self.differs = differs
    }

    /// A member stored under its API name.
    init(_ apiKey: String, absent: String?, inHash: Bool, differs: @escaping @Sendable (ContainerSpec, ContainerSpec) -> Bool) {
        self.init(apiKey, stored: [Stored(key: apiKey, apiKey: apiKey, absent: absent)], inHash: inHash, differs: differs)
    }
}
