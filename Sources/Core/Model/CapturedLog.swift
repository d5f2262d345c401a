/// One captured line of a container's output.
public struct LogLine: Sendable, Hashable {
    public enum Stream: String, Sendable, Hashable, Codable {
        case stdout, stderr
    }

    public let stream: Stream
    /// Docker's RFC 3339 timestamp of the line.
    public let timestamp: String
    /// The raw bytes, without the newline: a container may print invalid UTF-8.
    public let text: [UInt8]

    public init(stream: Stream, timestamp: String, text: [UInt8]) {
        self.stream = stream
        self.timestamp = timestamp
        self.text = text
    }
}

/// The stored form of captured lines: `<1|2> <timestamp> <bytes>\n` per line. Texts never hold a
/// newline (lines are split on it), so the form needs no escaping.
public enum CapturedLogCodec {
    public static func encode(_ lines: [LogLine]) -> [UInt8] {
        var out = [UInt8]()
        for line in lines {
            out.append(line.stream == .stdout ? UInt8(ascii: "1") : UInt8(ascii: "2"))
            out.append(UInt8(ascii: " "))
            out += line.timestamp.utf8
            out.append(UInt8(ascii: " "))
            out += line.text.filter { $0 != UInt8(ascii: "\n") }
            out.append(UInt8(ascii: "\n"))
        }
        return out
    }

    public static func decode(_ bytes: [UInt8]) -> [LogLine] {
        bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true).compactMap { record in
            let parts = record.split(separator: UInt8(ascii: " "), maxSplits: 2, omittingEmptySubsequences: false)
            guard parts.count >= 2, let tag = parts[0].first else { return nil }
            return LogLine(
                stream: tag == UInt8(ascii: "2") ? .stderr : .stdout,
                timestamp: String(decoding: parts[1], as: UTF8.self),
                text: parts.count == 3 ? Array(parts[2]) : [])
        }
    }
}
