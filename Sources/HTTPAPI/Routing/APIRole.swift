import Config
import Store

/// Which API a `dro-api` process serves: the tenant API, or the operator API under `/v1/admin/`
/// (its own socket, threads and database user, so the tenant responder keeps its narrow grants).
public enum APIRole: String, Sendable, CaseIterable {
    case tenant
    case `operator`

    public var table: RouteTable {
        switch self {
        case .tenant: TenantRoutes.table
        case .operator: OperatorRoutes.table
        }
    }

    public var databaseRole: DatabaseRole {
        switch self {
        case .tenant: .api
        case .operator: .operator
        }
    }

    public func listen(_ config: APIConfig) -> ResponderAddress {
        switch self {
        case .tenant: config.listen
        case .operator: config.operatorListen
        }
    }

    /// Where this role's process serves its metrics, if anywhere.
    public func metricsListen(_ config: APIConfig) -> String? {
        switch self {
        case .tenant: config.metricsListen
        case .operator: config.operatorMetricsListen
        }
    }

    public func threads(_ config: APIConfig) -> Int {
        switch self {
        case .tenant: config.threads
        case .operator: config.operatorThreads
        }
    }
}
