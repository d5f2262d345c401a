import ArgumentParser
import CronRun
import Config
import CryptoPrimitives
import Foundation
import LineLogging
import Logging
import Store

/// `dro-webhooks`: run by cron; posts each settled event to the webhook endpoints it matches, in
/// order per endpoint, at least once, signed with the endpoint's secret. Overlapping runs (or
/// runs on several hosts) are safe: an endpoint is delivered by the run holding its lease.
@main
struct DroWebhooks: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dro-webhooks", abstract: "Deliver DRO Cloud's events to the registered webhook endpoints.")

    /// The oldest schema this build works with (`webhooks.last_claimed_at`); later additive ones are accepted too.
    static let schema = SchemaCompatibility(minimum: 9)

    @OptionGroup var length: RunLength

    @Option(help: "The config file (default: $DRO_CONFIG, else \(DROConfig.defaultPath)).")
    var config: String?

    func run() throws {
        LoggingSystem.bootstrap(LineLogHandler.init)
        var logger = Logger(label: "dro-webhooks")
        let summary = DeliverySummary(runID: try SecureRandom.identifier(prefix: "run", bytes: 6))
        logger[metadataKey: "run_id"] = "\(summary.runID)"
        do {
            let settings = try DROConfig.load(path: config)
            StoreLibrary.initialize()
            try Migrator.check(Database(config: settings.database, role: .webhooks), Self.schema, binary: "dro-webhooks")
            let delivery = DeliverySettings(
                config: settings, key: try settings.webhooks.loadKey(), owner: LeaseOwner.current().description, seconds: length.seconds,
                summary: summary, logger: logger)
            try DeliveryRun(settings: delivery).run()
            summary.log(logger, outcome: "ok")
        } catch {
            logger.error("run failed: \(error)")
            summary.add(\.errors)
            summary.log(logger, outcome: "failed")
            throw ExitCode(1)
        }
    }
}
