/// An instant with nanosecond precision, as Docker stamps log lines and as `since` takes it.
///
/// `Date` cannot hold today's nanoseconds exactly, so this keeps whole seconds and nanoseconds.
public struct LogTimestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Seconds since the Unix epoch.
    public var seconds: Int64
    /// 0 ..< 1_000_000_000
    public var nanoseconds: Int32

    public init(seconds: Int64, nanoseconds: Int32 = 0) {
        precondition((0..<1_000_000_000).contains(nanoseconds), "nanoseconds out of range")
        self.seconds = seconds
        self.nanoseconds = nanoseconds
    }

    /// Parses `2024-05-01T12:00:00.123456789Z` (any fraction length, `Z` or a `±hh:mm` offset).
    public init?(rfc3339 text: String) {
        var parser = RFC3339Parser(Array(text.utf8))
        guard let parsed = parser.parse() else { return nil }
        self = parsed
    }

    /// The next representable instant. Docker's `since` includes lines stamped exactly at it,
    /// so pass `last.next` to read only lines after `last`.
    public var next: LogTimestamp {
        nanoseconds == 999_999_999
            ? LogTimestamp(seconds: seconds + 1, nanoseconds: 0)
            : LogTimestamp(seconds: seconds, nanoseconds: nanoseconds + 1)
    }

    /// Docker's `since` form: `<seconds>.<9-digit nanoseconds>`.
    public var description: String {
        let fraction = String(nanoseconds)
        return "\(seconds)." + String(repeating: "0", count: 9 - fraction.count) + fraction
    }

    public static func < (lhs: LogTimestamp, rhs: LogTimestamp) -> Bool {
        (lhs.seconds, lhs.nanoseconds) < (rhs.seconds, rhs.nanoseconds)
    }
}

/// A strict RFC 3339 reader over ASCII bytes.
private struct RFC3339Parser {
    private let bytes: [UInt8]
    private var index = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    mutating func parse() -> LogTimestamp? {
        guard let year = number(4), literal("-"), let month = number(2), literal("-"), let day = number(2),
              literal("T") || literal("t"), let hour = number(2), literal(":"), let minute = number(2),
              literal(":"), let second = number(2),
              (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61
        else { return nil }

        var nanos: Int64 = 0
        if literal(".") {
            var digits = 0
            while let digit = digit() {
                guard digits < 9 else { return nil }
                nanos = nanos * 10 + digit
                digits += 1
            }
            guard digits > 0 else { return nil }
            for _ in digits..<9 { nanos *= 10 }
        }

        var offset: Int64 = 0
        if !(literal("Z") || literal("z")) {
            let sign: Int64
            if literal("+") { sign = 1 } else if literal("-") { sign = -1 } else { return nil }
            guard let offsetHours = number(2), literal(":"), let offsetMinutes = number(2) else { return nil }
            offset = sign * (offsetHours * 3600 + offsetMinutes * 60)
        }
        guard index == bytes.count else { return nil }

        let days = Self.daysSinceEpoch(year: year, month: month, day: day)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offset
        return LogTimestamp(seconds: seconds, nanoseconds: Int32(nanos))
    }

    private mutating func literal(_ character: Unicode.Scalar) -> Bool {
        guard index < bytes.count, bytes[index] == UInt8(ascii: character) else { return false }
        index += 1
        return true
    }

    private mutating func digit() -> Int64? {
        guard index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) else { return nil }
        defer { index += 1 }
        return Int64(bytes[index] - UInt8(ascii: "0"))
    }

    private mutating func number(_ width: Int) -> Int64? {
        var value: Int64 = 0
        for _ in 0..<width {
            guard let digit = digit() else { return nil }
            value = value * 10 + digit
        }
        return value
    }

    /// Days from 1970-01-01 in the proleptic Gregorian calendar (Howard Hinnant's `days_from_civil`).
    private static func daysSinceEpoch(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
