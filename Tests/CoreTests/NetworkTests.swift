import Testing
@testable import Core

@Suite("IPv4CIDR")
struct IPv4CIDRTests {
    @Test("valid ranges, normalised", arguments: ["10.0.0.0/8", "10.250.0.0/24", "198.18.0.1/32", "0.0.0.0/0", "172.16.0.0/12"])
    func valid(_ text: String) throws {
        #expect(try IPv4CIDR(text).description == text)
    }

    @Test("refused", arguments: ["10.0.0.1/8", "10.0.0.0", "10.0.0.0/33", "10.0.0/8", "010.0.0.0/8", "256.0.0.0/8", "::1/128",
                                 "10.0.0.0/-1", "10.0.0.0/8 ", "a.b.c.d/8", ""])
    func refused(_ text: String) {
        #expect(throws: APIError.self) { try IPv4CIDR(text) }
    }
}

@Suite("HostAddress")
struct HostAddressTests {
    @Test("accepted", arguments: ["203.0.113.7", "2001:db8::1", "fra-07.hosting.example", "localhost"])
    func accepted(_ text: String) throws { #expect(try HostAddress(text).value == text) }

    @Test("refused", arguments: ["", "-bad.example", "a..b", "host name", "http://x", String(repeating: "a", count: 64) + ".example"])
    func refused(_ text: String) { #expect(throws: APIError.self) { try HostAddress(text) } }
}

/// The egress chain: accepts first (replies, own bridge, opened ranges), then the drops.
@Suite("EgressPolicy")
struct EgressPolicyTests {
    @Test("the default chain blocks private, loopback, link-local, CGNAT, multicast and TCP 25, after the accepts")
    func defaults() throws {
        let rules = EgressPolicy().rules(bridgePattern: "drob+", tenantAllows: [:]).map { $0.joined(separator: " ") }
        #expect(rules == [
            "-i drob+ -m conntrack --ctstate RELATED,ESTABLISHED -j RETURN",
            "-i drob+ -o drob+ -j RETURN",
            "-i drob+ -d 10.0.0.0/8 -j DROP", "-i drob+ -d 172.16.0.0/12 -j DROP", "-i drob+ -d 192.168.0.0/16 -j DROP",
            "-i drob+ -d 100.64.0.0/10 -j DROP", "-i drob+ -d 169.254.0.0/16 -j DROP", "-i drob+ -d 127.0.0.0/8 -j DROP",
            "-i drob+ -d 224.0.0.0/4 -j DROP",
            "-i drob+ -p tcp -m tcp --dport 25 -j DROP",
        ])
    }

    @Test("opened ranges come before the drops: per tenant bridge, then installation-wide; extra blocks after the private ones")
    func opened() throws {
        let policy = EgressPolicy(blocked: [try IPv4CIDR("198.51.100.0/24"), try IPv4CIDR("10.0.0.0/8")],
                                  allowed: [try IPv4CIDR("10.9.0.0/16")], blockSMTP: false)
        let rules = policy.rules(bridgePattern: "drob+", tenantAllows: ["drobB": [try IPv4CIDR("10.250.0.0/24")], "drobA": []])
            .map { $0.joined(separator: " ") }
        #expect(rules[2] == "-i drobB -d 10.250.0.0/24 -j RETURN")
        #expect(rules[3] == "-i drob+ -d 10.9.0.0/16 -j RETURN")
        #expect(rules.last == "-i drob+ -d 198.51.100.0/24 -j DROP")
        #expect(rules.filter { $0.contains("10.0.0.0/8") }.count == 1, "a blocked range already private is not repeated")
        #expect(!rules.contains { $0.contains("--dport 25") })
    }
}
