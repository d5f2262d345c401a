import Foundation
import Testing
@testable import Core

// Helpers shared by every CoreTests file. Keep test-specific fixtures in their own file.

/// Parses a JSON text into a `JSONValue`, exactly as the responder decodes a request body.
func json(_ text: String) throws -> JSONValue {
    try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
}

/// A JSON object value from key/value pairs (for bodies too large to write out as text).
func object(_ pairs: [(String, JSONValue)]) -> JSONValue {
    .object(Dictionary(pairs, uniquingKeysWith: { _, last in last }))
}

/// `count` copies of `character`, for length bounds.
func repeated(_ character: Character, _ count: Int) -> String {
    String(repeating: character, count: count)
}

/// 64 lower-case hex digits: a well-formed sha256 digest value.
let hex64 = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

/// Expects `body` to throw a `400 validation_error` whose detail names `field`; returns the error.
@discardableResult
func expectValidationError<R>(
    field: String,
    _ comment: Comment? = nil,
    sourceLocation: SourceLocation = #_sourceLocation,
    performing body: () throws -> R
) -> APIError? {
    let error = #expect(throws: APIError.self, comment, sourceLocation: sourceLocation) { _ = try body() }
    guard let error else { return nil }
    #expect(error.code == .validationError, comment, sourceLocation: sourceLocation)
    #expect(error.field == field, comment, sourceLocation: sourceLocation)
    #expect(error.detail.keys.sorted() == ["field"], comment, sourceLocation: sourceLocation)
    #expect(!error.message.isEmpty, comment, sourceLocation: sourceLocation)
    return error
}

/// Binary size units, as Docker's memory values use them.
let mib: Int64 = 1 << 20
let gib: Int64 = 1 << 30
