/// Measures the nesting depth of a JSON text without parsing it, so that a hostile
/// 10,000-deep body is refused before any recursive decoder sees it.
public enum JSONDepth {
    /// The deepest nesting of `[`/`{` outside strings; stops counting once `limit` is passed.
    public static func maximum<Bytes: Sequence>(of bytes: Bytes, stoppingAbove limit: Int) -> Int where Bytes.Element == UInt8 {
        var depth = 0
        var deepest = 0
        var inString = false
        var escaped = false
        for byte in bytes {
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                if depth > deepest {
                    deepest = depth
                    if deepest > limit { return deepest }
                }
            case UInt8(ascii: "]"), UInt8(ascii: "}"): depth -= 1
            default: break
            }
        }
        return deepest
    }
}
