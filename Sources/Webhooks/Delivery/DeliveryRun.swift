import Foundation
import Store

/// One run of the deliverer: finds due endpoints and delivers each on a thread of its own (at
/// most `webhooks.parallelism` at once), so one endpoint's slow answers or retries never hold up
/// another's. It looks again whenever a delivery ends and every poll interval: `--once` until
/// nothing is due or in flight (within its time budget), `--for` until its time is up; then it
/// lets the deliveries in flight finish their current event.
final class DeliveryRun: @unchecked Sendable {
    // Sendable: `inFlight` is read and written only under `condition`.
    private let condition = NSCondition()
    private var inFlight = Set<String>()
    private let settings: DeliverySettings

    init(settings: DeliverySettings) { self.settings = settings }

    func run() throws {
        let database = try Database(config: settings.config.database, role: .webhooks)
        let state = WebhookDeliveryState(database)
        let parallelism = settings.webhooks.parallelism
        let poll = Double(settings.webhooks.pollIntervalMilliseconds) / 1000
        repeat {
            let busy = condition.withLock { inFlight }
            let free = parallelism - busy.count
            var due: [String] = []
            if free > 0 {
                due = try state.due(limit: parallelism * 2, settleSeconds: settings.config.api.eventsSettleSeconds).filter { !busy.contains($0) }
                for id in due.prefix(free) { start(id) }
            }
            if settings.once && busy.isEmpty && due.isEmpty { break }
            condition.withLock { _ = condition.wait(until: Date().addingTimeInterval(poll)) }
        } while !settings.pastDeadline
        condition.withLock { while !inFlight.isEmpty { condition.wait() } }
    }

    private func start(_ id: String) {
        condition.withLock { _ = inFlight.insert(id) }
        let thread = Thread { [self] in
            StoreLibrary.threadStarted()
            defer {
                StoreLibrary.threadEnded()
                condition.withLock {
                    inFlight.remove(id)
                    condition.broadcast()
                }
            }
            do {
                let delivery = EndpointDelivery(
                    settings: settings, database: try Database(config: settings.config.database, role: .webhooks),
                    poster: try WebhookPoster(timeoutSeconds: settings.webhooks.timeoutSeconds))
                delivery.run(id)
            } catch {
                settings.summary.add(\.errors)
                settings.logger.error("cannot deliver", metadata: ["webhook_id": "\(id)", "error": "\(error)"])
            }
        }
        thread.name = "dro-webhooks-\(id)"
        thread.start()
    }
}
