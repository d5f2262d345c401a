/// Lets a refresh through at most once per interval: the database-derived gauges are read at
/// most every few seconds however often Prometheus scrapes.
struct RefreshThrottle {
    let intervalSeconds: Double
    private var last: Double?

    init(intervalSeconds: Double) { self.intervalSeconds = intervalSeconds }

    /// Whether a refresh is due at `now` (monotonic seconds); if so, counts it as done.
    mutating func due(at now: Double) -> Bool {
        if let last, now - last < intervalSeconds { return false }
        last = now
        return true
    }
}
