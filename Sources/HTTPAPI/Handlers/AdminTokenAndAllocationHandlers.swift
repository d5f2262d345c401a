import Core
import Store

/// A tenant's tokens and allocations on the operator API.
enum AdminTokenHandlers {
    static func list(_ context: RequestContext) throws -> HTTPResponse {
        let tenantID = try context.parameter("id")
        _ = try TenantStore(context.services.database).get(tenantID)
        let page = try TokenStore(context.services.database).list(
            tenantID: tenantID, cursor: context.request.query["cursor"], limit: try AdminPaging.limit(context))
        return HTTPResponse(status: 200, json: try context.services.encode(ListBody("tokens", page.items, nextCursor: page.nextCursor)))
    }

    /// The secret is in this 201 only; a keyed retry of it is `409 secret_not_replayable`.
    static func create(_ context: RequestContext) throws -> HTTPResponse {
        let tenantID = try context.parameter("id")
        let creation = try TokenCreation(json: RequestDecoding.jsonBody(context.request))
        let actor = try context.operatorActor()
        let fingerprint = "token:\(tenantID):\(creation.name.value):\(creation.expiresInSeconds.map(String.init) ?? "")"
        return try AdminCreates.keyed(context, fingerprint: fingerprint) { transaction in
            let created = try transaction.tokens.create(tenantID: tenantID, creation, actor: actor)
            return OperatorCreated(id: created.info.id, status: 201, body: try context.services.encode(created), secretBearing: true)
        } location: { "/v1/admin/tenants/\(tenantID)/tokens/\($0)" }
    }

    static func revoke(_ context: RequestContext) throws -> HTTPResponse {
        let token = try TokenStore(context.services.database).revoke(
            try context.parameter("token_id"), tenantID: try context.parameter("id"), actor: try context.operatorActor())
        return HTTPResponse(status: 200, json: try context.services.encode(token))
    }
}

enum AdminAllocationHandlers {
    /// Sets all three caps of a scope; answers the allocation as `GET /v1/quota` shows it.
    static func put(_ context: RequestContext) throws -> HTTPResponse {
        let caps = try AllocationCaps(json: RequestDecoding.jsonBody(context.request))
        let view = try AllocationOperations(context.services.database).put(
            tenantID: try context.parameter("id"), scope: try scope(context), caps: caps.caps, actor: try context.operatorActor())
        return HTTPResponse(status: 200, json: try context.services.encode(view))
    }

    static func remove(_ context: RequestContext) throws -> HTTPResponse {
        let scope = try scope(context)
        try AllocationOperations(context.services.database).remove(
            tenantID: try context.parameter("id"), scope: scope, actor: try context.operatorActor())
        return HTTPResponse(status: 200, json: try context.services.encode(AllocationRemoved(scope: scope.description)))
    }

    /// `{"scope": "*", "removed": true}`.
    private struct AllocationRemoved: Encodable {
        let scope: String
        let removed = true
    }

    /// `*` (also written `%2A`) or a region name.
    private static func scope(_ context: RequestContext) throws -> QuotaScope {
        let raw = try context.parameter("scope")
        if raw == "*" || raw.uppercased() == "%2A" { return .global }
        do { return .region(try ContainerName(raw).value) } catch { throw APIError.validation("scope", "scope is '*' or a region name") }
    }
}
