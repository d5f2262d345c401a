import ArgumentParser
import Core
import Store

struct TenantCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tenant", abstract: "Manage tenants.", subcommands: [Create.self, Suspend.self, Resume.self, Egress.self])

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a tenant; prints its id.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The tenant's name (a DNS label).") var name: String

        func run() throws {
            let tenant = try TenantStore(openDatabase(options)).create(name: name)
            try output(tenant, json: options.json) { [tenant.id] }
        }
    }

    struct Suspend: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Suspend a tenant: its tokens get 403 forbidden.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "Tenant name or id.") var tenant: String

        func run() throws { try setSuspended(true, tenant, options) }
    }

    struct Egress: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Open IPv4 ranges (e.g. the tenant's own database server) to the tenant's containers, "
                + "inside the ranges the platform blocks. Replaces the tenant's list; applied within one sweep.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "Tenant name or id.") var tenant: String
        @Option(name: .customLong("allow"), help: "A range such as 10.250.0.0/24 (repeatable).") var ranges: [String] = []
        @Flag(help: "Open nothing beyond the platform's own rules.") var clear = false

        func validate() throws {
            guard ranges.isEmpty == clear else { throw ValidationError("give --allow RANGE (one or more) or --clear") }
        }

        func run() throws {
            let cidrs = try ranges.map { text in
                do { return try IPv4CIDR(text) } catch let error as APIError { throw ValidationError(error.message) }
            }
            let store = TenantStore(try openDatabase(options))
            let owner = try store.resolve(tenant)
            try store.setEgressAllowances(owner.id, cidrs)
            try output(["tenant": owner.id, "allowed_egress_cidrs": cidrs.map(\.description).joined(separator: ",")], json: options.json) {
                ["tenant \(owner.name) (\(owner.id)) may reach: \(cidrs.isEmpty ? "nothing beyond the platform's rules" : cidrs.map(\.description).joined(separator: ", "))"]
            }
        }
    }

    struct Resume: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Lift a tenant's suspension.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "Tenant name or id.") var tenant: String

        func run() throws { try setSuspended(false, tenant, options) }
    }
}

private func setSuspended(_ suspended: Bool, _ nameOrID: String, _ options: GlobalOptions) throws {
    let store = TenantStore(try openDatabase(options))
    let tenant = try store.resolve(nameOrID)
    try store.setSuspended(tenant.id, suspended)
    let updated = try store.resolve(tenant.id)
    try output(updated, json: options.json) { ["\(updated.id) \(suspended ? "suspended" : "active")"] }
}
