/// Who an operator mutation is recorded as, and the request that caused it: the event's actor
/// (`operator:<token name>`, or `operator:dro-admin` for the CLI) and request id.
public struct AuditActor: Sendable, Hashable {
    public let name: String
    public let requestID: String?

    public init(name: String, requestID: String?) {
        self.name = name
        self.requestID = requestID
    }

    /// The operator CLI on a platform machine.
    public static let cli = AuditActor(name: "operator:dro-admin", requestID: nil)
}
