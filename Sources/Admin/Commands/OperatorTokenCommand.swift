import ArgumentParser
import Store

struct OperatorTokenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "operator-token", abstract: "Manage operator tokens (droa_…), valid only on the operator API under /v1/admin/.",
        subcommands: [Create.self, List.self, Revoke.self])

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create an operator token; the token itself is printed once, alone on the last line.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "A unique name (a DNS label); events record the token's actions under it.") var name: String
        @Flag(help: "May only read: every mutation answers 403 forbidden.") var readOnly = false

        private struct Created: Encodable {
            let id: String
            let name: String
            let token: String
            let readOnly: Bool
            enum CodingKeys: String, CodingKey {
                case id, name, token
                case readOnly = "read_only"
            }
        }

        func run() throws {
            let (info, token) = try OperatorTokenStore(openDatabase(options)).create(name: name, readOnly: readOnly)
            try output(Created(id: info.id, name: info.name, token: token, readOnly: info.readOnly), json: options.json) {
                ["id: \(info.id)", "name: \(info.name)", "read-only: \(info.readOnly ? "yes" : "no")", token]
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List operator tokens (never their secrets).")
        @OptionGroup var options: GlobalOptions

        func run() throws {
            let tokens = try OperatorTokenStore(openDatabase(options)).list()
            try output(tokens, json: options.json) {
                table(["ID", "NAME", "READ-ONLY", "CREATED", "REVOKED"],
                      tokens.map { [$0.id, $0.name, $0.readOnly ? "yes" : "no", $0.createdAt, $0.revoked ? "yes" : "no"] })
            }
        }
    }

    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke an operator token by name, id or the token itself.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The token's name, id (opt_…) or the token.") var reference: String

        func run() throws {
            let id = try OperatorTokenStore(openDatabase(options)).revoke(reference)
            try output(["id": id, "revoked": "true"], json: options.json) { ["revoked \(id)"] }
        }
    }
}
