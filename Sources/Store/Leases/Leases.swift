import MariaDB

/// Host-wide leases (a host's sweep, its run hand-over, image pulls per tenant, migrations, the
/// metrics export through `MetricsExportLease`): one row per name, held by an owner until it
/// expires. Taken with a write, which Galera certifies across nodes (`GET_LOCK` and row locks
/// are local to one node); times are the database's.
public struct Leases {
    static let createTable = """
        CREATE TABLE IF NOT EXISTS leases (
          name VARCHAR(191) CHARACTER SET ascii NOT NULL,
          owner VARCHAR(128) NOT NULL,
          expires_at DATETIME(6) NOT NULL,
          acquired_at DATETIME(6) NOT NULL,
          PRIMARY KEY (name),
          KEY leases_owner (owner)
        ) ENGINE=InnoDB
        """

    let database: Database

    public init(_ database: Database) { self.database = database }

    /// Takes the lease unless it is held and unexpired, by anyone (this owner too: a lease is not
    /// re-entrant, so two threads of one run exclude each other). Answers whether it was taken.
    public func acquire(_ name: String, owner: String, seconds: Int) throws -> Bool {
        try database.transaction { connection in
            let inserted = try connection.execute(
                "INSERT IGNORE INTO leases (name, owner, expires_at, acquired_at) VALUES (?, ?, UTC_TIMESTAMP(6) + INTERVAL ? SECOND, UTC_TIMESTAMP(6))",
                [.text(name), .text(owner), .int(Int64(seconds))])
            if inserted.affectedRows == 1 { return true }
            return try connection.execute(
                """
                UPDATE leases SET owner = ?, expires_at = UTC_TIMESTAMP(6) + INTERVAL ? SECOND, acquired_at = UTC_TIMESTAMP(6)
                WHERE name = ? AND expires_at <= UTC_TIMESTAMP(6)
                """, [.text(owner), .int(Int64(seconds)), .text(name)]
            ).affectedRows == 1
        }
    }

    /// Takes the lease whoever holds it: the newest registration wins (a run's hand-over).
    public func register(_ name: String, owner: String, seconds: Int) throws {
        try database.transaction { connection in
            try connection.execute(
                """
                INSERT INTO leases (name, owner, expires_at, acquired_at) VALUES (?, ?, UTC_TIMESTAMP(6) + INTERVAL ? SECOND, UTC_TIMESTAMP(6))
                ON DUPLICATE KEY UPDATE owner = VALUES(owner), expires_at = VALUES(expires_at), acquired_at = VALUES(acquired_at)
                """, [.text(name), .text(owner), .int(Int64(seconds))])
        }
    }

    /// Who holds a lease now (expired or not); nil when nobody ever took it or it was released.
    public func holder(_ name: String) throws -> String? {
        try database.read { try $0.queryFirst("SELECT owner FROM leases WHERE name = ?", [.text(name)])?.string("owner") }
    }

    public func release(_ name: String, owner: String) throws {
        try database.transaction { try $0.execute("DELETE FROM leases WHERE name = ? AND owner = ?", [.text(name), .text(owner)]) }
    }

    /// Extends every unexpired lease of an owner.
    public func renew(owner: String, seconds: Int) throws {
        try database.transaction { connection in
            try connection.execute(
                "UPDATE leases SET expires_at = UTC_TIMESTAMP(6) + INTERVAL ? SECOND WHERE owner = ? AND expires_at > UTC_TIMESTAMP(6)",
                [.int(Int64(seconds)), .text(owner)])
        }
    }

    /// The owners of leases whose names start with `prefix`, to find those whose process died.
    public func owners(prefix: String) throws -> [String] {
        try database.read { connection in
            try connection.query("SELECT DISTINCT owner FROM leases WHERE LEFT(name, CHAR_LENGTH(?)) = ?", [.text(prefix), .text(prefix)])
                .map { try $0.require("owner") }
        }
    }

    /// Makes a dead owner's leases takeable at once.
    public func expire(owner: String) throws {
        try database.transaction { try $0.execute("UPDATE leases SET expires_at = UTC_TIMESTAMP(6) WHERE owner = ?", [.text(owner)]) }
    }
}

/// A lease this process no longer holds: it expired and someone else took it, or it was released.
/// Whatever the holder meant to write is dropped: the new holder converges the container.
public struct LeaseLost: Error, CustomStringConvertible {
    public let name: String
    public init(_ name: String) { self.name = name }
    public var description: String { "lease \(name) is no longer held" }
}
