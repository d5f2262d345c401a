import Foundation

/// Webhook endpoints: where signing secrets are encrypted at rest, which plain-HTTP hosts may be
/// targets, and the deliverer's timings.
public struct WebhooksConfig: Sendable, Decodable {
    /// 32 random bytes (AES-256-GCM key) encrypting the signing secrets. Readable only by the
    /// operator responder (which encrypts) and the deliverer (which decrypts): mode 0600/0640.
    public var keyFile: String = "/etc/dro/webhooks.key"
    /// Hosts that may be targets over `http://`; every other endpoint must be `https://`.
    public var allowedPlainHTTPHosts: [String] = []
    /// When set, the only hosts endpoints may name (e.g. a test stack's loopback receivers).
    public var allowedHosts: [String] = []
    /// A failed delivery is retried after this long, doubling per failure up to the maximum.
    public var backoffInitialSeconds: Double = 10
    public var backoffMaxSeconds: Double = 3600
    /// An endpoint failing this long is marked `failing` and gets nothing until resumed.
    public var failingAfterHours: Double = 24
    /// A delivery that has not answered within this many seconds has failed.
    public var timeoutSeconds: Double = 5
    /// Endpoints delivered to at once by one run, each on its own thread.
    public var parallelism: Int = 8
    /// How often a `--for` run looks for due endpoints.
    public var pollIntervalMilliseconds: Int = 1000
    /// A run's claim on an endpoint; renewed with every delivery, taken over once expired.
    public var leaseSeconds: Int = 60

    enum CodingKeys: String, CodingKey {
        case keyFile = "key_file"
        case allowedPlainHTTPHosts = "allowed_plain_http_hosts"
        case allowedHosts = "allowed_hosts"
        case backoffInitialSeconds = "backoff_initial_seconds"
        case backoffMaxSeconds = "backoff_max_seconds"
        case failingAfterHours = "failing_after_hours"
        case timeoutSeconds = "timeout_seconds"
        case parallelism
        case pollIntervalMilliseconds = "poll_interval_ms"
        case leaseSeconds = "lease_seconds"
    }

    public init() {}

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        var value = WebhooksConfig()
        try c.read(.keyFile, into: &value.keyFile)
        try c.read(.allowedPlainHTTPHosts, into: &value.allowedPlainHTTPHosts)
        try c.read(.allowedHosts, into: &value.allowedHosts)
        try c.read(.backoffInitialSeconds, into: &value.backoffInitialSeconds)
        try c.read(.backoffMaxSeconds, into: &value.backoffMaxSeconds)
        try c.read(.failingAfterHours, into: &value.failingAfterHours)
        try c.read(.timeoutSeconds, into: &value.timeoutSeconds)
        try c.read(.parallelism, into: &value.parallelism)
        try c.read(.pollIntervalMilliseconds, into: &value.pollIntervalMilliseconds)
        try c.read(.leaseSeconds, into: &value.leaseSeconds)
        func require(_ ok: Bool, _ key: CodingKeys, _ rule: String) throws {
            guard ok else { throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: "webhooks.\(key.stringValue) \(rule)") }
        }
        try require(value.backoffInitialSeconds > 0 && value.backoffInitialSeconds <= value.backoffMaxSeconds, .backoffInitialSeconds,
                    "must be positive and at most backoff_max_seconds")
        try require(value.failingAfterHours > 0, .failingAfterHours, "must be positive")
        try require(value.timeoutSeconds > 0 && value.timeoutSeconds <= 60, .timeoutSeconds, "must be more than 0 and at most 60")
        try require((1...64).contains(value.parallelism), .parallelism, "must be 1 to 64")
        try require(value.pollIntervalMilliseconds >= 10, .pollIntervalMilliseconds, "must be at least 10")
        try require(value.leaseSeconds >= Int(value.timeoutSeconds.rounded(.up)) * 2 + 10, .leaseSeconds, "must outlast two deliveries' timeouts")
        self = value
    }

    /// The key encrypting signing secrets: exactly 32 bytes. Errors name the file, never its content.
    public func loadKey() throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: keyFile) else {
            throw ConfigError("cannot read webhooks.key_file \(keyFile)")
        }
        guard data.count == 32 else { throw ConfigError("webhooks.key_file \(keyFile) must hold exactly 32 bytes (e.g. `openssl rand 32`)") }
        return [UInt8](data)
    }
}
