/// One versioned schema change. Its statements are idempotent (`IF NOT EXISTS`, grants), so a
/// migration interrupted half-way can simply run again.
public struct Migration: Sendable {
    public let version: Int
    public let name: String
    /// A breaking migration stops every binary built before it; an additive one (new tables,
    /// nullable or defaulted columns, grants) leaves older binaries working.
    public let breaking: Bool
    let statements: [String]

    init(version: Int, name: String, breaking: Bool = false, statements: [String]) {
        self.version = version
        self.name = name
        self.breaking = breaking
        self.statements = statements
    }
}

/// Every migration, in order. Add new ones at the end; never edit a released one.
public enum Migrations {
    public static let all: [Migration] = [initialSchema, reconcilerColumns, containmentSchema, policySchema, declarationSchema, operatorSchema,
                                           webhooksSchema, metricsExportSchema, webhookRotationSchema, metricsIndexesSchema]

    public static var latestVersion: Int { all.last?.version ?? 0 }
}

/// The schema versions a binary works with: from its minimum up to the newest it knows, and
/// any later schema whose migrations since are all additive. So a migration applied while
/// older binaries run does not stop them; only one marked breaking does.
public struct SchemaCompatibility: Sendable {
    /// The oldest schema this binary works with.
    public let minimum: Int
    /// The newest schema this binary was built with.
    public let known: Int

    public init(minimum: Int, known: Int = Migrations.latestVersion) {
        self.minimum = minimum
        self.known = known
    }

    /// Whether a database at `state` is one this binary may use.
    public func accepts(_ state: SchemaState) -> Bool {
        state.version >= minimum && state.newestBreaking <= known
    }
}

/// What a database's `schema_migrations` says about it.
public struct SchemaState: Sendable, Hashable {
    /// The highest applied version (0 on an empty database).
    public let version: Int
    /// The highest applied version marked breaking (0 when none is).
    public let newestBreaking: Int
}
