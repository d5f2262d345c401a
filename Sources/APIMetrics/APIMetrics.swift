import Core
import Prometheus
import Store

/// One `dro-api` process's metrics. Recording is cheap and safe from any thread: counters and
/// gauges are atomics, and only the per-request series go through the registry's lookup.
public final class APIMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    private let quotaRefusals: [QuotaDimension: Counter]
    private let retries: [TransactionRetryCause: Counter]
    private let databaseErrors: Counter
    private let databaseUp: Gauge
    private let replays: Counter
    private let threadsBusy: Gauge

    static let durationBuckets: [Duration] = [1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000]
        .map { Duration.microseconds(Int64($0 * 1_000)) }

    /// `role` and `version` label `dro_build_info`.
    public init(role: String, version: String = BuildInfo.version, registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        quotaRefusals = Dictionary(uniqueKeysWithValues: QuotaDimension.allCases.map {
            ($0, registry.makeCounter(descriptor: MetricName.quotaRefusals.descriptor, labels: [("dimension", $0.rawValue)]))
        })
        retries = Dictionary(uniqueKeysWithValues: TransactionRetryCause.allCases.map {
            ($0, registry.makeCounter(descriptor: MetricName.transactionRetries.descriptor, labels: [("cause", $0.rawValue)]))
        })
        databaseErrors = registry.makeCounter(descriptor: MetricName.databaseErrors.descriptor)
        databaseUp = registry.makeGauge(descriptor: MetricName.databaseUp.descriptor)
        replays = registry.makeCounter(descriptor: MetricName.idempotentReplays.descriptor)
        threadsBusy = registry.makeGauge(descriptor: MetricName.threadsBusy.descriptor)
        registry.makeGauge(descriptor: MetricName.buildInfo.descriptor, labels: [("version", version), ("role", role)]).set(1.0)
    }

    /// The series of one request's labels (a registry lookup: callers keep what they get).
    func requestCounter(_ labels: RequestLabels) -> Counter {
        registry.makeCounter(descriptor: MetricName.requests.descriptor, labels: labels.counterLabels)
    }

    func requestDurations(route: String) -> DurationHistogram {
        registry.makeDurationHistogram(descriptor: MetricName.requestDuration.descriptor, labels: [("route", route)], buckets: Self.durationBuckets)
    }

    /// A create refused with `quota_exceeded` on `dimension`.
    public func quotaRefused(_ dimension: QuotaDimension) {
        quotaRefusals[dimension]?.increment()
    }

    /// A keyed create answered with its stored first answer.
    public func idempotentReplay() { replays.increment() }

    /// A responder thread accepted a request; `threadBecameIdle` when it has answered it.
    public func threadBecameBusy() { threadsBusy.increment() }
    public func threadBecameIdle() { threadsBusy.decrement() }

    /// The exposition text of everything recorded so far.
    public func exposition() -> [UInt8] { registry.emitToBuffer() }
}

extension APIMetrics: DatabaseObserver {
    public func transactionRetried(_ cause: TransactionRetryCause) { retries[cause]?.increment() }
    public func databaseFailed() { databaseErrors.increment() }
    public func databaseReached(_ reached: Bool) { databaseUp.set(reached ? 1.0 : 0.0) }
}
