import ArgumentParser
import Core
import Store

struct TenantCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tenant", abstract: "Manage tenants.",
        subcommands: [Create.self, List.self, Show.self, Suspend.self, Resume.self, Delete.self, Egress.self])

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a tenant; prints its id. With --external-ref, a live tenant of that reference and name is answered instead.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The tenant's name (a DNS label).") var name: String
        @Option(help: "The panel's own id for this tenant (1–128 printable characters).") var externalRef: String?

        func run() throws {
            let creation = try TenantCreation(name: name, externalRef: externalRef)
            let tenant = try TenantLifecycle(openDatabase(options)).create(creation, actor: .cli).tenant
            try output(tenant, json: options.json) { [tenant.id] }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List tenants, oldest first.")
        @OptionGroup var options: GlobalOptions
        @Option(help: "Only this status: active, suspended, deleting or deleted.") var status: String?
        @Option(help: "Only the tenant with this external_ref.") var externalRef: String?

        func run() throws {
            let filter = TenantFilter(externalRef: externalRef, status: try status.map { try TenantStatus(json: .string($0), field: "status") })
            let store = TenantStore(try openDatabase(options))
            var tenants = [Tenant]()
            var cursor: String?
            repeat {
                let page = try store.list(filter, cursor: cursor, limit: Limits.listMaxLimit)
                tenants += page.tenants
                cursor = page.nextCursor
            } while cursor != nil
            try output(tenants, json: options.json) {
                table(["ID", "NAME", "STATUS", "EXTERNAL_REF", "CREATED"],
                      tenants.map { [$0.id, $0.name, $0.status.rawValue, $0.externalRef ?? "-", $0.createdAt] })
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a tenant with its allocations and container count.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "Tenant name or id.") var tenant: String

        func run() throws {
            let store = TenantStore(try openDatabase(options))
            let detail = try store.detail(try store.resolve(tenant).id)
            try output(detail, json: options.json) {
                let t = detail.tenant
                return ["\(t.name) (\(t.id)) \(t.status.rawValue)", "external_ref: \(t.externalRef ?? "-")",
                        "containers: \(detail.containerCount)"] + detail.allocations.map { "allocation \($0.scope)" }
            }
        }
    }

    struct Suspend: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Suspend a tenant: its tokens get 403 forbidden and its containers stop within a sweep.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "Tenant name or id.") var tenant: String

        func run() throws { try setSuspended(true, tenant, options) }
    }

    struct Resume: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Lift a tenant's suspension: what it stopped runs again.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "Tenant name or id.") var tenant: String

        func run() throws { try setSuspended(false, tenant, options) }
    }

    struct Delete: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Terminate a tenant: delete its containers, revoke its tokens, remove its allocations.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "Tenant name or id.") var tenant: String
        @Flag(help: "Also mark its containers on disabled (dead) hosts removed.") var force = false

        func run() throws {
            let database = try openDatabase(options)
            let updated = try TenantLifecycle(database).terminate(try TenantStore(database).resolve(tenant).id, force: force, actor: .cli)
            try output(updated, json: options.json) { ["\(updated.id) \(updated.status.rawValue)"] }
        }
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
            let database = try openDatabase(options)
            let owner = try TenantStore(database).resolve(tenant)
            let updated = try TenantLifecycle(database).change(owner.id, TenantChange(allowedEgressCIDRs: cidrs), actor: .cli)
            try output(["tenant": owner.id, "allowed_egress_cidrs": updated.allowedEgressCIDRs.joined(separator: ",")], json: options.json) {
                ["tenant \(owner.name) (\(owner.id)) may reach: \(cidrs.isEmpty ? "nothing beyond the platform's rules" : cidrs.map(\.description).joined(separator: ", "))"]
            }
        }
    }
}

private func setSuspended(_ suspended: Bool, _ nameOrID: String, _ options: GlobalOptions) throws {
    let database = try openDatabase(options)
    let updated = try TenantLifecycle(database).setSuspended(try TenantStore(database).resolve(nameOrID).id, suspended, actor: .cli)
    try output(updated, json: options.json) { ["\(updated.id) \(updated.status.rawValue)"] }
}
