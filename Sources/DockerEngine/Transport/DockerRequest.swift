import Foundation

/// One Engine API call before the version prefix and the socket are applied.
struct DockerRequest {
    enum Method: String {
        case get = "GET"
        case post = "POST"
        case delete = "DELETE"
    }

    var method: Method
    /// Escaped path without the version prefix, e.g. `/containers/abc/start`.
    var path: String
    var query: [(name: String, value: String)]
    var body: Data?
    /// Overrides the client's request timeout.
    var timeout: Duration?

    /// - Parameter segments: path segments, each percent-escaped (so an id can never add a segment).
    init(
        _ method: Method, _ segments: String...,
        query: [(name: String, value: String)] = [], body: Data? = nil, timeout: Duration? = nil
    ) {
        self.method = method
        self.path = segments.map { "/" + Self.escape($0) }.joined()
        self.query = query
        self.body = body
        self.timeout = timeout
    }

    /// The request target sent to dockerd: `/<version><path>?<query>`.
    func target(apiVersion: String) -> String {
        let base = "/" + apiVersion + path
        guard !query.isEmpty else { return base }
        return base + "?" + query.map { Self.escape($0.name) + "=" + Self.escape($0.value) }.joined(separator: "&")
    }

    private static let unreserved = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~"
    )

    /// RFC 3986 escaping of everything but unreserved characters.
    static func escape(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
    }
}

/// What dockerd answered: the status and the whole body.
struct DockerResponse {
    var status: Int
    var body: [UInt8]
}
