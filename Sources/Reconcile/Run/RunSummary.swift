import Core
import Foundation
import Logging

/// The counts of one run, logged as one line at its end (controller-runtime's reconcileHandler).
final class RunSummary {
    let runID: String
    let hostKey: String
    private let beganAt = Date()
    var jobsDone = 0
    var created = 0
    var started = 0
    var stopped = 0
    var restarted = 0
    var removed = 0
    var recreated = 0
    var orphansRemoved = 0
    var sweeps = 0
    /// Containers a sweep leased and converged: zero when the sweep found nothing to do.
    var swept = 0
    var logCaptures = 0
    var errors = 0
    /// Time spent in each phase, so log capture never hides in the sweep's figure.
    var drainMilliseconds = 0.0
    var sweepMilliseconds = 0.0
    var captureMilliseconds = 0.0

    init(runID: String, hostKey: String) {
        self.runID = runID
        self.hostKey = hostKey
    }

    func count(_ action: ReconcileAction) {
        switch action {
        case .create: created += 1
        case .start: started += 1
        case .stop: stopped += 1
        case .restart: restarted += 1
        case .remove: removed += 1
        }
    }

    func log(_ logger: Logger, outcome: String) {
        logger.info("run finished", metadata: [
            "run_id": "\(runID)", "host": "\(hostKey)", "outcome": "\(outcome)", "jobs_done": "\(jobsDone)",
            "created": "\(created)", "started": "\(started)", "stopped": "\(stopped)", "restarted": "\(restarted)",
            "removed": "\(removed)", "recreated": "\(recreated)", "orphans_removed": "\(orphansRemoved)",
            "sweeps": "\(sweeps)", "swept": "\(swept)", "log_captures": "\(logCaptures)", "errors": "\(errors)",
            "drain_ms": "\(rounded(drainMilliseconds))", "sweep_ms": "\(rounded(sweepMilliseconds))",
            "capture_ms": "\(rounded(captureMilliseconds))",
            "duration_ms": "\(Int(Date().timeIntervalSince(beganAt) * 1000))",
        ])
    }

    /// Runs `body` and adds its duration to a phase's total.
    @discardableResult
    func timed<T>(_ phase: ReferenceWritableKeyPath<RunSummary, Double>, _ body: () throws -> T) rethrows -> T {
        let clock = ContinuousClock()
        let start = clock.now
        defer {
            let elapsed = clock.now - start
            self[keyPath: phase] += Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        }
        return try body()
    }

    private func rounded(_ milliseconds: Double) -> String { String(format: "%.1f", milliseconds) }
}
