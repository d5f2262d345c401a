import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A file that readers only ever see whole: the new text goes to a temporary file in the same
/// directory, is flushed to disk, and replaces the old file by rename (node_exporter's advice for
/// cron jobs). The temporary name starts with a dot and does not end in `.prom`, so the textfile
/// collector never reads it.
public enum AtomicFile {
    /// The file's text; nil when it does not exist or cannot be read. Bytes that are not UTF-8
    /// become U+FFFD, so a damaged file reads as malformed rather than as missing.
    public static func read(_ path: String) -> String? {
        FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Replaces the file with what `change` makes of its current text, under an exclusive lock
    /// on a hidden lock file beside it: two runs ending at once never lose each other's update.
    public static func update(_ path: String, _ change: (String?) -> String) throws(FileWriteError) {
        let url = URL(fileURLWithPath: path)
        let lockPath = "\(url.deletingLastPathComponent().path)/.\(url.lastPathComponent).lock"
        let lock = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard lock >= 0 else { throw FileWriteError("create", lockPath, errno) }
        defer { close(lock) }
        while flock(lock, LOCK_EX) != 0 {
            guard errno == EINTR else { throw FileWriteError("lock", lockPath, errno) }
        }
        try replace(path, with: change(read(path)))
    }

    public static func replace(_ path: String, with text: String) throws(FileWriteError) {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        let temporary = "\(directory)/.\(url.lastPathComponent).\(getpid()).tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw FileWriteError("create", temporary, errno) }
        var renamed = false
        defer { if !renamed { unlink(temporary) } }
        let complete = Array(text.utf8).withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let n = write(fd, bytes.baseAddress! + offset, bytes.count - offset)
                if n < 0, errno == EINTR { continue }
                guard n > 0 else { return false }
                offset += n
            }
            return true
        }
        let flushed = complete && fsync(fd) == 0
        let reason = errno
        close(fd)
        guard flushed else { throw FileWriteError("write", temporary, reason) }
        guard rename(temporary, path) == 0 else { throw FileWriteError("rename to \(path)", temporary, errno) }
        renamed = true
        syncDirectory(directory)
    }

    /// Makes the rename itself durable; a failure here loses nothing readers could see.
    private static func syncDirectory(_ directory: String) {
        let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
    }
}

/// A step of `AtomicFile.replace` failed, with the system's reason.
public struct FileWriteError: Error, CustomStringConvertible {
    public let description: String

    init(_ step: String, _ path: String, _ code: Int32) {
        description = "cannot \(step) \(path): \(String(cString: strerror(code)))"
    }
}
