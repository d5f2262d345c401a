#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// A tiny blocking HTTP/1.1 server on its own thread: `GET /metrics` answers the exposition,
/// anything else 404. One connection at a time, closed after each answer: Prometheus scrapes
/// rarely, and a stalled client is cut off by the socket timeouts.
public final class MetricsHTTPServer: @unchecked Sendable {
    // Sendable: `listenFD` is set once in init and only read afterwards.
    private let listenFD: Int32
    private let body: @Sendable () -> [UInt8]

    /// Binds `address` now, so that a taken port stops the start; serves once `start()` is called.
    public init(address: ListenAddress, body: @escaping @Sendable () -> [UInt8]) throws {
        self.body = body
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
        var timeout = timeval(tv_sec: 2, tv_usec: 0)
        setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(client, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        guard let head = readHead(client) else { return }
        let response: [UInt8]
        switch MetricsRequestLine(head) {
        case .metrics:
            response = Self.response(status: "200 OK", contentType: "text/plain; version=0.0.4; charset=utf-8", body: body())
        case .other:
            response = Self.response(status: "404 Not Found", contentType: "text/plain; charset=utf-8", body: Array("not found\n".utf8))
        }
        writeAll(client, response)
    }

    /// The request up to the blank line (at most 8 KiB), or nil when the client went away.
    private func readHead(_ client: Int32) -> [UInt8]? {
        var head: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1024)
        while head.count < 8192 {
            let n = chunk.withUnsafeMutableBytes { recv(client, $0.baseAddress, $0.count, 0) }
            guard n > 0 else { return head.isEmpty ? nil : head }
            head += chunk[0..<n]
            if head.firstRange(of: [13, 10, 13, 10]) != nil { break }
        }
        return head
    }

    private func writeAll(_ client: Int32, _ bytes: [UInt8]) {
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { return }
            sent += n
        }
    }

    static func response(status: String, contentType: String, body: [UInt8]) -> [UInt8] {
        Array("HTTP/1.1 \(status)\r\nContent-Type: \(contentType)\r\nContent-Length: \(body.count)\r\nConnection: close\r\n\r\n".utf8) + body
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
