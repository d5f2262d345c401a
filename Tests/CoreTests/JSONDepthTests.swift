import Testing
@testable import Core

/// DESIGN.md §5: request bodies are at most 32 levels deep; the depth is measured before parsing,
/// so a hostile 10,000-deep body never reaches a recursive decoder.
@Suite("JSONDepth")
struct JSONDepthTests {
    private static let limit = Limits.bodyMaxDepth

    private func depth(_ text: String) -> Int {
        JSONDepth.maximum(of: Array(text.utf8), stoppingAbove: Self.limit)
    }

    /// `levels` nested containers around a scalar, alternating arrays and objects.
    private func nested(_ levels: Int) -> String {
        var text = "1"
        for level in 0..<levels {
            text = level.isMultiple(of: 2) ? "[\(text)]" : #"{"k":\#(text)}"#
        }
        return text
    }

    /// A byte sequence that counts how many bytes were read from it.
    final class CountingBytes: Sequence {
        let bytes: [UInt8]
        var consumed = 0
        init(_ bytes: [UInt8]) { self.bytes = bytes }
        func makeIterator() -> AnyIterator<UInt8> {
            var index = 0
            return AnyIterator {
                guard index < self.bytes.count else { return nil }
                defer { index += 1 }
                self.consumed += 1
                return self.bytes[index]
            }
        }
    }

    @Test("depths of ordinary documents", arguments: [
        ("1", 0), (#""text""#, 0), ("null", 0), ("[]", 1), ("{}", 1), ("[1,2,3]", 1), (#"{"a":1,"b":"c"}"#, 1),
        ("[[],[],[]]", 2), (#"{"a":[{"b":[]}]}"#, 4), (#"[{"a":{}},[[[]]]]"#, 4),
        (#"{"name":"web","env":{"A":"1"},"ports":[80,{"container_port":53}]}"#, 3),
    ])
    func ordinary(text: String, expected: Int) {
        #expect(depth(text) == expected)
    }

    @Test("32 levels accepted, 33 refused", arguments: [1, 2, 31, 32, 33, 34])
    func bound(levels: Int) throws {
        #expect(Self.limit == 32)
        let text = nested(levels)
        _ = try json(text)  // a well-formed document
        let measured = depth(text)
        // Exact up to one past the limit, where counting stops.
        #expect(measured == min(levels, Self.limit + 1))
        #expect((measured <= Self.limit) == (levels <= 32))
    }

    @Test("brackets inside strings and escaped quotes are not counted", arguments: [
        (#"{"a":"[[[[{{{{"}"#, 1),
        (#"{"a":"]]]]}}}}","b":[]}"#, 2),
        (#"["\"[[[["]"#, 1),
        (#"["\\",[[]]]"#, 3),                 // an escaped backslash ends the escape: the quote closes the string
        (#"["\\\"[[[","[[["]"#, 1),
        (#"{"k\"[{":"v\\"}"#, 1),
        (#"["\u005b\u007b"]"#, 1),
        (#"["é[日本{😀"]"#, 1),
    ])
    func strings(text: String, expected: Int) throws {
        _ = try json(text)
        #expect(depth(text) == expected)
    }

    @Test("a string full of brackets 10,000 long is depth 1")
    func bracketsInLongString() {
        #expect(depth("[\"" + repeated("[", 10_000) + "\"]") == 1)
    }

    @Test("a 10,000-deep body stops counting just past the limit", arguments: ["[", "{\"a\":"])
    func hostile(opener: String) {
        let hostile = CountingBytes(Array(String(repeating: opener, count: 10_000).utf8))
        let measured = JSONDepth.maximum(of: hostile, stoppingAbove: Self.limit)
        #expect(measured == Self.limit + 1)
        #expect(measured > Self.limit)
        // It stopped at the 33rd opening bracket, long before the end of the body.
        #expect(hostile.consumed == (Self.limit + 1) * opener.utf8.count - (opener.utf8.count - 1))
        #expect(hostile.consumed < hostile.bytes.count)
    }

    @Test("the limit is a parameter", arguments: [0, 1, 5, 100])
    func otherLimits(limit: Int) {
        let text = Array(repeated("[", 200).utf8)
        #expect(JSONDepth.maximum(of: text, stoppingAbove: limit) == limit + 1)
        let exact = Array((repeated("[", limit) + repeated("]", limit)).utf8)
        #expect(JSONDepth.maximum(of: exact, stoppingAbove: limit) == limit)
    }

    @Test("unbalanced and truncated input never traps", arguments: [
        "]]]]", "}}}}[", "[[[", "\"[[[", "\"\\", "\\\"[", "", "]][[", "[\"]\"",
    ])
    func malformed(_ text: String) {
        #expect(depth(text) <= 3)
    }
}
