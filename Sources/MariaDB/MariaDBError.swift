import CMariaDB

/// An error reported by libmariadb or the server: its error number, SQLSTATE and message.
public struct MariaDBError: Error, Sendable, CustomStringConvertible {
    public let code: UInt32
    public let sqlState: String
    public let message: String

    public init(code: UInt32, sqlState: String, message: String) {
        self.code = code
        self.sqlState = sqlState
        self.message = message
    }

    public var description: String { "MariaDB error \(code) (\(sqlState)): \(message)" }

    /// A mistake in the caller's use of the driver (a column not selected, a parameter count):
    /// code 0, so no retry or reconnect ever treats it as the database's trouble.
    static func programming(_ message: String) -> MariaDBError {
        MariaDBError(code: 0, sqlState: "HY000", message: message)
    }

    /// ER_DUP_ENTRY: a unique key refused the row.
    public var isDuplicateKey: Bool { code == UInt32(ER_DUP_ENTRY) }

    /// Deadlocks, lock-wait timeouts and Galera certification failures (reported as deadlocks):
    /// the transaction was rolled back and may be retried as a whole.
    public var isRetryableTransaction: Bool {
        code == UInt32(ER_LOCK_DEADLOCK) || code == UInt32(ER_LOCK_WAIT_TIMEOUT)
    }

    /// ER_LOCK_DEADLOCK, which is also how Galera reports a certification failure.
    public var isDeadlock: Bool { code == UInt32(ER_LOCK_DEADLOCK) }

    /// The connection is gone (server down, restarted, or it dropped us); reconnecting may help.
    /// Over TLS a server that died mid-session shows as a TLS error (reset, unexpected EOF).
    public var isConnectionLost: Bool {
        [CR_SERVER_GONE_ERROR, CR_SERVER_LOST, CR_CONNECTION_ERROR, CR_CONN_HOST_ERROR, CR_SERVER_LOST_EXTENDED, CR_SSL_CONNECTION_ERROR]
            .map { UInt32($0) }.contains(code)
            || code == UInt32(ER_CONNECTION_KILLED) || code == 4031  // ER_CLIENT_INTERACTION_TIMEOUT
            || code == UInt32(ER_SERVER_SHUTDOWN) || isNodeNotReady
    }

    /// A Galera node that lost the cluster's primary component (or has not joined it yet)
    /// answers every statement with ER_UNKNOWN_COM_ERROR: for its clients it is as good as gone.
    public var isNodeNotReady: Bool { code == UInt32(ER_UNKNOWN_COM_ERROR) }

    /// Why a server that answered cannot be used: a Galera node not `Synced` and ready.
    static func nodeNotReady(_ endpoint: DatabaseEndpoint, state: String) -> MariaDBError {
        MariaDBError(code: UInt32(ER_UNKNOWN_COM_ERROR), sqlState: "08S01",
                     message: "cluster node \(endpoint) is not ready (\(state))")
    }
}
