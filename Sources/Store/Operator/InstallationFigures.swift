import Core
import MariaDB

/// The installation-wide figures the metrics export: each host's queue and freshness (the admin
/// hosts view), containers by observed state, and webhook endpoints that are failing.
public struct InstallationFigures: Sendable, Hashable {
    public let hosts: [HostAdminView]
    /// Containers that exist or are still being removed, by observed state (every state, zero
    /// included, so a state's series never vanishes when its last container leaves it).
    public let containersByState: [String: Int64]
    public let failingWebhooks: Int64

    public init(hosts: [HostAdminView], containersByState: [String: Int64], failingWebhooks: Int64) {
        self.hosts = hosts
        self.containersByState = containersByState
        self.failingWebhooks = failingWebhooks
    }

    /// Reads every figure (outside a transaction: each is a snapshot of its own).
    public static func read(_ database: Database) throws -> InstallationFigures {
        let hosts = try HostAdminView.read(database)
        return try SQLAccess(database).read { connection in
            let states = try connection.query(
                """
                SELECT observed_state, COUNT(*) AS n FROM containers
                WHERE NOT (desired_state = 'deleted' AND observed_state = 'removed') GROUP BY observed_state
                """)
            let failing = try connection.queryFirst(
                "SELECT COUNT(*) AS n FROM webhooks WHERE status = 'failing' AND deleted_at IS NULL")
            var byState = Dictionary(uniqueKeysWithValues: ObservedState.allCases.map { ($0.rawValue, Int64(0)) })
            for row in states { byState[try row.require("observed_state")] = row.int("n") ?? 0 }
            return InstallationFigures(
                hosts: hosts, containersByState: byState,
                failingWebhooks: failing?.int("n") ?? 0)
        }
    }
}
