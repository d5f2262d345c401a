/// A textfile that is not in the exposition format this package writes.
public struct MalformedExposition: Error, CustomStringConvertible {
    public let line: Int
    public var description: String { "line \(line) is not a sample of the text exposition format" }
}

/// Reads the sample lines of a text exposition file (comments and blank lines skipped). Strict: any
/// line that is not a well-formed sample makes the whole file malformed, so a torn or foreign file
/// is never half-trusted.
public enum ExpositionParser {
    public static func samples(_ text: String) throws(MalformedExposition) -> [ExpositionLine] {
        var samples = [ExpositionLine]()
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            if trimmed.isEmpty || trimmed.first == "#" { continue }
            guard let sample = parse(Array(trimmed.unicodeScalars)) else { throw MalformedExposition(line: index + 1) }
            samples.append(sample)
        }
        return samples
    }

    /// `name`, optional `{k="v",…}`, blanks, a value, optionally a timestamp.
    private static func parse(_ s: [Unicode.Scalar]) -> ExpositionLine? {
        var i = 0
        func isNameScalar(_ c: Unicode.Scalar, first: Bool) -> Bool {
            c == "_" || c == ":" || ("a"..."z").contains(c) || ("A"..."Z").contains(c) || (!first && ("0"..."9").contains(c))
        }
        func name() -> String? {
            let start = i
            while i < s.count, isNameScalar(s[i], first: i == start) { i += 1 }
            return i > start ? String(String.UnicodeScalarView(s[start..<i])) : nil
        }
        guard let metric = name() else { return nil }
        var labels = [String: String]()
        if i < s.count, s[i] == "{" {
            i += 1
            while i < s.count, s[i] != "}" {
                guard let key = name(), i + 1 < s.count, s[i] == "=", s[i + 1] == "\"" else { return nil }
                i += 2
                var value = String.UnicodeScalarView()
                while i < s.count, s[i] != "\"" {
                    if s[i] == "\\" {
                        i += 1
                        guard i < s.count else { return nil }
                        value.append(s[i] == "n" ? "\n" : s[i])
                    } else {
                        value.append(s[i])
                    }
                    i += 1
                }
                guard i < s.count else { return nil }
                i += 1
                labels[key] = String(value)
                if i < s.count, s[i] == "," { i += 1 }
            }
            guard i < s.count else { return nil }
            i += 1
        }
        let rest = String(String.UnicodeScalarView(s[i...])).split(separator: " ", omittingEmptySubsequences: true)
        guard (1...2).contains(rest.count), let value = Double(rest[0]), rest.count == 1 || Int64(rest[1]) != nil else { return nil }
        return ExpositionLine(metric, labels, value)
    }
}
