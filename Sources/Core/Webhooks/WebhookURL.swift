/// Which hosts webhook endpoints may name: any (no `allowedHosts`) or only those listed, and the
/// ones that may be reached over plain `http://`.
public struct WebhookTargetPolicy: Sendable, Hashable {
    public let plainHTTPHosts: [String]
    /// Empty: any host.
    public let allowedHosts: [String]

    public init(plainHTTPHosts: [String] = [], allowedHosts: [String] = []) {
        self.plainHTTPHosts = plainHTTPHosts
        self.allowedHosts = allowedHosts
    }

    func allows(_ host: String) -> Bool { allowedHosts.isEmpty || allowedHosts.contains { $0.lowercased() == host } }
    func allowsPlainHTTP(_ host: String) -> Bool { plainHTTPHosts.contains { $0.lowercased() == host } }
}

/// Where a webhook endpoint is posted to: an absolute `https://` URL (or `http://` to a host the
/// operator allows in the config), of printable ASCII, with a host and optional port, path and
/// query, and no credentials or fragment; when the operator lists target hosts, one of those.
/// Checked at registration and again before every delivery.
public struct WebhookURL: Sendable, Hashable, CustomStringConvertible {
    public static let maxLength = 2048
    public let value: String
    /// Lower-case, without brackets for IPv6.
    public let host: String
    /// `scheme://authority` without path or query, which may carry a secret (a Slack-style hook):
    /// what events and logs may show of the URL.
    public let origin: String
    public var description: String { value }

    public init(_ text: String, policy: WebhookTargetPolicy) throws(APIError) {
        func refuse(_ why: String) -> APIError { APIError.validation("url", "url \(why)") }
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty, bytes.count <= Self.maxLength else { throw refuse("must be 1 to \(Self.maxLength) characters") }
        guard bytes.allSatisfy({ (0x21...0x7e).contains($0) }) else { throw refuse("must be printable ASCII without spaces (percent-encode the rest)") }
        let lowered = text.lowercased()
        let plain = lowered.hasPrefix("http://")
        guard plain || lowered.hasPrefix("https://") else { throw refuse("must start with https://") }
        guard !text.contains("#") else { throw refuse("must not have a fragment") }
        let rest = text.dropFirst(plain ? 7 : 8)
        let authority = rest.prefix { $0 != "/" && $0 != "?" }
        guard !authority.contains("@") else { throw refuse("must not carry credentials") }
        let (host, port) = try Self.split(authority, refuse)
        guard HostAddress.isIPLiteral(host) || HostAddress.isDNSName(host) else { throw refuse("must name a host (a DNS name or an IP address)") }
        if let port, !(port.allSatisfy(\.isASCII) && port.allSatisfy(\.isNumber) && (1...65535).contains(Int(port) ?? 0)) {
            throw refuse("has an invalid port")
        }
        guard policy.allows(host.lowercased()) else { throw refuse("must name a host the operator allows as a webhook target") }
        if plain, !policy.allowsPlainHTTP(host.lowercased()) {
            throw refuse("must start with https:// (plain http is allowed only to hosts the operator lists)")
        }
        value = text
        self.host = host.lowercased()
        origin = String(text.prefix((plain ? 7 : 8) + authority.count))
    }

    /// `host[:port]` or `[v6][:port]`.
    private static func split(_ authority: Substring, _ refuse: (String) -> APIError) throws(APIError) -> (host: String, port: Substring?) {
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { throw refuse("has an unclosed IPv6 bracket") }
            let host = String(authority[authority.index(after: authority.startIndex)..<close])
            let after = authority[authority.index(after: close)...]
            guard after.isEmpty || after.hasPrefix(":") else { throw refuse("has an invalid port") }
            return (host, after.isEmpty ? nil : after.dropFirst())
        }
        let parts = authority.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        return (String(parts[0]), parts.count == 2 ? parts[1] : nil)
    }
}
