import CFastCGI
#if canImport(Glibc)
import Glibc
#endif

/// The FastCGI listening socket the web server connects to: a unix socket or a TCP address.
public final class FastCGIListener: @unchecked Sendable {
    // Sendable: the descriptor is immutable after init, and libfcgi's accept is thread-safe.
    public let descriptor: Int32
    /// The socket file to remove at the end; nil for TCP.
    private let path: String?

    /// Creates the socket at `path` (replacing a stale one) with the given permission bits and group.
    public init(unixPath path: String, backlog: Int32 = 1024, mode: mode_t, group: String?) throws {
        Self.initializeLibrary()
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

    /// Listens on `host:port`, accepting connections only from `allowedPeers` (IPv4 addresses)
    /// when any are named: libfcgi closes a connection from anyone else before reading it.
    public init(host: String, port: UInt16, allowedPeers: [String], backlog: Int32 = 1024) throws {
        if !allowedPeers.isEmpty { setenv("FCGI_WEB_SERVER_ADDRS", allowedPeers.joined(separator: ","), 1) }
        Self.initializeLibrary()
        let fd = FCGX_OpenSocket("\(host):\(port)", backlog)
        guard fd >= 0 else { throw FastCGIError("cannot listen on \(host):\(port): \(String(cString: strerror(errno)))") }
        descriptor = fd
        path = nil
    }

    private static func initializeLibrary() {
        // Startup only, before the listener exists: no request is in flight to fail.
        precondition(FCGX_Init() == 0, "FCGX_Init failed")
        KeptConnections.prepare()
    }

    /// Stops accepting: threads blocked in accept wake with an error and leave their loops, and
    /// connections the web server keeps open but is not using are closed, while requests already
    /// accepted finish. Async-signal-safe.
    public static func shutdown(descriptor: Int32) {
        FCGX_ShutdownPending()
        _ = Glibc.shutdown(descriptor, Int32(SHUT_RDWR))
        KeptConnections.stop()
    }

    /// Closes the listener and removes its socket file, if it has one.
    public func remove() {
        close(descriptor)
        if let path { unlink(path) }
    }
}

public struct FastCGIError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
