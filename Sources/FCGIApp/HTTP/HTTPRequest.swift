import Foundation
import FastCGI

/// A request as the harnesses see it, read from the FastCGI parameters.
struct HTTPRequest {
    let method: String
    let path: String
    let query: [String: String]
    let authorization: String?
    let contentType: String?
    let idempotencyKey: String?
    /// nginx's `$request_id`, passed as the `REQUEST_ID` parameter.
    let requestID: String
    /// `nil` when the body is longer than the limit.
    let body: [UInt8]?

    init(_ fcgi: FastCGIRequest, bodyLimit: Int, fallbackRequestID: () -> String) {
        method = fcgi.parameter("REQUEST_METHOD") ?? "GET"
        let uri = fcgi.parameter("REQUEST_URI") ?? "/"
        path = String(uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? "/")
        query = QueryString.parse(fcgi.parameter("QUERY_STRING") ?? "")
        authorization = fcgi.parameter("HTTP_AUTHORIZATION")
        contentType = fcgi.parameter("CONTENT_TYPE")
        idempotencyKey = fcgi.parameter("HTTP_IDEMPOTENCY_KEY")
        let passed = fcgi.parameter("REQUEST_ID") ?? ""
        requestID = passed.isEmpty ? fallbackRequestID() : String(passed.prefix(64))
        // Always drained, so the web server never blocks writing a body nobody reads.
        body = fcgi.readBody(limit: bodyLimit)
    }
}

/// `a=1&b=two` → ["a": "1", "b": "two"], percent-decoded; the first value of a repeated key wins.
enum QueryString {
    static func parse(_ text: String) -> [String: String] {
        var result = [String: String]()
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = decode(parts[0])
            if result[key] == nil { result[key] = parts.count == 2 ? decode(parts[1]) : "" }
        }
        return result
    }

    private static func decode(_ text: Substring) -> String {
        let plus = text.replacingOccurrences(of: "+", with: " ")
        return plus.removingPercentEncoding ?? plus
    }
}
