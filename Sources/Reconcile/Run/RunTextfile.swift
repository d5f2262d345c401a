import Config
import Core
import Foundation
import Logging
import ReconcileTextfile
import Store

/// Writes the run's figures to node_exporter's textfile (`reconciler.metrics_textfile`): after
/// each sweep cycle of a long run (cron's `--for 65` would otherwise report only once a minute,
/// at its end) and at the end of every run, failed ones included. Each write adds to the file's
/// counters only what the run did since its previous write. Best effort: the run's outcome never
/// depends on it. Used by one thread at a time (the run's main thread, then its end).
final class RunTextfile {
    private let summary: RunSummary
    /// The figures of this run that the file's counters already hold.
    private var reported: ReconcileRunFigures?

    init(summary: RunSummary) { self.summary = summary }

    /// A sweep cycle of a run that goes on completed: its figures so far, counted on `database`.
    func progress(_ settings: DROConfig, _ database: Database, _ logger: Logger) {
        write(succeeded: true, ended: false, settings, logger) { self.containersByState($0, database, logger) }
    }

    func finish(succeeded: Bool, _ settings: DROConfig?, _ logger: Logger) {
        guard let settings else { return }
        write(succeeded: succeeded, ended: true, settings, logger) { hostKey in
            // Only after a successful run is the database asked at all; else the previous counts stay.
            guard succeeded, let database = try? Database(config: settings.database, role: .reconciler) else { return nil }
            return self.containersByState(hostKey, database, logger)
        }
    }

    private func write(succeeded: Bool, ended: Bool, _ settings: DROConfig, _ logger: Logger, _ states: (String) -> [String: Int]?) {
        guard let path = settings.reconciler.metricsTextfile(hostKey: summary.hostKey) else { return }
        let counts = summary.snapshot
        let figures = ReconcileRunFigures(
            hostKey: summary.hostKey, endedAt: Date().timeIntervalSince1970, succeeded: succeeded,
            durationSeconds: summary.elapsedSeconds, jobsDone: counts.jobsDone, containersConverged: counts.converged,
            containerFailures: counts.failed, dockerErrors: counts.dockerErrors, sweepSeconds: counts.sweepMilliseconds / 1000,
            containersByState: states(summary.hostKey), ended: ended)
        do {
            try AtomicFile.update(path) { previous in
                ReconcileTextfile.render(figures, carrying: carried(previous, summary.hostKey, path, logger), reported: reported)
            }
            reported = figures
        } catch {
            logger.warning("cannot write the metrics textfile: \(error)")
        }
    }

    /// What the previous file carries; a malformed one is replaced and its counters start from zero.
    private func carried(_ previous: String?, _ hostKey: String, _ path: String, _ logger: Logger) -> ReconcileTextfile.Carried {
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
    /// database cannot be read (the file then keeps the previous counts).
    private func containersByState(_ hostKey: String, _ database: Database, _ logger: Logger) -> [String: Int]? {
        do {
            let counts = try ContainerObservations(database).countsByState(hostKey: hostKey)
            return Dictionary(uniqueKeysWithValues: ObservedState.allCases.map { ($0.rawValue, counts[$0] ?? 0) })
        } catch {
            logger.warning("cannot count the host's containers for the metrics textfile: \(error)")
            return nil
        }
    }
}
