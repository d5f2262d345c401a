import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A registry on 127.0.0.1 (which dockerd treats as insecure, so plain HTTP) that serves a
/// manifest whose blobs never match their digests. A pull from it gets past the point where
/// dockerd answers `200`, then fails inside the progress stream.
final class FakeRegistry: Sendable {
    let port: UInt16
    private let listener: Int32

    init() throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard listener >= 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                bind(listener, socketAddress, length) == 0 && listen(listener, 16) == 0
                    && getsockname(listener, socketAddress, &length) == 0
            }
        }
        guard bound else {
            close(listener)
            throw POSIXError(.init(rawValue: errno) ?? .EIO)
        }
        self.listener = listener
        port = UInt16(bigEndian: address.sin_port)
        Thread.detachNewThread { [listener] in Self.serve(listener) }
    }

    /// Stops accepting; the serving thread ends.
    func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    private static func serve(_ listener: Int32) {
        while true {
            let connection = accept(listener, nil, nil)
            guard connection >= 0 else { return }
            respond(on: connection)
            close(connection)
        }
    }

    private static func respond(on connection: Int32) {
        var request: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while !request.ends(with: Array("\r\n\r\n".utf8)) && request.count < 65_536 {
            let count = recv(connection, &chunk, chunk.count, 0)
            guard count > 0 else { return }
            request += chunk[..<count]
            // dockerd tries TLS first; a TLS record (0x16) is not HTTP: hang up so it falls back.
            guard request.first.map({ (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) }) == true else { return }
        }
        let line = String(decoding: request.prefix { $0 != UInt8(ascii: "\r") }, as: UTF8.self).split(separator: " ")
        guard line.count >= 2 else { return }
        let (status, type, body) = answer(path: String(line[1]))
        var head = "HTTP/1.1 \(status)\r\nContent-Type: \(type)\r\nContent-Length: \(body.count)\r\n"
        head += "Docker-Distribution-Api-Version: registry/2.0\r\nConnection: close\r\n\r\n"
        let bytes = Array(head.utf8) + (line[0] == "HEAD" ? [] : body)
        _ = bytes.withUnsafeBytes { send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    private static func answer(path: String) -> (status: String, type: String, body: [UInt8]) {
        if path == "/v2/" { return ("200 OK", "application/json", Array("{}".utf8)) }
        if path.contains("/manifests/") { return ("200 OK", "application/vnd.docker.distribution.manifest.v2+json", manifest) }
        if path.contains("/blobs/") { return ("200 OK", "application/octet-stream", Array("garbage!!!".utf8)) }
        return ("404 Not Found", "application/json", Array("{}".utf8))
    }

    private static let manifest = Array("""
        {"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json",\
        "config":{"mediaType":"application/vnd.docker.container.image.v1+json","size":10,\
        "digest":"sha256:\(String(repeating: "2", count: 64))"},\
        "layers":[{"mediaType":"application/vnd.docker.image.rootfs.diff.tar.gzip","size":10,\
        "digest":"sha256:\(String(repeating: "1", count: 64))"}]}
        """.utf8)
}

private extension Array where Element == UInt8 {
    func ends(with suffix: [UInt8]) -> Bool { count >= suffix.count && Array(self[(count - suffix.count)...]) == suffix }
}
