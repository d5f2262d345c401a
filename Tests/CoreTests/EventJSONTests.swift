import Foundation
import Testing
@testable import Core

/// The event shape, stored details normalised to an object, and older releases' names mapped.
@Suite("EventJSON")
struct EventJSONTests {
    static func event(type: String = "container.created", detail: String?) -> EventRecord {
        EventRecord(
            sequence: 42, at: "2026-11-23 10:38:50.012345", storedType: type, tenantID: "ten_a", containerID: nil, actor: "token:tok_1",
            requestID: "req-1", detail: detail.map { Array($0.utf8) })
    }

    static func written(_ event: EventRecord) throws -> [String: Any] {
        var out = JSONOutput()
        EventJSON.write(event, into: &out)
        return try #require(try JSONSerialization.jsonObject(with: Data(out.bytes)) as? [String: Any])
    }

    @Test("an event has exactly the documented members, its time in RFC 3339 with microseconds")
    func shape() throws {
        let json = try Self.written(Self.event(detail: #"{"generation":1,"name":"web"}"#))
        #expect(Set(json.keys) == ["id", "at", "type", "tenant_id", "container_id", "actor", "request_id", "detail"])
        #expect(json["id"] as? String == "evt_42")
        #expect(json["at"] as? String == "2026-11-23T10:38:50.012345Z")
        #expect(json["type"] as? String == "container.created")
        #expect(json["container_id"] is NSNull)
        #expect((json["detail"] as? [String: Any])?["name"] as? String == "web")
    }

    @Test("a stored detail that is not a JSON object is shown as {\"text\": …}; none as {}", arguments: [
        (#"{"a":[1,{"b":null}]}"#, #"{"a":[1,{"b":null}]}"#),
        (#" { "x" : "y" } "#, #" { "x" : "y" } "#),
        ("started by docker", #"{"text":"started by docker"}"#),
        (#"["a"]"#, #"{"text":"[\"a\"]"}"#),
        ("42", #"{"text":"42"}"#),
        (#"{"a":1"#, #"{"text":"{\"a\":1"}"#),
        (#"{"a":1,"a":2}"#, #"{"text":"{\"a\":1,\"a\":2}"}"#),
        ("", #"{"text":""}"#),
    ])
    func detail(_ stored: String, _ shown: String) {
        var out = JSONOutput()
        EventJSON.writeDetail(Array(stored.utf8), into: &out)
        #expect(out.text == shown)
    }

    @Test("no stored detail is an empty object")
    func noDetail() {
        var out = JSONOutput()
        EventJSON.writeDetail(nil, into: &out)
        #expect(out.text == "{}")
    }

    @Test("older releases' names are shown as the new types", arguments: [
        ("container.create", "container.created"), ("container.start", "container.start_requested"),
        ("container.stop", "container.stop_requested"), ("container.restart", "container.restart_requested"),
        ("container.delete", "container.deleted"), ("docker.die", "container.observed"), ("container.observed", "container.observed"),
        ("tenant.suspended", "tenant.suspended"),
    ])
    func formerNames(_ stored: String, _ shown: String) throws {
        #expect(try Self.written(Self.event(type: stored, detail: nil))["type"] as? String == shown)
    }

    @Test("a filter by type matches the type's former names too")
    func storedNames() {
        #expect(EventType.containerCreated.storedNames.names == ["container.created", "container.create"])
        #expect(EventType.containerCreated.storedNames.prefix == nil)
        #expect(EventType.containerObserved.storedNames.names == ["container.observed"])
        #expect(EventType.containerObserved.storedNames.prefix == "docker.")
        for type in EventType.allCases {
            #expect(type.storedNames.names.allSatisfy { EventType.stored($0) == type.rawValue }, "\(type)")
        }
    }

    @Test("a list always carries the next cursor")
    func list() throws {
        var out = JSONOutput()
        EventJSON.writeList([], nextCursor: EventCursor(afterID: 7, notBefore: 9), into: &out)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(out.bytes)) as? [String: Any])
        #expect((json["events"] as? [Any])?.isEmpty == true)
        #expect(try EventCursor(encoded: try #require(json["next_cursor"] as? String)) == EventCursor(afterID: 7, notBefore: 9))
    }
}
