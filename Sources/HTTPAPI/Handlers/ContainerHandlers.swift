import Core
import Foundation
import Store

/// The container routes: decode the request, call the store, encode the answer.
enum ContainerHandlers {
    static func create(_ context: RequestContext) throws -> HTTPResponse {
        let services = context.services
        let request = context.request
        let createRequest = try services.createPolicy.admit(CreateContainerRequest(json: RequestDecoding.jsonBody(request)))
        let outcome = try services.creation.create(
            createRequest, principal: try context.tenant(), idempotencyKey: try RequestDecoding.idempotencyKey(request),
            requestID: request.requestID, render: { try APIServices.json($0).text })
        var headers = [("Location", "/v1/containers/\(outcome.containerID)")]
        if outcome.replayed { headers.append(("Idempotent-Replayed", "true")) }
        return HTTPResponse(status: 201, headers: headers, json: outcome.body)
    }

    static func list(_ context: RequestContext) throws -> HTTPResponse {
        let request = context.request
        let limit = try RequestDecoding.integer(request, "limit", in: 1...Limits.listMaxLimit, default: Limits.listDefaultLimit)
        let label = try request.query["label"].map(LabelFilter.init)
        let page = try ContainerStore(context.services.database).list(
            tenantID: try context.tenant().tenantID, label: label, cursor: request.query["cursor"], limit: limit)
        return try response(page)
    }

    /// A list page: each row goes straight into the body, which stops before the row that would
    /// pass 4 MiB; the reservation never asks for more than that and a last row's overshoot.
    static func response(_ page: ContainerPage) throws -> HTTPResponse {
        let estimate = page.containers.reduce(256) { $0 + 768 + $1.spec.count }
        var body = JSONOutput(capacity: min(estimate, Limits.listMaxBodyBytes + 64 * 1024))
        _ = try ContainerJSON.writeList(page.containers, maxBytes: Limits.listMaxBodyBytes, nextCursor: page.nextCursor, into: &body)
        return HTTPResponse(status: 200, body: body.bytes)
    }

    static func get(_ context: RequestContext) throws -> HTTPResponse {
        let view = try ContainerStore(context.services.database).get(tenantID: try context.tenant().tenantID, id: try context.parameter("id"))
        return HTTPResponse(status: 200, body: try APIServices.json(view).bytes)
    }

    static func update(_ context: RequestContext) throws -> HTTPResponse {
        let patch = try ContainerPatch(json: RequestDecoding.jsonBody(context.request))
        let view = try context.services.update.apply(
            patch, containerID: try context.parameter("id"), principal: try context.tenant(), requestID: context.request.requestID)
        return HTTPResponse(status: 200, body: try APIServices.json(view).bytes)
    }

    static func apply(_ action: ContainerAction, _ context: RequestContext) throws -> HTTPResponse {
        let view = try context.services.transitions.apply(
            action, containerID: try context.parameter("id"), principal: try context.tenant(), requestID: context.request.requestID)
        return HTTPResponse(status: 202, body: try APIServices.json(view).bytes)
    }

    static func logs(_ context: RequestContext) throws -> HTTPResponse {
        let tail = try RequestDecoding.integer(context.request, "tail", in: 1...Limits.logsMaxTail, default: Limits.logsDefaultTail)
        let logs = try LogStore(context.services.database).read(
            tenantID: try context.tenant().tenantID, containerID: try context.parameter("id"), tail: tail)
        return HTTPResponse(status: 200, json: try context.services.encode(logs))
    }
}
