/// The `metrics-export` lease: its holder exports the database-derived gauges, so that with
/// several API nodes they are exported once. Held through a view of that one row (the operator
/// responder may not touch other leases); times are the database's.
public struct MetricsExportLease {
    static let name = "metrics-export"
    let database: Database

    public init(_ database: Database) { self.database = database }

    /// Takes the lease when it is free, expired or held by a dead process of this machine (a
    /// restarted responder takes it back at once), or extends it when `owner` holds it already.
    /// Answers whether `owner` holds it now.
    public func hold(owner: String, seconds: Int) throws -> Bool {
        try database.transaction { connection in
            let inserted = try connection.execute(
                """
                INSERT IGNORE INTO metrics_export_lease (name, owner, expires_at, acquired_at)
                VALUES (?, ?, UTC_TIMESTAMP(6) + INTERVAL ? SECOND, UTC_TIMESTAMP(6))
                """, [.text(Self.name), .text(owner), .int(Int64(seconds))])
            if inserted.affectedRows == 1 { return true }
            let holder = try connection.queryFirst("SELECT owner FROM metrics_export_lease WHERE name = ?", [.text(Self.name)])?.string("owner")
            // A dead holder's lease is taken like this owner's own.
            let deadHolder = holder.flatMap(LeaseOwner.init).map(\.isDeadLocalProcess) == true ? holder : nil
            // MariaDB assigns left to right: `acquired_at` still compares the previous owner.
            return try connection.execute(
                """
                UPDATE metrics_export_lease
                SET expires_at = UTC_TIMESTAMP(6) + INTERVAL ? SECOND,
                    acquired_at = IF(owner = ?, acquired_at, UTC_TIMESTAMP(6)), owner = ?
                WHERE name = ? AND (owner = ? OR owner = ? OR expires_at <= UTC_TIMESTAMP(6))
                """, [.int(Int64(seconds)), .text(owner), .text(owner), .text(Self.name), .text(owner), .text(deadHolder ?? owner)]
            ).affectedRows == 1
        }
    }
}
