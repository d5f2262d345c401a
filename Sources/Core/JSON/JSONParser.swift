/// The recursive-descent reader behind `JSONDocument.parse`.
struct JSONParser {
    let bytes: UnsafeBufferPointer<UInt8>
    let maxDepth: Int
    var index = 0

    init(bytes: UnsafeBufferPointer<UInt8>, maxDepth: Int) {
        self.bytes = bytes
        self.maxDepth = maxDepth
    }

    private var malformed: JSONDocument.SyntaxError { .malformed(offset: index) }

    mutating func skipWhitespace() {
        while index < bytes.count, [0x20, 0x09, 0x0a, 0x0d].contains(bytes[index]) { index += 1 }
    }

    mutating func value(depth: Int) throws(JSONDocument.SyntaxError) -> JSONDocument {
        skipWhitespace()
        guard index < bytes.count else { throw malformed }
        let opening = bytes[index]
        if opening == UInt8(ascii: "{") || opening == UInt8(ascii: "["), depth >= maxDepth {
            throw .tooDeep(limit: maxDepth)
        }
        switch opening {
        case UInt8(ascii: "{"):
            index += 1
            var members = [JSONDocument.Member]()
            var keys = Set<String>()
            skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
                index += 1
                return .object(members)
            }
            while true {
                skipWhitespace()
                let key = try string()
                // A repeated key is ambiguous (parsers disagree on which wins): refused.
                guard keys.insert(key).inserted else { throw .duplicateKey(key) }
                skipWhitespace()
                try expect(UInt8(ascii: ":"))
                members.append(JSONDocument.Member(key: key, value: try value(depth: depth + 1)))
                skipWhitespace()
                if try endOfContainer(UInt8(ascii: "}")) { return .object(members) }
            }
        case UInt8(ascii: "["):
            index += 1
            var items = [JSONDocument]()
            skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
                index += 1
                return .array(items)
            }
            while true {
                items.append(try value(depth: depth + 1))
                skipWhitespace()
                if try endOfContainer(UInt8(ascii: "]")) { return .array(items) }
            }
        case UInt8(ascii: "\""):
            return .string(try string())
        case UInt8(ascii: "t"):
            try literal("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try literal("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try literal("null")
            return .null
        default:
            return .number(try number())
        }
    }

    /// After a member or an item: true at the closing bracket, false after a comma.
    private mutating func endOfContainer(_ close: UInt8) throws(JSONDocument.SyntaxError) -> Bool {
        guard index < bytes.count else { throw malformed }
        let byte = bytes[index]
        index += 1
        if byte == close { return true }
        guard byte == UInt8(ascii: ",") else { throw malformed }
        return false
    }

    private mutating func expect(_ byte: UInt8) throws(JSONDocument.SyntaxError) {
        guard index < bytes.count, bytes[index] == byte else { throw malformed }
        index += 1
    }

    private mutating func literal(_ word: StaticString) throws(JSONDocument.SyntaxError) {
        let expected = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        guard index + expected.count <= bytes.count, bytes[index..<(index + expected.count)].elementsEqual(expected) else {
            throw malformed
        }
        index += expected.count
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`, kept as text.
    private mutating func number() throws(JSONDocument.SyntaxError) -> String {
        let start = index
        func digits() -> Int {
            let first = index
            while index < bytes.count, (0x30...0x39).contains(bytes[index]) { index += 1 }
            return index - first
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
        let integerStart = index
        let integerDigits = digits()
        guard integerDigits > 0, integerDigits == 1 || bytes[integerStart] != UInt8(ascii: "0") else { throw malformed }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard digits() > 0 else { throw malformed }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard digits() > 0 else { throw malformed }
        }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
    }

    private mutating func string() throws(JSONDocument.SyntaxError) -> String {
        try expect(UInt8(ascii: "\""))
        let start = index
        // The common case: no escapes, decoded straight from the buffer.
        while index < bytes.count, bytes[index] != UInt8(ascii: "\""), bytes[index] != UInt8(ascii: "\\") {
            guard bytes[index] >= 0x20 else { throw malformed }
            index += 1
        }
        guard index < bytes.count else { throw malformed }
        if bytes[index] == UInt8(ascii: "\"") {
            index += 1
            return try validUTF8(UnsafeBufferPointer(rebasing: bytes[start..<(index - 1)]), at: start)
        }
        var text = Array(UnsafeBufferPointer(rebasing: bytes[start..<index]))
        while true {
            guard index < bytes.count else { throw malformed }
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                return try text.withUnsafeBufferPointer { (buffer) throws(JSONDocument.SyntaxError) -> String in
                    try validUTF8(buffer, at: start)
                }
            case UInt8(ascii: "\\"):
                guard index < bytes.count else { throw malformed }
                let escaped = bytes[index]
                index += 1
                switch escaped {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): text.append(escaped)
                case UInt8(ascii: "b"): text.append(0x08)
                case UInt8(ascii: "f"): text.append(0x0c)
                case UInt8(ascii: "n"): text.append(0x0a)
                case UInt8(ascii: "r"): text.append(0x0d)
                case UInt8(ascii: "t"): text.append(0x09)
                case UInt8(ascii: "u"): text.append(contentsOf: try unicodeEscape())
                default: throw malformed
                }
            case 0..<0x20:
                throw malformed
            default:
                text.append(byte)
            }
        }
    }

    /// `\uXXXX` (a surrogate pair takes two) as UTF-8; a lone surrogate is malformed.
    private mutating func unicodeEscape() throws(JSONDocument.SyntaxError) -> [UInt8] {
        var scalar = try hex4()
        if (0xd800..<0xdc00).contains(scalar) {
            guard index + 2 <= bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                throw malformed
            }
            index += 2
            let low = try hex4()
            guard (0xdc00..<0xe000).contains(low) else { throw malformed }
            scalar = 0x10000 + ((scalar - 0xd800) << 10) + (low - 0xdc00)
        }
        guard let unicode = Unicode.Scalar(scalar) else { throw malformed }
        return Array(String(Character(unicode)).utf8)
    }

    private mutating func hex4() throws(JSONDocument.SyntaxError) -> UInt32 {
        guard index + 4 <= bytes.count else { throw malformed }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case 0x30...0x39: digit = byte - 0x30
            case 0x61...0x66: digit = byte - 0x61 + 10
            case 0x41...0x46: digit = byte - 0x41 + 10
            default: throw malformed
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }

    /// JSON is UTF-8: text that is not is refused, never silently repaired.
    private func validUTF8(_ buffer: UnsafeBufferPointer<UInt8>, at offset: Int) throws(JSONDocument.SyntaxError) -> String {
        guard let text = String(validating: buffer, as: UTF8.self) else { throw .malformed(offset: offset) }
        return text
    }
}
