/// A parsed JSON text (RFC 8259), strict: no trailing commas, no repeated keys, UTF-8 only,
/// bounded depth. Numbers keep their text, so 64-bit integers read exactly. The one parser of
/// the platform: request bodies and the documents it stored itself both go through it, without
/// Codable's generic machinery (most of a list request's time, `make bench`).
public enum JSONDocument: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array([JSONDocument])
    /// Members in document order; objects here are small, so a scan beats hashing every key.
    case object([Member])

    public struct Member: Sendable, Equatable {
        public let key: String
        public let value: JSONDocument
    }

    /// Why a text is not acceptable JSON.
    public enum SyntaxError: Error, Sendable, Equatable {
        case malformed(offset: Int)
        case tooDeep(limit: Int)
        case duplicateKey(String)
    }

    /// Parses a whole text; `maxDepth` bounds the nesting of arrays and objects.
    public static func parse(_ bytes: [UInt8], maxDepth: Int = 64) throws(SyntaxError) -> JSONDocument {
        try bytes.withUnsafeBufferPointer { (buffer) throws(SyntaxError) -> JSONDocument in
            var parser = JSONParser(bytes: buffer, maxDepth: maxDepth)
            let value = try parser.value(depth: 0)
            parser.skipWhitespace()
            guard parser.index == buffer.count else { throw .malformed(offset: parser.index) }
            return value
        }
    }

    /// The value as the validation layer reads it (numbers as Double, as JSON's own model has them).
    public var value: JSONValue {
        switch self {
        case .null: .null
        case .bool(let flag): .bool(flag)
        case .number(let text): .number(Double(text) ?? .nan)
        case .string(let text): .string(text)
        case .array(let items): .array(items.map(\.value))
        case .object(let members): .object(Dictionary(members.map { ($0.key, $0.value.value) }, uniquingKeysWith: { $1 }))
        }
    }

    // MARK: - Typed access for stored documents; a mismatch is malformed data

    /// The member's value; nil when absent or null.
    public func member(_ key: String) -> JSONDocument? {
        guard case .object(let members) = self, let member = members.first(where: { $0.key == key }) else { return nil }
        if case .null = member.value { return nil }
        return member.value
    }

    public func stringValue() throws(SyntaxError) -> String {
        guard case .string(let text) = self else { throw .malformed(offset: 0) }
        return text
    }

    public func integer<T: FixedWidthInteger>(_: T.Type = T.self) throws(SyntaxError) -> T {
        guard case .number(let text) = self, let value = T(text) else { throw .malformed(offset: 0) }
        return value
    }

    public func arrayValue() throws(SyntaxError) -> [JSONDocument] {
        guard case .array(let items) = self else { throw .malformed(offset: 0) }
        return items
    }

    public func stringDictionary() throws(SyntaxError) -> [String: String] {
        guard case .object(let members) = self else { throw .malformed(offset: 0) }
        var dictionary = [String: String](minimumCapacity: members.count)
        for member in members { dictionary[member.key] = try member.value.stringValue() }
        return dictionary
    }
}
