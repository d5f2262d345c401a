/// What the reconciler keeps on a container row: restart backoff and a per-container lease,
/// so a worker and the sweep never act on one container at once. Additive:
/// a dro-api of schema 1 keeps working.
let reconcilerColumns = Migration(version: 2, name: "reconciler backoff and leases", statements: [
    """
    ALTER TABLE containers
      ADD COLUMN IF NOT EXISTS failures INT NOT NULL DEFAULT 0,
      ADD COLUMN IF NOT EXISTS backoff_until DATETIME(6) NULL,
      ADD COLUMN IF NOT EXISTS lease_owner VARCHAR(128) NULL,
      ADD COLUMN IF NOT EXISTS lease_expires_at DATETIME(6) NULL
    """,
    "GRANT UPDATE (failures, backoff_until, lease_owner, lease_expires_at) ON containers TO dro_reconciler_role",
])
