import CryptoPrimitives
import Testing
@testable import Core

/// Cursors round-trip exactly; anything the API did not write is a 400 naming `cursor`.
@Suite("EventCursor")
struct EventCursorTests {
    @Test("a cursor reads back as the position and time it was written with", arguments: [
        (0, 0), (1, 1_700_000_000_000_000), (Int64.max, Int64.max), (9_007_199_254_740_993, 1_764_000_000_123_456),
    ] as [(Int64, Int64)])
    func roundTrip(_ afterID: Int64, _ notBefore: Int64) throws {
        let cursor = EventCursor(afterID: afterID, notBefore: notBefore)
        #expect(try EventCursor(encoded: cursor.encoded) == cursor)
        #expect(cursor.encoded.utf8.allSatisfy { $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || (0x30...0x39).contains($0)
            || (0x41...0x5a).contains($0) || (0x61...0x7a).contains($0) }, "URL-safe as it is")
    }

    @Test("anything else is refused naming cursor", arguments: [
        "", "!!!", "e1.1.2", "a" + String(repeating: "A", count: 80),
        Base64URL.encode(Array("e1.1".utf8)), Base64URL.encode(Array("e1.1.2.3".utf8)), Base64URL.encode(Array("e2.1.2".utf8)),
        Base64URL.encode(Array("e1.-1.2".utf8)), Base64URL.encode(Array("e1.+1.2".utf8)), Base64URL.encode(Array("e1. 1.2".utf8)),
        Base64URL.encode(Array("e1..2".utf8)), Base64URL.encode(Array("e1.1.".utf8)), Base64URL.encode(Array("e1.99999999999999999999.2".utf8)),
        Base64URL.encode(Array("c1:5".utf8)),  // a containers cursor
    ])
    func malformed(_ text: String) {
        expectValidationError(field: "cursor", "\(text)") { try EventCursor(encoded: text) }
    }
}
