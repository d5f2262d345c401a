import Logging

/// One line per request: method, route template, path, status, tenant, duration and request id.
/// Never a token, a body or an env value; the line handler escapes what the client sent.
public struct AccessLog {
    let logger: Logger

    public init(logger: Logger) { self.logger = logger }

    public func record(_ request: HTTPRequest, _ answer: APIResponder.Answer, durationMicroseconds: Int64) {
        logger.info("request", metadata: [
            "method": "\(request.method)",
            "route": "\(answer.route)",
            "path": "\(request.path)",
            "status": "\(answer.response.status)",
            "tenant": "\(answer.tenantID ?? "-")",
            "duration_ms": "\(Double(durationMicroseconds) / 1000)",
            "request_id": "\(request.requestID)",
        ])
    }
}
