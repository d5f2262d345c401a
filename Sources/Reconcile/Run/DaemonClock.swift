import Foundation
import Store

/// When the Docker daemon last started, to tell a container that ended with the daemon (a
/// dockerd restart, a host reboot) from one whose process exited on its own: the start of the
/// process in dockerd's pid file, else the host's boot time (which still covers a reboot).
enum DaemonClock {
    /// Microseconds since the epoch, or nil when neither can be read.
    static func startedAt(pidfile: String) -> Int64? {
        if let text = try? String(contentsOfFile: pidfile, encoding: .utf8),
           let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)),
           let started = ProcessClock.startedAt(pid: pid) {
            return started
        }
        return ProcessClock.bootTime().map { $0 * 1_000_000 }
    }
}
