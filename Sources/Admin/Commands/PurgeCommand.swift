import ArgumentParser
import Config
import Store

struct PurgeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "purge",
        abstract: "Apply retention: deleted containers past the retention period, finished jobs, expired idempotency keys, old events, logs of purged containers.")

    @OptionGroup var options: GlobalOptions

    func run() throws {
        let config = try DROConfig.load(path: options.config)
        let database = try openDatabase(options)
        let report = try Purge(database: database, retention: config.retention).run()
        try output(report, json: options.json) {
            ["purged \(report.containers) containers, \(report.jobs) jobs, \(report.idempotencyKeys) idempotency keys, \(report.events) events, \(report.logs) logs"]
        }
    }
}
