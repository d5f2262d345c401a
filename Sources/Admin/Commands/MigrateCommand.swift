import ArgumentParser
import Store

struct MigrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "migrate", abstract: "Apply pending schema migrations (idempotent).")

    @OptionGroup var options: GlobalOptions

    private struct Result: Encodable {
        let applied: [Int]
        let version: Int
    }

    func run() throws {
        let database = try openDatabase(options, checkSchema: false)
        let applied = try Migrator(database: database).migrate()
        let version = try Migrator.currentVersion(database)
        try output(Result(applied: applied, version: version), json: options.json) {
            applied.isEmpty ? ["schema is up to date at version \(version)"] : ["applied migrations \(applied.map(String.init).joined(separator: ", ")); schema is at version \(version)"]
        }
    }
}
