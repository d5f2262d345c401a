/// Where a process serves its metrics: an IPv4 address and a port (`127.0.0.1:9464`).
public struct ListenAddress: Sendable, Hashable, CustomStringConvertible {
    public let host: String
    public let port: UInt16

    /// Throws unless `text` is `a.b.c.d:port` with a port from 1 to 65535.
    public init(_ text: String) throws {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let port = UInt16(parts[1]), port > 0 else {
            throw ListenAddressError(text: text)
        }
        let octets = parts[0].split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4, octets.allSatisfy({ UInt8($0) != nil }) else {
            throw ListenAddressError(text: text)
        }
        host = String(parts[0])
        self.port = port
    }

    public var description: String { "\(host):\(port)" }
}

/// A metrics address that is not `IPv4:port`.
public struct ListenAddressError: Error, CustomStringConvertible {
    let text: String
    public var description: String { "'\(text)' is not an IPv4 address and port such as 127.0.0.1:9464" }
}
