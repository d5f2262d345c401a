/// The bodies of the operator API's writes, validated; the CLI builds the same values from its
/// arguments, so both go through one operation with one set of rules.

/// `POST /v1/admin/tenants`: `{name, external_ref?}`.
public struct TenantCreation: Sendable, Hashable {
    public let name: ContainerName
    public let externalRef: ExternalReference?

    public init(name: String, externalRef: String?) throws {
        self.name = try ContainerName(name)
        self.externalRef = try externalRef.map { try ExternalReference($0) }
    }

    public init(json: JSONValue) throws {
        let body = try RequestObject(json)
        try self.init(name: try body.requiredString("name"), externalRef: try body.optionalString("external_ref"))
    }
}

/// `POST /v1/admin/tenants/{id}/tokens`: `{name, expires_in_days?}`.
public struct TokenCreation: Sendable, Hashable {
    public static let maxExpiryDays = 3650
    public let name: ContainerName
    public let expiresInSeconds: Int64?

    public init(name: String, expiresInSeconds: Int64?) throws {
        do { self.name = try ContainerName(name) } catch let error as APIError { throw APIError.validation("name", error.message) }
        if let seconds = expiresInSeconds, !(1...Int64(Self.maxExpiryDays) * 86_400).contains(seconds) {
            throw APIError.validation("expires_in_days", "a token expires within 1 to \(Self.maxExpiryDays) days")
        }
        self.expiresInSeconds = expiresInSeconds
    }

    public init(json: JSONValue) throws {
        let body = try RequestObject(json)
        let days = try body.optionalInteger("expires_in_days", in: 1...Int64(Self.maxExpiryDays))
        try self.init(name: try body.requiredString("name"), expiresInSeconds: days.map { $0 * 86_400 })
    }
}

/// `PUT /v1/admin/tenants/{id}/allocations/{scope}`: exactly `max_containers`, `max_cpu` and
/// `max_mem_bytes`, each required; `null` is uncapped.
public struct AllocationCaps: Sendable, Hashable {
    public let caps: QuotaCaps

    public init(_ caps: QuotaCaps) { self.caps = caps }

    public init(json: JSONValue) throws {
        let body = try RequestObject(json)
        for key in ["max_containers", "max_cpu", "max_mem_bytes"] where body.members[key] == nil {
            throw APIError.validation(key, "\(key) is required (null for no cap)")
        }
        let containers = try body.optionalInteger("max_containers", in: 0...Limits.capMax)
        let cpu: Int64? = try body.member("max_cpu").map { value in
            guard case .number(let vcpus) = value, vcpus.isFinite, vcpus >= 0, vcpus <= Double(Limits.capMax) / 1000 else {
                throw APIError.validation("max_cpu", "max_cpu must be a number of vCPUs, 0 or more, or null")
            }
            return Int64((vcpus * 1000).rounded())
        }
        let memory: Int64? = try body.member("max_mem_bytes").map { value in
            if case .number(let bytes) = value, bytes.isFinite, bytes >= 0, bytes == bytes.rounded(), bytes <= Double(Limits.capMax) {
                return Int64(bytes)
            }
            guard case .string = value else {
                throw APIError.validation("max_mem_bytes", "max_mem_bytes must be a whole number of bytes, a memory size such as \"4g\", or null")
            }
            do { return try MemoryLimit(json: value).bytes } catch let error as APIError {
                throw APIError.validation("max_mem_bytes", error.message)
            }
        }
        caps = QuotaCaps(containers: containers, cpuMillis: cpu, memBytes: memory)
    }
}

/// `POST /v1/admin/hosts`: `{host_key, region, public_address?}`.
public struct HostRegistration: Sendable, Hashable {
    public let hostKey: String
    public let region: ContainerName
    public let publicAddress: HostAddress?

    public init(hostKey: String, region: String, publicAddress: String?) throws {
        let bytes = hostKey.utf8
        guard !bytes.isEmpty, bytes.count <= 63,
              bytes.allSatisfy({ (0x30...0x39).contains($0) || (0x41...0x5a).contains($0) || (0x61...0x7a).contains($0) || "-._".utf8.contains($0) })
        else { throw APIError.validation("host_key", "host keys are 1 to 63 characters of letters, digits, '-', '.' and '_'") }
        self.hostKey = hostKey
        do { self.region = try ContainerName(region) } catch let error as APIError { throw APIError.validation("region", error.message) }
        self.publicAddress = try publicAddress.map { try HostAddress($0) }
    }

    public init(json: JSONValue) throws {
        let body = try RequestObject(json)
        try self.init(hostKey: try body.requiredString("host_key"), region: try body.requiredString("region"),
                      publicAddress: try body.optionalString("public_address"))
    }
}

/// `PATCH /v1/admin/hosts/{key}`: any of `public_address`, `cpu_count`, `mem_bytes` (capacity
/// overrides; `null` clears one). An absent key keeps its value.
public struct HostChange: Sendable, Hashable {
    public var publicAddress: HostAddress??
    public var cpuCount: Int64??
    public var memBytes: Int64??

    public init(publicAddress: HostAddress?? = nil, cpuCount: Int64?? = nil, memBytes: Int64?? = nil) {
        self.publicAddress = publicAddress
        self.cpuCount = cpuCount
        self.memBytes = memBytes
    }

    public init(json: JSONValue) throws {
        let body = try RequestObject(json)
        if body.members.keys.contains("public_address") {
            publicAddress = .some(try body.optionalString("public_address").map { try HostAddress($0) })
        }
        if body.members.keys.contains("cpu_count") { cpuCount = .some(try body.optionalInteger("cpu_count", in: 1...4096)) }
        if body.members.keys.contains("mem_bytes") { memBytes = .some(try body.optionalInteger("mem_bytes", in: 6 * 1_048_576...Limits.capMax)) }
        guard publicAddress != nil || cpuCount != nil || memBytes != nil else {
            throw APIError.validation("body", "give at least one of public_address, cpu_count, mem_bytes")
        }
    }
}

/// `PATCH /v1/admin/tenants/{id}`: `allowed_egress_cidrs` (a list of IPv4 ranges; `null` or `[]` clears).
public struct TenantChange: Sendable, Hashable {
    public static let maxEgressRanges = 64
    public let allowedEgressCIDRs: [IPv4CIDR]

    public init(allowedEgressCIDRs: [IPv4CIDR]) { self.allowedEgressCIDRs = allowedEgressCIDRs }

    public init(json: JSONValue) throws {
        let body = try RequestObject(json)
        guard body.members.keys.contains("allowed_egress_cidrs") else {
            throw APIError.validation("allowed_egress_cidrs", "allowed_egress_cidrs is required (null or [] for none)")
        }
        switch body.members["allowed_egress_cidrs"] {
        case .null?, nil:
            allowedEgressCIDRs = []
        case .array(let items)? where items.count <= Self.maxEgressRanges:
            allowedEgressCIDRs = try items.enumerated().map { index, item in
                let field = "allowed_egress_cidrs[\(index)]"
                guard case .string(let text) = item else { throw APIError.validation(field, "\(field) must be a string such as 10.0.0.0/24") }
                do { return try IPv4CIDR(text) } catch let error as APIError { throw APIError.validation(field, error.message) }
            }
        default:
            throw APIError.validation("allowed_egress_cidrs", "allowed_egress_cidrs must be a list of at most \(Self.maxEgressRanges) IPv4 ranges")
        }
    }
}
