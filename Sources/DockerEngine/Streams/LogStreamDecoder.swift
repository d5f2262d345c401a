/// Decodes the body of `GET /containers/{id}/logs?timestamps=1` for a container without a TTY.
///
/// Docker multiplexes stdout and stderr into frames: an 8-byte header (stream type: 1 stdout,
/// 2 stderr, 3 a daemon error; three zero bytes; the payload size as a big-endian UInt32) and the
/// payload. Lines are split on `\n` per stream, wherever the frame boundaries fall; a last line
/// without a newline is still returned.
enum LogStreamDecoder {
    static func decode(_ body: [UInt8]) throws(DockerError) -> [LogLine] {
        var assembler = LogLineAssembler()
        var offset = 0
        while offset < body.count {
            guard body.count - offset >= 8 else { throw .transport("log stream: truncated frame header") }
            let size = body[offset + 4..<offset + 8].reduce(0) { $0 << 8 | Int($1) }
            let start = offset + 8
            guard body.count - start >= size else { throw .transport("log stream: truncated frame") }
            let payload = body[start..<start + size]
            switch body[offset] {
            case 0, 1: assembler.append(payload, to: .stdout)
            case 2: assembler.append(payload, to: .stderr)
            case 3: throw .daemon(status: 200, message: String(decoding: payload, as: UTF8.self))
            case let type: throw .transport("log stream: unknown stream type \(type) (is the container a TTY?)")
            }
            offset = start + size
        }
        return assembler.finish()
    }
}

/// Reassembles lines from payload pieces, per stream.
struct LogLineAssembler {
    private var pending: [LogLine.Stream: [UInt8]] = [:]
    private var lines: [LogLine] = []

    mutating func append(_ payload: ArraySlice<UInt8>, to stream: LogLine.Stream) {
        var payload = payload
        var buffer = pending[stream, default: []]
        // Docker cuts lines over 16 KiB into several log messages and stamps each one; a piece
        // that continues an unfinished line starts with its own timestamp, which is dropped.
        if !buffer.isEmpty, let prefix = Self.timestampPrefixLength(payload) {
            payload = payload.dropFirst(prefix)
        }
        while let newline = payload.firstIndex(of: UInt8(ascii: "\n")) {
            buffer.append(contentsOf: payload[..<newline])
            lines.append(Self.line(buffer, stream: stream))
            buffer.removeAll(keepingCapacity: true)
            payload = payload[(newline + 1)...]
        }
        buffer.append(contentsOf: payload)
        pending[stream] = buffer
    }

    /// All lines, including unfinished last lines (stdout's before stderr's).
    mutating func finish() -> [LogLine] {
        for stream in [LogLine.Stream.stdout, .stderr] {
            if let rest = pending[stream], !rest.isEmpty { lines.append(Self.line(rest, stream: stream)) }
        }
        pending = [:]
        return lines
    }

    /// Splits `<timestamp> <text>` at the first space.
    private static func line(_ bytes: [UInt8], stream: LogLine.Stream) -> LogLine {
        guard let space = bytes.firstIndex(of: UInt8(ascii: " ")) else {
            return LogLine(stream: stream, timestamp: "", text: bytes)
        }
        let timestamp = String(decoding: bytes[..<space], as: UTF8.self)
        return LogLine(stream: stream, timestamp: timestamp, text: Array(bytes[(space + 1)...]))
    }

    /// The length of a leading `<RFC 3339 timestamp> `, if there is one.
    private static func timestampPrefixLength(_ payload: ArraySlice<UInt8>) -> Int? {
        // Docker's stamps are 20–35 bytes; bound the search so long payloads stay cheap.
        guard let space = payload.prefix(40).firstIndex(of: UInt8(ascii: " ")),
              LogTimestamp(rfc3339: String(decoding: payload[..<space], as: UTF8.self)) != nil
        else { return nil }
        return space - payload.startIndex + 1
    }
}
