import CryptoPrimitives

/// The labels that mark a Docker object as this platform's.
public enum ManagedLabels {
    public static let installation = "cloud.dro.installation"
    public static let host = "cloud.dro.host"
    public static let container = "cloud.dro.container"
    public static let tenant = "cloud.dro.tenant"
    public static let specHash = "cloud.dro.spec-hash"
    /// The version of the platform's container policy the container was created under.
    public static let policyVersion = "cloud.dro.policy-version"
}

/// The platform's container policy (hardening, limits, health check, volumes), versioned: a
/// container created under an older version keeps running until `dro-admin host roll` has it
/// recreated. Bump the version with every change to what `ContainerBlueprint` sends.
public enum ContainerPolicy {
    /// 1: hardening, limits and logging; 2: the image's HEALTHCHECK disabled and an open-files limit.
    public static let version = 2

    /// The version a Docker container's labels name; containers from before the label are 1.
    public static func version(labels: [String: String]?) -> Int {
        labels?[ManagedLabels.policyVersion].flatMap(Int.init) ?? 1
    }
}

/// Deterministic Docker names, so a retried create finds what an interrupted one made.
public enum ManagedNames {
    /// `dro-<tenant-id>-<name>-<short container id>`: namespaced per tenant, and unique on the
    /// host even while a deleted namesake is still being removed.
    public static func container(tenantID: String, name: String, containerID: String) -> String {
        let short = containerID.split(separator: "_").last.map { String($0.prefix(8)) } ?? containerID
        return "dro-\(tenantID)-\(name)-\(short)"
    }

    /// One bridge network per tenant per host key (two host keys may share a dockerd).
    public static func network(tenantID: String, hostKey: String) throws -> String {
        "dro-\(tenantID)-\(String(try SHA256.hex(hostKey).prefix(8)))"
    }

    /// The Linux bridge device of a tenant network: a fixed prefix the egress rules match with
    /// `drob+`, and at most 15 characters as the kernel requires.
    public static func bridge(network: String) throws -> String {
        "drob" + String(try SHA256.hex(network).prefix(11))
    }

    /// The interface pattern matching every managed bridge, for iptables.
    public static let bridgePattern = "drob+"
}
