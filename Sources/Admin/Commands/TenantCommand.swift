import ArgumentParser
import Store

struct TenantCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tenant", abstract: "Manage tenants.", subcommands: [Create.self, Suspend.self, Resume.self])

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a tenant; prints its id.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The tenant's name (a DNS label).") var name: String

        func run() throws {
            let tenant = try TenantStore(openDatabase(options).connection).create(name: name)
            try output(tenant, json: options.json) { [tenant.id] }
        }
    }

    struct Suspend: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Suspend a tenant: its tokens get 403 forbidden.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "Tenant name or id.") var tenant: String

        func run() throws { try setSuspended(true, tenant, options) }
    }

    struct Resume: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Lift a tenant's suspension.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "Tenant name or id.") var tenant: String

        func run() throws { try setSuspended(false, tenant, options) }
    }
}

private func setSuspended(_ suspended: Bool, _ nameOrID: String, _ options: GlobalOptions) throws {
    let store = TenantStore(try openDatabase(options).connection)
    let tenant = try store.resolve(nameOrID)
    try store.setSuspended(tenant.id, suspended)
    let updated = try store.resolve(tenant.id)
    try output(updated, json: options.json) { ["\(updated.id) \(suspended ? "suspended" : "active")"] }
}
