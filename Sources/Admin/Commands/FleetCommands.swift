import ArgumentParser
import Store

struct RegionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "region", abstract: "Manage regions.", subcommands: [Create.self])

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a region (no error if it exists).")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The region's name (a DNS label).") var name: String

        func run() throws {
            let created = try FleetStore(openDatabase(options).connection).createRegion(name)
            try output(["region": name, "created": "\(created)"], json: options.json) {
                [created ? "created region \(name)" : "region \(name) already exists"]
            }
        }
    }
}

struct HostCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "host", abstract: "Manage fleet hosts.", subcommands: [Add.self, Disable.self, Enable.self, List.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a fleet host (its region is created if needed).")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The host key its reconciler runs with.") var hostKey: String
        @Option(help: "The host's region.") var region: String

        func run() throws {
            let store = FleetStore(try openDatabase(options).connection)
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
        static let configuration = CommandConfiguration(abstract: "List fleet hosts with their reported capacity.")
        @OptionGroup var options: GlobalOptions

        func run() throws {
            let hosts = try FleetStore(openDatabase(options).connection).hosts()
            try output(hosts, json: options.json) {
                table(["HOST", "REGION", "ENABLED", "CPUS", "MEMORY", "LAST SEEN"], hosts.map {
                    [$0.hostKey, $0.region, $0.enabled ? "yes" : "no", $0.cpuCount.map(String.init) ?? "-",
                     $0.memBytes.map(String.init) ?? "-", $0.lastSeenAt ?? "never"]
                })
            }
        }
    }
}

private func setEnabled(_ enabled: Bool, _ hostKey: String, _ options: GlobalOptions) throws {
    let store = FleetStore(try openDatabase(options).connection)
    try store.setEnabled(hostKey, enabled)
    let host = try store.host(hostKey)!
    try output(host, json: options.json) { ["host \(hostKey) \(enabled ? "enabled" : "disabled (draining)")"] }
}
