/// A MariaDB user's credentials.
public struct DatabaseCredentials: Sendable, Decodable {
    public var user: String
    public var password: String
}

/// The database connection and its users (api, operator api, reconciler, webhook deliverer, admin).
/// A host only needs the credentials of the binaries it runs.
public struct DatabaseConfig: Sendable, Decodable {
    public var host: String
    public var port: UInt32
    /// A unix socket path; when set it is used instead of host/port.
    public var socket: String?
    public var name: String
    public var connectTimeoutSeconds: UInt32
    /// Bounds every lock wait; a waiting create fails fast and is retried.
    public var lockWaitTimeoutSeconds: Int
    public var api: DatabaseCredentials?
    /// The operator API's responder (`dro-api --role operator`).
    public var `operator`: DatabaseCredentials?
    public var reconciler: DatabaseCredentials?
    /// The webhook deliverer (`dro-webhooks`).
    public var webhooks: DatabaseCredentials?
    public var admin: DatabaseCredentials?

    enum CodingKeys: String, CodingKey {
        case host, port, socket, name, api, reconciler, webhooks, admin, `operator`
        case connectTimeoutSeconds = "connect_timeout_seconds"
        case lockWaitTimeoutSeconds = "lock_wait_timeout_seconds"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        host = try c.decodeIfPresent(String.self, forKey: .host) ?? "localhost"
        port = try c.decodeIfPresent(UInt32.self, forKey: .port) ?? 3306
        socket = try c.decodeIfPresent(String.self, forKey: .socket)
        name = try c.decodeIfPresent(String.self, forKey: .name) ?? "dro"
        connectTimeoutSeconds = try c.decodeIfPresent(UInt32.self, forKey: .connectTimeoutSeconds) ?? 2
        lockWaitTimeoutSeconds = try c.decodeIfPresent(Int.self, forKey: .lockWaitTimeoutSeconds) ?? 3
        api = try c.decodeIfPresent(DatabaseCredentials.self, forKey: .api)
        reconciler = try c.decodeIfPresent(DatabaseCredentials.self, forKey: .reconciler)
        `operator` = try c.decodeIfPresent(DatabaseCredentials.self, forKey: .operator)
        webhooks = try c.decodeIfPresent(DatabaseCredentials.self, forKey: .webhooks)
        admin = try c.decodeIfPresent(DatabaseCredentials.self, forKey: .admin)
    }
}
