/// What a log line may carry of text a client or a container chose (a path, an error, a name):
/// one line stays one line, and `key=value` pairs cannot be forged.
public enum LogEscaping {
    /// A value as is when it is plain (letters, digits, `._:/@+,-` and the like), else quoted with
    /// `"`, `\\` and control characters escaped.
    public static func value(_ text: String) -> String {
        guard !text.isEmpty else { return "\"\"" }
        if text.unicodeScalars.allSatisfy(isPlain) { return text }
        return "\"" + escaped(text, quote: true) + "\""
    }

    /// A message: control characters escaped, so it stays on its line.
    public static func message(_ text: String) -> String {
        text.unicodeScalars.contains(where: isControl) ? escaped(text, quote: false) : text
    }

    private static func isPlain(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "._:/@+,-[]()%*#~".unicodeScalars.contains(scalar))
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || scalar.value == 0x7f || (0x80..<0xa0).contains(scalar.value) || scalar == "\u{2028}" || scalar == "\u{2029}"
    }

    private static func escaped(_ text: String, quote: Bool) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\\" where quote: out += "\\\\"
            case "\"" where quote: out += "\\\""
            case _ where isControl(scalar): out += "\\u{" + String(scalar.value, radix: 16) + "}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
