/// JSON text written straight into bytes, in exactly the form `JSONEncoder` with
/// `[.sortedKeys, .withoutEscapingSlashes]` writes (the same string escapes and number forms);
/// callers write object keys in UTF-8 order. Used for the container views, where Codable's
/// generic encoding machinery cost most of a list request's time (`make bench`).
public struct JSONOutput: Sendable {
    public private(set) var bytes: [UInt8] = []

    public init(capacity: Int = 1024) { bytes.reserveCapacity(capacity) }

    public mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// `"name":` — the key of the next member; keys here are plain ASCII.
    public mutating func key(_ name: StaticString) {
        bytes.append(UInt8(ascii: "\""))
        raw(name)
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
    }

    /// Escapes as Foundation's JSONWriter does: `"` and `\`, the short forms of backspace, form feed,
    /// newline, return and tab, `\u00xx` (lower-case hex) for other control bytes; `/` and
    /// non-ASCII are written as they are.
    public mutating func string(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { utf8 in
            var start = 0
            for index in utf8.indices {
                let byte = utf8[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index]))
                start = index + 1
                bytes.append(UInt8(ascii: "\\"))
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes.append(byte)
                case 0x08: bytes.append(UInt8(ascii: "b"))
                case 0x0c: bytes.append(UInt8(ascii: "f"))
                case 0x0a: bytes.append(UInt8(ascii: "n"))
                case 0x0d: bytes.append(UInt8(ascii: "r"))
                case 0x09: bytes.append(UInt8(ascii: "t"))
                default:
                    bytes.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                                              Self.hexDigits[Int(byte >> 4)], Self.hexDigits[Int(byte & 0x0f)]])
                }
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    public mutating func string(_ value: String?) {
        if let value { string(value) } else { raw("null") }
    }

    public mutating func number<T: BinaryInteger>(_ value: T?) {
        if let value { bytes.append(contentsOf: String(value).utf8) } else { raw("null") }
    }

    /// A Double as JSONEncoder writes it: its description without a trailing `.0`. Like
    /// JSONEncoder, refuses infinities and NaN, which JSON has no form for.
    public mutating func number(_ value: Double?) throws {
        guard let value else { return raw("null") }
        guard value.isFinite else { throw NonFiniteNumber(value: value) }
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        bytes.append(contentsOf: text.utf8)
    }

    /// An array of strings, or null.
    public mutating func strings(_ values: [String]?) {
        guard let values else { return raw("null") }
        bytes.append(UInt8(ascii: "["))
        for (index, value) in values.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            string(value)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    /// A string-to-string object, its keys in UTF-8 order as `.sortedKeys` sorts them.
    public mutating func object(_ values: [String: String]) {
        bytes.append(UInt8(ascii: "{"))
        for (index, element) in values.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }).enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            string(element.key)
            bytes.append(UInt8(ascii: ":"))
            string(element.value)
        }
        bytes.append(UInt8(ascii: "}"))
    }

    public mutating func comma() { bytes.append(UInt8(ascii: ",")) }

    /// JSON text that is already valid (a value the store wrote itself), copied as it is.
    public mutating func raw(_ json: ArraySlice<UInt8>) { bytes.append(contentsOf: json) }

    /// `"name":` for a key that is plain ASCII (a stored document's own keys).
    public mutating func key(_ name: ArraySlice<UInt8>) {
        bytes.append(UInt8(ascii: "\""))
        bytes.append(contentsOf: name)
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
    }

    public var count: Int { bytes.count }

    /// A database DATETIME text (`2026-11-23 10:38:50.123456`, UTC) as RFC 3339
    /// (`2026-11-23T10:38:50.123456Z`), or null.
    public mutating func timestamp(_ sql: String?) {
        guard let sql else { return raw("null") }
        bytes.append(UInt8(ascii: "\""))
        for byte in sql.utf8 { bytes.append(byte == UInt8(ascii: " ") ? UInt8(ascii: "T") : byte) }
        bytes.append(UInt8(ascii: "Z"))
        bytes.append(UInt8(ascii: "\""))
    }

    /// Drops what was written after `count` bytes (a row that would not fit).
    public mutating func truncate(to count: Int) { bytes.removeSubrange(count...) }

    public var text: String { String(decoding: bytes, as: UTF8.self) }

    private static let hexDigits = Array("0123456789abcdef".utf8)
}

/// JSON has no form for infinities and NaN.
public struct NonFiniteNumber: Error {
    public let value: Double
}
