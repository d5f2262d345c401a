import Config
import Core
import Foundation
import Logging
import ReconcileTextfile
import Store

/// Writes the run's figures to node_exporter's textfile (`reconciler.metrics_textfile`), after
/// every run, failed ones included. Best effort: the run's outcome never depends on it.
enum RunTextfile {
    static func write(_ summary: RunSummary, succeeded: Bool, _ settings: DROConfig?, _ logger: Logger) {
        guard let settings, let path = settings.reconciler.metricsTextfile(hostKey: summary.hostKey) else { return }
        let counts = summary.snapshot
        let figures = ReconcileRunFigures(
            hostKey: summary.hostKey, endedAt: Date().timeIntervalSince1970, succeeded: succeeded,
            durationSeconds: summary.elapsedSeconds, jobsDone: counts.jobsDone, containersConverged: counts.converged,
            containerFailures: counts.failed, dockerErrors: counts.dockerErrors, sweepSeconds: counts.sweepMilliseconds / 1000,
            containersByState: succeeded ? containersByState(summary.hostKey, settings, logger) : nil)
        do {
            try AtomicFile.update(path) { previous in
                ReconcileTextfile.render(figures, carrying: carried(previous, summary.hostKey, path, logger))
            }
        } catch {
            logger.warning("cannot write the metrics textfile: \(error)")
        }
    }

    /// What the previous file carries; a malformed one is replaced and its counters start from zero.
    private static func carried(_ previous: String?, _ hostKey: String, _ path: String, _ logger: Logger) -> ReconcileTextfile.Carried {
        do {
            return try ReconcileTextfile.carried(from: previous, hostKey: hostKey)
        } catch {
            logger.warning("the previous metrics textfile is malformed; its counters start from zero", metadata: [
                "path": "\(path)", "error": "\(error)",
            ])
            return .zero
        }
    }

    /// Every observed state, zero included, so a state's series never vanishes; nil when the
    /// database cannot be read (only after a successful run is it asked at all).
    private static func containersByState(_ hostKey: String, _ settings: DROConfig, _ logger: Logger) -> [String: Int]? {
        do {
            let counts = try ContainerObservations(Database(config: settings.database, role: .reconciler)).countsByState(hostKey: hostKey)
            return Dictionary(uniqueKeysWithValues: ObservedState.allCases.map { ($0.rawValue, counts[$0] ?? 0) })
        } catch {
            logger.warning("cannot count the host's containers for the metrics textfile: \(error)")
            return nil
        }
    }
}
