/// Container policy and reachability: the policy version each container was created under and a
/// recreate request (`dro-admin host roll`), a host's public address and its egress-policy
/// error, and the egress ranges an operator opens for a tenant. Additive.
let policySchema = Migration(version: 4, name: "policy versions, host addresses, tenant egress", statements: [
    """
    ALTER TABLE containers
      ADD COLUMN IF NOT EXISTS policy_version INT NULL,
      ADD COLUMN IF NOT EXISTS recreate_generation BIGINT NOT NULL DEFAULT 0
    """,
    """
    ALTER TABLE hosts
      ADD COLUMN IF NOT EXISTS public_address VARCHAR(255) NULL,
      ADD COLUMN IF NOT EXISTS policy_error VARCHAR(1024) NULL,
      ADD COLUMN IF NOT EXISTS policy_error_at DATETIME(6) NULL
    """,
    "ALTER TABLE tenants ADD COLUMN IF NOT EXISTS allowed_egress_cidrs TEXT NULL",
    "GRANT UPDATE (policy_version) ON containers TO dro_reconciler_role",
    "GRANT UPDATE (policy_error, policy_error_at) ON hosts TO dro_reconciler_role",
    "GRANT SELECT (allowed_egress_cidrs) ON tenants TO dro_reconciler_role",
])
