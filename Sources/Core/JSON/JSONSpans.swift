/// The members of a JSON object as byte ranges, without decoding them: for documents the platform
/// wrote itself (a stored spec), whose values are copied into a response as they are.
public enum JSONSpans {
    public struct Member: Sendable {
        /// The key's bytes between its quotes (keys here are plain ASCII).
        public let key: Range<Int>
        /// The value's bytes, whole (`"…"`, `{…}`, `[…]`, a number or a literal).
        public let value: Range<Int>
    }

    /// The members of the object `bytes` holds (or the part of it `range` covers), in document order.
    public static func members(_ bytes: [UInt8], in range: Range<Int>? = nil) throws(JSONDocument.SyntaxError) -> [Member] {
        var scanner = Scanner(bytes: bytes, index: range?.lowerBound ?? 0)
        scanner.skipWhitespace()
        try scanner.expect(UInt8(ascii: "{"))
        var members = [Member]()
        scanner.skipWhitespace()
        if scanner.peek == UInt8(ascii: "}") { return members }
        while true {
            scanner.skipWhitespace()
            let keyStart = scanner.index + 1
            try scanner.skipString()
            let key = keyStart..<(scanner.index - 1)
            scanner.skipWhitespace()
            try scanner.expect(UInt8(ascii: ":"))
            scanner.skipWhitespace()
            let valueStart = scanner.index
            try scanner.skipValue(depth: 0)
            members.append(Member(key: key, value: valueStart..<scanner.index))
            scanner.skipWhitespace()
            if scanner.peek == UInt8(ascii: ",") {
                scanner.index += 1
                continue
            }
            try scanner.expect(UInt8(ascii: "}"))
            return members
        }
    }

    /// The elements of the array that `range` of `bytes` covers, as byte ranges.
    public static func elements(_ bytes: [UInt8], in range: Range<Int>) throws(JSONDocument.SyntaxError) -> [Range<Int>] {
        var scanner = Scanner(bytes: bytes, index: range.lowerBound)
        scanner.skipWhitespace()
        try scanner.expect(UInt8(ascii: "["))
        var elements = [Range<Int>]()
        scanner.skipWhitespace()
        if scanner.peek == UInt8(ascii: "]") { return elements }
        while true {
            scanner.skipWhitespace()
            let start = scanner.index
            try scanner.skipValue(depth: 0)
            elements.append(start..<scanner.index)
            scanner.skipWhitespace()
            if scanner.peek == UInt8(ascii: ",") {
                scanner.index += 1
                continue
            }
            try scanner.expect(UInt8(ascii: "]"))
            return elements
        }
    }

    private struct Scanner {
        let bytes: [UInt8]
        var index = 0

        var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

        mutating func skipWhitespace() {
            while let byte = peek, byte == 0x20 || byte == 0x0a || byte == 0x0d || byte == 0x09 { index += 1 }
        }

        mutating func expect(_ byte: UInt8) throws(JSONDocument.SyntaxError) {
            guard peek == byte else { throw .malformed(offset: index) }
            index += 1
        }

        mutating func skipString() throws(JSONDocument.SyntaxError) {
            try expect(UInt8(ascii: "\""))
            while let byte = peek {
                index += 1
                if byte == UInt8(ascii: "\\") { index += 1 } else if byte == UInt8(ascii: "\"") { return }
            }
            throw .malformed(offset: index)
        }

        mutating func skipValue(depth: Int) throws(JSONDocument.SyntaxError) {
            guard depth < 64, let byte = peek else { throw .malformed(offset: index) }
            switch byte {
            case UInt8(ascii: "\""):
                try skipString()
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                let close = byte == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
                index += 1
                skipWhitespace()
                if peek == close {
                    index += 1
                    return
                }
                while true {
                    skipWhitespace()
                    if byte == UInt8(ascii: "{") {
                        try skipString()
                        skipWhitespace()
                        try expect(UInt8(ascii: ":"))
                        skipWhitespace()
                    }
                    try skipValue(depth: depth + 1)
                    skipWhitespace()
                    if peek == UInt8(ascii: ",") {
                        index += 1
                        continue
                    }
                    try expect(close)
                    return
                }
            default:
                // A number or a literal: up to the next delimiter.
                let start = index
                while let next = peek, ![UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), 0x20, 0x0a, 0x0d, 0x09].contains(next) {
                    index += 1
                }
                guard index > start else { throw .malformed(offset: index) }
            }
        }
    }
}
