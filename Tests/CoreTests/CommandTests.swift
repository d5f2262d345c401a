import Testing
@testable import Core

/// `command` is an optional array of at most 64 strings, each ≤ 4 KiB, no NUL.
@Suite("Command")
struct CommandTests {
    @Test("a JSON array of strings is kept in order")
    func parsesArray() throws {
        let command = try Command(json: json(#"["sh", "-c", "echo \"hi\" && sleep 1", "", "héllo"]"#))
        #expect(command.arguments == ["sh", "-c", "echo \"hi\" && sleep 1", "", "héllo"])
        #expect(try Command(json: json("[]")).arguments.isEmpty)
    }

    @Test("item count: 64 accepted, 65 refused on field command", arguments: [(0, true), (1, true), (64, true), (65, false), (1000, false)])
    func itemCount(count: Int, accepted: Bool) throws {
        #expect(Limits.commandMaxItems == 64)
        let items = (0..<count).map { "arg\($0)" }
        let value = JSONValue.array(items.map { .string($0) })
        if accepted {
            #expect(try Command(json: value).arguments == items)
            #expect(try Command(items).arguments == items)
        } else {
            expectValidationError(field: "command") { try Command(json: value) }
            expectValidationError(field: "command") { try Command(items) }
        }
    }

    @Test("item size: 4096 bytes accepted, 4097 refused on field command[i]", arguments: [
        (repeated("x", 4096), true),
        (repeated("x", 4097), false),
        (repeated("é", 2048), true),          // 4096 bytes
        (repeated("é", 2048) + "x", false),   // 2049 characters, 4097 bytes
    ])
    func itemSize(item: String, accepted: Bool) throws {
        #expect(Limits.commandItemMaxBytes == 4096)
        let value = JSONValue.array([.string("sh"), .string(item)])
        if accepted {
            #expect(try Command(json: value).arguments == ["sh", item])
        } else {
            expectValidationError(field: "command[1]") { try Command(json: value) }
            expectValidationError(field: "command[1]") { try Command(["sh", item]) }
        }
    }

    @Test("NUL is refused on field command[i]", arguments: ["\0", "a\0", "\0a", "a\0b"])
    func refusesNUL(_ item: String) {
        expectValidationError(field: "command[2]") { try Command(json: .array([.string("sh"), .string("-c"), .string(item)])) }
        expectValidationError(field: "command[0]") { try Command([item]) }
    }

    @Test("non-string items are refused on field command[i]", arguments: ["1", "1.5", "true", "null", "[]", #"["a"]"#, "{}"])
    func refusesNonString(_ itemJSON: String) throws {
        let value = try json(#"["sh", \#(itemJSON)]"#)
        expectValidationError(field: "command[1]") { try Command(json: value) }
    }

    @Test("command that is not an array is refused on field command", arguments: [#""sh -c 'echo hi'""#, "{}", #"{"0":"sh"}"#, "1", "true", "null"])
    func refusesNonArray(_ text: String) throws {
        let value = try json(text)
        expectValidationError(field: "command") { try Command(json: value) }
    }
}
