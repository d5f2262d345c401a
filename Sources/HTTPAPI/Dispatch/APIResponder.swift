import Core
import Logging
import Store

/// Answers one request: matches the route table, authenticates as the route declares, runs the
/// handler, and turns every failure into the shared error shape. A handler's error never ends
/// the thread: an unexpected one is logged with the request id and answered `500 internal`.
public struct APIResponder {
    let table: RouteTable
    let services: APIServices
    let authenticator: Authenticator
    let logger: Logger

    public init(table: RouteTable, services: APIServices, logger: Logger, authenticator: Authenticator? = nil) {
        self.table = table
        self.services = services
        self.logger = logger
        self.authenticator = authenticator ?? StoreAuthenticator(database: services.database)
    }

    /// What the access log and the metrics record of an answer besides the request.
    public struct Answer {
        public let response: HTTPResponse
        /// The matched route's template (`-` when none matched).
        public let route: String
        public let tenantID: String?
        /// The dimension of a `quota_exceeded` refusal.
        public var quotaRefusal: QuotaDimension? = nil

        /// A keyed create answered with its stored first answer.
        public var replayed: Bool { response.headers.contains { $0.0 == "Idempotent-Replayed" } }
    }

    public func respond(to request: HTTPRequest) -> Answer {
        var route = "-"
        var tenantID: String?
        do {
            guard request.body != nil else { throw RequestDecoding.bodyTooLarge }
            switch table.match(method: request.method, path: request.path) {
            case .notFound:
                throw APIError(.notFound, "no such route")
            case .methodNotAllowed(let allowed, let auth, let template):
                // Operator paths answer callers without an operator token as if they did not exist.
                if auth.isOperator { _ = try authenticate(.operatorRead, request) }
                route = template
                throw APIError(.methodNotAllowed, "\(request.method) is not allowed here; use \(allowed.joined(separator: ", "))",
                               detail: ["allow": .array(allowed.map(JSONValue.string))])
            case .route(let matched, let parameters):
                route = matched.template.description
                let caller = try authenticate(matched.auth, request)
                tenantID = caller?.tenant?.tenantID
                let context = RequestContext(request: request, parameters: parameters, caller: caller, services: services)
                return Answer(response: try matched.handler(context), route: route, tenantID: tenantID)
            }
        } catch {
            return Answer(response: errorResponse(error, request), route: route, tenantID: tenantID, quotaRefusal: Self.quotaRefusal(error))
        }
    }

    private static func quotaRefusal(_ error: Error) -> QuotaDimension? {
        guard let error = error as? APIError, error.code == .quotaExceeded, case .string(let dimension)? = error.detail["dimension"] else {
            return nil
        }
        return QuotaDimension(rawValue: dimension)
    }

    private func authenticate(_ kind: AuthKind, _ request: HTTPRequest) throws -> Caller? {
        switch kind {
        case .none:
            return nil
        case .tenant:
            return .tenant(try authenticator.tenant(RequestDecoding.bearerToken(request)))
        case .operator, .operatorRead:
            // Without a live operator token an operator route answers like an unknown one.
            guard let token = try? RequestDecoding.bearerToken(request), let principal = try authenticator.operator(token) else {
                throw APIError(.notFound, "no such route")
            }
            // A read-only token's refusal comes before any other check of the route.
            if kind == .operator, principal.readOnly {
                throw APIError(.forbidden, "this operator token is read-only", detail: ["reason": .string("read_only_token")])
            }
            return .operator(principal)
        }
    }

    private func errorResponse(_ error: Error, _ request: HTTPRequest) -> HTTPResponse {
        let (apiError, unexpected) = ErrorClassifier.apiError(for: error)
        if unexpected {
            logger.error("unexpected failure", metadata: ["request_id": "\(request.requestID)", "error": "\(error)"])
        } else if apiError.code == .unavailable {
            // Why the database refused: the driver's message (never a statement's parameters).
            logger.warning("database unavailable", metadata: ["request_id": "\(request.requestID)", "error": "\(error)"])
        }
        var headers: [(String, String)] = []
        if apiError.code == .unauthorized { headers.append(("WWW-Authenticate", "Bearer")) }
        if case .array(let methods)? = apiError.detail["allow"] {
            headers.append(("Allow", methods.compactMap { if case .string(let m) = $0 { m } else { nil } }.joined(separator: ", ")))
        }
        return HTTPResponse(error: apiError, requestID: request.requestID, encoder: services.encoder, headers: headers)
    }
}
