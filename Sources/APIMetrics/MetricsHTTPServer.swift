#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// A tiny blocking HTTP/1.1 server on its own thread: `GET /metrics` answers the exposition,
/// anything else 404. One connection at a time, closed after each answer: Prometheus scrapes
/// rarely, and a stalled or trickling client is cut off once sending its request (or reading the
/// answer) has taken `requestSeconds` in all, so it never holds the only metrics thread for longer.
public final class MetricsHTTPServer: @unchecked Sendable {
    // Sendable: `listenFD` is set once in init and only read afterwards.
    private let listenFD: Int32
    private let body: @Sendable () -> [UInt8]
    private let requestSeconds: Double

    /// Binds `address` now, so that a taken port stops the start; serves once `start()` is called.
    public init(address: ListenAddress, requestSeconds: Double = 2, body: @escaping @Sendable () -> [UInt8]) throws {
        self.body = body
        self.requestSeconds = requestSeconds
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw MetricsServerError(String(cString: strerror(errno)), address) }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var sin = sockaddr_in()
        sin.sin_family = sa_family_t(AF_INET)
        sin.sin_port = address.port.bigEndian
        guard inet_pton(AF_INET, address.host, &sin.sin_addr) == 1 else {
            close(fd)
            throw MetricsServerError("the address is not IPv4", address)
        }
        let bound = withUnsafePointer(to: &sin) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 16) == 0 else {
            let error = MetricsServerError(String(cString: strerror(errno)), address)
            close(fd)
            throw error
        }
        listenFD = fd
    }

    /// Serves on a thread of its own for the rest of the process's life.
    public func start() {
        let thread = Thread { [self] in serve() }
        thread.name = "dro-api-metrics"
        thread.start()
    }

    private func serve() {
        while true {
            let client = accept(listenFD, nil, nil)
            if client < 0 {
                if errno == EINTR || errno == ECONNABORTED { continue }
                return
            }
            answer(client)
            close(client)
        }
    }

    private func answer(_ client: Int32) {
        // One deadline for reading the request and one for writing the answer (per-call socket
        // timeouts would restart on every byte); making the body, which may wait for the
        // database, counts against neither.
        guard let head = readHead(client, IODeadline(seconds: requestSeconds)) else { return }
        let response: [UInt8]
        switch MetricsRequestLine(head) {
        case .metrics:
            response = Self.response(status: "200 OK", contentType: "text/plain; version=0.0.4; charset=utf-8", body: body())
        case .other:
            response = Self.response(status: "404 Not Found", contentType: "text/plain; charset=utf-8", body: Array("not found\n".utf8))
        }
        writeAll(client, response, IODeadline(seconds: requestSeconds))
    }

    /// The request up to the blank line (at most 8 KiB), or nil when the client went away or
    /// did not send it before the deadline.
    private func readHead(_ client: Int32, _ deadline: IODeadline) -> [UInt8]? {
        var head: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1024)
        while head.count < 8192 {
            guard deadline.wait(client, for: Int16(POLLIN)) else { return nil }
            let n = chunk.withUnsafeMutableBytes { recv(client, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
            if n < 0, errno == EINTR || errno == EAGAIN { continue }
            guard n > 0 else { return head.isEmpty ? nil : head }
            head += chunk[0..<n]
            if head.firstRange(of: [13, 10, 13, 10]) != nil { break }
        }
        return head
    }

    private func writeAll(_ client: Int32, _ bytes: [UInt8], _ deadline: IODeadline) {
        var sent = 0
        while sent < bytes.count {
            guard deadline.wait(client, for: Int16(POLLOUT)) else { return }
            let n = bytes[sent...].withUnsafeBytes { send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT)) }
            if n < 0, errno == EINTR || errno == EAGAIN { continue }
            guard n > 0 else { return }
            sent += n
        }
    }

    static func response(status: String, contentType: String, body: [UInt8]) -> [UInt8] {
        Array("HTTP/1.1 \(status)\r\nContent-Type: \(contentType)\r\nContent-Length: \(body.count)\r\nConnection: close\r\n\r\n".utf8) + body
    }
}

/// A point on the monotonic clock that a connection's reads and writes must not outlast.
struct IODeadline {
    private let end: Double

    init(seconds: Double) { end = ProcessInfo.processInfo.systemUptime + seconds }

    /// Waits until `fd` is ready for `events`; false once the deadline has passed first.
    func wait(_ fd: Int32, for events: Int16) -> Bool {
        while true {
            let remaining = Int32(((end - ProcessInfo.processInfo.systemUptime) * 1000).rounded(.up))
            guard remaining > 0 else { return false }
            var entry = pollfd(fd: fd, events: events, revents: 0)
            let ready = poll(&entry, 1, remaining)
            if ready < 0, errno == EINTR { continue }
            // An error or hang-up also counts as ready: the read or write then says what happened.
            return ready > 0
        }
    }
}

/// What a metrics listener answers for a request head: only `GET /metrics` (a query is ignored).
enum MetricsRequestLine: Equatable {
    case metrics, other

    init(_ head: [UInt8]) {
        let line = head.split(separator: 13, maxSplits: 1).first.map { String(decoding: $0, as: UTF8.self) } ?? ""
        let parts = line.split(separator: " ")
        guard parts.count == 3, parts[0] == "GET" else { self = .other; return }
        let path = parts[1].split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        self = path == "/metrics" ? .metrics : .other
    }
}

struct MetricsServerError: Error, CustomStringConvertible {
    let description: String
    init(_ reason: String, _ address: ListenAddress) {
        description = "cannot listen for metrics on \(address): \(reason)"
    }
}
