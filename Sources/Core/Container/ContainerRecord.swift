/// Where a declared port is reachable once Docker published it.
public struct PortBinding: Sendable, Hashable {
    /// The host's public address when the operator set one, else the address Docker bound.
    public let hostIP: String?
    public let hostPort: Int

    public init(hostIP: String?, hostPort: Int) {
        self.hostIP = hostIP
        self.hostPort = hostPort
    }
}

/// A container as the API shows it: its declaration as stored (the canonical JSON of its
/// `ContainerSpec`, written at create and copied into responses without being decoded again),
/// and what is not declared — identity, placement, the states, the published ports.
public struct ContainerRecord: Sendable {
    public let id: String
    public let name: String
    public let hostKey: String
    public let region: String
    /// The stored canonical spec.
    public let spec: [UInt8]
    public let desiredState: DesiredState
    public let observedState: ObservedState
    public let exitCode: Int?
    public let lastError: String?
    public let lastErrorCode: FailureCode?
    /// Published ports by `port/protocol`.
    public let bindings: [String: PortBinding]
    /// Times as the database gives them (`2026-11-23 10:38:50.123456`, UTC), written as RFC 3339.
    public let createdAt: String
    public let updatedAt: String
    public let observedAt: String?

    public init(
        id: String, name: String, hostKey: String, region: String, spec: [UInt8], desiredState: DesiredState,
        observedState: ObservedState, exitCode: Int? = nil, lastError: String? = nil, lastErrorCode: FailureCode? = nil,
        bindings: [String: PortBinding] = [:], createdAt: String, updatedAt: String, observedAt: String? = nil
    ) {
        self.id = id
        self.name = name
        self.hostKey = hostKey
        self.region = region
        self.spec = spec
        self.desiredState = desiredState
        self.observedState = observedState
        self.exitCode = exitCode
        self.lastError = lastError
        self.lastErrorCode = lastErrorCode
        self.bindings = bindings
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.observedAt = observedAt
    }
}
