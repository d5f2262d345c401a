import Core
import MariaDB

/// `GET /v1/containers/{id}/logs` (DESIGN.md §6). Invalid UTF-8 is replaced when shown.
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
    let connection: Connection

    public init(_ connection: Connection) { self.connection = connection }

    public func read(tenantID: String, containerID: String, tail: Int) throws -> LogsView {
        guard let row = try connection.queryFirst(
            """
            SELECT c.id, l.captured_lines, l.truncated, l.captured_at FROM containers c
            LEFT JOIN container_logs l ON l.container_id = c.id WHERE c.id = ? AND c.tenant_id = ?
            """, [.text(containerID), .text(tenantID)])
        else { throw APIError.notFound }
        let lines = CapturedLogCodec.decode(row.bytes("captured_lines") ?? []).suffix(tail)
        return LogsView(
            containerID: containerID,
            capturedAt: row.string("captured_at").map(Timestamp.rfc3339(sql:)),
            truncated: row.bool("truncated") ?? false,
            lines: lines.map { .init(stream: $0.stream, ts: $0.timestamp, text: String(decoding: $0.text, as: UTF8.self)) })
    }
}
