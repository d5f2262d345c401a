import Foundation

/// Who holds a lease: `<hostname>/<pid>/<process start time>`. A lease whose owner is a dead
/// process of this machine can be taken at once instead of waiting for it to expire, so a run
/// killed with SIGKILL is repaired by the next one straight away.
struct LeaseOwner: Hashable, CustomStringConvertible {
    let hostname: String
    let pid: Int32
    let startTime: String

    static func current() -> LeaseOwner {
        let pid = getpid()
        return LeaseOwner(hostname: ProcessInfo.processInfo.hostName, pid: pid, startTime: Self.startTime(of: pid) ?? "0")
    }

    init(hostname: String, pid: Int32, startTime: String) {
        self.hostname = hostname
        self.pid = pid
        self.startTime = startTime
    }

    init?(_ text: String) {
        let parts = text.split(separator: "/")
        guard parts.count == 3, let pid = Int32(parts[1]) else { return nil }
        self.init(hostname: String(parts[0]), pid: pid, startTime: String(parts[2]))
    }

    var description: String { "\(hostname)/\(pid)/\(startTime)" }

    /// True when the owner ran on this machine and that process is gone (or its pid was reused).
    var isDeadLocalProcess: Bool {
        guard hostname == ProcessInfo.processInfo.hostName else { return false }
        return Self.startTime(of: pid) != startTime
    }

    /// Field 22 of /proc/<pid>/stat: the process's start time in clock ticks since boot.
    private static func startTime(of pid: Int32) -> String? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return nil }
        // Fields after the command name (which may hold spaces) start at field 3.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        return fields.count > 19 ? String(fields[19]) : nil
    }
}
