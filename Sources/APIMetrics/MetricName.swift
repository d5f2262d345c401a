import Prometheus

/// A metric's full name and help text, as swift-prometheus describes it.
struct MetricName: Sendable {
    let base: String
    let unit: String
    let help: String

    /// `name` is the full Prometheus name; its last `_` part becomes the unit suffix.
    init(_ name: String, help: String) {
        let split = name.lastIndex(of: "_") ?? name.endIndex
        base = String(name[..<split])
        unit = split < name.endIndex ? String(name[name.index(after: split)...]) : ""
        self.help = help
    }

    var descriptor: MetricNameDescriptor { MetricNameDescriptor(metricName: base, unitName: unit, helpText: help) }

    static let requests = MetricName("dro_http_requests_total", help: "Requests answered, by route template, method and status.")
    static let requestDuration = MetricName("dro_http_request_duration_seconds", help: "Time from accepting a request to finishing its answer, by route template.")
    static let quotaRefusals = MetricName("dro_quota_refusals_total", help: "Creates refused by a quota, by dimension.")
    static let transactionRetries = MetricName("dro_db_transaction_retries_total", help: "Transactions run again, by cause.")
    static let databaseErrors = MetricName("dro_db_errors_total", help: "Database errors that reached a request.")
    static let databaseUp = MetricName("dro_db_up", help: "1 when the last database interaction or ping reached the database.")
    static let idempotentReplays = MetricName("dro_idempotent_replays_total", help: "Keyed creates answered with the stored first answer.")
    static let threadsBusy = MetricName("dro_responder_threads_busy", help: "Responder threads serving a request now.")
    static let buildInfo = MetricName("dro_build_info", help: "Always 1; the labels name the version and the role.")

    static let jobsPending = MetricName("dro_jobs_pending", help: "Pending jobs per host (exported by one process per installation).")
    static let oldestPending = MetricName("dro_jobs_oldest_pending_seconds", help: "Age of the oldest pending job per host, 0 when none.")
    static let hostLastSeen = MetricName("dro_host_last_seen_seconds", help: "Seconds since each host's reconciler last reported (never reported: since the host was added).")
    static let containers = MetricName("dro_containers", help: "Containers that exist or are being removed, by observed state.")
    static let failingWebhooks = MetricName("dro_webhook_endpoints_failing", help: "Webhook endpoints whose deliveries keep failing.")

    /// The database-derived gauges, as keys a sample can hold.
    enum Key: Hashable {
        case jobsPending, oldestPending, hostLastSeen, containers, failingWebhooks

        var metric: MetricName {
            switch self {
            case .jobsPending: .jobsPending
            case .oldestPending: .oldestPending
            case .hostLastSeen: .hostLastSeen
            case .containers: .containers
            case .failingWebhooks: .failingWebhooks
            }
        }
    }
}
