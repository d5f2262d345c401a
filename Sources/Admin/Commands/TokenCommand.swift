import ArgumentParser
import Core
import Store

struct TokenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token", abstract: "Manage tenants' API tokens.", subcommands: [Create.self, List.self, Revoke.self])

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a token; the token itself is printed once, alone on the last line.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "Tenant name or id.") var tenant: String
        @Option(help: "A name for the token (a DNS label), e.g. the panel or script using it.") var name = "default"
        @Option(help: "Lifetime, e.g. 90d, 12h (default: no expiry).") var expires: Duration?

        private struct Created: Encodable {
            let id: String
            let name: String?
            let tenantID: String
            let expiresAt: String?
            let token: String
            enum CodingKeys: String, CodingKey {
                case id, name, token
                case tenantID = "tenant_id"
                case expiresAt = "expires_at"
            }
        }

        func run() throws {
            let database = try openDatabase(options)
            let owner = try TenantStore(database).resolve(tenant)
            let created = try TokenStore(database).create(
                tenantID: owner.id, try TokenCreation(name: name, expiresInSeconds: expires?.seconds), actor: .cli)
            let info = created.info
            try output(Created(id: info.id, name: info.name, tenantID: owner.id, expiresAt: info.expiresAt, token: created.token),
                       json: options.json) {
                ["id: \(info.id)", "name: \(name)", "tenant: \(owner.id) (\(owner.name))", "expires: \(info.expiresAt ?? "never")", created.token]
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List a tenant's tokens (never their secrets).")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "Tenant name or id.") var tenant: String

        func run() throws {
            let database = try openDatabase(options)
            let tokens = try TokenStore(database).list(tenantID: TenantStore(database).resolve(tenant).id)
            try output(tokens, json: options.json) {
                table(["ID", "NAME", "CREATED", "EXPIRES", "REVOKED"],
                      tokens.map { [$0.id, $0.name ?? "-", $0.createdAt, $0.expiresAt ?? "never", $0.revoked ? "yes" : "no"] })
            }
        }
    }

    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a token, given the token itself or its id.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The token or its id (tok_…).") var tokenOrID: String

        func run() throws {
            let revoked = try TokenStore(openDatabase(options)).revoke(tokenOrID, actor: .cli)
            try output(["id": revoked.id, "revoked": "true"], json: options.json) { ["revoked \(revoked.id)"] }
        }
    }
}
