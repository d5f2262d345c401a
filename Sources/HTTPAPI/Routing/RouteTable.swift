/// The routes of one responder, as data. Matching is by path first: a path no route has is
/// `404`; a path some route has with another method is `405` with the methods it allows.
public struct RouteTable: Sendable {
    public let routes: [Route]

    public init(_ routes: [Route]) { self.routes = routes }

    public enum Match {
        case route(Route, parameters: [String: String])
        /// The path exists with other methods; `auth` is who may call them (the strictest kind),
        /// `template` the first template matching the path (what logs and metrics label it with).
        case methodNotAllowed(allowed: [String], auth: AuthKind, template: String)
        case notFound
    }

    public func match(method: String, path: String) -> Match {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        // `/v1/containers/` or `//` never name a route: no empty segments.
        guard path.hasPrefix("/"), !parts.contains(where: \.isEmpty) else { return .notFound }
        let segments = Array(parts)
        var allowed = [String]()
        var auth = AuthKind.none
        var template: String?
        for route in routes {
            guard let parameters = route.template.match(segments) else { continue }
            if route.method == method { return .route(route, parameters: parameters) }
            template = template ?? route.template.description
            if !allowed.contains(route.method) { allowed.append(route.method) }
            if route.auth.isOperator { auth = route.auth }
        }
        guard let template else { return .notFound }
        return .methodNotAllowed(allowed: allowed.sorted(), auth: auth, template: template)
    }
}
