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
    /// A `--once` run: it ends as soon as nothing is due.
    let once: Bool
    /// Deliveries stop starting after this (uptime seconds).
    let deadline: Double
    let backoff: DeliveryBackoff
    let summary: DeliverySummary
    let logger: Logger

    var webhooks: WebhooksConfig { config.webhooks }

    init(config: DROConfig, key: [UInt8], owner: String, seconds: Double?, summary: DeliverySummary, logger: Logger) {
        self.config = config
        self.key = key
        self.owner = owner
        once = seconds == nil
        deadline = DeliveryClock.now() + (seconds ?? Self.onceBudgetSeconds)
        backoff = DeliveryBackoff(
            initialSeconds: config.webhooks.backoffInitialSeconds, maxSeconds: config.webhooks.backoffMaxSeconds,
            failingAfterSeconds: config.webhooks.failingAfterHours * 3600)
        self.summary = summary
        self.logger = logger
    }

    /// How long a `--once` run may keep delivering: under cron's minute, so that runs started
    /// every minute by hand or by a timer do not pile up.
    static let onceBudgetSeconds: Double = 55

    var pastDeadline: Bool { DeliveryClock.now() >= deadline }
}

/// Monotonic seconds, for deadlines and elapsed times.
enum DeliveryClock {
    static func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1_000_000_000 }
}
