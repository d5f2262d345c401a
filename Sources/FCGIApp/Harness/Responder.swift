import Core
import Logging
import Store

/// Routes one request to its harness and turns every failure into the shared error shape.
struct Responder {
    let context: ThreadContext
    let logger: Logger

    /// The response, and the tenant it was served for (for the access log).
    func respond(to request: HTTPRequest) -> (HTTPResponse, tenantID: String?) {
        var tenantID: String?
        do {
            guard request.body != nil else { throw RequestDecoding.bodyTooLarge }
            let route = try Router.route(method: request.method, path: request.path)
            if route == .health { return (try health(), nil) }
            let principal = try TokenStore(context.database).authenticate(try RequestDecoding.bearerToken(request))
            tenantID = principal.tenantID
            let containers = ContainersHarness(context: context)
            let tenant = TenantHarness(context: context)
            let response: HTTPResponse = switch route {
            case .health: try health()
            case .createContainer: try containers.create(request, principal)
            case .listContainers: try containers.list(request, principal)
            case .getContainer(let id): try containers.get(id, principal)
            case .containerAction(let id, let action): try containers.apply(action, id, request, principal)
            case .containerLogs(let id): try containers.logs(id, request, principal)
            case .quota: try tenant.quota(principal)
            case .hosts: try tenant.hosts(principal)
            }
            return (response, tenantID)
        } catch {
            let (apiError, unexpected) = ErrorClassifier.apiError(for: error)
            if unexpected {
                logger.error("unexpected failure", metadata: ["request_id": "\(request.requestID)", "error": "\(error)"])
            }
            var headers: [(String, String)] = []
            if apiError.code == .unauthorized { headers.append(("WWW-Authenticate", "Bearer")) }
            if case .array(let methods)? = apiError.detail["allow"] {
                headers.append(("Allow", methods.compactMap { if case .string(let m) = $0 { m } else { nil } }.joined(separator: ", ")))
            }
            return (HTTPResponse(error: apiError, requestID: request.requestID, encoder: context.encoder, headers: headers), tenantID)
        }
    }

    /// Liveness and database reachability; `503 unavailable` while the database is down.
    private func health() throws -> HTTPResponse {
        try context.database.ping()
        return HTTPResponse(status: 200, json: #"{"status":"ok","database":"ok"}"#)
    }
}
