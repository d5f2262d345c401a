import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A UTC instant with microseconds, in the forms the store and the API use. The clock is the
/// application's: every binary writes its own `now`, so hosts must keep time (NTP).
public struct Timestamp: Sendable, Hashable, Comparable {
    public let microseconds: Int64

    public init(microseconds: Int64) { self.microseconds = microseconds }

    public static func now() -> Timestamp {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Timestamp(microseconds: Int64(spec.tv_sec) * 1_000_000 + Int64(spec.tv_nsec) / 1000)
    }

    /// Parses a DATETIME text (`2026-11-23 10:38:50[.123456]`, UTC); nil when malformed.
    public init?(sql text: String) {
        let parts = text.split(whereSeparator: { "- :.".contains($0) }).compactMap { Int32($0) }
        guard parts.count >= 6 else { return nil }
        var fields = tm()
        fields.tm_year = parts[0] - 1900
        fields.tm_mon = parts[1] - 1
        fields.tm_mday = parts[2]
        fields.tm_hour = parts[3]
        fields.tm_min = parts[4]
        fields.tm_sec = parts[5]
        var micros = 0
        if parts.count > 6, let dot = text.lastIndex(of: ".") {
            let digits = text[text.index(after: dot)...].prefix(6)
            micros = Int(digits.padding(toLength: 6, withPad: "0", startingAt: 0)) ?? 0
        }
        microseconds = Int64(timegm(&fields)) * 1_000_000 + Int64(micros)
    }

    public func adding(seconds: Int64) -> Timestamp { Timestamp(microseconds: microseconds + seconds * 1_000_000) }

    /// `2026-11-23 10:38:50.123456`, as DATETIME(6) takes it.
    public var sql: String {
        var seconds = time_t(microseconds / 1_000_000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        let micros = Int(microseconds % 1_000_000)
        return pad(Int(parts.tm_year) + 1900, 4) + "-" + pad(Int(parts.tm_mon) + 1, 2) + "-" + pad(Int(parts.tm_mday), 2)
            + " " + pad(Int(parts.tm_hour), 2) + ":" + pad(Int(parts.tm_min), 2) + ":" + pad(Int(parts.tm_sec), 2)
            + "." + pad(micros, 6)
    }

    /// RFC 3339 in UTC, as the API shows times.
    public var rfc3339: String { Self.rfc3339(sql: sql) }

    /// Turns a DATETIME(6) text from the database into RFC 3339 without a date formatter.
    public static func rfc3339(sql: String) -> String {
        // On the UTF-8 bytes: this runs for every timestamp of every listed container.
        var bytes = Array(sql.utf8)
        if let space = bytes.firstIndex(of: UInt8(ascii: " ")) { bytes[space] = UInt8(ascii: "T") }
        bytes.append(UInt8(ascii: "Z"))
        return String(decoding: bytes, as: UTF8.self)
    }

    public static func < (a: Timestamp, b: Timestamp) -> Bool { a.microseconds < b.microseconds }
}

private func pad(_ value: Int, _ width: Int) -> String {
    let digits = String(value)
    return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
}
