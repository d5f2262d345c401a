import Testing
@testable import Core

/// a create in region R must fit the R allocation and the `*` allocation, where
/// each exists; the most restrictive wins; NULL caps are no cap; a capped dimension needs a limit.
@Suite("QuotaDecision")
struct QuotaDecisionTests {

    private static func allocation(
        _ scope: String, containers: Int64? = nil, cpuMillis: Int64? = nil, memBytes: Int64? = nil, used: QuotaUsage = QuotaUsage()
    ) -> Allocation {
        Allocation(scope: QuotaScope(scope), caps: QuotaCaps(containers: containers, cpuMillis: cpuMillis, memBytes: memBytes), usage: used)
    }

    private static let fullRequest = ResourceRequest(cpuMillis: 1000, memBytes: 1 * gib)

    private func refusal(_ decision: QuotaDecision, sourceLocation: SourceLocation = #_sourceLocation) -> QuotaRefusal? {
        guard case .exceeded(let refusal) = decision else {
            Issue.record("expected a quota refusal, got \(decision)", sourceLocation: sourceLocation)
            return nil
        }
        return refusal
    }

    @Test("scopes parse and print as stored", arguments: [("*", QuotaScope.global), ("eu", .region("eu")), ("local", .region("local"))])
    func scopes(text: String, scope: QuotaScope) {
        #expect(QuotaScope(text) == scope)
        #expect(scope.description == text)
    }

    @Test("no allocation that applies: refused on containers, scope *, cap 0", arguments: [
        [Allocation](),
        [allocation("us", containers: 100)],
        [allocation("us"), allocation("ap", containers: 5, cpuMillis: 1000, memBytes: gib)],
    ])
    func noAllocation(allocations: [Allocation]) {
        let decision = QuotaDecision.decide(region: "eu", request: Self.fullRequest, allocations: allocations)
        #expect(decision == .exceeded(QuotaRefusal(dimension: .containers, scope: .global, requested: 1, inUse: 0, cap: 0)))
        let error = refusal(decision)?.error
        #expect(error?.code == .quotaExceeded)
        #expect(error?.detail == [
            "dimension": .string("containers"), "scope": .string("*"),
            "requested": .number(1), "in_use": .number(0), "cap": .number(0),
        ])
    }

    @Test("NULL caps are no cap: anything fits, limits are optional", arguments: ["*", "eu"])
    func nullCaps(scope: String) {
        let huge = QuotaUsage(containers: 1_000_000, cpuMillis: 1_000_000_000, memBytes: Int64.max / 2)
        let allocations = [Self.allocation(scope, used: huge)]
        #expect(QuotaDecision.decide(region: "eu", request: Self.fullRequest, allocations: allocations) == .allowed)
        #expect(QuotaDecision.decide(region: "eu", request: ResourceRequest(cpuMillis: nil, memBytes: nil), allocations: allocations) == .allowed)
    }

    /// One dimension capped at `cap` with `used` already in use; the request asks for `requested`.
    struct DimensionCase: Sendable, CustomTestStringConvertible {
        let dimension: QuotaDimension
        let scope: String
        let used: Int64
        let requested: Int64
        let cap: Int64
        var fits: Bool { used + requested <= cap }
        var testDescription: String { "\(dimension) in \(scope): \(used) + \(requested) vs cap \(cap)" }
    }

    static let dimensionCases: [DimensionCase] = ["*", "eu"].flatMap { scope in
        [
            DimensionCase(dimension: .containers, scope: scope, used: 4, requested: 1, cap: 5),   // exactly the cap
            DimensionCase(dimension: .containers, scope: scope, used: 5, requested: 1, cap: 5),   // one above
            DimensionCase(dimension: .containers, scope: scope, used: 0, requested: 1, cap: 0),
            DimensionCase(dimension: .cpu, scope: scope, used: 2500, requested: 1500, cap: 4000),
            DimensionCase(dimension: .cpu, scope: scope, used: 2500, requested: 1501, cap: 4000),
            DimensionCase(dimension: .cpu, scope: scope, used: 0, requested: 256_000, cap: 256_000),
            DimensionCase(dimension: .cpu, scope: scope, used: 1, requested: 256_000, cap: 256_000),
            DimensionCase(dimension: .memory, scope: scope, used: gib / 2, requested: gib / 2, cap: gib),
            DimensionCase(dimension: .memory, scope: scope, used: gib / 2, requested: gib / 2 + 1, cap: gib),
            DimensionCase(dimension: .memory, scope: scope, used: 0, requested: gib + 1, cap: gib),
        ]
    }

    @Test("each dimension: exactly at the cap is allowed, one above is refused with the numbers", arguments: dimensionCases)
    func dimension(_ c: DimensionCase) {
        var caps = QuotaCaps()
        var usage = QuotaUsage()
        var request = ResourceRequest(cpuMillis: 10, memBytes: 6 << 20)
        switch c.dimension {
        case .containers:
            caps.containers = c.cap
            usage.containers = c.used
        case .cpu:
            caps.cpuMillis = c.cap
            usage.cpuMillis = c.used
            request = ResourceRequest(cpuMillis: c.requested, memBytes: request.memBytes)
        case .memory:
            caps.memBytes = c.cap
            usage.memBytes = c.used
            request = ResourceRequest(cpuMillis: request.cpuMillis, memBytes: c.requested)
        }
        // The other scope exists without caps, so only the capped one can refuse.
        let other = c.scope == "*" ? "eu" : "*"
        let allocations = [Allocation(scope: QuotaScope(c.scope), caps: caps, usage: usage), Self.allocation(other)]
        let decision = QuotaDecision.decide(region: "eu", request: request, allocations: allocations)
        if c.fits {
            #expect(decision == .allowed)
        } else {
            let expected = QuotaRefusal(dimension: c.dimension, scope: QuotaScope(c.scope), requested: c.requested, inUse: c.used, cap: c.cap)
            #expect(decision == .exceeded(expected))
            let detail = refusal(decision)?.error.detail
            #expect(detail?["dimension"] == .string(c.dimension.rawValue))
            #expect(detail?["scope"] == .string(c.scope))
            // cpu in vCPUs, memory in bytes, containers as a count: all JSON numbers.
            let unit: Double = c.dimension == .cpu ? 1000 : 1
            #expect(detail?["requested"] == .number(Double(c.requested) / unit))
            #expect(detail?["in_use"] == .number(Double(c.used) / unit))
            #expect(detail?["cap"] == .number(Double(c.cap) / unit))
        }
    }

    @Test("the region cap and the * cap both apply; the most restrictive refuses, with its own scope", arguments: [
        // (region caps/usage, * caps/usage, expected scope of the refusal or nil when allowed)
        (allocation("eu", containers: 10, used: QuotaUsage(containers: 3)), allocation("*", containers: 5, used: QuotaUsage(containers: 5)), "*"),
        (allocation("eu", containers: 2, used: QuotaUsage(containers: 2)), allocation("*", containers: 100, used: QuotaUsage(containers: 2)), "eu"),
        (allocation("eu", containers: 3, used: QuotaUsage(containers: 2)), allocation("*", containers: 5, used: QuotaUsage(containers: 4)), nil),
        (allocation("eu", cpuMillis: 8000, used: QuotaUsage(cpuMillis: 1000)), allocation("*", cpuMillis: 4000, used: QuotaUsage(cpuMillis: 3500)), "*"),
        (allocation("eu", cpuMillis: 1000, used: QuotaUsage(cpuMillis: 500)), allocation("*", cpuMillis: 64000, used: QuotaUsage(cpuMillis: 500)), "eu"),
        (allocation("eu", memBytes: 4 * gib, used: QuotaUsage(memBytes: gib)), allocation("*", memBytes: 2 * gib, used: QuotaUsage(memBytes: 2 * gib)), "*"),
        (allocation("eu", memBytes: gib, used: QuotaUsage(memBytes: 1)), allocation("*", memBytes: 64 * gib), "eu"),
        (allocation("eu", memBytes: 2 * gib, used: QuotaUsage(memBytes: gib)), allocation("*", memBytes: 3 * gib, used: QuotaUsage(memBytes: 2 * gib)), nil),
        // A NULL cap in one scope does not lift the other scope's cap.
        (allocation("eu"), allocation("*", containers: 1, used: QuotaUsage(containers: 1)), "*"),
        (allocation("eu", containers: 1, used: QuotaUsage(containers: 1)), allocation("*"), "eu"),
    ] as [(Allocation, Allocation, String?)])
    func mostRestrictiveWins(region: Allocation, global: Allocation, refusedScope: String?) {
        for allocations in [[region, global], [global, region]] {
            let decision = QuotaDecision.decide(region: "eu", request: Self.fullRequest, allocations: allocations)
            if let refusedScope {
                #expect(refusal(decision)?.scope == QuotaScope(refusedScope))
                #expect(refusal(decision)?.error.detail["scope"] == .string(refusedScope))
            } else {
                #expect(decision == .allowed)
            }
        }
    }

    @Test("when both scopes refuse, the narrower region scope is reported")
    func bothRefuse() {
        let allocations = [
            Self.allocation("*", containers: 1, used: QuotaUsage(containers: 1)),
            Self.allocation("eu", containers: 1, used: QuotaUsage(containers: 1)),
        ]
        let decision = QuotaDecision.decide(region: "eu", request: Self.fullRequest, allocations: allocations)
        #expect(decision == .exceeded(QuotaRefusal(dimension: .containers, scope: .region("eu"), requested: 1, inUse: 1, cap: 1)))
    }

    @Test("an allocation for another region does not apply", arguments: [
        allocation("us", containers: 0, cpuMillis: 0, memBytes: 0),
        allocation("us", containers: 1, used: QuotaUsage(containers: 1)),
        allocation("us", cpuMillis: 10),
        allocation("us", memBytes: 1),
    ])
    func otherRegion(other: Allocation) {
        let allocations = [other, Self.allocation("*", containers: 10)]
        #expect(QuotaDecision.decide(region: "eu", request: ResourceRequest(cpuMillis: nil, memBytes: nil), allocations: allocations) == .allowed)
        #expect(QuotaDecision.decide(region: "eu", request: Self.fullRequest, allocations: allocations) == .allowed)
    }

    @Test("a capped dimension needs an explicit limit", arguments: [
        (QuotaCaps(cpuMillis: 4000), ResourceRequest(cpuMillis: nil, memBytes: gib), "cpu_limit"),
        (QuotaCaps(memBytes: gib), ResourceRequest(cpuMillis: 1000, memBytes: nil), "mem_limit"),
        (QuotaCaps(cpuMillis: 4000, memBytes: gib), ResourceRequest(cpuMillis: 1000, memBytes: nil), "mem_limit"),
        (QuotaCaps(cpuMillis: 4000, memBytes: gib), ResourceRequest(cpuMillis: nil, memBytes: gib), "cpu_limit"),
        (QuotaCaps(containers: 5, cpuMillis: 0), ResourceRequest(cpuMillis: nil, memBytes: nil), "cpu_limit"),
        (QuotaCaps(containers: 5, memBytes: 0), ResourceRequest(cpuMillis: nil, memBytes: nil), "mem_limit"),
    ] as [(QuotaCaps, ResourceRequest, String)])
    func missingLimit(caps: QuotaCaps, request: ResourceRequest, field: String) {
        for scope in ["*", "eu"] {
            let other = scope == "*" ? "eu" : "*"
            let allocations = [Allocation(scope: QuotaScope(scope), caps: caps, usage: QuotaUsage()), Self.allocation(other)]
            #expect(QuotaDecision.decide(region: "eu", request: request, allocations: allocations) == .missingLimit(field: field))
        }
    }

    @Test("without a cap a limit is optional and reserves nothing")
    func uncappedLimitIsFree() {
        let used = QuotaUsage(containers: 1, cpuMillis: Int64.max - 1, memBytes: Int64.max - 1)
        let allocations = [Self.allocation("*", containers: 2, used: used)]
        let request = ResourceRequest(cpuMillis: 256_000, memBytes: 64 * gib)
        #expect(QuotaDecision.decide(region: "eu", request: request, allocations: allocations) == .allowed)
    }

    @Test("usage near Int64.max is refused, never an overflow trap")
    func overflow() {
        let allocations = [Self.allocation("*", cpuMillis: Int64.max, memBytes: Int64.max, used: QuotaUsage(cpuMillis: Int64.max - 10, memBytes: 0))]
        let decision = QuotaDecision.decide(region: "eu", request: ResourceRequest(cpuMillis: 256_000, memBytes: gib), allocations: allocations)
        #expect(refusal(decision)?.dimension == .cpu)
    }

    @Test("the request of a spec is its explicit limits")
    func requestOfSpec() throws {
        let spec = try CreateContainerRequest(json: json(#"{"name":"a","image":"nginx","host_key":"h","cpu_limit":0.25,"mem_limit":"1g"}"#)).spec
        #expect(ResourceRequest(spec) == ResourceRequest(cpuMillis: 250, memBytes: gib))
        let bare = try CreateContainerRequest(json: json(#"{"name":"a","image":"nginx","host_key":"h"}"#)).spec
        #expect(ResourceRequest(bare) == ResourceRequest(cpuMillis: nil, memBytes: nil))
    }

    @Test("refusal errors: code, message and detail", arguments: [
        (QuotaRefusal(dimension: .cpu, scope: .region("eu"), requested: 1500, inUse: 2750, cap: 4000), "eu", 1.5, 2.75, 4.0),
        (QuotaRefusal(dimension: .cpu, scope: .global, requested: 10, inUse: 0, cap: 5), "*", 0.01, 0, 0.005),
        (QuotaRefusal(dimension: .memory, scope: .global, requested: 536_870_912, inUse: gib, cap: gib), "*", 536_870_912, 1_073_741_824, 1_073_741_824),
        (QuotaRefusal(dimension: .containers, scope: .region("local"), requested: 1, inUse: 10, cap: 10), "local", 1, 10, 10),
    ] as [(QuotaRefusal, String, Double, Double, Double)])
    func refusalError(refusal: QuotaRefusal, scope: String, requested: Double, inUse: Double, cap: Double) {
        let error = refusal.error
        #expect(error.code == .quotaExceeded)
        #expect(error.code.rawValue == "quota_exceeded")
        #expect(error.message.contains(refusal.dimension.rawValue))
        #expect(error.detail == [
            "dimension": .string(refusal.dimension.rawValue), "scope": .string(scope),
            "requested": .number(requested), "in_use": .number(inUse), "cap": .number(cap),
        ])
    }
}
