import Foundation
import MariaDB

/// Applies pending migrations in order, under the `migrate` lease so two operators (or two
/// nodes of a cluster) cannot race.
public struct Migrator {
    private let database: Database
    private var connection: Connection { database.connection }

    public init(database: Database) { self.database = database }

    /// The highest applied version, or 0 on an empty database.
    public static func currentVersion(_ database: Database) throws -> Int {
        try state(database).version
    }

    /// The applied version and the newest breaking one. A database migrated before migrations
    /// were marked has no `breaking` column: none of its migrations is breaking.
    public static func state(_ database: Database) throws -> SchemaState {
        try database.read { try state(on: $0) }
    }

    static func state(on connection: Connection) throws -> SchemaState {
        let columns = try connection.query(
            """
            SELECT column_name AS name FROM information_schema.columns
            WHERE table_schema = DATABASE() AND table_name = 'schema_migrations'
            """
        ).compactMap { $0.string("name")?.lowercased() }
        guard !columns.isEmpty else { return SchemaState(version: 0, newestBreaking: 0) }
        let breaking = columns.contains("breaking") ? "COALESCE(MAX(IF(breaking = 1, version, NULL)), 0)" : "0"
        let row = try connection.queryFirst("SELECT COALESCE(MAX(version), 0) AS v, \(breaking) AS b FROM schema_migrations")
        return SchemaState(version: Int(row?.int("v") ?? 0), newestBreaking: Int(row?.int("b") ?? 0))
    }

    /// Throws unless the database's schema is one this binary works with.
    public static func check(_ database: Database, _ compatibility: SchemaCompatibility, binary: String) throws {
        let found = try state(database)
        guard compatibility.accepts(found) else {
            throw SchemaVersionError(binary: binary, found: found, compatibility: compatibility)
        }
    }

    /// Applies every migration newer than the database; answers the versions it applied.
    @discardableResult
    public func migrate(now: Timestamp = .now()) throws -> [Int] {
        do {
            return try migrateAll(now: now)
        } catch let error as MariaDBError {
            throw StoreError(error)
        }
    }

    private func migrateAll(now: Timestamp) throws -> [Int] {
        // The lease table comes first: it holds the lock of the migrations themselves.
        try connection.executeText(Leases.createTable)
        let owner = LeaseOwner.current().description
        try waitForLease(owner: owner, seconds: 30)
        defer { try? Leases(database).release(Self.lease, owner: owner) }
        try connection.executeText("""
            CREATE TABLE IF NOT EXISTS schema_migrations (
              version INT NOT NULL PRIMARY KEY,
              name VARCHAR(100) NOT NULL,
              applied_at DATETIME(6) NOT NULL
            ) ENGINE=InnoDB
            """)
        try connection.executeText("ALTER TABLE schema_migrations ADD COLUMN IF NOT EXISTS breaking TINYINT(1) NOT NULL DEFAULT 0")
        let current = try Self.state(on: connection).version
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
                "INSERT INTO schema_migrations (version, name, applied_at, breaking) VALUES (?, ?, ?, ?)",
                [.int(Int64(migration.version)), .text(migration.name), .text(now.sql), .int(migration.breaking ? 1 : 0)])
            applied.append(migration.version)
        }
        return applied
    }

    private static let lease = "migrate"

    /// Takes the migration lease, waiting up to `seconds` for another migration to finish. The
    /// lease outlives any migration (an hour), and a killed migration's lease is taken over once
    /// its process is gone.
    private func waitForLease(owner: String, seconds: Int) throws {
        let leases = Leases(database)
        let deadline = Date().addingTimeInterval(TimeInterval(seconds))
        while try !leases.acquire(Self.lease, owner: owner, seconds: 3600) {
            if let holder = try leases.holder(Self.lease), LeaseOwner(holder)?.isDeadLocalProcess == true {
                try leases.expire(owner: holder)
                continue
            }
            guard Date() < deadline else { throw MigrationError("another migration holds the lock; try again") }
            Thread.sleep(forTimeInterval: 0.5)
        }
    }
}

public struct MigrationError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

public struct SchemaVersionError: Error, CustomStringConvertible {
    public let binary: String
    public let found: SchemaState
    public let compatibility: SchemaCompatibility

    public var description: String {
        found.version < compatibility.minimum
            ? "\(binary) needs schema version \(compatibility.minimum) or later but the database is at \(found.version): run `dro-admin migrate`"
            : "the database is at schema version \(found.version), and its migration \(found.newestBreaking) is breaking for binaries built before it; \(binary) knows versions up to \(compatibility.known): upgrade \(binary)"
    }
}
