import CMariaDB

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

    /// Connects if not connected; runs the session setup after each new connection.
    public func connect() throws {
        guard handle == nil else { return }
        guard let mysql = mysql_init(nil) else { throw MariaDBError(code: 2008, sqlState: "HY000", message: "out of memory") }
        var connectTimeout = options.connectTimeoutSeconds
        var ioTimeout = options.ioTimeoutSeconds
        mysql_options(mysql, MYSQL_OPT_CONNECT_TIMEOUT, &connectTimeout)
        mysql_options(mysql, MYSQL_OPT_READ_TIMEOUT, &ioTimeout)
        mysql_options(mysql, MYSQL_OPT_WRITE_TIMEOUT, &ioTimeout)
        mysql_options(mysql, MYSQL_SET_CHARSET_NAME, "utf8mb4")
        let connected = mysql_real_connect(
            mysql, options.socket == nil ? options.host : nil, options.user, options.password, options.database,
            options.port, options.socket, 0)
        guard connected != nil else {
            let error = Self.error(of: mysql)
            mysql_close(mysql)
            throw error
        }
        handle = mysql
        do {
            for statement in options.sessionSetup { try executeText(statement) }
        } catch {
            close()
            throw error
        }
    }

    /// Closes the connection and forgets its prepared statements.
    public func close() {
        statements.values.forEach { $0.close() }
        statements.removeAll()
        if let handle { mysql_close(handle) }
        handle = nil
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
        return handle!
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
