/// Why the reconciler could not converge a container: machine-readable, shown next to a short
/// generic text. Docker's own words go to the reconciler's log only; they may name host paths,
/// registries or other internals.
public enum FailureCode: String, Sendable, Hashable, CaseIterable {
    case imageNotFound = "image_not_found"
    case registryRefused = "registry_refused"
    case pullTimeout = "pull_timeout"
    case pullFailed = "pull_failed"
    case startRefused = "start_refused"
    case addressPoolExhausted = "address_pool_exhausted"
    case suspended
    case hostPolicyError = "host_policy_error"
    /// Any other Docker refusal: stop, remove, network.
    case dockerError = "docker_error"
    /// The outcome could not be applied or recorded.
    case internalError = "internal_error"

    /// The text a tenant sees in `last_error`.
    public var tenantMessage: String {
        switch self {
        case .imageNotFound: "image not found"
        case .registryRefused: "registry refused"
        case .pullTimeout: "pull timed out"
        case .pullFailed: "image pull failed"
        case .startRefused: "Docker refused to create or start the container: check its image and command"
        case .addressPoolExhausted: "no network address is free for the container on its host"
        case .suspended: "stopped: the tenant is suspended"
        case .hostPolicyError: "the host cannot apply the platform's network policy"
        case .dockerError: "Docker refused an operation on the container"
        case .internalError: "the reconciler could not record the outcome"
        }
    }
}

/// The step of a convergence that Docker refused.
public enum ConvergeStep: String, Sendable, Hashable {
    case pull, network, create, start, stop, restart, remove
}

/// What Docker answered when it refused (or did not answer in time while up).
public struct DockerRefusal: Sendable, Hashable {
    /// The HTTP status, nil when the request timed out.
    public let status: Int?
    public let message: String
    public let timedOut: Bool

    public init(status: Int?, message: String, timedOut: Bool = false) {
        self.status = status
        self.message = message
        self.timedOut = timedOut
    }
}

extension FailureCode {
    /// The code for a refusal at one step, from Docker's status and wording.
    public static func classify(_ step: ConvergeStep, _ refusal: DockerRefusal) -> FailureCode {
        let text = refusal.message.lowercased()
        func mentions(_ words: String...) -> Bool { words.contains { text.contains($0) } }
        let poolExhausted = mentions("address pool", "no available ipv4", "non-overlapping", "no available addresses")
        switch step {
        case .pull:
            if refusal.timedOut || mentions("timeout", "timed out", "deadline exceeded") { return .pullTimeout }
            if refusal.status == 404 || mentions("manifest unknown", "not found", "does not exist", "name unknown") { return .imageNotFound }
            if refusal.status == 401 || refusal.status == 403
                || mentions("unauthorized", "denied", "connection refused", "no such host", "x509", "tls",
                            "server gave http response", "forbidden", "dial tcp", "connection reset") {
                return .registryRefused
            }
            return .pullFailed
        case .network:
            return poolExhausted ? .addressPoolExhausted : .dockerError
        case .create, .start:
            return poolExhausted ? .addressPoolExhausted : .startRefused
        case .stop, .restart, .remove:
            return .dockerError
        }
    }
}
