import ArgumentParser
import Config
import Foundation
import Store

/// Options every subcommand takes.
struct GlobalOptions: ParsableArguments {
    @Option(help: "The config file (default: $DRO_CONFIG, else \(DROConfig.defaultPath)).")
    var config: String?

    @Flag(help: "Print the result as JSON.")
    var json = false
}

/// Schema versions this build of dro-admin works with, besides `migrate` itself.
let adminSchema = SchemaCompatibility(minimum: 1)

/// Opens the database as the admin user, checking the schema version unless migrating.
func openDatabase(_ options: GlobalOptions, checkSchema: Bool = true) throws -> Database {
    let config = try DROConfig.load(path: options.config)
    StoreLibrary.initialize()
    let database = try Database(config: config.database, role: .admin)
    if checkSchema { try Migrator.check(database, adminSchema, binary: "dro-admin") }
    return database
}

/// Prints `value` as JSON with --json, else the human lines.
func output<T: Encodable>(_ value: T, json: Bool, human: () -> [String]) throws {
    if json {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        print(String(decoding: try encoder.encode(value), as: UTF8.self))
    } else {
        human().forEach { print($0) }
    }
}

/// Left-aligned columns for human output.
func table(_ header: [String], _ rows: [[String]]) -> [String] {
    let all = [header] + rows
    let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
    return all.map { row in
        row.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }
            .joined(separator: "  ").trimmingCharacters(in: .whitespaces)
    }
}
