/// The operator API under `/v1/admin/`, served by `dro-api --role operator`. Reads take any
/// operator token; writes a full one (a read-only token's 403 comes before anything else).
public enum OperatorRoutes {
    public static let table = RouteTable([
        Route("GET", "/v1/admin/openapi.json", auth: .operatorRead) { _ in HTTPResponse(status: 200, json: OpenAPIDocuments.operator) },
        Route("GET", "/v1/admin/tenants", auth: .operatorRead, AdminTenantHandlers.list),
        Route("POST", "/v1/admin/tenants", auth: .operator, AdminTenantHandlers.create),
        Route("GET", "/v1/admin/tenants/{id}", auth: .operatorRead, AdminTenantHandlers.get),
        Route("PATCH", "/v1/admin/tenants/{id}", auth: .operator, AdminTenantHandlers.change),
        Route("DELETE", "/v1/admin/tenants/{id}", auth: .operator, AdminTenantHandlers.terminate),
        Route("POST", "/v1/admin/tenants/{id}/suspend", auth: .operator) { try AdminTenantHandlers.setSuspended(true, $0) },
        Route("POST", "/v1/admin/tenants/{id}/resume", auth: .operator) { try AdminTenantHandlers.setSuspended(false, $0) },
        Route("GET", "/v1/admin/tenants/{id}/tokens", auth: .operatorRead, AdminTokenHandlers.list),
        Route("POST", "/v1/admin/tenants/{id}/tokens", auth: .operator, AdminTokenHandlers.create),
        Route("DELETE", "/v1/admin/tenants/{id}/tokens/{token_id}", auth: .operator, AdminTokenHandlers.revoke),
        Route("PUT", "/v1/admin/tenants/{id}/allocations/{scope}", auth: .operator, AdminAllocationHandlers.put),
        Route("DELETE", "/v1/admin/tenants/{id}/allocations/{scope}", auth: .operator, AdminAllocationHandlers.remove),
        Route("GET", "/v1/admin/regions", auth: .operatorRead, AdminFleetHandlers.regions),
        Route("POST", "/v1/admin/regions", auth: .operator, AdminFleetHandlers.createRegion),
        Route("GET", "/v1/admin/hosts", auth: .operatorRead, AdminFleetHandlers.hosts),
        Route("POST", "/v1/admin/hosts", auth: .operator, AdminFleetHandlers.createHost),
        Route("PATCH", "/v1/admin/hosts/{key}", auth: .operator, AdminFleetHandlers.updateHost),
        Route("POST", "/v1/admin/hosts/{key}/disable", auth: .operator) { try AdminFleetHandlers.setEnabled(false, $0) },
        Route("POST", "/v1/admin/hosts/{key}/enable", auth: .operator) { try AdminFleetHandlers.setEnabled(true, $0) },
        Route("GET", "/v1/admin/containers", auth: .operatorRead, AdminContainerHandlers.list),
        Route("GET", "/v1/admin/containers/{id}", auth: .operatorRead, AdminContainerHandlers.get),
        Route("GET", "/v1/admin/events", auth: .operatorRead, AdminContainerHandlers.events),
        Route("GET", "/v1/admin/webhooks", auth: .operatorRead, AdminWebhookHandlers.list),
        Route("POST", "/v1/admin/webhooks", auth: .operator, AdminWebhookHandlers.create),
        Route("GET", "/v1/admin/webhooks/{id}", auth: .operatorRead, AdminWebhookHandlers.get),
        Route("DELETE", "/v1/admin/webhooks/{id}", auth: .operator, AdminWebhookHandlers.delete),
        Route("POST", "/v1/admin/webhooks/{id}/resume", auth: .operator, AdminWebhookHandlers.resume),
    ])
}
