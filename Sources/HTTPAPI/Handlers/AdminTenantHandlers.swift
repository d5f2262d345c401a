import Core
import Store

/// The operator API's tenant routes: list, create (idempotent by `external_ref` and by
/// `Idempotency-Key`), show, change, suspend, resume and terminate.
enum AdminTenantHandlers {
    static func list(_ context: RequestContext) throws -> HTTPResponse {
        let query = context.request.query
        let filter = TenantFilter(
            externalRef: try query["external_ref"].map { try ExternalReference($0).value },
            status: try query["status"].map { try TenantStatus(json: .string($0), field: "status") })
        let page = try TenantStore(context.services.database).list(filter, cursor: query["cursor"], limit: try AdminPaging.limit(context))
        return HTTPResponse(status: 200, json: try context.services.encode(ListBody("tenants", page.tenants, nextCursor: page.nextCursor)))
    }

    static func create(_ context: RequestContext) throws -> HTTPResponse {
        let creation = try TenantCreation(json: RequestDecoding.jsonBody(context.request))
        let actor = try context.operatorActor()
        let fingerprint = "tenant:\(creation.name.value):\(creation.externalRef?.value ?? "")"
        return try AdminCreates.keyed(context, fingerprint: fingerprint) { transaction in
            let (tenant, created) = try transaction.tenants.create(creation, actor: actor)
            return OperatorCreated(id: tenant.id, status: created ? 201 : 200, body: try context.services.encode(tenant))
        } location: { "/v1/admin/tenants/\($0)" }
    }

    static func get(_ context: RequestContext) throws -> HTTPResponse {
        let detail = try TenantStore(context.services.database).detail(try context.parameter("id"))
        return HTTPResponse(status: 200, json: try context.services.encode(detail))
    }

    static func change(_ context: RequestContext) throws -> HTTPResponse {
        let change = try TenantChange(json: RequestDecoding.jsonBody(context.request))
        let tenant = try TenantLifecycle(context.services.database).change(try context.parameter("id"), change, actor: try context.operatorActor())
        return HTTPResponse(status: 200, json: try context.services.encode(tenant))
    }

    static func setSuspended(_ suspended: Bool, _ context: RequestContext) throws -> HTTPResponse {
        let tenant = try TenantLifecycle(context.services.database).setSuspended(
            try context.parameter("id"), suspended, actor: try context.operatorActor())
        return HTTPResponse(status: 202, json: try context.services.encode(tenant))
    }

    static func terminate(_ context: RequestContext) throws -> HTTPResponse {
        let force = try RequestDecoding.flag(context.request, "force")
        let tenant = try TenantLifecycle(context.services.database).terminate(
            try context.parameter("id"), force: force, actor: try context.operatorActor())
        return HTTPResponse(status: 202, json: try context.services.encode(tenant))
    }
}
