/// What the store knows of a fleet host, as the placement decision needs it.
public struct HostFacts: Sendable, Hashable {
    public let hostKey: String
    public let region: String
    public let enabled: Bool
    /// Reported by the host's reconciler; `nil` until it has run once.
    public let cpuCount: Int64?
    public let memBytes: Int64?

    public init(hostKey: String, region: String, enabled: Bool, cpuCount: Int64?, memBytes: Int64?) {
        self.hostKey = hostKey
        self.region = region
        self.enabled = enabled
        self.cpuCount = cpuCount
        self.memBytes = memBytes
    }
}

/// Decides whether a tenant may place a container on a host.
public enum PlacementDecision {
    /// The one refusal for unknown, disabled and not-permitted hosts, so the fleet cannot be probed.
    public static let hostRefused = APIError.validation("host_key", "host_key does not name a host available to you; see GET /v1/hosts")

    /// Whether the tenant may use `host` at all: it is enabled and, when the tenant holds
    /// concrete region allocations, in one of those regions.
    public static func permits(_ host: HostFacts, allocationScopes: [QuotaScope]) -> Bool {
        let regions = allocationScopes.compactMap { scope -> String? in
            if case .region(let name) = scope { return name }
            return nil
        }
        return host.enabled && (regions.isEmpty || regions.contains(host.region))
    }

    /// The region to place in, or the `400` that refuses the placement.
    public static func decide(host: HostFacts?, allocationScopes: [QuotaScope], request: ResourceRequest) throws -> String {
        guard let host, permits(host, allocationScopes: allocationScopes) else { throw hostRefused }
        try checkCapacity(of: host, for: request)
        return host.region
    }

    /// A `400` on the limit that can never fit the host (once its reconciler reported its size).
    public static func checkCapacity(of host: HostFacts, for request: ResourceRequest) throws {
        if let cpus = host.cpuCount, let millis = request.cpuMillis, cpus < Int64.max / 1000, millis > cpus * 1000 {
            throw APIError.validation("cpu_limit", "cpu_limit exceeds the \(cpus) CPUs of host '\(host.hostKey)'")
        }
        if let capacity = host.memBytes, let bytes = request.memBytes, bytes > capacity {
            throw APIError.validation("mem_limit", "mem_limit exceeds the \(capacity) bytes of memory of host '\(host.hostKey)'")
        }
    }
}
