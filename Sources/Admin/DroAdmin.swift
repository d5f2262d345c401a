import ArgumentParser

/// `dro-admin`: the operator's CLI. Scripts and panels call its forms, so they are stable.
@main
struct DroAdmin: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dro-admin",
        abstract: "Operate DRO Cloud: schema, tenants, tokens, regions, hosts, quotas, operator tokens, events and retention.",
        subcommands: [
            MigrateCommand.self, TenantCommand.self, TokenCommand.self, RegionCommand.self, HostCommand.self,
            QuotaCommand.self, AllocationCommand.self, OperatorTokenCommand.self, EventsCommand.self, PolicyCommand.self, PurgeCommand.self,
        ])
}
