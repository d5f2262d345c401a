/// A response: status, extra headers and a JSON body. Serialised as CGI output.
public struct HTTPResponse {
    public var status: Int
    public var headers: [(String, String)] = []
    public var body: [UInt8]

    public init(status: Int, headers: [(String, String)] = [], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public init(status: Int, headers: [(String, String)] = [], json: String) {
        self.init(status: status, headers: headers, body: Array(json.utf8))
    }

    /// The bytes libfcgi sends to the web server: CGI headers, a blank line, the body.
    public func cgiBytes(requestID: String) -> [UInt8] {
        var head = "Status: \(status) \(Self.reason(status))\r\nContent-Type: application/json\r\nCache-Control: no-store\r\n"
        head += "X-Request-Id: \(requestID)\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        head += "Content-Length: \(body.count)\r\n\r\n"
        return Array(head.utf8) + body
    }

    static func reason(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 201: "Created"
        case 202: "Accepted"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 409: "Conflict"
        case 413: "Payload Too Large"
        case 415: "Unsupported Media Type"
        case 429: "Too Many Requests"
        case 503: "Service Unavailable"
        default: "Internal Server Error"
        }
    }
}
