import CMariaDB
#if canImport(Glibc)
import Glibc
#endif

/// One MariaDB connection with its cache of prepared statements. Used by one thread at a time.
/// After a lost connection it reconnects on the next use, so the caller decides what to retry.
public final class Connection {
    public let options: ConnectionOptions
    private var handle: UnsafeMutablePointer<MYSQL>?
    private var statements: [String: PreparedStatement] = [:]

    public init(options: ConnectionOptions) {
        self.options = options
    }

    deinit { close() }

    public var isConnected: Bool { handle != nil }

    /// The endpoint in use, while connected.
    public var endpoint: DatabaseEndpoint? { current.map { options.endpoints[$0] } }

    /// Connects if not connected: to the first endpoint, in order of preference, that accepts the
    /// connection and (on a Galera cluster) is `Synced` and ready; runs the session setup.
    public func connect() throws {
        guard handle == nil else { return }
        var lastError = MariaDBError(code: UInt32(CR_CONN_HOST_ERROR), sqlState: "HY000", message: "no database endpoint configured")
        for index in options.endpoints.indices {
            do {
                adopt(try open(options.endpoints[index]), at: index)
                return
            } catch let error as MariaDBError {
                lastError = error
            }
        }
        throw lastError
    }

    /// Between transactions: a connection that failed over to a less preferred endpoint moves
    /// back to a more preferred one once that is ready again, checking at most every
    /// `returnProbeSeconds`. A failed probe changes nothing.
    public func returnToPreferredEndpointIfDue() {
        guard let current, current > 0, Self.monotonicSeconds() >= nextReturnProbe else { return }
        nextReturnProbe = Self.monotonicSeconds() + options.returnProbeSeconds
        for index in 0..<current {
            guard let mysql = try? open(options.endpoints[index]) else { continue }
            close()
            adopt(mysql, at: index)
            return
        }
    }

    private var current: Int?
    private var nextReturnProbe = 0.0

    /// A connected, ready handle to one endpoint, its session set up.
    private func open(_ endpoint: DatabaseEndpoint) throws -> UnsafeMutablePointer<MYSQL> {
        guard let mysql = mysql_init(nil) else { throw MariaDBError(code: 2008, sqlState: "HY000", message: "out of memory") }
        do {
            try configure(mysql, tls: endpoint.usesTCP ? options.tls : nil)
            let connected: UnsafeMutablePointer<MYSQL>? = switch endpoint {
            case .socket(let path):
                mysql_real_connect(mysql, nil, options.user, options.password, options.database, 0, path, 0)
            case .tcp(let host, let port):
                mysql_real_connect(mysql, host, options.user, options.password, options.database, port, nil, 0)
            }
            guard connected != nil else { throw Self.error(of: mysql) }
            let cluster = try Self.clusterNodeState(mysql, endpoint)
            for statement in options.sessionSetup { try Self.run(statement, on: mysql) }
            if cluster { for statement in options.clusterSessionSetup { try Self.run(statement, on: mysql) } }
            return mysql
        } catch {
            mysql_close(mysql)
            throw error
        }
    }

    private func adopt(_ mysql: UnsafeMutablePointer<MYSQL>, at index: Int) {
        handle = mysql
        current = index
        nextReturnProbe = Self.monotonicSeconds() + options.returnProbeSeconds
    }

    private func configure(_ mysql: UnsafeMutablePointer<MYSQL>, tls: TLSSettings?) throws {
        var connectTimeout = options.connectTimeoutSeconds
        var ioTimeout = options.ioTimeoutSeconds
        mysql_options(mysql, MYSQL_OPT_CONNECT_TIMEOUT, &connectTimeout)
        mysql_options(mysql, MYSQL_OPT_READ_TIMEOUT, &ioTimeout)
        mysql_options(mysql, MYSQL_OPT_WRITE_TIMEOUT, &ioTimeout)
        mysql_options(mysql, MYSQL_SET_CHARSET_NAME, "utf8mb4")
        guard let tls else { return }
        // TLS is then required: a server without it, or a certificate the CA did not sign (or,
        // when verifying, one not naming the host), fails the connection.
        var enforce: my_bool = 1
        var verify: my_bool = tls.verifyServerCertificate ? 1 : 0
        mysql_options(mysql, MYSQL_OPT_SSL_ENFORCE, &enforce)
        mysql_options(mysql, MYSQL_OPT_SSL_VERIFY_SERVER_CERT, &verify)
        mysql_options(mysql, MYSQL_OPT_SSL_CA, tls.caFile)
        if let cert = tls.certFile { mysql_options(mysql, MYSQL_OPT_SSL_CERT, cert) }
        if let key = tls.keyFile { mysql_options(mysql, MYSQL_OPT_SSL_KEY, key) }
    }

    /// Whether the server is a Galera node; throws when it is one that is not `Synced` and ready
    /// (a joiner, a donor, or a node cut off from the primary component).
    private static func clusterNodeState(_ mysql: UnsafeMutablePointer<MYSQL>, _ endpoint: DatabaseEndpoint) throws -> Bool {
        let query = """
            SELECT @@global.wsrep_on,             (SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = 'WSREP_READY'),             (SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = 'WSREP_LOCAL_STATE_COMMENT')
            """
        guard mysql_real_query(mysql, query, UInt(query.utf8.count)) == 0 else {
            let error = error(of: mysql)
            // A server built without Galera support has no such variable.
            if error.code == UInt32(ER_UNKNOWN_SYSTEM_VARIABLE) { return false }
            throw error
        }
        guard let result = mysql_store_result(mysql) else { throw error(of: mysql) }
        defer { mysql_free_result(result) }
        guard let row = mysql_fetch_row(result) else { return false }
        func column(_ index: Int) -> String { row[index].map { String(cString: $0) } ?? "" }
        guard column(0) == "1" else { return false }
        guard column(1) == "ON", column(2) == "Synced" else {
            throw MariaDBError.nodeNotReady(endpoint, state: "wsrep_ready=\(column(1)), state=\(column(2))")
        }
        return true
    }

    private static func run(_ sql: String, on mysql: UnsafeMutablePointer<MYSQL>) throws {
        guard mysql_real_query(mysql, sql, UInt(sql.utf8.count)) == 0 else { throw error(of: mysql) }
        if let result = mysql_store_result(mysql) { mysql_free_result(result) }
    }

    private static func monotonicSeconds() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }

    /// Closes the connection and forgets its prepared statements.
    public func close() {
        statements.values.forEach { $0.close() }
        statements.removeAll()
        if let handle { mysql_close(handle) }
        handle = nil
        current = nil
    }

    /// Runs a statement that returns no rows; answers the affected-row count and the last insert id.
    @discardableResult
    public func execute(_ sql: String, _ parameters: [SQLValue] = []) throws -> ExecutionResult {
        try withStatement(sql) { try $0.execute(parameters) }
    }

    /// Runs a query and fetches all of its rows.
    public func query(_ sql: String, _ parameters: [SQLValue] = []) throws -> [Row] {
        try withStatement(sql) { try $0.query(parameters) }
    }

    /// The first row of a query, if any.
    public func queryFirst(_ sql: String, _ parameters: [SQLValue] = []) throws -> Row? {
        try query(sql, parameters).first
    }

    /// Runs constant SQL text without parameters over the text protocol: for DDL in migrations
    /// and statements the binary protocol does not prepare. Never pass it text built from input.
    public func executeText(_ sql: StaticString) throws {
        try executeText(sql.description)
    }

    /// As above, for migration text held in a constant table.
    public func executeText(_ sql: String) throws {
        let mysql = try connected()
        try check(mysql_real_query(mysql, sql, UInt(sql.utf8.count)), mysql)
        // Drain any result so the connection stays usable.
        if let result = mysql_store_result(mysql) { mysql_free_result(result) }
    }

    public func begin() throws { try executeText("START TRANSACTION") }

    public func commit() throws {
        let mysql = try connected()
        guard mysql_commit(mysql) == 0 else { throw failure(Self.error(of: mysql)) }
    }

    /// Rolls back; a failure here means the connection is gone, which also rolls back.
    public func rollback() {
        guard let handle else { return }
        if mysql_rollback(handle) != 0 { close() }
    }

    // MARK: - Internals

    private func connected() throws -> UnsafeMutablePointer<MYSQL> {
        try connect()
        guard let handle else { throw MariaDBError(code: UInt32(CR_CONN_HOST_ERROR), sqlState: "HY000", message: "not connected") }
        return handle
    }

    private func withStatement<T>(_ sql: String, _ body: (PreparedStatement) throws -> T) throws -> T {
        let mysql = try connected()
        let statement: PreparedStatement
        if let cached = statements[sql] {
            statement = cached
        } else {
            do {
                statement = try PreparedStatement(connection: mysql, sql: sql)
            } catch let error as MariaDBError {
                throw failure(error)
            }
            statements[sql] = statement
        }
        do {
            return try body(statement)
        } catch let error as MariaDBError {
            throw failure(error)
        }
    }

    private func check(_ rc: Int32, _ mysql: UnsafeMutablePointer<MYSQL>) throws {
        guard rc == 0 else { throw failure(Self.error(of: mysql)) }
    }

    /// Drops a lost connection so that the next use reconnects, and passes the error on.
    private func failure(_ error: MariaDBError) -> MariaDBError {
        if error.isConnectionLost { close() }
        return error
    }

    static func error(of mysql: UnsafeMutablePointer<MYSQL>) -> MariaDBError {
        MariaDBError(
            code: mysql_errno(mysql),
            sqlState: String(cString: mysql_sqlstate(mysql)),
            message: String(cString: mysql_error(mysql)))
    }
}

/// What a statement without rows reports.
public struct ExecutionResult: Sendable {
    public let affectedRows: UInt64
    public let lastInsertID: UInt64
}
