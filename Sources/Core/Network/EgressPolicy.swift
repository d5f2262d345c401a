/// Where tenant containers may open connections (besides their own network): not to private,
/// loopback, link-local (cloud metadata among them), CGNAT or multicast ranges, not to the
/// operator's platform networks, not to TCP 25; the public internet stays reachable. An operator
/// may open ranges for the whole installation or for one tenant (its own database server, say).
public struct EgressPolicy: Sendable, Hashable {
    /// Blocked for every tenant unless opened.
    public static let privateRanges: [IPv4CIDR] = [
        IPv4CIDR(10, 0, 0, 0, prefix: 8), IPv4CIDR(172, 16, 0, 0, prefix: 12), IPv4CIDR(192, 168, 0, 0, prefix: 16),
        IPv4CIDR(100, 64, 0, 0, prefix: 10), IPv4CIDR(169, 254, 0, 0, prefix: 16), IPv4CIDR(127, 0, 0, 0, prefix: 8),
        IPv4CIDR(224, 0, 0, 0, prefix: 4),
    ]

    /// `reconciler.blocked_cidrs`: the operator's own platform networks, on top of the above.
    public let blocked: [IPv4CIDR]
    /// `reconciler.allowed_egress_cidrs`: opened for every tenant of the installation.
    public let allowed: [IPv4CIDR]
    /// Outbound SMTP (TCP 25): spam from a hosting platform gets its addresses blocklisted.
    public let blockSMTP: Bool

    public init(blocked: [IPv4CIDR] = [], allowed: [IPv4CIDR] = [], blockSMTP: Bool = true) {
        self.blocked = blocked
        self.allowed = allowed
        self.blockSMTP = blockSMTP
    }

    /// How many rules come before the per-tenant ones: a tenant's opened ranges are inserted
    /// right after them.
    public static let leadingRules = 2

    /// The egress chain, in order, as `iptables -S` prints each rule after `-A CHAIN`, given the
    /// bridge device of each tenant that has ranges of its own: first the accepts (replies,
    /// traffic within a tenant's bridge — the isolation chain already dropped traffic between
    /// bridges —, each tenant's opened ranges, the installation's), then the drops of new
    /// connections.
    public func rules(bridgePattern: String, tenantAllows: [String: [IPv4CIDR]]) -> [[String]] {
        var rules = fixedRules(bridgePattern: bridgePattern)
        let tenantRules = tenantAllows.keys.sorted().flatMap { bridge in
            Set(tenantAllows[bridge] ?? []).sorted().map { Self.tenantRule(bridge: bridge, cidr: $0) }
        }
        rules.insert(contentsOf: tenantRules, at: Self.leadingRules)
        return rules
    }

    /// The rule that opens `cidr` to one tenant bridge.
    public static func tenantRule(bridge: String, cidr: IPv4CIDR) -> [String] {
        ["-i", bridge, "-d", cidr.description, "-j", "RETURN"]
    }

    /// The chain without any tenant's ranges: the same for every installation that shares a host
    /// with the same policy.
    public func fixedRules(bridgePattern: String) -> [[String]] {
        let from = ["-i", bridgePattern]
        var rules: [[String]] = [
            from + ["-m", "conntrack", "--ctstate", "RELATED,ESTABLISHED", "-j", "RETURN"],
            from + ["-o", bridgePattern, "-j", "RETURN"],
        ]
        for cidr in Set(allowed).sorted() { rules.append(from + ["-d", cidr.description, "-j", "RETURN"]) }
        for cidr in Self.privateRanges + blocked.filter({ !Self.privateRanges.contains($0) }) {
            rules.append(from + ["-d", cidr.description, "-j", "DROP"])
        }
        if blockSMTP { rules.append(from + ["-p", "tcp", "-m", "tcp", "--dport", "25", "-j", "DROP"]) }
        return rules
    }
}
