/// Where a responder listens: a unix socket path (absolute) or an IPv4 `host:port`.
public enum ResponderAddress: Sendable, Hashable, CustomStringConvertible {
    case unix(path: String)
    case tcp(host: String, port: UInt16)

    /// `/run/dro/api.sock`, `127.0.0.1:9000` or `10.0.0.5:9000`; nil for anything else (no
    /// wildcard `:9000`: a responder names the interface nginx reaches it on).
    public init?(_ text: String) {
        if text.hasPrefix("/") {
            self = .unix(path: text)
            return
        }
        guard let address = HostPort(text), let port = UInt16(exactly: address.port) else { return nil }
        self = .tcp(host: address.host, port: port)
    }

    public var description: String {
        switch self {
        case .unix(let path): path
        case .tcp(let host, let port): "\(host):\(port)"
        }
    }

    /// Whether only this machine can connect: a unix socket, or a loopback host.
    public var isLocal: Bool {
        switch self {
        case .unix: true
        case .tcp(let host, _): HostLocality.isLoopback(host)
        }
    }
}

/// Loopback names and addresses: traffic to them never leaves the machine.
public enum HostLocality {
    public static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || (isIPv4(host) && host.hasPrefix("127."))
    }

    /// A dotted-quad IPv4 literal.
    public static func isIPv4(_ text: String) -> Bool {
        let octets = text.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets.allSatisfy { !$0.isEmpty && $0.count <= 3 && UInt8($0) != nil }
    }
}

/// `host:port` (or a bare `host` when the caller has a default port): a DNS name or IPv4 literal
/// and a port 1–65535.
struct HostPort {
    let host: String
    let port: UInt32

    init?(_ text: String, defaultPort: UInt32? = nil) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let name = parts.first, !name.isEmpty,
              name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" }) else { return nil }
        guard let port = parts.count == 2 ? UInt32(parts[1]) : defaultPort, (1...65535).contains(port) else { return nil }
        host = String(name)
        self.port = port
    }
}
