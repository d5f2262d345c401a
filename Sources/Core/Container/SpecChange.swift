/// What a `PATCH` changes, decided from the stored spec and the patched one by value: `64M` for
/// a stored `64m` is no change, and the stored spelling stays.
public struct SpecChange: Sendable, Hashable {
    /// The spec to store: the patched values, with every member equal by value kept as stored.
    public let spec: ContainerSpec
    /// The API names of the members that changed, sorted; empty for a no-op.
    public let changed: [String]
    /// The resources to charge (negative: to release).
    public let resources: ResourceChange

    public init(from current: ContainerSpec, to patched: ContainerSpec) {
        let memory = current.memory?.bytes == patched.memory?.bytes ? current.memory : patched.memory
        spec = patched.with(cpu: nil, memory: memory)
        changed = ContainerSpec.members.filter { $0.differs(current, patched) }.map(\.apiKey).sorted()
        resources = ResourceChange(from: ResourceRequest(current), to: ResourceRequest(spec))
    }

    /// Nothing changes: no generation, no job, no event.
    public var isNoOp: Bool { changed.isEmpty }

    /// What Docker runs changes (image, env, ports, limits, command): a new spec hash, and the
    /// reconciler replaces the container.
    public var replaces: Bool { changed.contains { Self.inHash.contains($0) } }

    /// The reconciler must act: a replacement, or a new restart policy to apply.
    public var needsJob: Bool { replaces || changed.contains("restart") }

    /// The members of what Docker runs, in the spec hash.
    private static let inHash = Set(ContainerSpec.members.filter(\.inHash).map(\.apiKey))
}
