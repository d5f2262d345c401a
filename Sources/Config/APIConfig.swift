/// The FastCGI responder's settings.
public struct APIConfig: Sendable, Decodable {
    /// Where nginx's upstream reaches the tenant responder: a unix socket path or `host:port`
    /// (`listen`; `socket` is its older name).
    public var listen: ResponderAddress = .unix(path: "/run/dro/api.sock")
    /// Octal permission bits of the socket, e.g. "0660".
    public var socketMode: String = "0660"
    /// The group that owns the socket (nginx's), if any.
    public var socketGroup: String?
    /// OS threads, each with its own FastCGI request and MariaDB connection.
    public var threads: Int = 8
    /// The operator API's responder (`dro-api --role operator`): where nginx forwards
    /// `/v1/admin/` to (`operator_listen`, formerly `operator_socket`), and its threads.
    public var operatorListen: ResponderAddress = .unix(path: "/run/dro/operator.sock")
    public var operatorThreads: Int = 2
    /// The web servers (IPv4 addresses) a TCP listener accepts FastCGI connections from. FastCGI
    /// carries no authentication, so a listener on a non-loopback address must name them.
    public var allowedPeers: [String] = []
    /// Where each role's process serves `GET /metrics` to Prometheus (`address:port`, loopback by
    /// default, never through nginx); null turns it off.
    public var metricsListen: String? = "127.0.0.1:9464"
    public var operatorMetricsListen: String? = "127.0.0.1:9465"
    /// Equal to nginx's `client_max_body_size`.
    public var maxBodyBytes: Int = 1024 * 1024
    public var idempotencyTTLHours: Int = 24
    /// Registries tenants may pull from, exactly as images name them (`docker.io` for
    /// unqualified images); empty allows any but IP literals, `localhost` and single-label hosts.
    public var allowedRegistries: [String] = ["docker.io"]
    /// Filled into a create that names no `cpu_limit` (vCPUs); null turns the default off.
    public var defaultCPULimit: Double? = 1
    /// Filled into a create that names no `mem_limit`; null turns the default off.
    public var defaultMemLimit: String? = "512m"
    /// Attempts of a transaction refused by a deadlock or a Galera certification conflict (a
    /// quota row written through two database nodes at once: under a sustained stream of one
    /// tenant's creates through both, a few percent of attempts lose); lock-wait timeouts, which
    /// cost a whole wait each, get at most 4 of them.
    public var transactionAttempts: Int = 16
    /// The events feed shows only events older than this: a transaction still committing may
    /// hold a lower id than an event already visible, and would otherwise be skipped.
    public var eventsSettleSeconds: Double = 2

    enum CodingKeys: String, CodingKey {
        case listen, socket, threads
        case operatorListen = "operator_listen"
        case allowedPeers = "allowed_peers"
        case socketMode = "socket_mode"
        case socketGroup = "socket_group"
        case operatorSocket = "operator_socket"
        case operatorThreads = "operator_threads"
        case metricsListen = "metrics_listen"
        case operatorMetricsListen = "operator_metrics_listen"
        case maxBodyBytes = "max_body_bytes"
        case idempotencyTTLHours = "idempotency_ttl_hours"
        case allowedRegistries = "allowed_registries"
        case defaultCPULimit = "default_cpu_limit"
        case defaultMemLimit = "default_mem_limit"
        case transactionAttempts = "transaction_attempts"
        case eventsSettleSeconds = "events_settle_seconds"
    }

    public init() {}

    private static func listenAddress(_ c: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys, legacy: CodingKeys) throws -> ResponderAddress? {
        let used = c.contains(key) ? key : legacy
        guard let text = try c.decodeIfPresent(String.self, forKey: used) else { return nil }
        guard let address = ResponderAddress(text) else {
            throw DecodingError.dataCorruptedError(forKey: used, in: c, debugDescription:
                "api.\(used.stringValue) must be an absolute unix socket path or host:port, not '\(text)'")
        }
        return address
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        listen = try Self.listenAddress(c, .listen, legacy: .socket) ?? listen
        try c.read(.socketMode, into: &socketMode)
        try c.read(.socketGroup, into: &socketGroup)
        try c.read(.threads, into: &threads)
        operatorListen = try Self.listenAddress(c, .operatorListen, legacy: .operatorSocket) ?? operatorListen
        try c.read(.allowedPeers, into: &allowedPeers)
        for peer in allowedPeers where !HostLocality.isIPv4(peer) {
            throw DecodingError.dataCorruptedError(forKey: .allowedPeers, in: c, debugDescription: "api.allowed_peers holds IPv4 addresses, not '\(peer)'")
        }
        for (key, address) in [(CodingKeys.listen, listen), (.operatorListen, operatorListen)] where !address.isLocal && allowedPeers.isEmpty {
            throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription:
                "api.\(key.stringValue) \(address) is reachable from other machines: list the web servers in api.allowed_peers")
        }
        try c.read(.operatorThreads, into: &operatorThreads)
        try c.readNullable(.metricsListen, into: &metricsListen)
        try c.readNullable(.operatorMetricsListen, into: &operatorMetricsListen)
        try c.read(.maxBodyBytes, into: &maxBodyBytes)
        try c.read(.idempotencyTTLHours, into: &idempotencyTTLHours)
        try c.read(.allowedRegistries, into: &allowedRegistries)
        try c.readNullable(.defaultCPULimit, into: &defaultCPULimit)
        try c.readNullable(.defaultMemLimit, into: &defaultMemLimit)
        try c.read(.transactionAttempts, into: &transactionAttempts)
        try c.read(.eventsSettleSeconds, into: &eventsSettleSeconds)
        guard (0...3600).contains(eventsSettleSeconds) else {
            throw DecodingError.dataCorruptedError(forKey: .eventsSettleSeconds, in: c, debugDescription: "api.events_settle_seconds must be 0 to 3600")
        }
    }
}

/// How long `dro-admin purge` keeps things.
public struct RetentionConfig: Sendable, Decodable {
    /// Deleted containers answer GET this long, then 404.
    public var deletedDays: Int = 7
    public var eventsDays: Int = 90
    /// Finished jobs are kept this long, for inspection.
    public var finishedJobsHours: Int = 24

    enum CodingKeys: String, CodingKey {
        case deletedDays = "deleted_days"
        case eventsDays = "events_days"
        case finishedJobsHours = "finished_jobs_hours"
    }

    public init() {}

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try c.read(.deletedDays, into: &deletedDays)
        try c.read(.eventsDays, into: &eventsDays)
        try c.read(.finishedJobsHours, into: &finishedJobsHours)
    }
}
