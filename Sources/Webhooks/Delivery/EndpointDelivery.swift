import Core
import Foundation
import Store

/// Delivers one endpoint's pending events, in feed order, on the calling thread: claim it, post
/// each matching settled event after its position, advance the position after each 2xx, and on
/// the first failure record it (retry later, or `failing`) and let the endpoint go. An event is
/// never posted before the one ahead of it was accepted.
struct EndpointDelivery {
    static let pageSize = 100
    let settings: DeliverySettings
    let database: Database
    let poster: WebhookPoster

    func run(_ id: String) {
        let state = WebhookDeliveryState(database)
        let owner = settings.owner
        do {
            guard let endpoint = try state.claim(id, owner: owner, leaseSeconds: settings.webhooks.leaseSeconds) else { return }
            settings.summary.add(\.endpoints)
            defer { try? state.release(id, owner: owner) }
            try deliver(endpoint, state: state, claimedAt: DeliveryClock.now())
        } catch is LeaseLost {
            // Deleted meanwhile, or another run took it over after our lease expired.
            settings.summary.add(\.leasesLost)
            settings.logger.info("webhook no longer held by this run", metadata: ["webhook_id": "\(id)"])
        } catch {
            settings.summary.add(\.errors)
            settings.logger.error("webhook delivery stopped", metadata: ["webhook_id": "\(id)", "error": "\(error)"])
        }
    }

    private func deliver(_ endpoint: ClaimedEndpoint, state: WebhookDeliveryState, claimedAt: Double) throws {
        let fail = { (reason: String) in try self.fail(endpoint, reason: reason, state: state, claimedAt: claimedAt) }
        // The rules may have changed since registration (a host no longer allowed over plain http).
        do { _ = try WebhookURL(endpoint.url, policy: settings.webhooks.targetPolicy) } catch {
            return try fail(error.message)
        }
        let secret = try WebhookSecret.open(
            ciphertext: endpoint.sealedSecret.ciphertext, nonce: endpoint.sealedSecret.nonce, key: settings.key, webhookID: endpoint.id)
        let feed = EventFeed(database, settleSeconds: settings.config.api.eventsSettleSeconds, retentionDays: settings.config.retention.eventsDays)
        let filter = EventFilter(tenantID: endpoint.tenantID, types: endpoint.eventTypes)
        var cursor: EventCursor? = endpoint.position
        while !settings.pastDeadline {
            let page: EventPage
            do {
                page = try feed.page(filter, after: cursor, limit: Self.pageSize)
            } catch let error as APIError where error.code == .cursorExpired {
                settings.logger.warning("events after the webhook's position were purged before delivery; going on from the oldest kept",
                                        metadata: ["webhook_id": "\(endpoint.id)"])
                cursor = nil
                continue
            }
            for event in page.events {
                guard !settings.pastDeadline else { return }
                var body = JSONOutput(capacity: 512)
                EventJSON.write(event, into: &body)
                let bytes = body.bytes
                let signature = try WebhookSignature.value(secret: secret, timestamp: Int64(Date().timeIntervalSince1970), body: bytes)
                let outcome = poster.post(endpoint.url, body: bytes, headers: [
                    ("Content-Type", "application/json"), ("DRO-Event-Id", event.id), (WebhookSignature.header, signature),
                ])
                guard case .accepted = outcome, let at = Timestamp(sql: event.at) else {
                    if case .failed(let reason) = outcome { return try fail(reason) }
                    throw DeliveryError("event \(event.id) has a malformed time")
                }
                try state.advance(endpoint.id, owner: settings.owner, to: EventCursor(afterID: event.sequence, notBefore: at.microseconds),
                                  delivered: true, leaseSeconds: settings.webhooks.leaseSeconds)
                settings.summary.add(\.delivered)
            }
            if page.events.count < Self.pageSize {
                // Caught up: keep the feed's cursor, so that a quiet endpoint's position never expires.
                if page.nextCursor != cursor {
                    try state.advance(endpoint.id, owner: settings.owner, to: page.nextCursor, delivered: false,
                                      leaseSeconds: settings.webhooks.leaseSeconds)
                }
                return
            }
            cursor = page.nextCursor
        }
    }

    private func fail(_ endpoint: ClaimedEndpoint, reason: String, state: WebhookDeliveryState, claimedAt: Double) throws {
        let attempts = endpoint.attempts + 1
        let failingFor = endpoint.attempts == 0 ? 0 : endpoint.failingForSeconds + (DeliveryClock.now() - claimedAt)
        let decision = settings.backoff.afterFailure(attempts: attempts, failingFor: failingFor)
        try state.fail(endpoint.id, owner: settings.owner, attempts: attempts, error: reason, decision: decision)
        settings.summary.add(\.failed)
        if decision == .failing {
            settings.summary.add(\.markedFailing)
            settings.logger.warning("webhook marked failing", metadata: ["webhook_id": "\(endpoint.id)", "attempts": "\(attempts)", "error": "\(reason)"])
        }
    }
}
