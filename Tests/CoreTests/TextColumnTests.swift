import Testing
@testable import Core

/// Bounded columns count code points (and bytes), never Swift Characters.
@Suite("TextColumn")
struct TextColumnTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let label: String
        let column: TextColumn
        let text: String
        let expected: String
        var testDescription: String { label }
    }

    static let small = TextColumn(scalars: 5, bytes: 64)
    /// One base letter and 2,000 combining marks: one Character, 2,001 scalars.
    static let combining = "a" + String(repeating: "\u{0301}", count: 2000)

    static let cases: [Case] = [
        Case(label: "empty", column: small, text: "", expected: ""),
        Case(label: "exactly the limit stays whole", column: small, text: "abcde", expected: "abcde"),
        Case(label: "one scalar over is cut with an ellipsis", column: small, text: "abcdef", expected: "abcd…"),
        Case(label: "combining marks count one each", column: small, text: "a\u{0301}\u{0301}\u{0301}\u{0301}\u{0301}",
             expected: "a\u{0301}\u{0301}\u{0301}…"),
        Case(label: "a 4-byte scalar at the limit fits", column: TextColumn(scalars: 10, bytes: 8), text: "abcd😀", expected: "abcd😀"),
        Case(label: "a 4-byte scalar past the byte limit is not split", column: TextColumn(scalars: 10, bytes: 8), text: "abcde😀",
             expected: "abcde…"),
        Case(label: "an emoji sequence is cut between its scalars", column: TextColumn(scalars: 3, bytes: 64), text: "👩‍👩‍👧",
             expected: "👩\u{200D}…"),
        Case(label: "bytes bind before scalars", column: TextColumn(scalars: 100, bytes: 10), text: "ééééééé", expected: "ééé…"),
    ]

    @Test(arguments: cases)
    func fits(_ c: Case) {
        let fitted = c.column.fit(c.text)
        #expect(fitted == c.expected)
        #expect(fitted.unicodeScalars.count <= c.column.scalars)
        #expect(fitted.utf8.count <= c.column.bytes)
    }

    @Test("2,000 combining marks fit VARCHAR(1024), though Swift sees one Character")
    func combiningMarks() {
        #expect(Self.combining.count == 1)
        let fitted = TextColumn.errorText.fit("exec: \"\(Self.combining)\": not found")
        #expect(fitted.unicodeScalars.count == 1024)
        #expect(fitted.utf8.count <= 4096)
        #expect(fitted.hasSuffix("…"))
    }

    @Test("4-byte scalars only: the byte limit binds at a scalar boundary")
    func fourByteScalars() {
        let fitted = TextColumn.errorText.fit(String(repeating: "𝄞", count: 2000))
        #expect(fitted.unicodeScalars.count == 1024)
        #expect(fitted.utf8.count == 1023 * 4 + 3)
        #expect(fitted.unicodeScalars.dropLast().allSatisfy { $0 == "𝄞" })
    }
}
