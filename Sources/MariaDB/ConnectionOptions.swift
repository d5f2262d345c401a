/// One database server to try: a unix socket on this machine, or a TCP host and port.
public enum DatabaseEndpoint: Sendable, Hashable, CustomStringConvertible {
    case socket(String)
    case tcp(host: String, port: UInt32)

    var usesTCP: Bool { if case .tcp = self { true } else { false } }

    public var description: String {
        switch self {
        case .socket(let path): path
        case .tcp(let host, let port): "\(host):\(port)"
        }
    }
}

/// TLS for TCP connections: the CA that signed the servers' certificates, whether to check the
/// certificate names the host, and an optional client certificate.
public struct TLSSettings: Sendable, Hashable {
    public var caFile: String
    public var verifyServerCertificate: Bool
    public var certFile: String?
    public var keyFile: String?

    public init(caFile: String, verifyServerCertificate: Bool = true, certFile: String? = nil, keyFile: String? = nil) {
        self.caFile = caFile
        self.verifyServerCertificate = verifyServerCertificate
        self.certFile = certFile
        self.keyFile = keyFile
    }
}

/// Where and how to connect. Endpoints are in order of preference: a connection uses the first
/// that answers and is ready, and returns to a more preferred one once that is ready again.
public struct ConnectionOptions: Sendable, Hashable {
    public var endpoints: [DatabaseEndpoint]
    public var tls: TLSSettings?
    public var user: String
    public var password: String
    public var database: String
    public var connectTimeoutSeconds: UInt32
    /// Bounds a read or write on the wire, so a dead server cannot hang a request forever.
    public var ioTimeoutSeconds: UInt32
    /// Statements run once after each (re)connect, e.g. session settings.
    public var sessionSetup: [String]
    /// Statements run after those when the server is a Galera cluster node.
    public var clusterSessionSetup: [String]
    /// How often a connection on a less preferred endpoint tries the more preferred ones.
    public var returnProbeSeconds: Double

    public init(
        endpoints: [DatabaseEndpoint], tls: TLSSettings? = nil, user: String, password: String, database: String,
        connectTimeoutSeconds: UInt32 = 2, ioTimeoutSeconds: UInt32 = 30, sessionSetup: [String] = [],
        clusterSessionSetup: [String] = [], returnProbeSeconds: Double = 10
    ) {
        self.endpoints = endpoints
        self.tls = tls
        self.user = user
        self.password = password
        self.database = database
        self.connectTimeoutSeconds = connectTimeoutSeconds
        self.ioTimeoutSeconds = ioTimeoutSeconds
        self.sessionSetup = sessionSetup
        self.clusterSessionSetup = clusterSessionSetup
        self.returnProbeSeconds = returnProbeSeconds
    }
}
