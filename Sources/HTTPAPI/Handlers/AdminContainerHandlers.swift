import Core
import Store

/// Any tenant's containers and events, for operators.
enum AdminContainerHandlers {
    /// Filters `tenant_id`, `host_key`, `observed_state` and `label=key=value`; oldest first.
    static func list(_ context: RequestContext) throws -> HTTPResponse {
        let query = context.request.query
        let state: ObservedState? = try query["observed_state"].map { text in
            guard let state = ObservedState(rawValue: text) else {
                throw APIError.validation("observed_state", "observed_state must be one of the observed states")
            }
            return state
        }
        let filter = ContainerFilter(
            tenantID: try RequestDecoding.identifier(context.request, "tenant_id"), hostKey: query["host_key"], observedState: state, label: try query["label"].map(LabelFilter.init))
        let page = try ContainerStore(context.services.database).list(filter: filter, cursor: query["cursor"], limit: try AdminPaging.limit(context))
        return try ContainerHandlers.response(page)
    }

    static func get(_ context: RequestContext) throws -> HTTPResponse {
        let record = try ContainerStore(context.services.database).get(id: try context.parameter("id"))
        return HTTPResponse(status: 200, body: try APIServices.json(record).bytes)
    }

    /// Every tenant's events, or one tenant's with `tenant_id`.
    static func events(_ context: RequestContext) throws -> HTTPResponse {
        try EventHandlers.list(context, tenantID: try RequestDecoding.identifier(context.request, "tenant_id"))
    }
}
