import Core
import MariaDB

/// Containers' labels in their own table, indexed by tenant, key and value, so panels can list
/// the containers that carry one (`label=key=value`). The spec keeps them too, for display.
struct ContainerLabelStore {
    let sql: SQLAccess

    init(_ sql: SQLAccess) { self.sql = sql }

    /// Records a new container's labels (inside the caller's transaction).
    func add(containerID: String, tenantID: String, _ labels: ContainerLabels) throws {
        guard !labels.values.isEmpty else { return }
        try sql.write { connection in
            for (key, value) in labels.values.sorted(by: { $0.key < $1.key }) {
                try connection.execute(
                    "INSERT INTO container_labels (container_id, tenant_id, label_key, label_value) VALUES (?, ?, ?, ?)",
                    [.text(containerID), .text(tenantID), .text(key), .text(value)])
            }
        }
    }

    /// Replaces a container's labels whole (inside the caller's transaction).
    func replace(containerID: String, tenantID: String, _ labels: ContainerLabels) throws {
        try sql.write { try $0.execute(
            "DELETE FROM container_labels WHERE container_id = ? AND tenant_id = ?", [.text(containerID), .text(tenantID)]) }
        try add(containerID: containerID, tenantID: tenantID, labels)
    }
}
