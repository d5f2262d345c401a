import ArgumentParser
import CronRun
import Config
import CryptoPrimitives
import DockerEngine
import Foundation
import LineLogging
import Logging
import Store

/// `dro-reconcile`: run by cron on every fleet host; materialises the host's desired state on
/// Docker and repairs drift. Exits non-zero when the database or Docker cannot be reached.
@main
struct DroReconcile: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dro-reconcile",
        abstract: "Converge one fleet host's containers on Docker with the desired state in MariaDB.")

    /// The oldest schema this build works with; later additive ones are accepted too.
    static let schema = SchemaCompatibility(minimum: 6)

    @Option(help: "The fleet host this run reconciles (as added with `dro-admin host add`).")
    var hostKey: String

    @OptionGroup var length: RunLength

    @Option(help: "The config file (default: $DRO_CONFIG, else \(DROConfig.defaultPath)).")
    var config: String?

    func run() throws {
        LoggingSystem.bootstrap(LineLogHandler.init)
        var logger = Logger(label: "dro-reconcile")
        let summary = RunSummary(runID: try SecureRandom.identifier(prefix: "run", bytes: 6), hostKey: hostKey)
        logger[metadataKey: "run_id"] = "\(summary.runID)"
        let textfile = RunTextfile(summary: summary)
        do {
            let settings = try DROConfig.load(path: config)
            StoreLibrary.initialize()
            try Migrator.check(Database(config: settings.database, role: .reconciler), Self.schema, binary: "dro-reconcile")
            let run = try RunSettings(config: settings, hostKey: hostKey, summary: summary, logger: logger)
            try ReconcileRun(settings: run, session: Session(run), textfile: textfile).run(for: length.seconds)
            summary.log(logger, outcome: "ok")
            recordOutcome("ok", detail: nil, settings, logger)
            textfile.finish(succeeded: true, settings, logger)
        } catch {
            logger.error("run failed: \(error)")
            summary.add(\.errors)
            summary.countIfDocker(error)
            summary.log(logger, outcome: "failed")
            let settings = try? DROConfig.load(path: config)
            recordOutcome("failed", detail: "\(error)", settings, logger)
            textfile.finish(succeeded: false, settings, logger)
            throw ExitCode(1)
        }
    }

    /// Shows how the run ended in the admin hosts view; best effort (the database may be why it failed).
    private func recordOutcome(_ outcome: String, detail: String?, _ settings: DROConfig?, _ logger: Logger) {
        guard let settings else { return }
        do {
            try FleetStore(Database(config: settings.database, role: .reconciler)).recordRun(hostKey, outcome: outcome, detail: detail)
        } catch {
            logger.warning("cannot record the run's outcome: \(error)")
        }
    }
}
