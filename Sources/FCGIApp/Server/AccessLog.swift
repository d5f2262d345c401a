import Logging

/// One line per request: method, path, status, tenant, duration and request id.
/// Never a token, a body or an env value.
struct AccessLog {
    let logger: Logger

    func record(_ request: HTTPRequest, status: Int, tenantID: String?, durationMicroseconds: Int64) {
        logger.info("request", metadata: [
            "method": "\(request.method)",
            "path": "\(request.path)",
            "status": "\(status)",
            "tenant": "\(tenantID ?? "-")",
            "duration_ms": "\(Double(durationMicroseconds) / 1000)",
            "request_id": "\(request.requestID)",
        ])
    }
}
