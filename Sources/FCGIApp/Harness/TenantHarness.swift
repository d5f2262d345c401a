import Core
import Store

/// The tenant's own view of its quota and of the hosts it may place on.
struct TenantHarness {
    let context: ThreadContext

    func quota(_ principal: Principal) throws -> HTTPResponse {
        let allocations = try AllocationStore(context.database).views(tenantID: principal.tenantID)
        return HTTPResponse(status: 200, json: try context.encode(["allocations": allocations]))
    }

    func hosts(_ principal: Principal) throws -> HTTPResponse {
        let scopes = try AllocationStore(context.database).allocations(tenantID: principal.tenantID).map(\.scope)
        let hosts = try FleetStore(context.database).hosts(permittedFor: scopes)
        return HTTPResponse(status: 200, json: try context.encode(["hosts": hosts.map(TenantHostView.init)]))
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
