import Testing
@testable import APIMetrics

/// Request labels stay bounded whatever a client sends.
@Suite("RequestLabels")
struct RequestLabelsTests {
    @Test("methods", arguments: [("GET", "GET"), ("PATCH", "PATCH"), ("DELETE", "DELETE"), ("BREW", "other"), ("get", "other"), ("", "other")])
    func methods(_ sent: String, _ label: String) {
        #expect(RequestLabels(route: "-", method: sent, status: 404).method == label)
    }

    @Test("route and status pass through")
    func routeAndStatus() {
        let labels = RequestLabels(route: "/v1/containers/{id}", method: "GET", status: 200)
        #expect(labels.counterLabels.map(\.0) == ["route", "method", "status"])
        #expect(labels.counterLabels.map(\.1) == ["/v1/containers/{id}", "GET", "200"])
    }
}

@Suite("ListenAddress")
struct ListenAddressTests {
    @Test("valid")
    func valid() throws {
        let address = try ListenAddress("127.0.0.1:9464")
        #expect(address.host == "127.0.0.1" && address.port == 9464)
    }

    @Test("invalid", arguments: ["127.0.0.1", "127.0.0.1:0", "127.0.0.1:70000", "localhost:9464", "::1:9464", "1.2.3:80", ":9464", "1.2.3.256:80"])
    func invalid(_ text: String) {
        #expect(throws: ListenAddressError.self) { try ListenAddress(text) }
    }
}

@Suite("MetricsRequestLine")
struct MetricsRequestLineTests {
    @Test("only GET /metrics", arguments: [
        ("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n", MetricsRequestLine.metrics),
        ("GET /metrics?x=1 HTTP/1.1\r\n\r\n", .metrics),
        ("POST /metrics HTTP/1.1\r\n\r\n", .other),
        ("GET / HTTP/1.1\r\n\r\n", .other),
        ("GET /metricsx HTTP/1.1\r\n\r\n", .other),
        ("garbage", .other),
    ])
    func lines(_ head: String, _ expected: MetricsRequestLine) {
        #expect(MetricsRequestLine(Array(head.utf8)) == expected)
    }
}
