import Foundation
import Logging
import Store

/// Refreshes the database-derived gauges when a scrape comes, at most every 5 s, and only while
/// this process holds the `metrics-export` lease; every other process exports none of them.
/// Runs on the metrics thread, with a database connection of its own.
public final class InstallationGaugeExporter: @unchecked Sendable {
    // Sendable: all mutable state is used under `lock`.
    private let lock = NSLock()
    private let makeDatabase: () throws -> Database
    private var database: Database?
    private let gauges: InstallationGauges
    private var throttle = RefreshThrottle(intervalSeconds: 5)
    private let owner: String
    private let logger: Logger
    /// Long enough to outlive a scrape interval; short enough that another node takes over soon.
    static let leaseSeconds = 30

    /// `owner` names this process in the lease; `makeDatabase` opens its connection on first use.
    public init(metrics: APIMetrics, owner: String, logger: Logger, makeDatabase: @escaping () throws -> Database) {
        gauges = InstallationGauges(registry: metrics.registry)
        self.owner = owner
        self.logger = logger
        self.makeDatabase = makeDatabase
    }

    /// Called before each scrape is answered.
    public func refreshIfDue() {
        lock.lock()
        defer { lock.unlock() }
        guard throttle.due(at: ProcessInfo.processInfo.systemUptime) else { return }
        do {
            let database = try openDatabase()
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

    private func openDatabase() throws -> Database {
        if let database { return database }
        StoreLibrary.threadStarted()
        let opened = try makeDatabase()
        database = opened
        return opened
    }
}
