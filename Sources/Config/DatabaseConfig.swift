/// A MariaDB user's credentials.
public struct DatabaseCredentials: Sendable, Decodable {
    public var user: String
    public var password: String
}

/// TLS for connections to database hosts over TCP.
public struct DatabaseTLS: Sendable, Decodable {
    /// The CA that signed the database servers' certificates.
    public var caFile: String
    /// Whether the server's certificate must name the host connected to (true unless turned off).
    public var verifyServerCertificate: Bool
    /// A client certificate and key, for servers that require one (`REQUIRE X509`).
    public var certFile: String?
    public var keyFile: String?

    enum CodingKeys: String, CodingKey {
        case caFile = "ca_file"
        case verifyServerCertificate = "verify_server_cert"
        case certFile = "cert_file"
        case keyFile = "key_file"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        caFile = try c.decode(String.self, forKey: .caFile)
        verifyServerCertificate = try c.decodeIfPresent(Bool.self, forKey: .verifyServerCertificate) ?? true
        certFile = try c.decodeIfPresent(String.self, forKey: .certFile)
        keyFile = try c.decodeIfPresent(String.self, forKey: .keyFile)
        guard (certFile == nil) == (keyFile == nil) else {
            throw DecodingError.dataCorruptedError(forKey: .certFile, in: c, debugDescription: "database.tls.cert_file and key_file come together")
        }
    }
}

/// One database host in `database.hosts`: `host:port`, or a unix socket path on this machine.
public enum DatabaseHost: Sendable, Hashable, CustomStringConvertible {
    case socket(String)
    case tcp(host: String, port: UInt32)

    /// `10.0.0.5:3306`, `db1.internal:3306`, `db1.internal` (port 3306) or `/run/mysqld/mysqld.sock`.
    public init?(_ text: String) {
        if text.hasPrefix("/") {
            self = .socket(text)
            return
        }
        guard let address = HostPort(text, defaultPort: 3306) else { return nil }
        self = .tcp(host: address.host, port: address.port)
    }

    public var description: String {
        switch self {
        case .socket(let path): path
        case .tcp(let host, let port): "\(host):\(port)"
        }
    }

    /// Traffic to it never leaves this machine.
    public var isLocal: Bool {
        switch self {
        case .socket: true
        case .tcp(let host, _): HostLocality.isLoopback(host)
        }
    }
}

/// The database connection and its users (api, operator api, reconciler, webhook deliverer, admin).
/// A host only needs the credentials of the binaries it runs.
public struct DatabaseConfig: Sendable, Decodable {
    /// The database hosts in order of preference (`hosts`; or the older single `socket`, else
    /// `host` and `port`). Each connection uses the first one that is up and, on a Galera
    /// cluster, `Synced`; it fails over to the next and returns when a preferred one is back.
    public var hosts: [DatabaseHost]
    /// Required as soon as one host is not on this machine.
    public var tls: DatabaseTLS?
    public var name: String
    public var connectTimeoutSeconds: UInt32
    /// Bounds every lock wait; a waiting create fails fast and is retried.
    public var lockWaitTimeoutSeconds: Int
    /// How often a connection that failed over tries to return to a preferred host.
    public var returnProbeSeconds: Double
    public var api: DatabaseCredentials?
    /// The operator API's responder (`dro-api --role operator`).
    public var `operator`: DatabaseCredentials?
    public var reconciler: DatabaseCredentials?
    /// The webhook deliverer (`dro-webhooks`).
    public var webhooks: DatabaseCredentials?
    public var admin: DatabaseCredentials?

    enum CodingKeys: String, CodingKey {
        case hosts, tls, host, port, socket, name, api, reconciler, webhooks, admin, `operator`
        case connectTimeoutSeconds = "connect_timeout_seconds"
        case lockWaitTimeoutSeconds = "lock_wait_timeout_seconds"
        case returnProbeSeconds = "return_probe_seconds"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        hosts = try Self.hosts(c)
        tls = try c.decodeIfPresent(DatabaseTLS.self, forKey: .tls)
        if tls == nil, let remote = hosts.first(where: { !$0.isLocal }) {
            throw DecodingError.dataCorruptedError(forKey: .tls, in: c, debugDescription:
                "database host \(remote) is not on this machine: set database.tls (ca_file) so its traffic is encrypted and the server verified")
        }
        name = try c.decodeIfPresent(String.self, forKey: .name) ?? "dro"
        connectTimeoutSeconds = try c.decodeIfPresent(UInt32.self, forKey: .connectTimeoutSeconds) ?? 2
        lockWaitTimeoutSeconds = try c.decodeIfPresent(Int.self, forKey: .lockWaitTimeoutSeconds) ?? 3
        returnProbeSeconds = try c.decodeIfPresent(Double.self, forKey: .returnProbeSeconds) ?? 10
        guard (0.1...3600).contains(returnProbeSeconds) else {
            throw DecodingError.dataCorruptedError(forKey: .returnProbeSeconds, in: c, debugDescription: "database.return_probe_seconds must be 0.1 to 3600")
        }
        api = try c.decodeIfPresent(DatabaseCredentials.self, forKey: .api)
        reconciler = try c.decodeIfPresent(DatabaseCredentials.self, forKey: .reconciler)
        `operator` = try c.decodeIfPresent(DatabaseCredentials.self, forKey: .operator)
        webhooks = try c.decodeIfPresent(DatabaseCredentials.self, forKey: .webhooks)
        admin = try c.decodeIfPresent(DatabaseCredentials.self, forKey: .admin)
    }

    private static func hosts(_ c: KeyedDecodingContainer<CodingKeys>) throws -> [DatabaseHost] {
        guard let texts = try c.decodeIfPresent([String].self, forKey: .hosts) else {
            if let socket = try c.decodeIfPresent(String.self, forKey: .socket) { return [.socket(socket)] }
            let host = try c.decodeIfPresent(String.self, forKey: .host) ?? "localhost"
            let port = try c.decodeIfPresent(UInt32.self, forKey: .port) ?? 3306
            return [.tcp(host: host, port: port)]
        }
        guard !texts.isEmpty, texts.count <= 16 else {
            throw DecodingError.dataCorruptedError(forKey: .hosts, in: c, debugDescription: "database.hosts lists 1 to 16 hosts")
        }
        return try texts.map { text in
            guard let host = DatabaseHost(text) else {
                throw DecodingError.dataCorruptedError(forKey: .hosts, in: c, debugDescription:
                    "database.hosts: '\(text)' is not host:port or an absolute socket path")
            }
            return host
        }
    }
}
