import Foundation
import Testing
@testable import Core

/// The one JSON parser: strict RFC 8259, bounded depth, exact numbers, and the same values
/// JSONDecoder gives for every text both accept.
@Suite("JSONDocument")
struct JSONDocumentTests {
    static func parse(_ text: String, maxDepth: Int = 32) throws(JSONDocument.SyntaxError) -> JSONDocument {
        try JSONDocument.parse(Array(text.utf8), maxDepth: maxDepth)
    }

    static func nested(_ depth: Int) -> String {
        String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
    }

    @Test("32 levels are accepted, 33 refused; a 10,000-deep text stops at the limit")
    func depth() throws {
        #expect(throws: Never.self) { try Self.parse(Self.nested(32)) }
        #expect(throws: JSONDocument.SyntaxError.tooDeep(limit: 32)) { try Self.parse(Self.nested(33)) }
        #expect(throws: JSONDocument.SyntaxError.tooDeep(limit: 32)) { try Self.parse(Self.nested(10_000)) }
        // Brackets inside strings are text, not nesting.
        #expect(throws: Never.self) { try Self.parse("[\"" + String(repeating: "[{", count: 100) + "\"]") }
        let mixed = String(repeating: "{\"a\":", count: 31) + "[]" + String(repeating: "}", count: 31)
        #expect(throws: Never.self) { try Self.parse(mixed) }
    }

    @Test("texts that are not strict JSON are refused", arguments: [
        "", " ", "{", "}", "{\"a\":1,}", "[1,]", "[1 2]", "{\"a\" 1}", "{a:1}", "{'a':1}", "[01]", "[1.]", "[.5]", "[-]",
        "[1e]", "[+1]", "[NaN]", "[Infinity]", "[tru]", "[nul]", "{\"a\":1}x", "[\"\u{01}\"]", "[\"\\x\"]", "[\"\\u12\"]",
        "[\"\\ud800\"]", "[\"\\udc00\"]", "[\"unterminated]", "\u{00}{}", "{}\u{00}",
    ])
    func refused(_ text: String) {
        #expect(throws: JSONDocument.SyntaxError.self) { try Self.parse(text) }
    }

    @Test("invalid UTF-8 and UTF-16 bodies are refused")
    func encodings() {
        #expect(throws: JSONDocument.SyntaxError.self) { try JSONDocument.parse([0x5b, 0x22, 0xff, 0x22, 0x5d]) }
        let utf16 = Array("{\"a\":1}".utf16).flatMap { [UInt8($0 & 0xff), UInt8($0 >> 8)] }
        #expect(throws: JSONDocument.SyntaxError.self) { try JSONDocument.parse(utf16) }
    }

    @Test("a repeated key is refused, in any object")
    func duplicateKeys() {
        #expect(throws: JSONDocument.SyntaxError.duplicateKey("a")) { try Self.parse("{\"a\":1,\"a\":2}") }
        #expect(throws: JSONDocument.SyntaxError.duplicateKey("b")) { try Self.parse("{\"x\":{\"b\":1,\"b\":1}}") }
        #expect(throws: Never.self) { try Self.parse("[{\"a\":1},{\"a\":2}]") }
    }

    @Test("escapes, surrogate pairs and numbers read as JSONDecoder reads them", arguments: [
        #"{"s":"a\"b\\c\/d\b\f\n\r\t","u":"\u00e9\ud83d\ude00","e":"é😀"}"#,
        #"[0,-0,1,-1,0.5,-12.75,1e3,1E-2,2.5e+10,123456789012345678,1.7976931348623157e308]"#,
        #"{"nested":{"list":[true,false,null,{"k":"v"}]},"empty":{},"none":[]}"#,
        "  \n\t{ \"spaced\" : [ 1 , 2 ] }  \r\n",
    ])
    func matchesJSONDecoder(_ text: String) throws {
        let ours = try Self.parse(text).value
        let foundation = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
        #expect(ours == foundation)
    }

    @Test("numbers keep their text: 64-bit integers are exact")
    func exactIntegers() throws {
        let document = try Self.parse("{\"big\":9223372036854775807,\"small\":-9223372036854775808}")
        #expect(try document.member("big")?.integer(Int64.self) == Int64.max)
        #expect(try document.member("small")?.integer(Int64.self) == Int64.min)
        #expect(throws: JSONDocument.SyntaxError.self) { try Self.parse("\"x\"").integer(Int64.self) }
        #expect(throws: JSONDocument.SyntaxError.self) { try Self.parse("1.5").integer(Int64.self) }
    }

    @Test("typed access: absent and null members are nil; a wrong type is malformed data")
    func typedAccess() throws {
        let document = try Self.parse(#"{"env":{"A":"1"},"n":null,"list":["x"],"s":"t"}"#)
        #expect(try document.member("env")?.stringDictionary() == ["A": "1"])
        #expect(document.member("n") == nil && document.member("absent") == nil)
        #expect(try document.member("list")?.arrayValue().map { try $0.stringValue() } == ["x"])
        #expect(throws: JSONDocument.SyntaxError.self) { try document.member("s")?.arrayValue() }
        #expect(throws: JSONDocument.SyntaxError.self) { try document.member("list")?.stringDictionary() }
    }

    @Test("the canonical spec the platform stores reads back through it")
    func storedSpec() throws {
        let spec = ContainerSpec(
            image: try ImageReference("nginx:1.25"), env: try EnvironmentVariables(["K": "v \"quoted\" é"]),
            ports: try PortList([PortSpec(containerPort: 80)]), cpu: try CPULimit(millis: 1500),
            memory: try MemoryLimit("512m"), command: try Command(["a", "b"]), restart: .onFailure, labels: .none)
        let document = try JSONDocument.parse(Array(spec.canonicalJSON().utf8))
        #expect(try document.member("env")?.stringDictionary() == ["K": "v \"quoted\" é"])
        #expect(try document.member("mem_bytes")?.integer(Int64.self) == 512 * mib)
        #expect(try document.member("cpu_millis")?.integer(Int64.self) == 1500)
    }
}
