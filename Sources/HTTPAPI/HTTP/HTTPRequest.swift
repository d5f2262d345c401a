import CryptoPrimitives
import Foundation

/// A request as the handlers see it: what the web server passed (FastCGI parameters, or a test's
/// dictionary) and the body.
public struct HTTPRequest: Sendable {
    public let method: String
    public let path: String
    public let query: [String: String]
    public let authorization: String?
    public let contentType: String?
    public let idempotencyKey: String?
    /// nginx's `$request_id` (32 lowercase hex); anything else is replaced by a fresh one, so a
    /// client cannot put arbitrary text into logs and responses.
    public let requestID: String
    /// `nil` when the body is longer than the limit.
    public let body: [UInt8]?

    /// `parameter` answers CGI parameters (`REQUEST_METHOD`, `REQUEST_URI`, `QUERY_STRING`,
    /// `HTTP_AUTHORIZATION`, `CONTENT_TYPE`, `HTTP_IDEMPOTENCY_KEY`, `REQUEST_ID`).
    public init(parameter: (String) -> String?, body: [UInt8]?) {
        method = parameter("REQUEST_METHOD") ?? "GET"
        let uri = parameter("REQUEST_URI") ?? "/"
        path = String(uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? "/")
        query = QueryString.parse(parameter("QUERY_STRING") ?? "")
        authorization = parameter("HTTP_AUTHORIZATION")
        contentType = parameter("CONTENT_TYPE")
        idempotencyKey = parameter("HTTP_IDEMPOTENCY_KEY")
        requestID = RequestID.accept(parameter("REQUEST_ID"))
        self.body = body
    }
}

/// Request ids: nginx's 32 lowercase hex characters, or one made here in the same form.
public enum RequestID {
    public static func accept(_ passed: String?) -> String {
        if let passed, passed.utf8.count == 32, passed.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }) {
            return passed
        }
        // A request id is not a secret: should the generator fail, the clock makes one.
        if let random = try? SecureRandom.bytes(16) { return Hex.encode(random) }
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let text = String(UInt64(now.tv_sec) << 30 | UInt64(now.tv_nsec), radix: 16)
        return String(repeating: "0", count: max(0, 32 - text.count)) + text
    }
}

/// `a=1&b=two` → ["a": "1", "b": "two"], percent-decoded; the first value of a repeated key wins.
enum QueryString {
    static func parse(_ text: String) -> [String: String] {
        var result = [String: String]()
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = parts.first else { continue }
            let key = decode(name)
            if result[key] == nil { result[key] = parts.count == 2 ? decode(parts[1]) : "" }
        }
        return result
    }

    private static func decode(_ text: Substring) -> String {
        let plus = text.replacingOccurrences(of: "+", with: " ")
        return plus.removingPercentEncoding ?? plus
    }
}
