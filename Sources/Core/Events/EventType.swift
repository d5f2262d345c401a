/// Every kind of event the platform records: the audit trail and the change feed share them.
/// Requests write all but `container.observed`, which the reconciler writes.
public enum EventType: String, Sendable, CaseIterable {
    case containerCreated = "container.created"
    case containerUpdated = "container.updated"
    case containerStartRequested = "container.start_requested"
    case containerStopRequested = "container.stop_requested"
    case containerRestartRequested = "container.restart_requested"
    case containerDeleted = "container.deleted"
    case containerObserved = "container.observed"
    case tenantCreated = "tenant.created"
    case tenantUpdated = "tenant.updated"
    case tenantSuspended = "tenant.suspended"
    case tenantResumed = "tenant.resumed"
    case tenantDeleted = "tenant.deleted"
    case allocationChanged = "allocation.changed"
    case tokenCreated = "token.created"
    case tokenRevoked = "token.revoked"
    case regionCreated = "region.created"
    case hostCreated = "host.created"
    case hostUpdated = "host.updated"
    case hostDisabled = "host.disabled"
    case hostEnabled = "host.enabled"
    case webhookCreated = "webhook.created"
    case webhookDeleted = "webhook.deleted"
    case webhookResumed = "webhook.resumed"
    /// Operator maintenance recorded on a container (`dro-admin policy …`, `host roll`).
    case containerLimitsBackfilled = "container.limits_backfilled"
    case containerRecreateRequested = "container.recreate_requested"

    /// Names a release before the typed feed wrote, and such a release may still be writing them
    /// during an upgrade; its observed changes were `docker.<anything>`.
    private static let formerNames: [String: EventType] = [
        "container.create": .containerCreated, "container.start": .containerStartRequested, "container.stop": .containerStopRequested,
        "container.restart": .containerRestartRequested, "container.delete": .containerDeleted,
    ]
    private static let formerObservedPrefix = "docker."

    /// The type of a stored row, whichever release wrote it.
    public static func stored(_ action: String) -> String {
        if let type = formerNames[action] { return type.rawValue }
        return action.hasPrefix(formerObservedPrefix) ? containerObserved.rawValue : action
    }

    /// A SQL expression giving the type of the row whose stored name is in `column`, like
    /// `stored(_:)`; the names are constants of this file, never input.
    public static func storedTypeSQL(_ column: String) -> String {
        let former = formerNames.sorted { $0.key < $1.key }.map { "WHEN '\($0.key)' THEN '\($0.value.rawValue)'" }
        return "CASE WHEN \(column) LIKE '\(formerObservedPrefix)%' THEN '\(containerObserved.rawValue)' "
            + "ELSE CASE \(column) \(former.joined(separator: " ")) ELSE \(column) END END"
    }

    /// Every name a row of this type may be stored under (what a filter by type matches), and the
    /// prefix of former names when there is one.
    public var storedNames: (names: [String], prefix: String?) {
        ([rawValue] + Self.formerNames.filter { $0.value == self }.map(\.key).sorted(),
         self == .containerObserved ? Self.formerObservedPrefix : nil)
    }
}

extension EventType {
    /// The event of a tenant's request to change a container's desired state.
    public static func requested(_ action: ContainerAction) -> EventType {
        switch action {
        case .start: .containerStartRequested
        case .stop: .containerStopRequested
        case .restart: .containerRestartRequested
        case .delete: .containerDeleted
        }
    }
}
