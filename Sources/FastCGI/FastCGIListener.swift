import CFastCGI
#if canImport(Glibc)
import Glibc
#endif

/// The FastCGI listening socket: a unix socket the web server connects to.
public final class FastCGIListener: @unchecked Sendable {
    // Sendable: the descriptor is immutable after init, and libfcgi's accept is thread-safe.
    public let descriptor: Int32
    public let path: String

    /// Creates the socket at `path` (replacing a stale one) with the given permission bits and group.
    public init(path: String, backlog: Int32 = 1024, mode: mode_t, group: String?) throws {
        precondition(FCGX_Init() == 0, "FCGX_Init failed")
        unlink(path)
        let fd = FCGX_OpenSocket(path, backlog)
        guard fd >= 0 else { throw FastCGIError("cannot listen on \(path): \(String(cString: strerror(errno)))") }
        guard chmod(path, mode) == 0 else { throw FastCGIError("cannot chmod \(path): \(String(cString: strerror(errno)))") }
        if let group {
            guard let entry = getgrnam(group) else { throw FastCGIError("no group '\(group)' for \(path)") }
            guard chown(path, UInt32.max, entry.pointee.gr_gid) == 0 else {
                throw FastCGIError("cannot chown \(path) to group \(group): \(String(cString: strerror(errno)))")
            }
        }
        descriptor = fd
        self.path = path
    }

    /// Stops accepting: threads blocked in accept wake with an error and leave their loops, while
    /// requests already accepted finish. Async-signal-safe.
    public static func shutdown(descriptor: Int32) {
        FCGX_ShutdownPending()
        _ = Glibc.shutdown(descriptor, Int32(SHUT_RDWR))
    }

    /// Removes the socket file once the server is done with it.
    public func remove() {
        close(descriptor)
        unlink(path)
    }
}

public struct FastCGIError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
