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
        guard let colon = text.lastIndex(of: ":") else { return nil }
        let host = String(text[..<colon])
        guard !host.isEmpty, host.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" }),
              let port = UInt16(text[text.index(after: colon)...]), port > 0 else { return nil }
        self = .tcp(host: host, port: port)
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
