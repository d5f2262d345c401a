import Core
import Foundation
import Store

/// The container routes: decode the request, call the store's transactions, encode the answer.
struct ContainersHarness {
    let context: ThreadContext

    func create(_ request: HTTPRequest, _ principal: Principal) throws -> HTTPResponse {
        let createRequest = try CreateContainerRequest(json: RequestDecoding.jsonBody(request, decoder: context.decoder))
        if !context.config.allowedRegistries.isEmpty, !context.config.allowedRegistries.contains(createRequest.spec.image.registry) {
            throw APIError.validation("image", "images may come only from: \(context.config.allowedRegistries.joined(separator: ", "))")
        }
        let outcome = try context.creation.create(
            createRequest, principal: principal, idempotencyKey: try RequestDecoding.idempotencyKey(request),
            requestID: request.requestID, render: context.encode)
        var headers = [("Location", "/v1/containers/\(outcome.containerID)")]
        if outcome.replayed { headers.append(("Idempotent-Replayed", "true")) }
        return HTTPResponse(status: 201, headers: headers, json: outcome.body)
    }

    func list(_ request: HTTPRequest, _ principal: Principal) throws -> HTTPResponse {
        let limit = try RequestDecoding.integer(request, "limit", in: 1...Limits.listMaxLimit, default: Limits.listDefaultLimit)
        let page = try context.database.read {
            try ContainerStore($0).list(tenantID: principal.tenantID, cursor: request.query["cursor"], limit: limit)
        }
        return HTTPResponse(status: 200, json: try context.encode(ContainerListBody(containers: page.containers, nextCursor: page.nextCursor)))
    }

    func get(_ id: String, _ principal: Principal) throws -> HTTPResponse {
        let view = try context.database.read { try ContainerStore($0).get(tenantID: principal.tenantID, id: id) }
        return HTTPResponse(status: 200, json: try context.encode(view))
    }

    func apply(_ action: ContainerAction, _ id: String, _ request: HTTPRequest, _ principal: Principal) throws -> HTTPResponse {
        let view = try context.transitions.apply(action, containerID: id, principal: principal, requestID: request.requestID)
        return HTTPResponse(status: 202, json: try context.encode(view))
    }

    func logs(_ id: String, _ request: HTTPRequest, _ principal: Principal) throws -> HTTPResponse {
        let tail = try RequestDecoding.integer(request, "tail", in: 1...Limits.logsMaxTail, default: Limits.logsDefaultTail)
        let logs = try context.database.read { try LogStore($0).read(tenantID: principal.tenantID, containerID: id, tail: tail) }
        return HTTPResponse(status: 200, json: try context.encode(logs))
    }
}

/// `{"containers": […], "next_cursor": …}`
private struct ContainerListBody: Encodable {
    let containers: [ContainerView]
    let nextCursor: String?

    enum CodingKeys: String, CodingKey {
        case containers
        case nextCursor = "next_cursor"
    }

    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(containers, forKey: .containers)
        try c.encode(nextCursor, forKey: .nextCursor)
    }
}
