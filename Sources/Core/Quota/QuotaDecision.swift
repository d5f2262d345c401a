/// The resources one create asks for.
public struct ResourceRequest: Sendable, Hashable {
    public let cpuMillis: Int64?
    public let memBytes: Int64?

    public init(cpuMillis: Int64?, memBytes: Int64?) {
        self.cpuMillis = cpuMillis
        self.memBytes = memBytes
    }

    public init(_ spec: ContainerSpec) {
        self.init(cpuMillis: spec.cpu?.millis, memBytes: spec.memory?.bytes)
    }
}

/// The dimension a quota refusal names.
public enum QuotaDimension: String, Sendable, Hashable, CaseIterable {
    case containers, cpu, memory
}

/// Why a create does not fit: the `detail` of a `403 quota_exceeded`.
public struct QuotaRefusal: Sendable, Hashable {
    public let dimension: QuotaDimension
    public let scope: QuotaScope
    public let requested: Int64
    public let inUse: Int64
    public let cap: Int64

    /// The error answered to the tenant; cpu amounts in vCPUs, memory in bytes.
    public var error: APIError {
        func amount(_ value: Int64) -> JSONValue {
            dimension == .cpu ? .number(Double(value) / 1000) : .number(Double(value))
        }
        return APIError(
            .quotaExceeded,
            "the \(dimension.rawValue) quota of scope '\(scope)' would be exceeded",
            detail: [
                "dimension": .string(dimension.rawValue),
                "scope": .string(scope.description),
                "requested": amount(requested),
                "in_use": amount(inUse),
                "cap": amount(cap),
            ])
    }
}

/// The outcome of the quota check for one create.
public enum QuotaDecision: Sendable, Hashable {
    case allowed
    /// A capped dimension without an explicit limit in the request: `400` on that field.
    case missingLimit(field: String)
    case exceeded(QuotaRefusal)

    /// Decides whether a create in `region` fits every allocation that applies to it
    /// (the region's and the tenant-wide `*`); the most restrictive wins.
    public static func decide(region: String, request: ResourceRequest, allocations: [Allocation]) -> QuotaDecision {
        let applicable = applicableAllocations(region: region, allocations)
        guard !applicable.isEmpty else {
            return .exceeded(QuotaRefusal(dimension: .containers, scope: .global, requested: 1, inUse: 0, cap: 0))
        }
        if request.cpuMillis == nil, applicable.contains(where: { $0.caps.cpuMillis != nil }) {
            return .missingLimit(field: "cpu_limit")
        }
        if request.memBytes == nil, applicable.contains(where: { $0.caps.memBytes != nil }) {
            return .missingLimit(field: "mem_limit")
        }
        return check([(.containers, 1), (.cpu, request.cpuMillis ?? 0), (.memory, request.memBytes ?? 0)], against: applicable)
    }

    /// Whether a change of one container's limits in `region` fits. Only an increase is checked,
    /// against every allocation that applies (the difference is `requested`); a decrease always
    /// passes. Dropping a limit (a null with the defaults off) needs the dimension to be uncapped.
    public static func decide(region: String, from current: ResourceRequest, to patched: ResourceRequest, allocations: [Allocation]) -> QuotaDecision {
        let applicable = applicableAllocations(region: region, allocations)
        if patched.cpuMillis == nil, current.cpuMillis != nil, applicable.contains(where: { $0.caps.cpuMillis != nil }) {
            return .missingLimit(field: "cpu_limit")
        }
        if patched.memBytes == nil, current.memBytes != nil, applicable.contains(where: { $0.caps.memBytes != nil }) {
            return .missingLimit(field: "mem_limit")
        }
        let change = ResourceChange(from: current, to: patched)
        return check([(.cpu, change.cpuMillis), (.memory, change.memBytes)].filter { $0.1 > 0 }, against: applicable)
    }

    /// The allocations of `region` and `*`, the region first: it is the narrower scope.
    private static func applicableAllocations(region: String, _ allocations: [Allocation]) -> [Allocation] {
        allocations.filter { $0.scope == .global || $0.scope == .region(region) }.sorted { $0.scope != .global && $1.scope == .global }
    }

    /// The first capped dimension that `requested` would take past its cap; the most restrictive wins.
    private static func check(_ requests: [(QuotaDimension, Int64)], against applicable: [Allocation]) -> QuotaDecision {
        for (dimension, requested) in requests {
            for allocation in applicable {
                guard let cap = allocation.caps[keyPath: dimension.capPath] else { continue }
                let inUse = allocation.usage[keyPath: dimension.usagePath]
                let (total, overflow) = inUse.addingReportingOverflow(requested)
                if overflow || total > cap {
                    return .exceeded(QuotaRefusal(dimension: dimension, scope: allocation.scope, requested: requested, inUse: inUse, cap: cap))
                }
            }
        }
        return .allowed
    }
}

extension QuotaDimension {
    var capPath: KeyPath<QuotaCaps, Int64?> {
        switch self {
        case .containers: \.containers
        case .cpu: \.cpuMillis
        case .memory: \.memBytes
        }
    }

    var usagePath: KeyPath<QuotaUsage, Int64> {
        switch self {
        case .containers: \.containers
        case .cpu: \.cpuMillis
        case .memory: \.memBytes
        }
    }
}

/// What a change of one container's limits adds to its tenant's usage (negative: releases).
public struct ResourceChange: Sendable, Hashable {
    public let cpuMillis: Int64
    public let memBytes: Int64

    public init(from current: ResourceRequest, to patched: ResourceRequest) {
        cpuMillis = (patched.cpuMillis ?? 0) - (current.cpuMillis ?? 0)
        memBytes = (patched.memBytes ?? 0) - (current.memBytes ?? 0)
    }

    public var isZero: Bool { cpuMillis == 0 && memBytes == 0 }
}
