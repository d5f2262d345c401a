import Core
import MariaDB

/// Which events a feed page holds. `tenantID` comes from the caller's token; nil only for an operator.
public struct EventFilter: Sendable {
    public let tenantID: String?
    public let containerID: String?
    /// Any of these types; empty for every type.
    public let types: [EventType]
    /// Only events about containers: what a tenant's own feed shows. The operator's events about
    /// the account (tenant, token, allocation changes, with the operator's token names) are not
    /// the tenant's to read.
    public let containersOnly: Bool

    public init(tenantID: String?, containerID: String? = nil, type: EventType? = nil, containersOnly: Bool = false) {
        self.init(tenantID: tenantID, containerID: containerID, types: type.map { [$0] } ?? [], containersOnly: containersOnly)
    }

    public init(tenantID: String?, containerID: String? = nil, types: [EventType], containersOnly: Bool = false) {
        self.tenantID = tenantID
        self.containerID = containerID
        self.types = types
        self.containersOnly = containersOnly
    }
}

/// One page of the feed and where the next one starts; there is always a next cursor.
public struct EventPage: Sendable {
    public let events: [EventRecord]
    public let nextCursor: EventCursor
}

/// Reads the events feed in id order, showing only events older than the settle window.
///
/// Ids are taken at insert, so a transaction still committing can hold a lower id than an event
/// already visible; the event insert is the last statement of its transaction and commits
/// within the window, so an event older than the window has no unseen predecessor. A page also
/// stops at the first event still inside the window: where ids and times disagree a little (clocks
/// of Galera nodes), a later settled event is not shown ahead of an earlier unsettled one.
public struct EventFeed {
    let sql: SQLAccess
    let settleMicroseconds: Int64
    let retentionMicroseconds: Int64

    public init(_ database: Database, settleSeconds: Double, retentionDays: Int) {
        sql = SQLAccess(database)
        settleMicroseconds = Int64(settleSeconds * 1_000_000)
        // Bounded to a century so that the product cannot overflow.
        retentionMicroseconds = Int64(min(max(retentionDays, 0), 36_500)) * 86_400 * 1_000_000
    }

    /// The events after `cursor` (from the oldest retained without one), at most `limit`. A cursor
    /// from before the retention answers `410 cursor_expired`: the purge may have removed events
    /// after it.
    public func page(_ filter: EventFilter, after cursor: EventCursor?, limit: Int) throws -> EventPage {
        let now = try databaseNow()
        if let cursor, cursor.notBefore <= now.microseconds - retentionMicroseconds {
            throw APIError(.cursorExpired, "the cursor is older than the events retention; start again without a cursor")
        }
        let settledBefore = Timestamp(microseconds: now.microseconds - settleMicroseconds)
        let (conditions, parameters) = Self.conditions(filter, afterID: cursor?.afterID ?? 0)
        let rows = try sql.read { try $0.query(
            """
            SELECT id, created_at, created_at < ? AS settled, action, tenant_id, container_id, actor, request_id, detail
            FROM events WHERE \(conditions) ORDER BY id LIMIT ?
            """, [.text(settledBefore.sql)] + parameters + [.int(Int64(limit))]) }
        let events = try rows.prefix { $0.bool("settled") == true }.map(Self.record)
        let next = try Self.next(after: events, given: cursor, pageFull: events.count == limit, settledBefore: settledBefore)
        return EventPage(events: events, nextCursor: next)
    }

    /// After the page's last event; when the page holds everything settled, with the settle
    /// cutoff as its time (every event after it is newer), so that a consumer of a quiet feed
    /// that keeps polling never sees its cursor expire.
    private static func next(after events: [EventRecord], given: EventCursor?, pageFull: Bool, settledBefore: Timestamp) throws -> EventCursor {
        let afterID = events.last?.sequence ?? given?.afterID ?? 0
        if pageFull, let last = events.last {
            guard let at = Timestamp(sql: last.at) else { throw StoreError("an event with a malformed created_at", kind: .failed) }
            return EventCursor(afterID: afterID, notBefore: at.microseconds)
        }
        return EventCursor(afterID: afterID, notBefore: max(settledBefore.microseconds, given?.notBefore ?? 0))
    }

    /// The page's WHERE clause and its parameters: the position, then the filters.
    private static func conditions(_ filter: EventFilter, afterID: Int64) -> (String, [SQLValue]) {
        var conditions = ["id > ?"]
        var parameters: [SQLValue] = [.int(afterID)]
        if let tenantID = filter.tenantID {
            conditions.append("tenant_id = ?")
            parameters.append(.text(tenantID))
        }
        if let containerID = filter.containerID {
            conditions.append("container_id = ?")
            parameters.append(.text(containerID))
        } else if filter.containersOnly {
            conditions.append("container_id IS NOT NULL")
        }
        if !filter.types.isEmpty {
            let stored = filter.types.map(\.storedNames)
            let names = stored.flatMap(\.names)
            var forms = ["action IN (\(Array(repeating: "?", count: names.count).joined(separator: ", ")))"]
            parameters += names.map(SQLValue.text)
            for prefix in stored.compactMap(\.prefix) {
                forms.append("action LIKE ?")
                parameters.append(.text(prefix + "%"))
            }
            conditions.append("(\(forms.joined(separator: " OR ")))")
        }
        return (conditions.joined(separator: " AND "), parameters)
    }

    private func databaseNow() throws -> Timestamp {
        guard let text = try sql.read({ try $0.queryFirst("SELECT UTC_TIMESTAMP(6) AS now") })?.string("now"), let now = Timestamp(sql: text)
        else { throw StoreError("the database did not answer its time", kind: .failed) }
        return now
    }

    private static func record(_ row: Row) throws -> EventRecord {
        guard let sequence = row.int("id") else { throw StoreError("an event row without an id", kind: .failed) }
        return EventRecord(
            sequence: sequence, at: try row.require("created_at"), storedType: try row.require("action"),
            tenantID: row.string("tenant_id"), containerID: row.string("container_id"), actor: try row.require("actor"),
            requestID: row.string("request_id"), detail: row.bytes("detail"))
    }
}
