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

    /// The two page queries of every list, oldest first after `seq`: first the stored spec sizes
    /// of up to `limit + 1` rows (cheap: no spec leaves the server), then the rows themselves up
    /// to the last one `ContainerPageCut` keeps. A tenant's unfiltered list is exactly the pair
    /// bench/c-responder runs, so the benchmark compares the same work.
    func sizeQuery(after seq: Int64, limit: Int) -> (sql: String, parameters: [SQLValue]) {
        let (conditions, parameters) = self.conditions(after: seq)
        return ("SELECT seq, LENGTH(spec) AS spec_bytes FROM containers WHERE \(conditions) ORDER BY seq LIMIT ?",
                parameters + [.int(Int64(limit + 1))])
    }

    /// The rows after `seq` through `last` (their seqs from `sizeQuery`), `count` at most.
    func pageQuery(after seq: Int64, through last: Int64, count: Int) -> (sql: String, parameters: [SQLValue]) {
        let (conditions, parameters) = self.conditions(after: seq)
        return ("SELECT \(ContainerRow.columns), seq FROM containers WHERE \(conditions) AND seq <= ? ORDER BY seq LIMIT ?",
                parameters + [.int(last), .int(Int64(count))])
    }

    private func conditions(after seq: Int64) -> (sql: String, parameters: [SQLValue]) {
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
        return (conditions.joined(separator: " AND "), parameters)
    }
}
