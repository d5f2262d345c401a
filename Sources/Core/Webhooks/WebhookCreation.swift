/// `POST /v1/admin/webhooks`: `{url, event_types?, tenant_id?}`. No `event_types` (or `null`)
/// means every type; no `tenant_id` means every tenant's events and the platform's own.
public struct WebhookCreation: Sendable, Hashable {
    public static let maxTenantIDLength = 32
    public let url: WebhookURL
    /// Sorted and without repeats; nil for every type.
    public let eventTypes: [EventType]?
    public let tenantID: String?

    public init(url: String, eventTypes: [String]?, tenantID: String?, policy: WebhookTargetPolicy) throws {
        self.url = try WebhookURL(url, policy: policy)
        self.eventTypes = try eventTypes.map { names in
            guard !names.isEmpty, names.count <= EventType.allCases.count else {
                throw APIError.validation("event_types", "event_types must list 1 to \(EventType.allCases.count) event types, or be null for all")
            }
            return try Set(names.map { name in
                guard let type = EventType(rawValue: name) else {
                    throw APIError.validation("event_types", "event_types holds '\(name.prefix(64))', which is not an event type")
                }
                return type
            }).sorted { $0.rawValue < $1.rawValue }
        }
        if let tenantID, tenantID.isEmpty || tenantID.utf8.count > Self.maxTenantIDLength {
            throw APIError.validation("tenant_id", "tenant_id must be a tenant's id")
        }
        self.tenantID = tenantID
    }

    public init(json: JSONValue, policy: WebhookTargetPolicy) throws {
        let body = try RequestObject(json)
        let types: [String]? = try body.member("event_types").map { value in
            guard case .array(let items) = value else { throw APIError.validation("event_types", "event_types must be a list of event types") }
            return try items.map { item in
                guard case .string(let name) = item else { throw APIError.validation("event_types", "event_types must be a list of event types") }
                return name
            }
        }
        try self.init(url: try body.requiredString("url"), eventTypes: types, tenantID: try body.optionalString("tenant_id"),
                      policy: policy)
    }

    /// What the `Idempotency-Key` fingerprint covers: every accepted field.
    public var fingerprint: String {
        "webhook:\(url.value)|\(eventTypes.map { $0.map(\.rawValue).joined(separator: ",") } ?? "*")|\(tenantID ?? "*")"
    }
}
