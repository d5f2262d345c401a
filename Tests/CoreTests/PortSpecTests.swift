import Testing
@testable import Core

/// at most 50 container ports, each `80`, `"80"`, `"80/tcp"`, `"53/udp"`, `"80/sctp"`
/// or `{"container_port":80,"protocol":"tcp"}`, 1–65535; any host port or host IP is refused.
@Suite("PortSpec and PortList")
struct PortSpecTests {
    @Test("accepted forms", arguments: [
        ("80", 80, PortProtocol.tcp),
        ("80.0", 80, .tcp),
        (#""80""#, 80, .tcp),
        (#""80/tcp""#, 80, .tcp),
        (#""53/udp""#, 53, .udp),
        (#""80/sctp""#, 80, .sctp),
        (#""80/TCP""#, 80, .tcp),
        (#"{"container_port":80,"protocol":"tcp"}"#, 80, .tcp),
        (#"{"container_port":53,"protocol":"udp"}"#, 53, .udp),
        (#"{"container_port":9,"protocol":"sctp"}"#, 9, .sctp),
        (#"{"container_port":80}"#, 80, .tcp),
        (#"{"container_port":80,"protocol":null}"#, 80, .tcp),
        (#"{"container_port":80,"comment":"ignored"}"#, 80, .tcp),
        ("1", 1, .tcp),
        ("65535", 65535, .tcp),
        (#""1/udp""#, 1, .udp),
        (#""65535/udp""#, 65535, .udp),
    ])
    func accepts(text: String, port: Int, proto: PortProtocol) throws {
        let spec = try PortSpec(json: json(text), field: "ports[0]")
        #expect(spec.containerPort == port)
        #expect(spec.proto == proto)
        #expect(spec.dockerKey == "\(port)/\(proto.rawValue)")
    }

    @Test("port range: 1 and 65535 accepted, 0 and 65536 refused", arguments: [
        (0, false), (1, true), (65535, true), (65536, false), (-1, false), (-80, false), (1_000_000, false),
    ])
    func range(port: Int, accepted: Bool) throws {
        for text in ["\(port)", #""\#(port)""#, #""\#(port)/udp""#, #"{"container_port":\#(port)}"#] {
            let value = try json(text)
            if accepted {
                #expect(try PortSpec(json: value, field: "ports[0]").containerPort == port)
            } else {
                expectValidationError(field: "ports[0]", "\(text)") { try PortSpec(json: value, field: "ports[0]") }
            }
        }
        if accepted {
            #expect(try PortSpec(containerPort: port).containerPort == port)
        } else {
            expectValidationError(field: "ports") { try PortSpec(containerPort: port) }
        }
    }

    @Test("host ports, host IPs and malformed ports are refused on field ports[i]", arguments: [
        #""8080:80""#, #""127.0.0.1:8080:80""#, #""8080:80/tcp""#, #""0.0.0.0::80""#, #"":80""#,
        #"{"container_port":80,"host_port":8080}"#,
        #"{"container_port":80,"host_ip":"0.0.0.0"}"#,
        #"{"container_port":80,"host_ip":"127.0.0.1","host_port":8080,"protocol":"tcp"}"#,
        #"{"container_port":80,"hostPort":8080}"#, #"{"container_port":80,"HostIp":"0.0.0.0"}"#,
        #""80/http""#, #""80/""#, #""/tcp""#, #""80/tcp/udp""#, #""tcp/80""#,
        #"{"container_port":80,"protocol":"http"}"#, #"{"container_port":80,"protocol":6}"#,
        "80.5", #""80.5""#, "1e10", "-0.5", #""""#, #""abc""#, #"" 80""#, #""80 ""#, #""+80""#, #""0x50""#, #""٨٠""#,
        #"{"container_port":"80"}"#, #"{"container_port":80.5}"#, "{}", #"{"protocol":"tcp"}"#,
        "true", "null", "[80]",
    ])
    func refuses(_ text: String) throws {
        let value = try json(text)
        expectValidationError(field: "ports[3]") { try PortSpec(json: value, field: "ports[3]") }
        // Through the list, the field names the offending item's index.
        let list = try json("[1, 2, \(text)]")
        expectValidationError(field: "ports[2]") { try PortList(json: list) }
    }

    @Test("count: 50 ports accepted, 51 refused on field ports", arguments: [(0, true), (50, true), (51, false), (65535, false)])
    func count(count: Int, accepted: Bool) throws {
        #expect(Limits.portsMaxCount == 50)
        let list = JSONValue.array((0..<count).map { .number(Double($0 + 1)) })
        if accepted {
            #expect(try PortList(json: list).ports.count == count)
        } else {
            expectValidationError(field: "ports") { try PortList(json: list) }
            let specs = try (0..<count).map { try PortSpec(containerPort: $0 + 1) }
            expectValidationError(field: "ports") { try PortList(specs) }
        }
    }

    @Test("duplicates are refused on the field of the repeated item", arguments: [
        (#"[80, 80]"#, "ports[1]"),
        (#"[80, "80/tcp"]"#, "ports[1]"),
        (#"[443, "80", {"container_port":80,"protocol":"tcp"}]"#, "ports[2]"),
        (#"["53/udp", 1, "53/UDP"]"#, "ports[2]"),
    ])
    func refusesDuplicates(text: String, field: String) throws {
        let list = try json(text)
        expectValidationError(field: field) { try PortList(json: list) }
    }

    @Test("the same port with different protocols is not a duplicate")
    func sameNumberDifferentProtocols() throws {
        let list = try PortList(json: json(#"["80/udp", 80, "80/sctp"]"#))
        #expect(list.ports.map(\.dockerKey) == ["80/sctp", "80/tcp", "80/udp"])
    }

    @Test("ports are kept sorted, so the spec hash does not depend on their order")
    func sorted() throws {
        let a = try PortList(json: json(#"[8080, "53/udp", {"container_port":22}, "53/tcp"]"#))
        let b = try PortList(json: json(#"["53/tcp", 22, "8080/tcp", "53/udp"]"#))
        #expect(a == b)
        #expect(a.ports.map(\.dockerKey) == ["22/tcp", "53/tcp", "53/udp", "8080/tcp"])
    }

    @Test("ports that are not an array are refused on field ports", arguments: ["80", #""80""#, "{}", #"{"container_port":80}"#, "true"])
    func refusesNonArray(_ text: String) throws {
        let value = try json(text)
        expectValidationError(field: "ports") { try PortList(json: value) }
    }
}
