import Store

/// Who may call a route.
public enum AuthKind: String, Sendable, CaseIterable {
    /// Anyone (the health check).
    case none
    /// A tenant's bearer token.
    case tenant
    /// An operator token with full rights (the operator API).
    case `operator`
    /// Any operator token, read-only ones included.
    case operatorRead = "operator-read"

    public var isOperator: Bool { self == .operator || self == .operatorRead }
}

/// Who passed a route's authentication.
enum Caller {
    case tenant(Principal)
    case `operator`(OperatorPrincipal)

    var tenant: Principal? { if case .tenant(let principal) = self { principal } else { nil } }
    var operatorPrincipal: OperatorPrincipal? { if case .operator(let principal) = self { principal } else { nil } }
}

/// One route: method, path template, who may call it, and its handler. The template is what
/// logs (and metrics) label a request with, never the path with its ids.
public struct Route: Sendable {
    public let method: String
    public let template: PathTemplate
    public let auth: AuthKind
    let handler: @Sendable (RequestContext) throws -> HTTPResponse

    public init(_ method: String, _ template: String, auth: AuthKind, _ handler: @escaping @Sendable (RequestContext) throws -> HTTPResponse) {
        self.method = method
        self.template = PathTemplate(template)
        self.auth = auth
        self.handler = handler
    }
}

/// What a handler gets: the request, the path's parameters, the caller, and its thread's services.
public struct RequestContext {
    public let request: HTTPRequest
    public let parameters: [String: String]
    let caller: Caller?
    public let services: APIServices

    /// The tenant calling; a route declared `tenant` always has one, so its absence is a bug
    /// (answered `500 internal`, the thread keeps serving).
    public func tenant() throws -> Principal {
        guard let principal = caller?.tenant else { throw InvariantFailure("a tenant route ran without a tenant") }
        return principal
    }

    /// The operator calling an operator route, as events record it (with this request's id).
    public func operatorActor() throws -> AuditActor {
        guard let principal = caller?.operatorPrincipal else { throw InvariantFailure("an operator route ran without an operator") }
        return principal.actor(requestID: request.requestID)
    }

    /// The operator token's id: the scope of its `Idempotency-Key`s.
    func operatorTokenID() throws -> String {
        guard let principal = caller?.operatorPrincipal else { throw InvariantFailure("an operator route ran without an operator") }
        return principal.tokenID
    }

    /// A path parameter the template declares.
    public func parameter(_ name: String) throws -> String {
        guard let value = parameters[name] else { throw InvariantFailure("the route has no parameter '\(name)'") }
        return value
    }
}

/// A broken invariant in the responder: answered `500 internal` and logged; never a crash.
public struct InvariantFailure: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
