import Foundation

/// Who holds a lease: `<hostname>/<pid>/<process start time>`. A lease whose owner is a dead
/// process of this machine can be taken at once instead of waiting for it to expire, so a run
/// killed with SIGKILL is repaired by the next one straight away.
public struct LeaseOwner: Hashable, Sendable, CustomStringConvertible {
    public let hostname: String
    public let pid: Int32
    public let startTime: String

    public static func current() -> LeaseOwner {
        let pid = getpid()
        return LeaseOwner(hostname: ProcessInfo.processInfo.hostName, pid: pid, startTime: Self.startTime(of: pid) ?? "0")
    }

    public init(hostname: String, pid: Int32, startTime: String) {
        self.hostname = hostname
        self.pid = pid
        self.startTime = startTime
    }

    public init?(_ text: String) {
        let parts = text.split(separator: "/")
        guard parts.count == 3, let pid = Int32(parts[1]) else { return nil }
        self.init(hostname: String(parts[0]), pid: pid, startTime: String(parts[2]))
    }

    public var description: String { "\(hostname)/\(pid)/\(startTime)" }

    /// True when the owner ran on this machine and that process is gone (or its pid was reused).
    public var isDeadLocalProcess: Bool {
        guard hostname == ProcessInfo.processInfo.hostName else { return false }
        return Self.startTime(of: pid) != startTime
    }

    private static func startTime(of pid: Int32) -> String? {
        ProcessClock.startTicks(of: pid).map(String.init)
    }
}

/// Process start times from /proc, for telling a live process from a dead one whose pid was
/// reused, and a daemon's restart from its containers' exits.
public enum ProcessClock {
    /// Field 22 of /proc/<pid>/stat: the process's start in clock ticks since boot.
    public static func startTicks(of pid: Int32) -> Int64? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return nil }
        // Fields after the command name (which may hold spaces) start at field 3.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        return fields.count > 19 ? Int64(fields[19]) : nil
    }

    /// When the process started, in microseconds since the epoch.
    public static func startedAt(pid: Int32) -> Int64? {
        guard let boot = bootTime(), let ticks = startTicks(of: pid) else { return nil }
        let hertz = Int64(sysconf(Int32(_SC_CLK_TCK)))
        return boot * 1_000_000 + ticks * 1_000_000 / max(1, hertz)
    }

    /// `btime` of /proc/stat: the boot time in seconds since the epoch.
    public static func bootTime() -> Int64? {
        guard let stat = try? String(contentsOfFile: "/proc/stat", encoding: .utf8) else { return nil }
        let line = stat.split(separator: "\n").first { $0.hasPrefix("btime ") }
        return line.flatMap { Int64($0.dropFirst(6)) }
    }
}
