import Core
import Foundation

/// Turns raw request parts into typed values, or the clear 4xx that refuses them.
enum RequestDecoding {
    /// A JSON object body: `415` without a JSON content type, `400` when too deep or not JSON.
    static func jsonBody(_ request: HTTPRequest) throws -> JSONValue {
        let mediaType = request.contentType?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased()
        guard mediaType == "application/json" else {
            throw APIError(.unsupportedMediaType, "the request body must be sent as Content-Type: application/json")
        }
        guard let body = request.body else { throw bodyTooLarge }
        guard !body.isEmpty else { throw APIError.validation("body", "the request body must be a JSON object") }
        do {
            return try JSONDocument.parse(body, maxDepth: Limits.bodyMaxDepth).value
        } catch {
            switch error {
            case .tooDeep(let limit):
                throw APIError.validation("body", "the request body is nested more than \(limit) levels deep")
            case .duplicateKey:
                throw APIError.validation("body", "the request body repeats a key within one object")
            case .malformed(let offset):
                throw APIError.validation("body", "the request body is not valid JSON (at byte \(offset))")
            }
        }
    }

    static let bodyTooLarge = APIError(.payloadTooLarge, "the request body is larger than \(Limits.bodyMaxBytes) bytes")

    /// An integer query parameter within bounds, or its default when absent.
    static func integer(_ request: HTTPRequest, _ name: String, in range: ClosedRange<Int>, default value: Int) throws -> Int {
        guard let text = request.query[name] else { return value }
        guard let number = Int(text), range.contains(number) else {
            throw APIError.validation(name, "\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }

    /// An id given as a query filter (`container_id`, `tenant_id`): 1–64 printable ASCII characters.
    static func identifier(_ request: HTTPRequest, _ name: String) throws -> String? {
        guard let value = request.query[name] else { return nil }
        guard !value.isEmpty, value.utf8.count <= 64, value.utf8.allSatisfy({ (0x21...0x7e).contains($0) }) else {
            throw APIError.validation(name, "\(name) must be an id (1 to 64 printable ASCII characters)")
        }
        return value
    }

    /// A boolean query parameter: absent or `false` is false, `true` is true, anything else a `400`.
    static func flag(_ request: HTTPRequest, _ name: String) throws -> Bool {
        switch request.query[name] {
        case nil, "false"?: return false
        case "true"?: return true
        default: throw APIError.validation(name, "\(name) must be true or false")
        }
    }

    /// The `Idempotency-Key` header: 1–255 printable ASCII characters.
    static func idempotencyKey(_ request: HTTPRequest) throws -> String? {
        guard let key = request.idempotencyKey else { return nil }
        guard !key.isEmpty, key.utf8.count <= Limits.idempotencyKeyMaxLength, key.utf8.allSatisfy({ (0x20...0x7e).contains($0) }) else {
            throw APIError.validation("Idempotency-Key", "Idempotency-Key must be 1 to \(Limits.idempotencyKeyMaxLength) printable ASCII characters")
        }
        return key
    }

    /// The token of an `Authorization: Bearer <token>` header: the scheme in any letter case,
    /// exactly one space, and a well-formed token — the very form nginx's rate-limit key accepts,
    /// so every request that authenticates is counted against its token.
    static func bearerToken(_ request: HTTPRequest) throws -> String {
        guard let header = request.authorization else {
            throw APIError(.unauthorized, "missing bearer token: send Authorization: Bearer <token>")
        }
        let bytes = Array(header.utf8)
        guard bytes.count > 7, String(decoding: bytes[0..<6], as: UTF8.self).lowercased() == "bearer", bytes[6] == UInt8(ascii: " "),
              BearerToken.isWellFormed(bytes[7...])
        else { throw APIError(.unauthorized, "malformed Authorization header: send Authorization: Bearer <token>") }
        return String(decoding: bytes[7...], as: UTF8.self)
    }
}
