/// One line of a container's output as `GET /containers/{id}/logs` returns it.
public struct LogLine: Sendable, Hashable {
    /// The output stream a line was written to.
    public enum Stream: String, Sendable, Hashable {
        case stdout, stderr
    }

    public var stream: Stream
    /// The RFC 3339 timestamp (nanoseconds, UTC) Docker recorded when it read the line.
    public var timestamp: String
    /// The raw bytes, without the trailing newline. Not necessarily valid UTF-8.
    public var text: [UInt8]

    public init(stream: Stream, timestamp: String, text: [UInt8]) {
        self.stream = stream
        self.timestamp = timestamp
        self.text = text
    }

    /// ``timestamp`` as an exact instant, for the next `since`.
    public var time: LogTimestamp? { LogTimestamp(rfc3339: timestamp) }
}
