import MariaDB

/// Applies pending migrations in order, under a database lock so two operators cannot race.
public struct Migrator {
    private let connection: Connection

    public init(connection: Connection) { self.connection = connection }

    /// The highest applied version, or 0 on an empty database.
    public static func currentVersion(_ connection: Connection) throws -> Int {
        let exists = try connection.queryFirst(
            "SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 'schema_migrations'")
        guard exists?.int("n") == 1 else { return 0 }
        return Int(try connection.queryFirst("SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations")?.int("v") ?? 0)
    }

    /// Throws unless the database's schema version is one this binary works with.
    public static func check(_ connection: Connection, _ compatibility: SchemaCompatibility, binary: String) throws {
        let version = try currentVersion(connection)
        guard compatibility.supported.contains(version) else {
            throw SchemaVersionError(binary: binary, found: version, supported: compatibility.supported)
        }
    }

    /// Applies every migration newer than the database; answers the versions it applied.
    @discardableResult
    public func migrate(now: Timestamp = .now()) throws -> [Int] {
        guard try connection.queryFirst("SELECT GET_LOCK('dro_migrate', 30) AS locked")?.int("locked") == 1 else {
            throw MigrationError("another migration holds the lock; try again")
        }
        defer { _ = try? connection.queryFirst("SELECT RELEASE_LOCK('dro_migrate') AS released") }
        try connection.executeText("""
            CREATE TABLE IF NOT EXISTS schema_migrations (
              version INT NOT NULL PRIMARY KEY,
              name VARCHAR(100) NOT NULL,
              applied_at DATETIME(6) NOT NULL
            ) ENGINE=InnoDB
            """)
        let current = try Self.currentVersion(connection)
        guard current <= Migrations.latestVersion else {
            throw MigrationError("the database is at schema version \(current), newer than this dro-admin knows (\(Migrations.latestVersion)); upgrade dro-admin")
        }
        var applied = [Int]()
        for migration in Migrations.all where migration.version > current {
            for statement in migration.statements {
                do {
                    try connection.executeText(statement)
                } catch let error as MariaDBError {
                    throw MigrationError("migration \(migration.version) (\(migration.name)) failed: \(error.message)")
                }
            }
            try connection.execute(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                [.int(Int64(migration.version)), .text(migration.name), .text(now.sql)])
            applied.append(migration.version)
        }
        return applied
    }
}

public struct MigrationError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

public struct SchemaVersionError: Error, CustomStringConvertible {
    public let binary: String
    public let found: Int
    public let supported: ClosedRange<Int>

    public var description: String {
        found < supported.lowerBound
            ? "\(binary) needs schema version \(supported.lowerBound)...\(supported.upperBound) but the database is at \(found): run `dro-admin migrate`"
            : "\(binary) works with schema versions \(supported.lowerBound)...\(supported.upperBound) but the database is at \(found): upgrade \(binary)"
    }
}
