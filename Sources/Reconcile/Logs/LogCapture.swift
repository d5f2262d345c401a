import Core
import DockerEngine
import Store

/// Captures what running and exited containers printed, on its own schedule: each capture asks
/// Docker only for lines after the last one stored (`since=`), and keeps the last lines, bounded.
final class LogCapture {
    private let context: ReconcileContext

    init(context: ReconcileContext) { self.context = context }

    func capture(_ rows: [HostContainer]) throws {
        let candidates = rows.filter { row in
            row.observation.dockerID != nil && [.running, .exited].contains(row.observation.state)
        }
        guard !candidates.isEmpty else { return }
        let store = LogStore(context.database.connection)
        let stored = try store.captures(containerIDs: candidates.map(\.desired.id))
        for row in candidates {
            let previous = stored[row.desired.id]
            let since = previous?.since.flatMap(LogTimestamp.init(rfc3339:))?.next
            // nil: removed since the rows were read; the next sweep records it.
            guard let fresh = try context.docker.logsIfPresent(row.observation.dockerID!, since: since, tail: context.policy.logMaxLines)
            else { continue }
            if fresh.isEmpty {
                if previous == nil { try save(row, lines: [], since: nil) } else { try store.touch(containerID: row.desired.id) }
                continue
            }
            let lines = (previous?.lines ?? []) + fresh.map { Core.LogLine(stream: $0.stream == .stderr ? .stderr : .stdout, timestamp: $0.timestamp, text: $0.text) }
            // Docker's RFC 3339 stamps vary in length, so the newest is found by parsed time.
            let newest = fresh.max { ($0.time ?? LogTimestamp(seconds: 0)) < ($1.time ?? LogTimestamp(seconds: 0)) }
            try save(row, lines: lines, since: newest?.timestamp)
            context.summary.logCaptures += 1
        }
    }

    private func save(_ row: HostContainer, lines: [Core.LogLine], since: String?) throws {
        try LogStore(context.database.connection).save(
            containerID: row.desired.id, tenantID: row.desired.tenantID, lines: lines, since: since,
            maxLines: context.policy.logMaxLines, maxBytes: context.policy.logMaxBytes)
    }
}
