import Core
import MariaDB

/// Which live containers a list shows: a tenant's own (the tenant API always sets `tenantID`), or
/// any tenant's for operators, narrowed by host, observed state and one label.
public struct ContainerFilter: Sendable, Hashable {
    public var tenantID: String?
    public var hostKey: String?
    public var observedState: ObservedState?
    public var label: LabelFilter?

    public init(tenantID: String? = nil, hostKey: String? = nil, observedState: ObservedState? = nil, label: LabelFilter? = nil) {
        self.tenantID = tenantID
        self.hostKey = hostKey
        self.observedState = observedState
        self.label = label
    }

    /// The one page query of every list, oldest first after `seq`. A tenant's unfiltered list is
    /// exactly the statement bench/c-responder runs, so the benchmark compares the same work.
    func pageQuery(after seq: Int64, limit: Int) -> (sql: String, parameters: [SQLValue]) {
        var conditions: [String] = []
        var parameters: [SQLValue] = []
        func add(_ condition: String, _ values: SQLValue...) {
            conditions.append(condition)
            parameters += values
        }
        if let tenantID { add("tenant_id = ?", .text(tenantID)) }
        add("seq > ?", .int(seq))
        add("desired_state <> 'deleted'")
        if let hostKey { add("host_key = ?", .text(hostKey)) }
        if let observedState { add("observed_state = ?", .text(observedState.rawValue)) }
        if let label {
            // Through container_labels_lookup (tenant, key, value); the BINARY comparison makes
            // the value exact, trailing spaces included, which the column's collation ignores.
            let scope = tenantID == nil ? "" : "tenant_id = ? AND "
            conditions.append(
                "id IN (SELECT container_id FROM container_labels WHERE \(scope)label_key = ? AND label_value = ? AND BINARY label_value = ?)")
            if let tenantID { parameters.append(.text(tenantID)) }
            parameters += [.text(label.key), .text(label.value), .text(label.value)]
        }
        let sql = "SELECT \(ContainerRow.columns), seq FROM containers WHERE \(conditions.joined(separator: " AND ")) ORDER BY seq LIMIT ?"
        return (sql, parameters + [.int(Int64(limit + 1))])
    }
}
