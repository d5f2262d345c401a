import Core
import DockerEngine
import Foundation
import Logging

/// The counts of one run, logged as one line at its end (controller-runtime's reconcileHandler).
/// Worker threads add to it concurrently, under its lock.
final class RunSummary: @unchecked Sendable {
    /// The counted figures; read and written only under the lock.
    struct Counts {
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
        var failed = 0
        /// Containers converged and recorded, for jobs and the sweep alike.
        var converged = 0
        var postponed = 0
        var leasesLost = 0
        var logCaptures = 0
        var errors = 0
        /// Errors dockerd answered, or met reaching it (contained ones and containers' failures).
        var dockerErrors = 0
        /// Time spent in each phase, so log capture never hides in the sweep's figure.
        var sweepMilliseconds = 0.0
        var captureMilliseconds = 0.0
    }

    let runID: String
    let hostKey: String
    private let beganAt = Date()
    private let lock = NSLock()
    private var counts = Counts()

    init(runID: String, hostKey: String) {
        self.runID = runID
        self.hostKey = hostKey
    }

    /// The figures so far.
    var snapshot: Counts { lock.withLock { counts } }

    /// Seconds since the run began.
    var elapsedSeconds: Double { Date().timeIntervalSince(beganAt) }

    func add(_ field: WritableKeyPath<Counts, Int>, _ amount: Int = 1) {
        lock.withLock { counts[keyPath: field] += amount }
    }

    /// Counts an error that dockerd answered or that reaching it caused, in a step or not.
    func countIfDocker(_ error: Error) {
        if error is DockerError || (error as? StepFailure)?.error is DockerError { add(\.dockerErrors) }
    }

    func count(_ action: ReconcileAction) {
        switch action {
        case .create: add(\.created)
        case .start: add(\.started)
        case .stop: add(\.stopped)
        case .restart: add(\.restarted)
        case .remove: add(\.removed)
        }
    }

    func log(_ logger: Logger, outcome: String) {
        let c = snapshot
        logger.info("run finished", metadata: [
            "run_id": "\(runID)", "host": "\(hostKey)", "outcome": "\(outcome)", "jobs_done": "\(c.jobsDone)",
            "created": "\(c.created)", "started": "\(c.started)", "stopped": "\(c.stopped)", "restarted": "\(c.restarted)",
            "removed": "\(c.removed)", "recreated": "\(c.recreated)", "orphans_removed": "\(c.orphansRemoved)",
            "sweeps": "\(c.sweeps)", "swept": "\(c.swept)", "converged": "\(c.converged)", "failed": "\(c.failed)",
            "postponed": "\(c.postponed)", "docker_errors": "\(c.dockerErrors)",
            "leases_lost": "\(c.leasesLost)", "log_captures": "\(c.logCaptures)", "errors": "\(c.errors)",
            "sweep_ms": "\(rounded(c.sweepMilliseconds))", "capture_ms": "\(rounded(c.captureMilliseconds))",
            "duration_ms": "\(Int(elapsedSeconds * 1000))",
        ])
    }

    /// Runs `body` and adds its duration to a phase's total.
    @discardableResult
    func timed<T, E: Error>(_ phase: WritableKeyPath<Counts, Double>, _ body: () throws(E) -> T) throws(E) -> T {
        let clock = ContinuousClock()
        let start = clock.now
        defer {
            let elapsed = clock.now - start
            let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
            lock.withLock { counts[keyPath: phase] += milliseconds }
        }
        return try body()
    }

    private func rounded(_ milliseconds: Double) -> String { String(format: "%.1f", milliseconds) }
}
