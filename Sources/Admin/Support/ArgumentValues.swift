import ArgumentParser
import Core

/// `90d`, `12h`, `30m` or `45s`.
struct Duration: ExpressibleByArgument {
    let seconds: Int64

    init?(argument: String) {
        let units: [Character: Int64] = ["d": 86_400, "h": 3600, "m": 60, "s": 1]
        guard let unit = argument.last, let scale = units[unit], let count = Int64(argument.dropLast()), count > 0 else { return nil }
        seconds = count * scale
    }
}

/// A cap given on the command line: a value, or `none` to lift the cap.
protocol CapArgument: ExpressibleByArgument {
    var value: Int64? { get }
    init(value: Int64?)
    static func parse(_ text: String) -> Int64?
}

extension CapArgument {
    init?(argument: String) {
        if argument.lowercased() == "none" {
            self.init(value: nil)
        } else if let parsed = Self.parse(argument) {
            self.init(value: parsed)
        } else {
            return nil
        }
    }
}

/// A container count.
struct CountCap: CapArgument {
    let value: Int64?
    static func parse(_ text: String) -> Int64? { Int64(text).flatMap { $0 >= 0 ? $0 : nil } }
}

/// vCPUs (fractions allowed), kept in milli-vCPUs as the counters are.
struct CPUCap: CapArgument {
    let value: Int64?
    static func parse(_ text: String) -> Int64? {
        guard let vcpus = Double(text), vcpus.isFinite, vcpus >= 0, vcpus < 1e12 else { return nil }
        return Int64((vcpus * 1000).rounded())
    }
}

/// A memory size such as `4g`, in bytes.
struct MemoryCap: CapArgument {
    let value: Int64?
    static func parse(_ text: String) -> Int64? { text == "0" ? 0 : (try? MemoryLimit(text))?.bytes }
}
