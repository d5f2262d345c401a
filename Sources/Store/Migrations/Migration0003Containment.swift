/// Containment of the reconciler: why a container is down and a machine-readable failure code
/// on each container, and one table of host-wide leases (sweep, run hand-over, pulls per tenant,
/// migrations) taken with a write, which Galera certifies across nodes where `GET_LOCK` does
/// not. The reconciler reads a tenant's suspension. Additive: binaries of schema 2 keep working.
let containmentSchema = Migration(version: 3, name: "stop causes, failure codes, host leases", statements: [
    """
    ALTER TABLE containers
      ADD COLUMN IF NOT EXISTS last_error_code VARCHAR(32) CHARACTER SET ascii NULL,
      ADD COLUMN IF NOT EXISTS stop_cause VARCHAR(16) CHARACTER SET ascii NULL
    """,
    Leases.createTable,
    "GRANT UPDATE (last_error_code, stop_cause) ON containers TO dro_reconciler_role",
    "GRANT SELECT (id, suspended) ON tenants TO dro_reconciler_role",
    "GRANT SELECT, INSERT, UPDATE, DELETE ON leases TO dro_reconciler_role",
])
