/// What the tenant asked for.
public enum DesiredState: String, Sendable, Hashable, Codable, CaseIterable {
    case running, stopped, deleted
}

/// What the reconciler last saw on Docker.
public enum ObservedState: String, Sendable, Hashable, Codable, CaseIterable {
    case pending, creating, running, stopped, exited, failed, removing, removed
}

/// The state-changing actions on an existing container.
public enum ContainerAction: String, Sendable, Hashable, CaseIterable {
    case start, stop, restart, delete
}
