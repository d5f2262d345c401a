import ArgumentParser
import Config
import Core
import Store

struct PolicyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy", abstract: "Apply the platform's container policy to existing containers.",
        subcommands: [BackfillLimits.self])

    struct BackfillLimits: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "backfill-limits",
            abstract: "Give live containers without a CPU or memory limit the platform defaults (api.default_cpu_limit, "
                + "api.default_mem_limit): stored, charged to their tenant's quota, and applied by recreating the container.")
        @OptionGroup var options: GlobalOptions
        @Flag(help: "List the containers that would change; change nothing.") var dryRun = false

        private struct Report: Encodable {
            let changed: [PolicyCandidate]
            let dryRun: Bool
            let quota: [QuotaReport]
            enum CodingKeys: String, CodingKey {
                case changed, quota
                case dryRun = "dry_run"
            }
        }

        func run() throws {
            let config = try DROConfig.load(path: options.config)
            let defaults = try PlatformDefaults(cpuLimit: config.api.defaultCPULimit, memLimit: config.api.defaultMemLimit)
            guard defaults != .off else { throw ValidationError("the platform defaults are off (api.default_cpu_limit and api.default_mem_limit are null)") }
            let database = try openDatabase(options)
            let backfill = LimitBackfill(database: database)
            var changed = [PolicyCandidate]()
            for candidate in try backfill.candidates(defaults) {
                let applied = try dryRun || backfill.apply(candidate, defaults, actor: "operator:cli")
                if applied { changed.append(candidate) }
            }
            let tenants = Set(changed.map(\.tenantID)).sorted()
            let quota = try tenants.flatMap { try quotaReports(tenantID: $0, database) }
            try output(Report(changed: changed, dryRun: dryRun, quota: quota), json: options.json) {
                ["\(dryRun ? "would give" : "gave") \(changed.count) container(s) of \(tenants.count) tenant(s) the default limits"]
                    + changed.map { "  \($0.id)  \($0.name)  tenant \($0.tenantID)  host \($0.hostKey)" }
                    + quota.filter(\.overCap).map { "  tenant \($0.tenantID) scope \($0.allocation.scope) is now over a cap: \($0.summary)" }
            }
        }
    }
}
