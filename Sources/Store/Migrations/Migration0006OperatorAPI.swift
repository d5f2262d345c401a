/// The operator API and tenant lifecycle: tenant status and `external_ref` (unique among tenants
/// that are not deleted), named tenant tokens, operator tokens, the events feed (typed, JSON
/// details, indexed by tenant and type), host capacity overrides and the reconciler's last run,
/// and the operator role's grants. Additive: `tenants.suspended` stays in step with `status`
/// for binaries that read it, and old event rows are rewritten to the new types and shape.
let operatorSchema = Migration(version: 6, name: "operator API, tenant lifecycle, events feed", statements: [
    """
    ALTER TABLE tenants
      ADD COLUMN IF NOT EXISTS external_ref VARCHAR(128) NULL,
      ADD COLUMN IF NOT EXISTS status ENUM('active','suspended','deleting','deleted') NOT NULL DEFAULT 'active',
      ADD COLUMN IF NOT EXISTS updated_at DATETIME(6) NULL,
      ADD COLUMN IF NOT EXISTS deleted_at DATETIME(6) NULL
    """,
    "UPDATE tenants SET status = 'suspended' WHERE suspended = 1 AND status = 'active'",
    // Names and panel references are unique among tenants that are not deleted (a deleting one
    // still holds them).
    """
    ALTER TABLE tenants
      ADD COLUMN IF NOT EXISTS live_name VARCHAR(63) AS (IF(status = 'deleted', NULL, name)) STORED,
      ADD COLUMN IF NOT EXISTS live_external_ref VARCHAR(128) AS (IF(status = 'deleted', NULL, external_ref)) STORED
    """,
    "ALTER TABLE tenants ADD UNIQUE KEY IF NOT EXISTS tenants_live_name (live_name)",
    "ALTER TABLE tenants ADD UNIQUE KEY IF NOT EXISTS tenants_live_external_ref (live_external_ref)",
    "ALTER TABLE tenants ADD KEY IF NOT EXISTS tenants_status (status, deleted_at)",
    "ALTER TABLE tenants DROP INDEX IF EXISTS tenants_name",
    "ALTER TABLE api_tokens ADD COLUMN IF NOT EXISTS name VARCHAR(63) NULL",
    """
    CREATE TABLE IF NOT EXISTS operator_tokens (
      id VARCHAR(32) CHARACTER SET ascii NOT NULL,
      name VARCHAR(63) NOT NULL,
      secret_sha256 BINARY(32) NOT NULL,
      read_only TINYINT(1) NOT NULL DEFAULT 0,
      created_at DATETIME(6) NOT NULL,
      revoked TINYINT(1) NOT NULL DEFAULT 0,
      revoked_at DATETIME(6) NULL,
      live_name VARCHAR(63) AS (IF(revoked = 1, NULL, name)) STORED,
      PRIMARY KEY (id),
      UNIQUE KEY operator_tokens_live_name (live_name)
    ) ENGINE=InnoDB
    """,
    // Events: JSON details (old text rows become {"text": …}) under the new type names.
    "ALTER TABLE events MODIFY detail TEXT NULL",
    "UPDATE events SET detail = JSON_OBJECT('text', detail) WHERE detail IS NOT NULL AND NOT JSON_VALID(detail)",
    """
    UPDATE events SET action = CASE
      WHEN action = 'container.create' THEN 'container.created'
      WHEN action = 'container.start' THEN 'container.start_requested'
      WHEN action = 'container.stop' THEN 'container.stop_requested'
      WHEN action = 'container.restart' THEN 'container.restart_requested'
      WHEN action = 'container.delete' THEN 'container.deleted'
      WHEN action LIKE 'docker.%' THEN 'container.observed'
      ELSE action END
    """,
    "ALTER TABLE events ADD KEY IF NOT EXISTS events_tenant (tenant_id, id)",
    "ALTER TABLE events ADD KEY IF NOT EXISTS events_type (action, id)",
    // Operator capacity overrides win over what the reconciler reports; the reconciler records
    // each run's end and outcome for the admin hosts view.
    """
    ALTER TABLE hosts
      ADD COLUMN IF NOT EXISTS cpu_count_override INT NULL,
      ADD COLUMN IF NOT EXISTS mem_bytes_override BIGINT NULL,
      ADD COLUMN IF NOT EXISTS last_run_at DATETIME(6) NULL,
      ADD COLUMN IF NOT EXISTS last_run_outcome VARCHAR(16) CHARACTER SET ascii NULL,
      ADD COLUMN IF NOT EXISTS last_run_detail VARCHAR(1024) NULL
    """,
    "GRANT UPDATE (last_run_at, last_run_outcome, last_run_detail) ON hosts TO dro_reconciler_role",
    "GRANT SELECT (status) ON tenants TO dro_reconciler_role",
    "GRANT UPDATE (status, deleted_at, updated_at) ON tenants TO dro_reconciler_role",
    // A PATCH of `restart` alone records its generation: it applies the policy, it asks for no start.
    "ALTER TABLE containers ADD COLUMN IF NOT EXISTS restart_policy_generation BIGINT NOT NULL DEFAULT 0",
    // The tenant responder may update what a PATCH changes; it still cannot write tenants or tokens.
    "GRANT UPDATE (image, spec, spec_hash, cpu_millis, mem_bytes, restart_policy_generation) ON containers TO dro_api_role",
    "GRANT SELECT ON events TO dro_api_role",
    // The operator responder: DML on tenants, tenant tokens, allocations, regions and hosts;
    // inserts of events, idempotency keys and jobs, container updates (termination); reads of
    // containers, jobs, events and operator tokens. No DDL, no write to operator tokens.
    "GRANT SELECT ON schema_migrations TO dro_operator_role",
    "GRANT SELECT, INSERT, UPDATE, DELETE ON tenants TO dro_operator_role",
    "GRANT SELECT, INSERT, UPDATE, DELETE ON api_tokens TO dro_operator_role",
    "GRANT SELECT, INSERT, UPDATE, DELETE ON allocations TO dro_operator_role",
    "GRANT SELECT, INSERT, UPDATE, DELETE ON regions TO dro_operator_role",
    "GRANT SELECT, INSERT, UPDATE, DELETE ON hosts TO dro_operator_role",
    "GRANT SELECT, INSERT ON events TO dro_operator_role",
    "GRANT SELECT, INSERT, DELETE, UPDATE (container_id, response_body) ON idempotency_keys TO dro_operator_role",
    "GRANT SELECT, UPDATE (desired_state, generation, updated_at, deleted_at, observed_state, observed_at) ON containers TO dro_operator_role",
    "GRANT SELECT, INSERT, UPDATE (generation, run_after, attempts, updated_at) ON jobs TO dro_operator_role",
    "GRANT SELECT ON container_labels TO dro_operator_role",
    "GRANT SELECT ON operator_tokens TO dro_operator_role",
    // Operator creates key regions and hosts by name (up to 63 characters) in idempotency_keys.
    "ALTER TABLE idempotency_keys MODIFY container_id VARCHAR(128) CHARACTER SET ascii NOT NULL",
])
