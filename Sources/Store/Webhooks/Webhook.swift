import Config
import Core

/// A webhook endpoint as operators see it: never its secret, with its delivery state.
public struct Webhook: Sendable, Hashable, Encodable {
    public let id: String
    public let url: String
    /// nil for every type.
    public let eventTypes: [String]?
    /// nil for every tenant.
    public let tenantID: String?
    /// `active`, or `failing` (nothing is delivered until it is resumed).
    public let status: String
    public let createdAt: String
    public let delivery: WebhookDelivery

    enum CodingKeys: String, CodingKey {
        case id, url, status, delivery
        case eventTypes = "event_types"
        case tenantID = "tenant_id"
        case createdAt = "created_at"
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(url, forKey: .url)
        try c.encode(eventTypes, forKey: .eventTypes)
        try c.encode(tenantID, forKey: .tenantID)
        try c.encode(status, forKey: .status)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(delivery, forKey: .delivery)
    }
}

/// Where an endpoint's deliveries stand: the last event it took, and its run of failures.
public struct WebhookDelivery: Sendable, Hashable, Encodable {
    /// The id of the last event delivered (nil before the first).
    public let lastEventID: String?
    public let lastDeliveredAt: String?
    public let lastAttemptAt: String?
    /// Consecutive failed attempts (0 after a success).
    public let attempts: Int64
    public let nextAttemptAt: String?
    public let firstFailureAt: String?
    public let failingSince: String?
    public let lastError: String?

    enum CodingKeys: String, CodingKey {
        case attempts
        case lastEventID = "last_event_id"
        case lastDeliveredAt = "last_delivered_at"
        case lastAttemptAt = "last_attempt_at"
        case nextAttemptAt = "next_attempt_at"
        case firstFailureAt = "first_failure_at"
        case failingSince = "failing_since"
        case lastError = "last_error"
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(lastEventID, forKey: .lastEventID)
        try c.encode(lastDeliveredAt, forKey: .lastDeliveredAt)
        try c.encode(lastAttemptAt, forKey: .lastAttemptAt)
        try c.encode(attempts, forKey: .attempts)
        try c.encode(nextAttemptAt, forKey: .nextAttemptAt)
        try c.encode(firstFailureAt, forKey: .firstFailureAt)
        try c.encode(failingSince, forKey: .failingSince)
        try c.encode(lastError, forKey: .lastError)
    }
}

/// The 201 of a registration: the one answer that carries the secret.
public struct WebhookRegistered: Sendable, Encodable {
    public let webhook: Webhook
    public let secret: String

    enum CodingKeys: String, CodingKey {
        case id, url, status, secret
        case eventTypes = "event_types"
        case tenantID = "tenant_id"
        case createdAt = "created_at"
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(webhook.id, forKey: .id)
        try c.encode(webhook.url, forKey: .url)
        try c.encode(webhook.eventTypes, forKey: .eventTypes)
        try c.encode(webhook.tenantID, forKey: .tenantID)
        try c.encode(webhook.status, forKey: .status)
        try c.encode(secret, forKey: .secret)
        try c.encode(webhook.createdAt, forKey: .createdAt)
    }
}

/// A page of endpoints, oldest first.
public struct WebhookPage: Sendable {
    public let webhooks: [Webhook]
    public let nextCursor: String?
}

extension WebhooksConfig {
    /// The config's rules for webhook targets.
    public var targetPolicy: WebhookTargetPolicy {
        WebhookTargetPolicy(plainHTTPHosts: allowedPlainHTTPHosts, allowedHosts: allowedHosts)
    }
}
