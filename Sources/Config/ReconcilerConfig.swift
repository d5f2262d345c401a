import Core
import Foundation

/// The reconciler's settings: the Docker endpoint, timings, and the hardening policy applied
/// to every container (platform policy, never tenant input).
public struct ReconcilerConfig: Sendable, Decodable {
    /// The Docker Engine API's unix socket.
    public var dockerSocket: String = "/var/run/docker.sock"
    public var dockerConnectTimeoutSeconds: Int = 5
    public var dockerRequestTimeoutSeconds: Int = 60
    /// An image pull that takes longer fails the container (`pull_timeout`), not the run.
    public var pullTimeoutSeconds: Int = 300
    /// dockerd's pid file: the daemon's start time tells a daemon restart from a container's
    /// own exit. When it cannot be read, the host's boot time is used.
    public var dockerPidfile: String = "/var/run/docker.pid"
    /// Containers converged at once per host run; no tenant gets more than its share.
    public var parallelism: Int = 4
    /// Published ports listen on this address only, with Docker-chosen host ports.
    public var bindIP: String = "127.0.0.1"
    /// Capabilities added back after `CapDrop: ["ALL"]`.
    public var capAdd: [String] = ["CHOWN", "DAC_OVERRIDE", "FOWNER", "SETGID", "SETUID", "NET_BIND_SERVICE"]
    public var pidsLimit: Int64 = 512
    /// Open files per container process: Docker otherwise passes dockerd's own (often a million),
    /// letting one container exhaust the host's file table.
    public var nofile = OpenFilesLimit()
    /// Docker's log driver: `json-file`, or `local` (which keeps bytes that are not UTF-8).
    public var logDriver: String = "json-file"
    public var logMaxSize: String = "10m"
    public var logMaxFiles: Int = 3
    /// Seconds a stop waits for the process before Docker kills it.
    public var stopTimeoutSeconds: Int = 10
    /// The job queue is polled this often while `--for` runs.
    public var pollIntervalMilliseconds: Int = 100
    /// The sweep runs at least this often while `--for` runs.
    public var sweepIntervalSeconds: Int = 10
    /// Logs are captured this often.
    public var logCaptureIntervalSeconds: Int = 5
    public var logMaxLines: Int = 500
    public var logMaxBytes: Int = 64 * 1024
    /// A claimed job or container is someone else's to take once its lease is this old.
    public var leaseSeconds: Int = 120
    public var backoffInitialSeconds: Int = 10
    public var backoffMaxSeconds: Int = 600
    /// Keep iptables rules that stop containers reaching the host, other tenants' networks,
    /// private ranges and TCP 25.
    public var egressPolicy: Bool = true
    /// The operator's platform networks, blocked for tenants on top of the private ranges.
    public var blockedCIDRs: [String] = []
    /// Ranges opened for every tenant of the installation (inside the blocked ones).
    public var allowedEgressCIDRs: [String] = []
    /// Drop tenants' outbound TCP 25.
    public var blockSMTP: Bool = true
    /// The iptables binary (iptables-legacy or iptables-nft on some systems).
    public var iptables: String = "/usr/sbin/iptables"
    /// node_exporter's textfile collector file each run writes its figures to (nil: none).
    /// `{host_key}` is replaced by the run's host key, so hosts sharing a machine keep a file each.
    public var metricsTextfile: String?

    /// The textfile path for one host, or nil when none is configured.
    public func metricsTextfile(hostKey: String) -> String? {
        metricsTextfile?.replacingOccurrences(of: "{host_key}", with: hostKey)
    }

    enum CodingKeys: String, CodingKey {
        case dockerSocket = "docker_socket"
        case dockerConnectTimeoutSeconds = "docker_connect_timeout_seconds"
        case dockerRequestTimeoutSeconds = "docker_request_timeout_seconds"
        case pullTimeoutSeconds = "pull_timeout_seconds"
        case dockerPidfile = "docker_pidfile"
        case parallelism
        case bindIP = "bind_ip"
        case capAdd = "cap_add"
        case pidsLimit = "pids_limit"
        case nofile
        case logDriver = "log_driver"
        case logMaxSize = "log_max_size"
        case logMaxFiles = "log_max_files"
        case stopTimeoutSeconds = "stop_timeout_seconds"
        case pollIntervalMilliseconds = "poll_interval_ms"
        case sweepIntervalSeconds = "sweep_interval_seconds"
        case logCaptureIntervalSeconds = "log_capture_interval_seconds"
        case logMaxLines = "log_max_lines"
        case logMaxBytes = "log_max_bytes"
        case leaseSeconds = "lease_seconds"
        case backoffInitialSeconds = "backoff_initial_seconds"
        case backoffMaxSeconds = "backoff_max_seconds"
        case egressPolicy = "egress_policy"
        case blockedCIDRs = "blocked_cidrs"
        case allowedEgressCIDRs = "allowed_egress_cidrs"
        case blockSMTP = "block_smtp"
        case iptables
        case metricsTextfile = "metrics_textfile"
    }

    public init() {}

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        var value = ReconcilerConfig()
        try c.read(.dockerSocket, into: &value.dockerSocket)
        try c.read(.dockerConnectTimeoutSeconds, into: &value.dockerConnectTimeoutSeconds)
        try c.read(.dockerRequestTimeoutSeconds, into: &value.dockerRequestTimeoutSeconds)
        try c.read(.pullTimeoutSeconds, into: &value.pullTimeoutSeconds)
        try c.read(.dockerPidfile, into: &value.dockerPidfile)
        try c.read(.parallelism, into: &value.parallelism)
        try c.read(.bindIP, into: &value.bindIP)
        try c.read(.capAdd, into: &value.capAdd)
        try c.read(.pidsLimit, into: &value.pidsLimit)
        try c.read(.nofile, into: &value.nofile)
        try c.read(.logDriver, into: &value.logDriver)
        try c.read(.logMaxSize, into: &value.logMaxSize)
        try c.read(.logMaxFiles, into: &value.logMaxFiles)
        try c.read(.stopTimeoutSeconds, into: &value.stopTimeoutSeconds)
        try c.read(.pollIntervalMilliseconds, into: &value.pollIntervalMilliseconds)
        try c.read(.sweepIntervalSeconds, into: &value.sweepIntervalSeconds)
        try c.read(.logCaptureIntervalSeconds, into: &value.logCaptureIntervalSeconds)
        try c.read(.logMaxLines, into: &value.logMaxLines)
        try c.read(.logMaxBytes, into: &value.logMaxBytes)
        try c.read(.leaseSeconds, into: &value.leaseSeconds)
        try c.read(.backoffInitialSeconds, into: &value.backoffInitialSeconds)
        try c.read(.backoffMaxSeconds, into: &value.backoffMaxSeconds)
        try c.read(.egressPolicy, into: &value.egressPolicy)
        try c.read(.blockedCIDRs, into: &value.blockedCIDRs)
        try c.read(.allowedEgressCIDRs, into: &value.allowedEgressCIDRs)
        try c.read(.blockSMTP, into: &value.blockSMTP)
        try c.read(.iptables, into: &value.iptables)
        try c.read(.metricsTextfile, into: &value.metricsTextfile)
        try value.validate(c)
        self = value
    }

    /// Bounds that would make a run misbehave are refused when the config loads.
    private func validate(_ c: KeyedDecodingContainer<CodingKeys>) throws {
        func require(_ ok: Bool, _ key: CodingKeys, _ rule: String) throws {
            guard ok else { throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: "reconciler.\(key.stringValue) \(rule)") }
        }
        try require((1...64).contains(parallelism), .parallelism, "must be 1 to 64")
        try require(HostAddress.isIPLiteral(bindIP), .bindIP, "must be an IPv4 or IPv6 address, e.g. \"127.0.0.1\"")
        for capability in capAdd {
            try require(Capabilities.grantable.contains(capability), .capAdd,
                        "may only add back \(Capabilities.grantable.sorted().joined(separator: ", ")); '\(capability)' is not one of them")
        }
        try require(nofile.soft >= 64 && nofile.soft <= nofile.hard && nofile.hard <= 1 << 20, .nofile,
                    "needs 64 ≤ soft ≤ hard ≤ 1048576")
        try require(pullTimeoutSeconds >= 1, .pullTimeoutSeconds, "must be at least 1")
        try require(leaseSeconds >= 10, .leaseSeconds, "must be at least 10")
        try require(metricsTextfile.map { $0.hasPrefix("/") && $0.hasSuffix(".prom") } ?? true, .metricsTextfile,
                    "must be an absolute path ending in .prom (node_exporter's textfile collector reads only those)")
    }
}

/// `reconciler.nofile`: the soft and hard open-files limit of every container's processes.
public struct OpenFilesLimit: Sendable, Decodable, Equatable {
    public var soft: Int64 = 4096
    public var hard: Int64 = 16384

    public init() {}

    enum CodingKeys: String, CodingKey { case soft, hard }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try c.read(.soft, into: &soft)
        try c.read(.hard, into: &hard)
    }
}

/// The capabilities the platform may add back after dropping all: those Docker grants by
/// default, minus the ones that reach beyond the container (raw network, chroot escape helpers,
/// mknod, audit). Anything else (SYS_ADMIN, NET_ADMIN, SYS_PTRACE, …) is refused at load.
enum Capabilities {
    static let grantable: Set<String> = [
        "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "SETGID", "SETUID", "SETPCAP", "NET_BIND_SERVICE",
    ]
}
