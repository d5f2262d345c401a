import APIMetrics
import Config
import HTTPAPI
import Logging
import Store

/// The process's metrics listener (api.metrics_listen or api.operator_metrics_listen), if on.
/// When a scrape comes the listener's own connection pings the database (so `dro_db_up` stays
/// current on an idle process); the operator responder also competes for the `metrics-export`
/// lease, whose holder adds the database-derived gauges (the tenant responder's database user
/// keeps its narrow grants). That connection's short timeouts make a stalled database show as
/// `dro_db_up 0` within a scrape, not as a scrape that times out (`up 0`).
enum MetricsEndpoint {
    /// Binds now, so that a bad or taken address stops the start.
    static func bind(_ settings: DROConfig, role: APIRole, metrics: APIMetrics, logger: Logger) throws -> MetricsHTTPServer? {
        guard let listen = role.metricsListen(settings.api) else { return nil }
        let address = try ListenAddress(listen)
        let database = ScrapeTimeDatabase {
            try Database(config: settings.database, role: role.databaseRole, transactionAttempts: 1, observer: metrics, timeoutSeconds: 2)
        }
        guard role == .operator else {
            return try MetricsHTTPServer(address: address) {
                database.pingIfDue()
                return metrics.exposition()
            }
        }
        let exporter = InstallationGaugeExporter(metrics: metrics, database: database, owner: LeaseOwner.current().description, logger: logger)
        return try MetricsHTTPServer(address: address) {
            exporter.refreshIfDue()
            return metrics.exposition()
        }
    }
}
