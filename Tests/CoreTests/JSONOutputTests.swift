import Foundation
import Testing
@testable import Core

/// Numbers are written as JSONEncoder writes them.
@Suite("JSONOutput")
struct JSONOutputTests {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    @Test("every cpu_limit the API accepts is written as JSONEncoder writes it")
    func everyCPUValue() throws {
        for millis in stride(from: 10, through: 256_000, by: 7) {
            let value = Double(millis) / 1000
            var output = JSONOutput()
            try output.number(value)
            #expect(output.text == String(decoding: try Self.encoder.encode(value), as: UTF8.self), "\(value)")
        }
    }

    @Test("infinities and NaN are refused, as JSONEncoder refuses them")
    func nonFinite() {
        var output = JSONOutput()
        #expect(throws: NonFiniteNumber.self) { try output.number(Double.infinity) }
        #expect(throws: NonFiniteNumber.self) { try output.number(Double.nan) }
    }
}

/// The stored spec's members as byte ranges, for documents the platform wrote itself.
@Suite("JSONSpans")
struct JSONSpansTests {
    @Test("members of nested documents, strings with escaped quotes and braces")
    func members() throws {
        let text = #"{"a":{"x":[1,{"y":"}"}]},"b":"q\"}\\","c":-1.5e3,"d":null,"e":[]}"#
        let bytes = Array(text.utf8)
        let members = try JSONSpans.members(bytes)
        let pairs = members.map { (String(decoding: bytes[$0.key], as: UTF8.self), String(decoding: bytes[$0.value], as: UTF8.self)) }
        #expect(pairs.map(\.0) == ["a", "b", "c", "d", "e"])
        #expect(pairs.map(\.1) == [#"{"x":[1,{"y":"}"}]}"#, #""q\"}\\""#, "-1.5e3", "null", "[]"])
        #expect(try JSONSpans.members(Array("{}".utf8)).isEmpty)
    }

    @Test("not an object, or cut short", arguments: ["[]", "{", #"{"a":}"#, #"{"a":"x"#, #"{"a" 1}"#, ""])
    func malformed(_ text: String) {
        #expect(throws: JSONDocument.SyntaxError.self) { try JSONSpans.members(Array(text.utf8)) }
    }
}

/// The one definition's JSON: what a container looks like in every response.
@Suite("ContainerJSON")
struct ContainerJSONTests {
    static func spec(_ members: String) throws -> ContainerSpec {
        try ContainerSpec(request: { key in
            guard case .object(let object) = try? json("{" + members + "}") else { return nil }
            if let value = object[key], value != .null { return value }
            return nil
        }, image: ImageReference("nginx:1.25"))
    }

    static func record(_ spec: [UInt8], bindings: [String: PortBinding] = [:]) -> ContainerRecord {
        ContainerRecord(
            id: "ctr_1", name: "web", hostKey: "h-1", region: "eu", spec: spec, desiredState: .running, observedState: .exited,
            exitCode: 137, lastError: "image not found", lastErrorCode: .imageNotFound, bindings: bindings,
            createdAt: "2026-11-23 10:38:50.123456", updatedAt: "2026-11-23 10:38:50.000000", observedAt: nil)
    }

    static func written(_ record: ContainerRecord) throws -> [String: Any] {
        var output = JSONOutput()
        try ContainerJSON.write(record, into: &output)
        return try #require(try JSONSerialization.jsonObject(with: Data(output.bytes)) as? [String: Any])
    }

    @Test("every field of the definition, with the state and where ports are published")
    func full() throws {
        let spec = try Self.spec(#"""
            "env": {"Z": "last", "A": "quote \" backslash \\ slash /", "C": "\u0001\n"}, "ports": [8080, "53/udp"],
            "cpu_limit": 0.25, "mem_limit": "64M", "command": ["sh", "-c", "echo \"$A\""], "restart": "always",
            "labels": {"app": "shop", "tier": "web"}
            """#)
        let view = try Self.written(Self.record(Array(try spec.canonicalJSON().utf8),
                                                 bindings: ["8080/tcp": PortBinding(hostIP: "203.0.113.7", hostPort: 32768)]))
        #expect(view["image"] as? String == "nginx:1.25")
        #expect(view["env"] as? [String: String] == ["Z": "last", "A": "quote \" backslash \\ slash /", "C": "\u{01}\n"])
        #expect(view["cpu_limit"] as? Double == 0.25)
        #expect(view["mem_limit"] as? String == "64M" && view["mem_limit_bytes"] as? Int == 64 << 20)
        #expect(view["command"] as? [String] == ["sh", "-c", "echo \"$A\""])
        #expect(view["restart"] as? String == "always" && view["labels"] as? [String: String] == ["app": "shop", "tier": "web"])
        let ports = try #require(view["ports"] as? [[String: Any]])
        #expect(ports.count == 2)
        #expect(ports[0]["container_port"] as? Int == 53 && ports[0]["protocol"] as? String == "udp" && ports[0]["host_port"] is NSNull)
        #expect(ports[1]["host_ip"] as? String == "203.0.113.7" && ports[1]["host_port"] as? Int == 32768)
        #expect(view["id"] as? String == "ctr_1" && view["observed_state"] as? String == "exited" && view["exit_code"] as? Int == 137)
        #expect(view["last_error_code"] as? String == "image_not_found" && view["observed_at"] is NSNull)
        #expect(view["created_at"] as? String == "2026-11-23T10:38:50.123456Z")
        #expect(Set(view.keys) == [
            "id", "name", "image", "host_key", "region", "env", "ports", "cpu_limit", "mem_limit", "mem_limit_bytes", "command",
            "labels", "restart", "desired_state", "observed_state", "exit_code", "last_error", "last_error_code", "created_at",
            "updated_at", "observed_at",
        ])
    }

    @Test("a spec stored before restart and labels existed shows their defaults; absent limits are null")
    func olderSpec() throws {
        let stored = #"{"env":{},"image":"nginx:1.25","ports":[]}"#
        let view = try Self.written(Self.record(Array(stored.utf8)))
        #expect(view["restart"] as? String == "on-failure" && view["labels"] as? [String: String] == [:])
        #expect(view["cpu_limit"] is NSNull && view["mem_limit"] is NSNull && view["mem_limit_bytes"] is NSNull && view["command"] is NSNull)
    }

    @Test("a list page stops before the row that would pass the bound, keeps at least one, and says where to go on")
    func boundedList() throws {
        let big = try Self.spec(#""env": {"A": ""# + String(repeating: "x", count: 30_000) + #""}"#)
        let records = Array(repeating: Self.record(Array(try big.canonicalJSON().utf8)), count: 5)
        var output = JSONOutput()
        var cursorAfter = -1
        let written = try ContainerJSON.writeList(records, maxBytes: 100_000, nextCursor: { cursorAfter = $0; return "next" }, into: &output)
        #expect(written == 3 && cursorAfter == 3 && output.count <= 100_000)
        let page = try #require(try JSONSerialization.jsonObject(with: Data(output.bytes)) as? [String: Any])
        #expect((page["containers"] as? [Any])?.count == 3 && page["next_cursor"] as? String == "next")
        var tiny = JSONOutput()
        #expect(try ContainerJSON.writeList(records, maxBytes: 10, nextCursor: { _ in nil }, into: &tiny) == 1, "always one row")
    }
}
