import Core
import Store

/// The tenant's own view of its quota and of the hosts it may place on.
enum TenantHandlers {
    static func quota(_ context: RequestContext) throws -> HTTPResponse {
        let allocations = try AllocationStore(context.services.database).views(tenantID: try context.tenant().tenantID)
        return HTTPResponse(status: 200, json: try context.services.encode(["allocations": allocations]))
    }

    static func hosts(_ context: RequestContext) throws -> HTTPResponse {
        let database = context.services.database
        let scopes = try AllocationStore(database).allocations(tenantID: try context.tenant().tenantID).map(\.scope)
        let hosts = try FleetStore(database).hosts(permittedFor: scopes)
        return HTTPResponse(status: 200, json: try context.services.encode(["hosts": hosts.map(TenantHostView.init)]))
    }
}

/// Liveness and database reachability.
enum HealthHandler {
    /// `503 unavailable` while the database is down.
    static func health(_ context: RequestContext) throws -> HTTPResponse {
        try context.services.database.ping()
        return HTTPResponse(status: 200, json: #"{"status":"ok","database":"ok"}"#)
    }
}

/// What a tenant may know of a host: its key, region, capacity and public address.
private struct TenantHostView: Encodable {
    let hostKey: String
    let region: String
    let cpuCount: Int64?
    let memBytes: Int64?
    let publicAddress: String?

    init(_ host: HostView) {
        hostKey = host.hostKey
        region = host.region
        cpuCount = host.cpuCount
        memBytes = host.memBytes
        publicAddress = host.publicAddress
    }

    enum CodingKeys: String, CodingKey {
        case region
        case hostKey = "host_key"
        case cpuCount = "cpu_count"
        case memBytes = "mem_bytes"
        case publicAddress = "public_address"
    }

    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(hostKey, forKey: .hostKey)
        try c.encode(region, forKey: .region)
        try c.encode(cpuCount, forKey: .cpuCount)
        try c.encode(memBytes, forKey: .memBytes)
        try c.encode(publicAddress, forKey: .publicAddress)
    }
}
