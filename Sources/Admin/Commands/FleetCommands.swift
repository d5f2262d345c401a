import ArgumentParser
import Core
import Foundation
import Store

struct RegionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "region", abstract: "Manage regions.", subcommands: [Create.self, List.self])

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a region (no error if it exists).")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The region's name (a DNS label).") var name: String

        func run() throws {
            let created = try FleetOperations(openDatabase(options)).createRegion(name, actor: .cli)
            try output(["region": name, "created": "\(created)"], json: options.json) {
                [created ? "created region \(name)" : "region \(name) already exists"]
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the regions.")
        @OptionGroup var options: GlobalOptions

        func run() throws {
            let regions = try FleetStore(openDatabase(options)).regions()
            try output(regions, json: options.json) { table(["REGION", "CREATED"], regions.map { [$0.name, $0.createdAt] }) }
        }
    }
}

struct HostCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "host", abstract: "Manage fleet hosts.", subcommands: [Add.self, Disable.self, Enable.self, List.self, SetAddress.self, Roll.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a fleet host (its region is created if needed).")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The host key its reconciler runs with.") var hostKey: String
        @Option(help: "The host's region.") var region: String

        func run() throws {
            let database = try openDatabase(options)
            let registration = try HostRegistration(hostKey: hostKey, region: region, publicAddress: nil)
            let added = try FleetOperations(database).addHost(registration, actor: .cli)
            let host = try requireHost(hostKey, database)
            try output(host, json: options.json) { [added ? "added host \(hostKey) in region \(region)" : "host \(hostKey) already exists in region \(region)"] }
        }
    }

    struct Disable: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Drain a host: no new placements; what runs there keeps running.")
        @OptionGroup var options: GlobalOptions
        @Argument var hostKey: String

        func run() throws { try setEnabled(false, hostKey, options) }
    }

    struct Enable: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Accept new placements on a host again.")
        @OptionGroup var options: GlobalOptions
        @Argument var hostKey: String

        func run() throws { try setEnabled(true, hostKey, options) }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List fleet hosts with their reported capacity, address and egress-policy state.")
        @OptionGroup var options: GlobalOptions

        func run() throws {
            let hosts = try HostAdminView.read(openDatabase(options))
            try output(hosts, json: options.json) {
                table(["HOST", "REGION", "ENABLED", "CPUS", "MEMORY", "LAST SEEN", "LAST RUN", "QUEUED", "ADDRESS", "POLICY"], hosts.map { status in
                    let host = status.host
                    return [host.hostKey, host.region, host.enabled ? "yes" : "no", host.cpuCount.map(String.init) ?? "-",
                            host.memBytes.map(String.init) ?? "-", host.lastSeenAt ?? "never",
                            status.lastRunAt.map { "\($0) \(status.lastRunOutcome ?? "")" } ?? "never",
                            "\(status.queuedJobs)\(status.oldestQueuedSeconds.map { String(format: " (oldest %.0fs)", $0) } ?? "")",
                            host.publicAddress ?? "-", status.policyError.map { "FAILING CLOSED: \($0)" } ?? "ok"]
                })
            }
        }
    }
}

private func requireHost(_ hostKey: String, _ database: Database) throws -> HostView {
    guard let host = try FleetStore(database).host(hostKey) else { throw ValidationError("no host '\(hostKey)'") }
    return host
}

private func setEnabled(_ enabled: Bool, _ hostKey: String, _ options: GlobalOptions) throws {
    let database = try openDatabase(options)
    try FleetOperations(database).setEnabled(hostKey, enabled, actor: .cli)
    let host = try requireHost(hostKey, database)
    try output(host, json: options.json) { ["host \(hostKey) \(enabled ? "enabled" : "disabled (draining)")"] }
}

extension HostCommand {
    struct SetAddress: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set-address",
            abstract: "Set the address tenants reach the host's published ports on (shown as each port's host_ip).")
        @OptionGroup var options: GlobalOptions
        @Argument var hostKey: String
        @Argument(help: "An IP address or DNS name.") var address: String?
        @Flag(help: "Clear it: ports show the address Docker bound them to.") var clear = false

        func validate() throws {
            guard (address == nil) == clear else { throw ValidationError("give an address or --clear") }
        }

        func run() throws {
            let database = try openDatabase(options)
            let parsed = try address.map { text in
                do { return try HostAddress(text) } catch let error as APIError { throw ValidationError(error.message) }
            }
            try FleetOperations(database).update(hostKey, HostChange(publicAddress: .some(parsed)), actor: .cli)
            let host = try requireHost(hostKey, database)
            try output(host, json: options.json) { ["host \(hostKey) public address: \(host.publicAddress ?? "none")"] }
        }
    }

    struct Roll: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recreate, at a bounded pace, the host's containers created under an older container policy "
                + "(same id and name; their file systems reset). Runs until every one was asked for.")
        @OptionGroup var options: GlobalOptions
        @Argument var hostKey: String
        @Option(help: "Recreations asked for per minute (1-600).") var perMinute = 10
        @Flag(help: "List the containers; change nothing.") var dryRun = false

        func validate() throws {
            guard (1...600).contains(perMinute) else { throw ValidationError("--per-minute must be 1 to 600") }
        }

        func run() throws {
            let database = try openDatabase(options)
            guard try FleetStore(database).host(hostKey) != nil else { throw ValidationError("no host '\(hostKey)'") }
            let roll = ContainerRoll(database: database)
            let candidates = try roll.candidates(hostKey: hostKey)
            var asked = [PolicyCandidate]()
            for (index, candidate) in candidates.enumerated() {
                if dryRun {
                    asked.append(candidate)
                    continue
                }
                if index > 0 { Thread.sleep(forTimeInterval: 60 / Double(perMinute)) }
                if try roll.request(candidate, actor: "operator:cli") {
                    asked.append(candidate)
                    if !options.json { print("asked to recreate \(candidate.id) (\(candidate.name))") }
                }
            }
            try output(asked, json: options.json) {
                ["\(dryRun ? "would recreate" : "asked to recreate") \(asked.count) container(s) on \(hostKey) under policy version \(ContainerPolicy.version)"]
                    + (dryRun ? asked.map { "  \($0.id)  \($0.name)  tenant \($0.tenantID)" } : [])
            }
        }
    }
}
