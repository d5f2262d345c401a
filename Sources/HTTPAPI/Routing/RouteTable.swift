/// The routes of one responder, as data. Matching is by path first: a path no route has is
/// `404`; a path some route has with another method is `405` with the methods it allows.
public struct RouteTable: Sendable {
    public let routes: [Route]

    public init(_ routes: [Route]) { self.routes = routes }

    public enum Match {
        case route(Route, parameters: [String: String])
        /// The path exists with other methods; `auth` is who may call them (the strictest kind).
        case methodNotAllowed(allowed: [String], auth: AuthKind)
        case notFound
    }

    public func match(method: String, path: String) -> Match {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        // `/v1/containers/` or `//` never name a route: no empty segments.
        guard path.hasPrefix("/"), !parts.contains(where: \.isEmpty) else { return .notFound }
        let segments = Array(parts)
        var allowed = [String]()
        var auth = AuthKind.none
        for route in routes {
            guard let parameters = route.template.match(segments) else { continue }
            if route.method == method { return .route(route, parameters: parameters) }
            if !allowed.contains(route.method) { allowed.append(route.method) }
            if route.auth.isOperator { auth = route.auth }
        }
        return allowed.isEmpty ? .notFound : .methodNotAllowed(allowed: allowed.sorted(), auth: auth)
    }
}
