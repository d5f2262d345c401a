/// The limits the platform fills into a create that names none (`api.default_cpu_limit`,
/// `api.default_mem_limit`; shipped as 1 vCPU and 512m), so no new container runs without
/// limits. A filled-in default is stored in the spec: shown, hashed and charged like an
/// explicit value. A nil default is off: a capped dimension then needs an explicit limit.
public struct PlatformDefaults: Sendable, Hashable {
    public let cpu: CPULimit?
    public let memory: MemoryLimit?

    public init(cpu: CPULimit?, memory: MemoryLimit?) {
        self.cpu = cpu
        self.memory = memory
    }

    /// From the config's values (nil: off), validated like a request's.
    public init(cpuLimit: Double?, memLimit: String?) throws {
        self.init(cpu: try cpuLimit.map(CPULimit.init(vcpus:)), memory: try memLimit.map(MemoryLimit.init))
    }

    public static let off = PlatformDefaults(cpu: nil, memory: nil)
}

extension ContainerSpec {
    /// The spec with each absent limit replaced by the platform's default.
    public func applying(_ defaults: PlatformDefaults) -> ContainerSpec {
        with(cpu: cpu == nil ? defaults.cpu : nil, memory: memory == nil ? defaults.memory : nil)
    }
}
