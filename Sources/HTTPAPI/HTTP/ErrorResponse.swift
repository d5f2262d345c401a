import Core
import Foundation
import Store

/// The only place error codes become HTTP statuses.
extension ErrorCode {
    var httpStatus: Int {
        switch self {
        case .validationError: 400
        case .unauthorized: 401
        case .forbidden, .quotaExceeded: 403
        case .notFound: 404
        case .methodNotAllowed: 405
        case .conflict: 409
        case .cursorExpired: 410
        case .payloadTooLarge: 413
        case .unsupportedMediaType: 415
        case .rateLimited: 429
        case .unavailable: 503
        case .internal: 500
        }
    }
}

/// The shared error body: `{"error", "message", "detail", "request_id"}`.
private struct ErrorBody: Encodable {
    let error: String
    let message: String
    let detail: [String: JSONValue]
    let requestID: String

    enum CodingKeys: String, CodingKey {
        case error, message, detail
        case requestID = "request_id"
    }
}

extension HTTPResponse {
    init(error: APIError, requestID: String, encoder: JSONEncoder, headers: [(String, String)] = []) {
        let body = ErrorBody(error: error.code.rawValue, message: error.message, detail: error.detail, requestID: requestID)
        // Encoding strings and numbers does not fail; should it, the answer is still the shape.
        let bytes = (try? encoder.encode(body)).map(Array.init)
            ?? Array(#"{"detail":{},"error":"internal","message":"internal error","request_id":"\#(requestID)"}"#.utf8)
        self.init(status: error.code.httpStatus, headers: headers, body: bytes)
    }
}

/// Turns anything a harness throws into the API error to answer, and says whether it must be
/// logged (an unexpected failure never reaches the client beyond its code and request id).
enum ErrorClassifier {
    static func apiError(for error: Error) -> (APIError, unexpected: Bool) {
        switch error {
        case let error as APIError:
            return (error, false)
        case let error as StoreError where error.kind == .unavailable:
            return (.unavailable, false)
        case is InvariantFailure:
            return (.internal, true)
        default:
            return (.internal, true)
        }
    }
}
