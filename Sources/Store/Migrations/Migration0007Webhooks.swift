/// Webhook endpoints: where events are posted, which ones, the signing secret (AES-256-GCM
/// ciphertext and nonce, never the secret itself), and each endpoint's delivery state: the feed
/// position it has delivered through, its consecutive failures and backoff, whether it is
/// `failing`, and the lease of the deliverer run working on it. Additive.
let webhooksSchema = Migration(version: 7, name: "webhooks and their deliverer", statements: [
    """
    CREATE TABLE IF NOT EXISTS webhooks (
      id VARCHAR(32) CHARACTER SET ascii NOT NULL,
      url VARCHAR(2048) NOT NULL,
      event_types TEXT NULL,
      tenant_id VARCHAR(32) CHARACTER SET ascii NULL,
      secret_ciphertext VARBINARY(255) NOT NULL,
      secret_nonce BINARY(12) NOT NULL,
      status ENUM('active','failing') NOT NULL DEFAULT 'active',
      position BIGINT NOT NULL DEFAULT 0,
      position_not_before BIGINT NOT NULL DEFAULT 0,
      attempts INT NOT NULL DEFAULT 0,
      next_attempt_at DATETIME(6) NULL,
      first_failure_at DATETIME(6) NULL,
      failing_since DATETIME(6) NULL,
      last_error VARCHAR(1024) NULL,
      last_attempt_at DATETIME(6) NULL,
      last_delivered_at DATETIME(6) NULL,
      lease_owner VARCHAR(128) NULL,
      lease_expires_at DATETIME(6) NULL,
      created_at DATETIME(6) NOT NULL,
      deleted_at DATETIME(6) NULL,
      PRIMARY KEY (id),
      KEY webhooks_created (created_at, id),
      KEY webhooks_due (deleted_at, status, next_attempt_at)
    ) ENGINE=InnoDB
    """,
    // The operator responder registers, deletes and resumes endpoints.
    "GRANT SELECT, INSERT, UPDATE, DELETE ON webhooks TO dro_operator_role",
    // The deliverer reads events and endpoints and writes only the delivery state.
    "GRANT SELECT ON schema_migrations TO dro_webhooks_role",
    "GRANT SELECT ON events TO dro_webhooks_role",
    "GRANT SELECT ON webhooks TO dro_webhooks_role",
    """
    GRANT UPDATE (status, position, position_not_before, attempts, next_attempt_at, first_failure_at, failing_since, last_error,
      last_attempt_at, last_delivered_at, lease_owner, lease_expires_at) ON webhooks TO dro_webhooks_role
    """,
])
