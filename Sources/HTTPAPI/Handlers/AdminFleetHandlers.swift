import Core
import Store

/// Regions and hosts on the operator API.
enum AdminFleetHandlers {
    static func regions(_ context: RequestContext) throws -> HTTPResponse {
        let page = try FleetStore(context.services.database).regions(cursor: context.request.query["cursor"], limit: try AdminPaging.limit(context))
        return HTTPResponse(status: 200, json: try context.services.encode(ListBody("regions", page.items, nextCursor: page.nextCursor)))
    }

    static func createRegion(_ context: RequestContext) throws -> HTTPResponse {
        let name = try RequestObject(RequestDecoding.jsonBody(context.request)).requiredString("name")
        let actor = try context.operatorActor()
        return try AdminCreates.keyed(context, fingerprint: "region:\(name)") { transaction in
            guard try transaction.fleet.createRegion(name, actor: actor) else {
                throw APIError.conflict("name_taken", "region '\(name)' already exists")
            }
            return OperatorCreated(id: name, status: 201, body: try context.services.encode(["name": name]))
        } location: { "/v1/admin/regions/\($0)" }
    }

    static func hosts(_ context: RequestContext) throws -> HTTPResponse {
        let page = try HostAdminView.page(context.services.database, cursor: context.request.query["cursor"], limit: try AdminPaging.limit(context))
        return HTTPResponse(status: 200, json: try context.services.encode(ListBody("hosts", page.items, nextCursor: page.nextCursor)))
    }

    static func createHost(_ context: RequestContext) throws -> HTTPResponse {
        let registration = try HostRegistration(json: RequestDecoding.jsonBody(context.request))
        let actor = try context.operatorActor()
        let services = context.services
        return try AdminCreates.keyed(context, fingerprint: "host:\(registration.hostKey):\(registration.region.value)") { transaction in
            guard try transaction.fleet.addHost(registration, actor: actor) else {
                throw APIError.conflict("host_exists", "host '\(registration.hostKey)' already exists")
            }
            return OperatorCreated(id: registration.hostKey, status: 201, body: try services.encode(["host_key": registration.hostKey]))
        } location: { "/v1/admin/hosts/\($0)" }
    }

    static func updateHost(_ context: RequestContext) throws -> HTTPResponse {
        let change = try HostChange(json: RequestDecoding.jsonBody(context.request))
        let key = try context.parameter("key")
        try FleetOperations(context.services.database).update(key, change, actor: try context.operatorActor())
        return try host(key, context)
    }

    static func setEnabled(_ enabled: Bool, _ context: RequestContext) throws -> HTTPResponse {
        let key = try context.parameter("key")
        try FleetOperations(context.services.database).setEnabled(key, enabled, actor: try context.operatorActor())
        return try host(key, context)
    }

    private static func host(_ key: String, _ context: RequestContext) throws -> HTTPResponse {
        guard let view = try HostAdminView.read(context.services.database, hostKey: key).first else { throw APIError(.notFound, "no host '\(key)'") }
        return HTTPResponse(status: 200, json: try context.services.encode(view))
    }
}
