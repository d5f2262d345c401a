/// Where and how to connect. `socket` wins over `host`/`port` when set.
public struct ConnectionOptions: Sendable, Hashable {
    public var host: String
    public var port: UInt32
    public var socket: String?
    public var user: String
    public var password: String
    public var database: String
    public var connectTimeoutSeconds: UInt32
    /// Bounds a read or write on the wire, so a dead server cannot hang a request forever.
    public var ioTimeoutSeconds: UInt32
    /// Statements run once after each (re)connect, e.g. session settings.
    public var sessionSetup: [String]

    public init(
        host: String = "localhost", port: UInt32 = 3306, socket: String? = nil, user: String, password: String,
        database: String, connectTimeoutSeconds: UInt32 = 2, ioTimeoutSeconds: UInt32 = 30, sessionSetup: [String] = []
    ) {
        self.host = host
        self.port = port
        self.socket = socket
        self.user = user
        self.password = password
        self.database = database
        self.connectTimeoutSeconds = connectTimeoutSeconds
        self.ioTimeoutSeconds = ioTimeoutSeconds
        self.sessionSetup = sessionSetup
    }
}
