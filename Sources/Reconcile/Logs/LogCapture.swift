import Core
import DockerEngine
import Store

/// Captures what running and exited containers printed, on its own schedule: each capture asks
/// Docker only for lines after the last one stored (`since=`), and keeps the last lines, bounded.
/// A container whose capture fails is skipped this time; the others are captured.
final class LogCapture {
    private let session: Session
    private var settings: RunSettings { session.settings }

    init(session: Session) { self.session = session }

    func capture(_ rows: [HostContainer]) throws(RunEnding) {
        let candidates = rows.filter { row in
            row.desired.recorded.dockerID != nil && [.running, .exited].contains(row.desired.observedState)
        }
        guard !candidates.isEmpty else { return }
        let store = LogStore(session.database)
        guard let stored = try session.contained("reading stored logs", { try store.captures(containerIDs: candidates.map(\.desired.id)) })
        else { return }
        for row in candidates {
            _ = try session.contained("capturing the logs of \(row.desired.id)") { try capture(row, previous: stored[row.desired.id]) }
        }
    }

    private func capture(_ row: HostContainer, previous: StoredCapture?) throws {
        guard let dockerID = row.desired.recorded.dockerID else { return }
        let since = previous?.since.flatMap(LogTimestamp.init(rfc3339:))?.next
        // nil: removed since the rows were read; the next sweep records it.
        guard let fresh = try session.docker.logsIfPresent(dockerID, since: since, tail: settings.policy.logMaxLines) else { return }
        let store = LogStore(session.database)
        if fresh.isEmpty {
            if previous == nil { try save(row, lines: [], since: nil) } else { try store.touch(containerID: row.desired.id) }
            return
        }
        let lines = (previous?.lines ?? []) + fresh.map { Core.LogLine(stream: $0.stream == .stderr ? .stderr : .stdout, timestamp: $0.timestamp, text: $0.text) }
        // Docker's RFC 3339 stamps vary in length, so the newest is found by parsed time.
        let newest = fresh.max { ($0.time ?? LogTimestamp(seconds: 0)) < ($1.time ?? LogTimestamp(seconds: 0)) }
        try save(row, lines: lines, since: newest?.timestamp)
        settings.summary.add(\.logCaptures)
    }

    private func save(_ row: HostContainer, lines: [Core.LogLine], since: String?) throws {
        try LogStore(session.database).save(
            containerID: row.desired.id, tenantID: row.desired.tenantID, lines: lines, since: since,
            maxLines: settings.policy.logMaxLines, maxBytes: settings.policy.logMaxBytes)
    }
}
