import Logging
import Store

/// Refreshes the database-derived gauges when a scrape comes (at most every 5 s), and only while
/// this process holds the `metrics-export` lease; every other process exports none of them.
public final class InstallationGaugeExporter: @unchecked Sendable {
    // Sendable: `gauges` is used only inside `database.whenDue`, under its lock.
    private let database: ScrapeTimeDatabase
    private let gauges: InstallationGauges
    private let owner: String
    private let logger: Logger
    /// Long enough to outlive a scrape interval; short enough that another node takes over soon.
    static let leaseSeconds = 30

    /// `owner` names this process in the lease.
    public init(metrics: APIMetrics, database: ScrapeTimeDatabase, owner: String, logger: Logger) {
        gauges = InstallationGauges(registry: metrics.registry)
        self.database = database
        self.owner = owner
        self.logger = logger
    }

    /// Called before each scrape is answered.
    public func refreshIfDue() {
        database.whenDue { opened in
            do {
                let database = try opened.get()
                guard try MetricsExportLease(database).hold(owner: owner, seconds: Self.leaseSeconds) else {
                    gauges.clear()
                    return
                }
                gauges.show(InstallationGauges.samples(try InstallationFigures.read(database)))
            } catch {
                // Stale figures would mislead more than missing ones: dro_db_up tells why.
                gauges.clear()
                logger.warning("metrics export failed", metadata: ["error": "\(error)"])
            }
        }
    }
}
