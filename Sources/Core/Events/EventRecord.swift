/// One stored event as the feed reads it: the row's values, not yet shaped for the API.
public struct EventRecord: Sendable {
    /// The row's id: the feed's order.
    public let sequence: Int64
    /// The database's time at insert (`2026-11-23 10:38:50.123456`, UTC).
    public let at: String
    /// As stored; older releases wrote other names (`EventType.stored`).
    public let storedType: String
    public let tenantID: String?
    public let containerID: String?
    public let actor: String
    public let requestID: String?
    /// As stored: a JSON object, or a text an older release wrote, or nothing.
    public let detail: [UInt8]?

    public init(
        sequence: Int64, at: String, storedType: String, tenantID: String?, containerID: String?, actor: String, requestID: String?,
        detail: [UInt8]?
    ) {
        self.sequence = sequence
        self.at = at
        self.storedType = storedType
        self.tenantID = tenantID
        self.containerID = containerID
        self.actor = actor
        self.requestID = requestID
        self.detail = detail
    }

    /// The id the API shows: opaque to clients, the same for every read of the event, so
    /// consumers deduplicate by it.
    public var id: String { Self.id(sequence: sequence) }

    public static func id(sequence: Int64) -> String { "evt_\(sequence)" }
}
