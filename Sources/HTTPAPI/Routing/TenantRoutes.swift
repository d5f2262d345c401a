/// The tenant API (v1): every route, its method, template, who may call it, and its handler.
public enum TenantRoutes {
    public static let table = RouteTable([
        Route("GET", "/v1/health", auth: .none, HealthHandler.health),
        Route("GET", "/v1/openapi.json", auth: .none) { _ in HTTPResponse(status: 200, json: OpenAPIDocuments.tenant) },
        Route("POST", "/v1/containers", auth: .tenant, ContainerHandlers.create),
        Route("GET", "/v1/containers", auth: .tenant, ContainerHandlers.list),
        Route("GET", "/v1/containers/{id}", auth: .tenant, ContainerHandlers.get),
        Route("PATCH", "/v1/containers/{id}", auth: .tenant, ContainerHandlers.update),
        Route("DELETE", "/v1/containers/{id}", auth: .tenant) { try ContainerHandlers.apply(.delete, $0) },
        Route("POST", "/v1/containers/{id}/start", auth: .tenant) { try ContainerHandlers.apply(.start, $0) },
        Route("POST", "/v1/containers/{id}/stop", auth: .tenant) { try ContainerHandlers.apply(.stop, $0) },
        Route("POST", "/v1/containers/{id}/restart", auth: .tenant) { try ContainerHandlers.apply(.restart, $0) },
        Route("GET", "/v1/containers/{id}/logs", auth: .tenant, ContainerHandlers.logs),
        Route("GET", "/v1/quota", auth: .tenant, TenantHandlers.quota),
        Route("GET", "/v1/hosts", auth: .tenant, TenantHandlers.hosts),
        Route("GET", "/v1/events", auth: .tenant) { try EventHandlers.list($0, tenantID: try $0.tenant().tenantID, containersOnly: true) },
    ])
}
