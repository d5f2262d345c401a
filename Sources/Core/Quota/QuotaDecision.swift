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
public enum QuotaDimension: String, Sendable, Hashable {
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
        let applicable = allocations
            .filter { $0.scope == .global || $0.scope == .region(region) }
            .sorted { $0.scope != .global && $1.scope == .global }  // the region first: it is the narrower scope
        guard !applicable.isEmpty else {
            return .exceeded(QuotaRefusal(dimension: .containers, scope: .global, requested: 1, inUse: 0, cap: 0))
        }
        if request.cpuMillis == nil, applicable.contains(where: { $0.caps.cpuMillis != nil }) {
            return .missingLimit(field: "cpu_limit")
        }
        if request.memBytes == nil, applicable.contains(where: { $0.caps.memBytes != nil }) {
            return .missingLimit(field: "mem_limit")
        }
        let dimensions: [(QuotaDimension, Int64, KeyPath<QuotaCaps, Int64?>, KeyPath<QuotaUsage, Int64>)] = [
            (.containers, 1, \.containers, \.containers),
            (.cpu, request.cpuMillis ?? 0, \.cpuMillis, \.cpuMillis),
            (.memory, request.memBytes ?? 0, \.memBytes, \.memBytes),
        ]
        for (dimension, requested, capPath, usagePath) in dimensions {
            for allocation in applicable {
                guard let cap = allocation.caps[keyPath: capPath] else { continue }
                let inUse = allocation.usage[keyPath: usagePath]
                let (total, overflow) = inUse.addingReportingOverflow(requested)
                if overflow || total > cap {
                    return .exceeded(QuotaRefusal(dimension: dimension, scope: allocation.scope, requested: requested, inUse: inUse, cap: cap))
                }
            }
        }
        return .allowed
    }
}
