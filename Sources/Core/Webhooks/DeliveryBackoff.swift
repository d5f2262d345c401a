/// What a failed delivery means for its endpoint: when to try again (the initial delay, doubled
/// per consecutive failure, up to the maximum), or, once it has been failing for the whole
/// window, that it is `failing` and waits for an operator to resume it.
public struct DeliveryBackoff: Sendable, Hashable {
    public let initialSeconds: Double
    public let maxSeconds: Double
    public let failingAfterSeconds: Double

    public init(initialSeconds: Double, maxSeconds: Double, failingAfterSeconds: Double) {
        self.initialSeconds = initialSeconds
        self.maxSeconds = maxSeconds
        self.failingAfterSeconds = failingAfterSeconds
    }

    public enum Decision: Sendable, Hashable {
        case retry(afterSeconds: Double)
        case failing
    }

    /// `attempts`: consecutive failures including this one (1 for the first); `failingFor`:
    /// seconds since the first of them.
    public func afterFailure(attempts: Int, failingFor: Double) -> Decision {
        guard failingFor < failingAfterSeconds else { return .failing }
        let doublings = min(max(attempts - 1, 0), 52)
        return .retry(afterSeconds: min(initialSeconds * Double(1 << doublings), maxSeconds))
    }
}
