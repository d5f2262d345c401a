#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
@testable import APIMetrics

/// The metrics listener on a loopback port: a client that trickles its request does not hold the
/// only metrics thread beyond the request deadline.
@Suite("Metrics HTTP server")
struct MetricsHTTPServerTests {
    /// A server on a free loopback port (tries a few random ones).
    static func server() throws -> (MetricsHTTPServer, UInt16) {
        for _ in 0..<20 {
            let port = UInt16.random(in: 20_000...60_000)
            if let server = try? MetricsHTTPServer(address: ListenAddress("127.0.0.1:\(port)"), body: { Array("up 1\n".utf8) }) {
                server.start()
                return (server, port)
            }
        }
        throw CocoaError(.fileWriteUnknown)
    }

    static func connect(_ port: UInt16) -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var sin = sockaddr_in()
        sin.sin_family = sa_family_t(AF_INET)
        sin.sin_port = port.bigEndian
        inet_pton(AF_INET, "127.0.0.1", &sin.sin_addr)
        let connected = withUnsafePointer(to: &sin) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        precondition(connected == 0, "cannot connect to 127.0.0.1:\(port)")
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        return fd
    }

    static func send(_ fd: Int32, _ text: String) {
        _ = Array(text.utf8).withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    /// Everything the server answers until it closes the connection.
    static func answer(_ fd: Int32) -> String {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            guard n > 0 else { break }
            bytes += chunk[0..<n]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test("a scrape is answered")
    func scrape() throws {
        let (_, port) = try Self.server()
        let fd = Self.connect(port)
        defer { close(fd) }
        Self.send(fd, "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        let text = Self.answer(fd)
        #expect(text.hasPrefix("HTTP/1.1 200 OK\r\n"))
        #expect(text.hasSuffix("\r\n\r\nup 1\n"))
    }

    @Test("a client that trickles its request is cut off at the deadline, and a scrape behind it is answered")
    func tricklingClient() throws {
        let (_, port) = try Self.server()
        let trickler = Self.connect(port)
        // One byte every 0.3 s for 6 s (each would restart a per-recv timeout of 2 s); the
        // thread owns the socket and closes it when done.
        let thread = Thread {
            for byte in "GET /metrics HTTP/1.1\r\nX-Slow".map(String.init) {
                Self.send(trickler, byte)
                usleep(300_000)
            }
            close(trickler)
        }
        thread.start()
        usleep(200_000)
        let began = ProcessInfo.processInfo.systemUptime
        let scraper = Self.connect(port)
        defer { close(scraper) }
        Self.send(scraper, "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        let text = Self.answer(scraper)
        let waited = ProcessInfo.processInfo.systemUptime - began
        #expect(text.hasPrefix("HTTP/1.1 200 OK\r\n"))
        #expect(waited < 3.0, "the scrape waited \(waited) s behind a trickling client")
    }
}
