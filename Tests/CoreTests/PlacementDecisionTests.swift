import Testing
@testable import Core

/// `host_key` must name an enabled host in a region the tenant may use; unknown,
/// disabled and not-permitted hosts get the same refusal; a request that can never fit is a 400 on its field.
@Suite("PlacementDecision")
struct PlacementDecisionTests {

    private static func host(
        region: String = "eu", enabled: Bool = true, cpus: Int64? = 4, memBytes: Int64? = 8 << 30
    ) -> HostFacts {
        HostFacts(hostKey: "\(region)-1", region: region, enabled: enabled, cpuCount: cpus, memBytes: memBytes)
    }

    private static let anyRequest = ResourceRequest(cpuMillis: 1000, memBytes: gib)
    private static let noLimits = ResourceRequest(cpuMillis: nil, memBytes: nil)

    /// Runs the decision and returns its error (nil when it placed).
    private func placementError(_ host: HostFacts?, _ scopes: [QuotaScope], _ request: ResourceRequest = anyRequest) -> APIError? {
        do {
            _ = try PlacementDecision.decide(host: host, allocationScopes: scopes, request: request)
            return nil
        } catch let error as APIError {
            return error
        } catch {
            Issue.record("unexpected error type: \(error)")
            return nil
        }
    }

    @Test("unknown, disabled and not-permitted hosts throw exactly the same error")
    func indistinguishableRefusals() {
        let unknown = placementError(nil, [.global])
        let disabled = placementError(Self.host(enabled: false), [.global])
        let confined = placementError(Self.host(region: "us"), [.region("eu"), .global])
        #expect(unknown == PlacementDecision.hostRefused)
        #expect(disabled == PlacementDecision.hostRefused)
        #expect(confined == PlacementDecision.hostRefused)
        #expect(unknown == disabled)
        #expect(disabled == confined)
        #expect(PlacementDecision.hostRefused.code == .validationError)
        #expect(PlacementDecision.hostRefused.field == "host_key")
        // The message never names the host, so it cannot tell the three apart either.
        #expect(!PlacementDecision.hostRefused.message.contains("us-1"))
    }

    @Test("refused hosts", arguments: [
        (nil, [QuotaScope.global]),
        (nil, []),
        (nil, [.region("eu")]),
        (host(enabled: false), [.global]),
        (host(enabled: false), []),
        (host(enabled: false), [.region("eu")]),
        (host(enabled: false, cpus: nil, memBytes: nil), [.region("eu"), .global]),
        (host(region: "us"), [.region("eu")]),
        (host(region: "us"), [.region("eu"), .global]),
        (host(region: "us"), [.region("eu"), .region("ap")]),
        (host(region: "us", enabled: false), [.region("eu")]),
    ] as [(HostFacts?, [QuotaScope])])
    func refused(host: HostFacts?, scopes: [QuotaScope]) {
        #expect(placementError(host, scopes) == PlacementDecision.hostRefused)
        #expect(placementError(host, scopes, Self.noLimits) == PlacementDecision.hostRefused)
        if let host {
            #expect(!PlacementDecision.permits(host, allocationScopes: scopes))
        }
    }

    @Test("permitted hosts place in the host's region", arguments: [
        (host(region: "eu"), [QuotaScope.global]),       // a *-only tenant may use any region
        (host(region: "us"), [.global]),
        (host(region: "local"), [.global]),
        (host(region: "us"), []),                        // no allocation at all: the quota decision refuses it
        (host(region: "eu"), [.region("eu")]),
        (host(region: "eu"), [.region("eu"), .global]),
        (host(region: "us"), [.region("eu"), .region("us")]),
        (host(region: "us"), [.global, .region("us")]),
    ] as [(HostFacts, [QuotaScope])])
    func permitted(host: HostFacts, scopes: [QuotaScope]) throws {
        #expect(PlacementDecision.permits(host, allocationScopes: scopes))
        #expect(try PlacementDecision.decide(host: host, allocationScopes: scopes, request: Self.anyRequest) == host.region)
        #expect(try PlacementDecision.decide(host: host, allocationScopes: scopes, request: Self.noLimits) == host.region)
    }

    @Test("host capacity: at the host's size allowed, above it refused on the field", arguments: [
        (ResourceRequest(cpuMillis: 4000, memBytes: nil), nil),
        (ResourceRequest(cpuMillis: 4001, memBytes: nil), "cpu_limit"),
        (ResourceRequest(cpuMillis: 256_000, memBytes: nil), "cpu_limit"),
        (ResourceRequest(cpuMillis: nil, memBytes: 8 << 30), nil),
        (ResourceRequest(cpuMillis: nil, memBytes: (8 << 30) + 1), "mem_limit"),
        (ResourceRequest(cpuMillis: 10, memBytes: Int64.max), "mem_limit"),
        (ResourceRequest(cpuMillis: 4000, memBytes: 8 << 30), nil),
        (ResourceRequest(cpuMillis: nil, memBytes: nil), nil),
    ] as [(ResourceRequest, String?)])
    func capacity(request: ResourceRequest, refusedField: String?) throws {
        let host = Self.host(cpus: 4, memBytes: 8 << 30)
        if let refusedField {
            let error = expectValidationError(field: refusedField) {
                try PlacementDecision.decide(host: host, allocationScopes: [.global], request: request)
            }
            #expect(error != PlacementDecision.hostRefused)
        } else {
            #expect(try PlacementDecision.decide(host: host, allocationScopes: [.global], request: request) == "eu")
        }
    }

    @Test("capacity not yet reported: any request is allowed", arguments: [
        (nil, nil), (nil, 8 << 30), (4, nil),
    ] as [(Int64?, Int64?)])
    func capacityUnknown(cpus: Int64?, memBytes: Int64?) throws {
        let host = Self.host(cpus: cpus, memBytes: memBytes)
        // Whatever dimension is unreported puts no bound on the request.
        let request = ResourceRequest(
            cpuMillis: cpus == nil ? 256_000 : 4000,
            memBytes: memBytes == nil ? Int64.max : 8 << 30)
        #expect(try PlacementDecision.decide(host: host, allocationScopes: [.region("eu")], request: request) == "eu")
    }
}
