import ArgumentParser
import Core
import Foundation
import Store

struct RegionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "region", abstract: "Manage regions.", subcommands: [Create.self])

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a region (no error if it exists).")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The region's name (a DNS label).") var name: String

        func run() throws {
            let created = try FleetStore(openDatabase(options)).createRegion(name)
            try output(["region": name, "created": "\(created)"], json: options.json) {
                [created ? "created region \(name)" : "region \(name) already exists"]
            }
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
            let store = FleetStore(try openDatabase(options))
            let added = try store.addHost(hostKey, region: region)
            let host = try store.host(hostKey)!
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
            let hosts = try FleetStore(openDatabase(options)).hosts()
            try output(hosts, json: options.json) {
                table(["HOST", "REGION", "ENABLED", "CPUS", "MEMORY", "LAST SEEN", "ADDRESS", "POLICY"], hosts.map { status in
                    let host = status.host
                    return [host.hostKey, host.region, host.enabled ? "yes" : "no", host.cpuCount.map(String.init) ?? "-",
                            host.memBytes.map(String.init) ?? "-", host.lastSeenAt ?? "never", host.publicAddress ?? "-",
                            status.policyError.map { "FAILING CLOSED: \($0)" } ?? "ok"]
                })
            }
        }
    }
}

private func setEnabled(_ enabled: Bool, _ hostKey: String, _ options: GlobalOptions) throws {
    let store = FleetStore(try openDatabase(options))
    try store.setEnabled(hostKey, enabled)
    let host = try store.host(hostKey)!
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
            let store = FleetStore(try openDatabase(options))
            let parsed = try address.map { text in
                do { return try HostAddress(text) } catch let error as APIError { throw ValidationError(error.message) }
            }
            try store.setPublicAddress(hostKey, parsed)
            let host = try store.host(hostKey)!
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
