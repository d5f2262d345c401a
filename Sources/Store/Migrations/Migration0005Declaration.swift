/// The container declaration's new fields: `restart` (read by the reconciler every sweep, so a
/// column) and `labels` (in the spec for display, and in their own table indexed for filtering).
/// Additive.
let declarationSchema = Migration(version: 5, name: "restart policies and labels", statements: [
    "ALTER TABLE containers ADD COLUMN IF NOT EXISTS restart_policy VARCHAR(16) CHARACTER SET ascii NOT NULL DEFAULT 'on-failure'",
    """
    CREATE TABLE IF NOT EXISTS container_labels (
      container_id VARCHAR(32) CHARACTER SET ascii NOT NULL,
      tenant_id VARCHAR(32) CHARACTER SET ascii NOT NULL,
      label_key VARCHAR(63) CHARACTER SET ascii NOT NULL,
      label_value VARCHAR(256) NOT NULL,
      PRIMARY KEY (container_id, label_key),
      KEY container_labels_lookup (tenant_id, label_key, label_value),
      CONSTRAINT container_labels_container_fk FOREIGN KEY (container_id) REFERENCES containers (id) ON DELETE CASCADE
    ) ENGINE=InnoDB
    """,
    "GRANT SELECT, INSERT, DELETE ON container_labels TO dro_api_role",
    "GRANT UPDATE (restart_policy) ON containers TO dro_api_role",
])
