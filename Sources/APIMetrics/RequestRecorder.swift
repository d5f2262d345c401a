import Prometheus

/// One responder thread's handles on the per-request series. The registry is asked once per
/// label set a thread sees (routes, methods and statuses are bounded); afterwards a request
/// costs an atomic increment and the route histogram's own lock, no registry lock.
public struct RequestRecorder {
    private let metrics: APIMetrics
    private var counters: [RequestLabels: Counter] = [:]
    private var durations: [String: DurationHistogram] = [:]

    public init(metrics: APIMetrics) { self.metrics = metrics }

    /// Counts an answered request and records its duration.
    public mutating func record(_ labels: RequestLabels, nanoseconds: Int64) {
        let counter = counters[labels] ?? metrics.requestCounter(labels)
        counters[labels] = counter
        counter.increment()
        let histogram = durations[labels.route] ?? metrics.requestDurations(route: labels.route)
        durations[labels.route] = histogram
        histogram.record(.nanoseconds(nanoseconds))
    }
}
