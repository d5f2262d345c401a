/// Where an allocation applies: one region, or tenant-wide (`*`).
public enum QuotaScope: Sendable, Hashable, CustomStringConvertible {
    case region(String)
    case global

    public init(_ text: String) {
        self = text == "*" ? .global : .region(text)
    }

    /// The stored and displayed form: the region name or `*`.
    public var description: String {
        switch self {
        case .region(let name): name
        case .global: "*"
        }
    }
}

/// Caps on one scope; `nil` means no cap on that dimension.
public struct QuotaCaps: Sendable, Hashable {
    public var containers: Int64?
    public var cpuMillis: Int64?
    public var memBytes: Int64?

    public init(containers: Int64? = nil, cpuMillis: Int64? = nil, memBytes: Int64? = nil) {
        self.containers = containers
        self.cpuMillis = cpuMillis
        self.memBytes = memBytes
    }
}

/// What live containers hold in one scope: the counters kept on the allocation row.
public struct QuotaUsage: Sendable, Hashable {
    public var containers: Int64
    public var cpuMillis: Int64
    public var memBytes: Int64

    public init(containers: Int64 = 0, cpuMillis: Int64 = 0, memBytes: Int64 = 0) {
        self.containers = containers
        self.cpuMillis = cpuMillis
        self.memBytes = memBytes
    }
}

/// One allocation row: a scope, its caps, its usage.
public struct Allocation: Sendable, Hashable {
    public let scope: QuotaScope
    public let caps: QuotaCaps
    public let usage: QuotaUsage

    public init(scope: QuotaScope, caps: QuotaCaps, usage: QuotaUsage) {
        self.scope = scope
        self.caps = caps
        self.usage = usage
    }
}
