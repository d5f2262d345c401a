import ArgumentParser
import Core
import Store

struct AllocationCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "allocation", abstract: "Remove a tenant's allocation (set caps with `quota set`).", subcommands: [Remove.self])

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove one scope's allocation; running containers keep running.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "Tenant name or id.") var tenant: String
        @Option(help: "A region name, or '*' for tenant-wide.") var scope: String

        func run() throws {
            let database = try openDatabase(options)
            let owner = try TenantStore(database).resolve(tenant)
            try AllocationOperations(database).remove(tenantID: owner.id, scope: QuotaScope(scope), actor: .cli)
            try output(["tenant": owner.id, "scope": scope, "removed": "true"], json: options.json) {
                ["removed allocation \(scope) of \(owner.name) (\(owner.id))"]
            }
        }
    }
}

struct QuotaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quota", abstract: "Manage a tenant's allocations.", subcommands: [Set.self, Show.self])

    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Set caps on one scope; unnamed caps keep their value.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "Tenant name or id.") var tenant: String
        @Option(help: "A region name, or '*' for tenant-wide.") var scope: String
        @Option(help: "Live containers, or 'none'.") var containers: CountCap?
        @Option(help: "vCPUs (fractions allowed), or 'none'.") var cpu: CPUCap?
        @Option(help: "Memory such as 4g, or 'none'.") var memory: MemoryCap?

        func run() throws {
            let database = try openDatabase(options)
            let owner = try TenantStore(database).resolve(tenant)
            let quotaScope = QuotaScope(scope)
            if case .region(let name) = quotaScope, try !FleetStore(database).regionExists(name) {
                throw ValidationError("no region '\(name)'; create it with `dro-admin region create \(name)`")
            }
            // Caps not named keep their value: filled from the current row before the shared operation.
            let current = try AllocationStore(database).allocations(tenantID: owner.id).first { $0.scope == quotaScope }?.caps
            let caps = QuotaCaps(containers: containers.map(\.value) ?? current?.containers, cpuMillis: cpu.map(\.value) ?? current?.cpuMillis,
                                 memBytes: memory.map(\.value) ?? current?.memBytes)
            _ = try AllocationOperations(database).put(tenantID: owner.id, scope: quotaScope, caps: caps, actor: .cli)
            try showQuota(owner, database, options)
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show caps and usage per scope, and any counter drift.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "Tenant name or id.") var tenant: String

        func run() throws {
            let database = try openDatabase(options)
            try showQuota(try TenantStore(database).resolve(tenant), database, options)
        }
    }
}

/// One scope of a tenant's quota: the stored caps and counters, the usage recounted from the
/// rows, and whether they drifted or the usage is over a cap.
struct QuotaReport: Encodable {
    let tenantID: String
    let allocation: AllocationView
    let counted: CountedUsage
    let drift: Bool
    let overCap: Bool

    struct CountedUsage: Encodable {
        let containers: Int64
        let cpu: Double
        let memBytes: Int64
        enum CodingKeys: String, CodingKey {
            case containers, cpu
            case memBytes = "mem_bytes"
        }
    }

    enum CodingKeys: String, CodingKey {
        case allocation, counted, drift
        case tenantID = "tenant_id"
        case overCap = "over_cap"
    }

    /// `used/cap` per dimension.
    var summary: String {
        func cap<T>(_ value: T?) -> String { value.map { "\($0)" } ?? "none" }
        let a = allocation
        return "\(a.usedContainers)/\(cap(a.maxContainers)) containers, \(a.usedCPU)/\(cap(a.maxCPU)) vCPUs, "
            + "\(a.usedMemBytes)/\(cap(a.maxMemBytes)) bytes"
    }
}

/// Every scope of a tenant, recounted.
func quotaReports(tenantID: String, _ database: Database) throws -> [QuotaReport] {
    let store = AllocationStore(database)
    return try store.allocations(tenantID: tenantID).map { allocation in
        let counted = try store.recount(tenantID: tenantID, scope: allocation.scope)
        let usage = allocation.usage
        let caps = allocation.caps
        let over = [(usage.containers, caps.containers), (usage.cpuMillis, caps.cpuMillis), (usage.memBytes, caps.memBytes)]
            .contains { used, cap in cap.map { used > $0 } ?? false }
        return QuotaReport(
            tenantID: tenantID, allocation: AllocationView(allocation),
            counted: .init(containers: counted.containers, cpu: Double(counted.cpuMillis) / 1000, memBytes: counted.memBytes),
            drift: counted != usage, overCap: over)
    }
}

private func showQuota(_ tenant: Tenant, _ database: Database, _ options: GlobalOptions) throws {
    let reports = try quotaReports(tenantID: tenant.id, database)
    try output(reports, json: options.json) {
        ["tenant \(tenant.name) (\(tenant.id))"] + table(
            ["SCOPE", "USED/CAP", "DRIFT"],
            reports.map { report in
                [report.allocation.scope, report.summary,
                 report.drift ? "counted \(report.counted.containers) / \(report.counted.cpu) / \(report.counted.memBytes)" : "none"]
            })
    }
}
