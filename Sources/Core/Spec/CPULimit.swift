/// A vCPU limit, 0.01 ≤ x ≤ 256, kept as whole milli-vCPUs so that quota sums are exact.
public struct CPULimit: Sendable, Hashable, Comparable {
    public let millis: Int64

    public init(millis: Int64) throws {
        guard (Limits.cpuMinMillis...Limits.cpuMaxMillis).contains(millis) else {
            throw APIError.validation("cpu_limit", "cpu_limit must be between 0.01 and 256 vCPUs")
        }
        self.millis = millis
    }

    public init(json: JSONValue) throws {
        guard case .number(let vcpus) = json else {
            throw APIError.validation("cpu_limit", "cpu_limit must be a number of vCPUs, e.g. 0.5")
        }
        try self.init(vcpus: vcpus)
    }

    public init(vcpus: Double) throws {
        guard vcpus.isFinite, vcpus >= 0.01, vcpus <= 256 else {
            throw APIError.validation("cpu_limit", "cpu_limit must be between 0.01 and 256 vCPUs")
        }
        let scaled = vcpus * 1000
        guard abs(scaled - scaled.rounded()) < 1e-6 else {
            throw APIError.validation("cpu_limit", "cpu_limit may have at most 3 decimal places")
        }
        try self.init(millis: Int64(scaled.rounded()))
    }

    /// The vCPU count as a number, for responses.
    public var vcpus: Double { Double(millis) / 1000 }
    /// Docker's `NanoCpus`.
    public var nanoCPUs: Int64 { millis * 1_000_000 }

    public static func < (a: CPULimit, b: CPULimit) -> Bool { a.millis < b.millis }
}
