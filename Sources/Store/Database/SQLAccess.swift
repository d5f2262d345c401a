import MariaDB

/// How an aggregate reaches the database: on its own (each call a read, or a transaction, of
/// its own, through `Database`'s policies) or inside the transaction of a caller in the store.
struct SQLAccess {
    private let database: Database?
    private let connection: Connection

    init(_ database: Database) {
        self.database = database
        connection = database.connection
    }

    init(_ connection: Connection) {
        database = nil
        self.connection = connection
    }

    /// Reads: outside a transaction, reconnecting once when the connection went stale.
    func read<T>(_ body: (Connection) throws -> T) throws -> T {
        if let database { return try database.read(body) }
        return try body(connection)
    }

    /// Writes: in a transaction of their own, unless inside the caller's.
    @discardableResult
    func write<T>(_ body: (Connection) throws -> T) throws -> T {
        if let database { return try database.transaction(body) }
        return try body(connection)
    }
}
