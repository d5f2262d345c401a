import Foundation
import Config
import Core
import Logging

/// What every delivery of a run shares: the config, the secrets key, the run's lease owner and
/// end, and its counts.
struct DeliverySettings: Sendable {
    let config: DROConfig
    let key: [UInt8]
    let owner: String
    /// Deliveries stop starting after this (uptime seconds); nil for a `--once` run.
    let deadline: Double?
    let backoff: DeliveryBackoff
    let summary: DeliverySummary
    let logger: Logger

    var webhooks: WebhooksConfig { config.webhooks }

    init(config: DROConfig, key: [UInt8], owner: String, seconds: Double?, summary: DeliverySummary, logger: Logger) {
        self.config = config
        self.key = key
        self.owner = owner
        deadline = seconds.map { DeliveryClock.now() + $0 }
        backoff = DeliveryBackoff(
            initialSeconds: config.webhooks.backoffInitialSeconds, maxSeconds: config.webhooks.backoffMaxSeconds,
            failingAfterSeconds: config.webhooks.failingAfterHours * 3600)
        self.summary = summary
        self.logger = logger
    }

    var pastDeadline: Bool { deadline.map { DeliveryClock.now() >= $0 } ?? false }
}

/// Monotonic seconds, for deadlines and elapsed times.
enum DeliveryClock {
    static func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1_000_000_000 }
}
