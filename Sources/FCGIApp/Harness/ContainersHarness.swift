import Core
import Foundation
import Store

/// The container routes: decode the request, call the store's transactions, encode the answer.
struct ContainersHarness {
    let context: ThreadContext

    func create(_ request: HTTPRequest, _ principal: Principal) throws -> HTTPResponse {
        let createRequest = try context.createPolicy.admit(CreateContainerRequest(json: RequestDecoding.jsonBody(request)))
        let outcome = try context.creation.create(
            createRequest, principal: principal, idempotencyKey: try RequestDecoding.idempotencyKey(request),
            requestID: request.requestID, render: { try ThreadContext.json($0).text })
        var headers = [("Location", "/v1/containers/\(outcome.containerID)")]
        if outcome.replayed { headers.append(("Idempotent-Replayed", "true")) }
        return HTTPResponse(status: 201, headers: headers, json: outcome.body)
    }

    func list(_ request: HTTPRequest, _ principal: Principal) throws -> HTTPResponse {
        let limit = try RequestDecoding.integer(request, "limit", in: 1...Limits.listMaxLimit, default: Limits.listDefaultLimit)
        let page = try ContainerStore(context.database).list(tenantID: principal.tenantID, cursor: request.query["cursor"], limit: limit)
        var body = JSONOutput(capacity: 1024 * (page.containers.count + 1))
        try body.containerList(page.containers, nextCursor: page.nextCursor)
        return HTTPResponse(status: 200, body: body.bytes)
    }

    func get(_ id: String, _ principal: Principal) throws -> HTTPResponse {
        let view = try ContainerStore(context.database).get(tenantID: principal.tenantID, id: id)
        return HTTPResponse(status: 200, body: try ThreadContext.json(view).bytes)
    }

    func apply(_ action: ContainerAction, _ id: String, _ request: HTTPRequest, _ principal: Principal) throws -> HTTPResponse {
        let view = try context.transitions.apply(action, containerID: id, principal: principal, requestID: request.requestID)
        return HTTPResponse(status: 202, body: try ThreadContext.json(view).bytes)
    }

    func logs(_ id: String, _ request: HTTPRequest, _ principal: Principal) throws -> HTTPResponse {
        let tail = try RequestDecoding.integer(request, "tail", in: 1...Limits.logsMaxTail, default: Limits.logsDefaultTail)
        let logs = try LogStore(context.database).read(tenantID: principal.tenantID, containerID: id, tail: tail)
        return HTTPResponse(status: 200, json: try context.encode(logs))
    }
}
