import Core

/// Every route of the tenant API (v1).
enum Route: Equatable {
    case health
    case createContainer
    case listContainers
    case getContainer(id: String)
    case containerAction(id: String, action: ContainerAction)
    case containerLogs(id: String)
    case quota
    case hosts
}

/// Matches method and path to a route: an unknown path is `404`, a known path with another
/// method is `405` with the allowed methods.
enum Router {
    static func route(method: String, path: String) throws -> Route {
        let segments = path.split(separator: "/").map(String.init)
        guard segments.first == "v1" else { throw unknownRoute }
        let rest = Array(segments.dropFirst())
        let (allowed, routes): ([String], [String: Route]) = switch rest.count {
        case 1 where rest[0] == "health": (["GET"], ["GET": .health])
        case 1 where rest[0] == "quota": (["GET"], ["GET": .quota])
        case 1 where rest[0] == "hosts": (["GET"], ["GET": .hosts])
        case 1 where rest[0] == "containers": (["GET", "POST"], ["GET": .listContainers, "POST": .createContainer])
        case 2 where rest[0] == "containers":
            (["GET", "DELETE"], ["GET": .getContainer(id: rest[1]), "DELETE": .containerAction(id: rest[1], action: .delete)])
        case 3 where rest[0] == "containers" && rest[2] == "logs": (["GET"], ["GET": .containerLogs(id: rest[1])])
        case 3 where rest[0] == "containers" && ["start", "stop", "restart"].contains(rest[2]):
            (["POST"], ["POST": .containerAction(id: rest[1], action: ContainerAction(rawValue: rest[2])!)])
        default: ([], [:])
        }
        guard !allowed.isEmpty else { throw unknownRoute }
        guard let route = routes[method] else {
            throw APIError(.methodNotAllowed, "\(method) is not allowed here; use \(allowed.joined(separator: ", "))",
                           detail: ["allow": .array(allowed.map(JSONValue.string))])
        }
        return route
    }

    static let unknownRoute = APIError(.notFound, "no such route")
}
