import Foundation
import Logging

/// A swift-log handler writing one line per event to standard error:
/// `2026-11-23T10:59:01.123456Z info dro-api: request key=value …`. UTC, so formatting never
/// consults the local time zone (glibc stats /etc/localtime for that on every call); and one
/// write(2) per line, so threads share no lock (small appends to a pipe or file are atomic).
public struct LineLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    private let label: String

    public init(label: String) { self.label = label }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { $1 } }
        if let extra = event.metadata { merged.merge(extra) { $1 } }
        var line = Self.timestamp() + " " + event.level.rawValue + " " + label + ": " + LogEscaping.message(event.message.description)
        for (key, value) in merged.sorted(by: { $0.key < $1.key }) {
            line += " " + LogEscaping.value(key) + "=" + LogEscaping.value("\(value)")
        }
        line += "\n"
        var bytes = Array(line.utf8)
        bytes.withUnsafeMutableBytes { buffer in
            guard let base = buffer.baseAddress else { return }
            var offset = 0
            while offset < buffer.count {
                let written = write(STDERR_FILENO, base + offset, buffer.count - offset)
                if written <= 0 { break }
                offset += written
            }
        }
    }

    /// RFC 3339 in UTC with microseconds.
    private static func timestamp() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        var seconds = now.tv_sec
        var parts = tm()
        gmtime_r(&seconds, &parts)
        var buffer = [CChar](repeating: 0, count: 32)
        let length = strftime(&buffer, buffer.count, "%Y-%m-%dT%H:%M:%S", &parts)
        let micros = String(Int(now.tv_nsec) / 1000)
        return String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            + "." + String(repeating: "0", count: 6 - micros.count) + micros + "Z"
    }
}
