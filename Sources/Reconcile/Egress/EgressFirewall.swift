import Core
import Foundation

/// Keeps the iptables rules that stop tenant containers from opening connections to the host's
/// own services (INPUT) and to other tenants' networks (DOCKER-USER), idempotently. Replies to
/// connections the host opened (published ports) and outbound traffic still flow.
struct EgressFirewall {
    private static let inputChain = "DRO-INPUT"
    private static let isolationChain = "DRO-ISOLATION"
    private let bridges = ManagedNames.bridgePattern

    /// Creates the chains and their fixed rules if missing, and allows traffic within each bridge.
    func ensure(bridges existing: [String]) throws {
        try Self.lock.withLock { try ensureLocked(bridges: existing) }
    }

    private func ensureLocked(bridges existing: [String]) throws {
        try chain(Self.inputChain)
        try rule(Self.inputChain, ["-i", bridges, "-m", "conntrack", "--ctstate", "ESTABLISHED,RELATED", "-j", "RETURN"])
        try rule(Self.inputChain, ["-i", bridges, "-j", "DROP"])
        try jump(from: "INPUT", to: Self.inputChain)

        try chain(Self.isolationChain)
        try rule(Self.isolationChain, ["-i", bridges, "-o", bridges, "-j", "DROP"])
        try jump(from: "DOCKER-USER", to: Self.isolationChain)
        for bridge in existing { try allowLocked(bridge: bridge) }
        try pruneVanishedBridges()
    }

    /// Lets containers of one tenant network talk to each other (bridged traffic passes FORWARD
    /// when br_netfilter is on, as Docker sets it).
    func allow(bridge: String) throws {
        try Self.lock.withLock { try allowLocked(bridge: bridge) }
    }

    private func allowLocked(bridge: String) throws {
        try rule(Self.isolationChain, ["-i", bridge, "-o", bridge, "-j", "RETURN"], first: true)
    }

    /// Drops the allow rules of bridges the kernel no longer has (their network was removed), so
    /// the chain does not grow with tenant churn. Judged by the device, not by this host key's
    /// networks: another host key sharing the dockerd keeps its rules.
    private func pruneVanishedBridges() throws {
        let listing = try iptables(["-S", Self.isolationChain], output: true).output
        for line in listing.split(separator: "\n") {
            let words = line.split(separator: " ").map(String.init)
            guard words.count == 8, words[2] == "-i", words[4] == "-o", words[3] == words[5],
                  words[6...] == ["-j", "RETURN"], words[3] != bridges,
                  !FileManager.default.fileExists(atPath: "/sys/class/net/\(words[3])")
            else { continue }
            try iptables(["-D", Self.isolationChain] + Array(words[2...]), check: false)
        }
    }

    private func chain(_ name: String) throws {
        if try iptables(["-n", "-L", name], check: false).status != 0 { try iptables(["-N", name]) }
    }

    private func jump(from chain: String, to target: String) throws {
        try rule(chain, ["-j", target], first: true)
    }

    private func rule(_ chain: String, _ spec: [String], first: Bool = false) throws {
        guard try iptables(["-C", chain] + spec, check: false).status != 0 else { return }
        try iptables((first ? ["-I", chain, "1"] : ["-A", chain]) + spec)
    }

    /// Serialises this process's iptables calls: a check-then-insert from two worker threads
    /// would add a rule twice.
    private static let lock = NSLock()

    /// Runs iptables (waiting up to 5 s for the xtables lock); stdout is kept when asked for.
    @discardableResult
    private func iptables(_ arguments: [String], check: Bool = true, output: Bool = false) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/sbin/iptables")
        process.arguments = ["-w", "5"] + arguments
        let errors = Pipe()
        let standardOutput = Pipe()
        process.standardError = errors
        process.standardOutput = output ? standardOutput : FileHandle.nullDevice
        try process.run()
        let printed = output ? standardOutput.fileHandleForReading.readDataToEndOfFile() : Data()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        if check, process.terminationStatus != 0 {
            throw EgressError("iptables \(arguments.joined(separator: " ")) failed: \(String(decoding: message, as: UTF8.self))")
        }
        return (process.terminationStatus, String(decoding: printed, as: UTF8.self))
    }
}

struct EgressError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
