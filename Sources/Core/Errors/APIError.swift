/// Stable, snake_case error codes of the HTTP API.
/// Only the FastCGI layer maps them to HTTP statuses.
public enum ErrorCode: String, Sendable, Equatable {
    case unauthorized
    case forbidden
    case quotaExceeded = "quota_exceeded"
    case notFound = "not_found"
    case methodNotAllowed = "method_not_allowed"
    case conflict
    case cursorExpired = "cursor_expired"
    case validationError = "validation_error"
    case payloadTooLarge = "payload_too_large"
    case unsupportedMediaType = "unsupported_media_type"
    case rateLimited = "rate_limited"
    case unavailable
    case `internal`
}

/// The one error type every layer speaks: a code, a human message and an optional detail object.
/// Messages never carry SQL, a stack, a token or an env value.
public struct APIError: Error, Sendable, Equatable {
    public let code: ErrorCode
    public let message: String
    public let detail: [String: JSONValue]

    public init(_ code: ErrorCode, _ message: String, detail: [String: JSONValue] = [:]) {
        self.code = code
        self.message = message
        self.detail = detail
    }

    /// A `400 validation_error` naming the offending field.
    public static func validation(_ field: String, _ message: String) -> APIError {
        APIError(.validationError, message, detail: ["field": .string(field)])
    }

    /// Identical for a missing resource and another tenant's resource.
    public static let notFound = APIError(.notFound, "no such container")

    public static func conflict(_ reason: String, _ message: String) -> APIError {
        APIError(.conflict, message, detail: ["reason": .string(reason)])
    }

    public static let unavailable = APIError(.unavailable, "the service is temporarily unavailable; retry shortly")
    public static let `internal` = APIError(.internal, "internal error")

    /// The `field` of a validation error, for tests and logs.
    public var field: String? {
        if case .string(let field)? = detail["field"] { return field }
        return nil
    }
}

extension APIError: CustomStringConvertible {
    /// The message alone: what a CLI prints (the code and detail are for HTTP clients).
    public var description: String { message }
}
