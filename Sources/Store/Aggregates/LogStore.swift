import Core
import MariaDB

/// `GET /v1/containers/{id}/logs`. Invalid UTF-8 is replaced when shown.
public struct LogsView: Sendable, Encodable {
    public struct Line: Sendable, Encodable {
        let stream: LogLine.Stream
        let ts: String
        let text: String
    }

    public let containerID: String
    public let capturedAt: String?
    public let truncated: Bool
    public let lines: [Line]

    enum CodingKeys: String, CodingKey {
        case truncated, lines
        case containerID = "container_id"
        case capturedAt = "captured_at"
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(containerID, forKey: .containerID)
        try c.encode(capturedAt, forKey: .capturedAt)
        try c.encode(truncated, forKey: .truncated)
        try c.encode(lines, forKey: .lines)
    }
}

/// Reads what the reconciler captured; scoped by tenant through the container row.
public struct LogStore {
    let sql: SQLAccess

    public init(_ database: Database) { sql = SQLAccess(database) }
    init(_ connection: Connection) { sql = SQLAccess(connection) }

    public func read(tenantID: String, containerID: String, tail: Int) throws -> LogsView {
        guard let row = try sql.read({ try $0.queryFirst(
            """
            SELECT c.id, l.captured_lines, l.truncated, l.captured_at FROM containers c
            LEFT JOIN container_logs l ON l.container_id = c.id WHERE c.id = ? AND c.tenant_id = ?
            """, [.text(containerID), .text(tenantID)]) })
        else { throw APIError.notFound }
        let lines = CapturedLogCodec.decode(row.bytes("captured_lines") ?? []).suffix(tail)
        return LogsView(
            containerID: containerID,
            capturedAt: row.string("captured_at").map(Timestamp.rfc3339(sql:)),
            truncated: row.bool("truncated") ?? false,
            lines: lines.map { .init(stream: $0.stream, ts: $0.timestamp, text: String(decoding: $0.text, as: UTF8.self)) })
    }
}

/// The stored capture of one container, as the reconciler continues it.
public struct StoredCapture: Sendable {
    public let lines: [LogLine]
    /// Docker's timestamp of the last line read: the next capture asks for what came after it.
    public let since: String?
}

extension LogStore {
    /// The captures of a host's containers, in one query.
    public func captures(containerIDs: [String]) throws -> [String: StoredCapture] {
        guard !containerIDs.isEmpty else { return [:] }
        let placeholders = Array(repeating: "?", count: containerIDs.count).joined(separator: ", ")
        var captures = [String: StoredCapture]()
        let rows = try sql.read { try $0.query(
            "SELECT container_id, captured_lines, since FROM container_logs WHERE container_id IN (\(placeholders))",
            containerIDs.map(SQLValue.text)) }
        for row in rows {
            captures[try row.require("container_id")] = StoredCapture(
                lines: CapturedLogCodec.decode(row.bytes("captured_lines") ?? []), since: row.string("since"))
        }
        return captures
    }

    /// Stores a container's capture, bounded to the last `maxLines` lines and `maxBytes` bytes.
    public func save(containerID: String, tenantID: String, lines: [LogLine], since: String?, maxLines: Int, maxBytes: Int,
                     now: Timestamp = .now()) throws {
        var kept = Array(lines.suffix(maxLines))
        var truncated = kept.count < lines.count
        var encoded = CapturedLogCodec.encode(kept)
        while encoded.count > maxBytes, !kept.isEmpty {
            kept.removeFirst(max(1, kept.count / 10))
            truncated = true
            encoded = CapturedLogCodec.encode(kept)
        }
        try sql.write { try $0.execute(
            """
            INSERT INTO container_logs (container_id, tenant_id, captured_lines, truncated, since, captured_at) VALUES (?, ?, ?, ?, ?, ?)
            ON DUPLICATE KEY UPDATE captured_lines = VALUES(captured_lines), truncated = truncated OR VALUES(truncated),
              since = VALUES(since), captured_at = VALUES(captured_at)
            """,
            [.text(containerID), .text(tenantID), .bytes(encoded), SQLValue(truncated), SQLValue(since), .text(now.sql)]) }
    }

    /// Records that a capture found nothing new, so the API shows when logs were last read.
    public func touch(containerID: String, now: Timestamp = .now()) throws {
        try sql.write { try $0.execute("UPDATE container_logs SET captured_at = ? WHERE container_id = ?", [.text(now.sql), .text(containerID)]) }
    }
}
