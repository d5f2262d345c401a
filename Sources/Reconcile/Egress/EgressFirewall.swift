import Core
import Foundation

/// Keeps the iptables rules that confine tenant containers, idempotently:
///
/// * `DRO-INPUT` (first in `INPUT`): no new connection from a tenant bridge to the host itself;
/// * `DRO-ISOLATION` (first in `DOCKER-USER`): no traffic between two tenant bridges, while
///   traffic within one bridge is allowed (a rule per live bridge);
/// * `DRO-EGRESS` (next in `DOCKER-USER`): no new connection to private, loopback, link-local,
///   CGNAT and multicast ranges, the operator's blocked ranges or TCP 25, except the ranges the
///   operator opened (`EgressPolicy`). Replies and published ports are unaffected.
///
/// A sync puts the jumps back first in their chains if something moved them. Installations that
/// share a host (a test stack beside a dev stack) share the chains: each manages the per-bridge
/// rules of its own bridges only. The calls of all threads are serialised (a check-then-insert
/// from two threads would add a rule twice).
struct EgressFirewall {
    private static let inputChain = "DRO-INPUT"
    private static let isolationChain = "DRO-ISOLATION"
    private static let egressChain = "DRO-EGRESS"
    private static let lock = NSLock()
    private let bridges = ManagedNames.bridgePattern
    let binary: String
    let policy: EgressPolicy

    /// Brings every chain to what it must be, for the host's live tenant bridges and the ranges
    /// opened per tenant bridge. Throws when iptables fails: the caller fails closed.
    func sync(liveBridges: [String], tenantAllows: [String: [IPv4CIDR]]) throws {
        try Self.lock.withLock {
            try chain(Self.inputChain)
            try rule(Self.inputChain, ["-i", bridges, "-m", "conntrack", "--ctstate", "RELATED,ESTABLISHED", "-j", "RETURN"])
            try rule(Self.inputChain, ["-i", bridges, "-j", "DROP"])
            try jumpsFirst(in: "INPUT", [Self.inputChain])

            try chain(Self.isolationChain)
            try rule(Self.isolationChain, ["-i", bridges, "-o", bridges, "-j", "DROP"])
            for bridge in liveBridges { try allowWithin(bridge) }
            try pruneVanishedBridges()

            try chain(Self.egressChain)
            try syncEgress(ownBridges: Set(liveBridges), tenantAllows: tenantAllows)
            try jumpsFirst(in: "DOCKER-USER", [Self.isolationChain, Self.egressChain])
        }
    }

    /// Lets containers of a new tenant network talk to each other, before any joins it
    /// (bridged traffic passes FORWARD when br_netfilter is on, as Docker sets it).
    func allow(bridge: String) throws {
        try Self.lock.withLock { try allowWithin(bridge) }
    }

    private func allowWithin(_ bridge: String) throws {
        try rule(Self.isolationChain, ["-i", bridge, "-o", bridge, "-j", "RETURN"], first: true)
    }

    /// Drops the allow rules of bridges the kernel no longer has (their network was removed), so
    /// the chain does not grow with tenant churn. Judged by the device, not by this host key's
    /// networks: another host key sharing the dockerd keeps its rules.
    private func pruneVanishedBridges() throws {
        for words in try listing(Self.isolationChain) {
            guard words.count == 8, words[2] == "-i", words[4] == "-o", words[3] == words[5],
                  words[6...] == ["-j", "RETURN"], words[3] != bridges,
                  !FileManager.default.fileExists(atPath: "/sys/class/net/\(words[3])")
            else { continue }
            try iptables(["-D", Self.isolationChain] + Array(words[2...]), check: false)
        }
    }

    /// The egress chain: its fixed rules rewritten in one iptables-restore transaction (no moment
    /// without them) when they differ from the policy's, keeping every tenant rule; then this
    /// host's own bridges get exactly their opened ranges, and rules of vanished bridges go.
    private func syncEgress(ownBridges: Set<String>, tenantAllows: [String: [IPv4CIDR]]) throws {
        let chain = Self.egressChain
        let current = try listing(chain).filter { $0.first == "-A" }.map { Array($0.dropFirst(2)) }
        let isTenantRule = { (rule: [String]) in rule.count == 6 && rule[0] == "-i" && rule[1] != bridges && rule[4...] == ["-j", "RETURN"] }
        let fixed = policy.fixedRules(bridgePattern: bridges)
        var tenantRules = current.filter(isTenantRule)
        if current.filter({ !isTenantRule($0) }) != fixed {
            var rules = fixed
            rules.insert(contentsOf: tenantRules, at: EgressPolicy.leadingRules)
            let lines = rules.map { (["-A", chain] + $0).joined(separator: " ") }
            try run(binary + "-restore", ["-w", "5", "--noflush"], input: (["*filter", ":\(chain) - [0:0]"] + lines + ["COMMIT", ""]).joined(separator: "\n"))
        }
        let wanted = Set(tenantAllows.flatMap { bridge, cidrs in
            ownBridges.contains(bridge) ? cidrs.map { EgressPolicy.tenantRule(bridge: bridge, cidr: $0) } : []
        })
        for rule in tenantRules where !wanted.contains(rule) {
            let bridge = rule[1]
            guard ownBridges.contains(bridge) || !FileManager.default.fileExists(atPath: "/sys/class/net/\(bridge)") else { continue }
            try iptables(["-D", chain] + rule, check: false)
        }
        tenantRules = try listing(chain).filter { $0.first == "-A" }.map { Array($0.dropFirst(2)) }.filter(isTenantRule)
        for rule in wanted.sorted(by: { $0.joined() < $1.joined() }) where !tenantRules.contains(rule) {
            try iptables(["-I", chain, String(EgressPolicy.leadingRules + 1)] + rule)
        }
    }

    /// Puts the jumps to `targets` first in `chain`, in that order.
    private func jumpsFirst(in chain: String, _ targets: [String]) throws {
        let jumps = try listing(chain).filter { $0.first == "-A" }.map { $0.count == 4 && $0[2] == "-j" ? $0[3] : "" }
        guard Array(jumps.prefix(targets.count)) != targets else { return }
        for target in targets {
            while try iptables(["-D", chain, "-j", target], check: false).status == 0 {}
        }
        for target in targets.reversed() { try iptables(["-I", chain, "1", "-j", target]) }
    }

    private func chain(_ name: String) throws {
        if try iptables(["-n", "-L", name], check: false).status != 0 { try iptables(["-N", name]) }
    }

    private func rule(_ chain: String, _ spec: [String], first: Bool = false) throws {
        guard try iptables(["-C", chain] + spec, check: false).status != 0 else { return }
        try iptables((first ? ["-I", chain, "1"] : ["-A", chain]) + spec)
    }

    /// `iptables -S CHAIN`, one array of words per line.
    private func listing(_ chain: String) throws -> [[String]] {
        try iptables(["-S", chain]).output.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
    }

    /// Runs iptables (waiting up to 5 s for the xtables lock).
    @discardableResult
    private func iptables(_ arguments: [String], check: Bool = true) throws -> (status: Int32, output: String) {
        try run(binary, ["-w", "5"] + arguments, check: check)
    }

    @discardableResult
    private func run(_ path: String, _ arguments: [String], input: String? = nil, check: Bool = true) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let errors = Pipe()
        let standardOutput = Pipe()
        let standardInput = Pipe()
        process.standardError = errors
        process.standardOutput = standardOutput
        process.standardInput = input == nil ? FileHandle.nullDevice : standardInput
        do {
            try process.run()
        } catch {
            throw EgressError("cannot run \(path): \(error.localizedDescription)")
        }
        if let input {
            standardInput.fileHandleForWriting.write(Data(input.utf8))
            try? standardInput.fileHandleForWriting.close()
        }
        let printed = standardOutput.fileHandleForReading.readDataToEndOfFile()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        if check, process.terminationStatus != 0 {
            throw EgressError("\(path) \(arguments.joined(separator: " ")) failed: \(String(decoding: message, as: UTF8.self))")
        }
        return (process.terminationStatus, String(decoding: printed, as: UTF8.self))
    }
}

struct EgressError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
