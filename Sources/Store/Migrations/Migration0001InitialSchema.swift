/// Tenants, tokens, regions, hosts, allocations, containers, jobs, idempotency keys, logs and
/// events, with the grants of the api and reconciler roles.
let initialSchema = Migration(version: 1, name: "initial schema", statements: [
    """
    CREATE TABLE IF NOT EXISTS tenants (
      id VARCHAR(32) CHARACTER SET ascii NOT NULL,
      name VARCHAR(63) NOT NULL,
      suspended TINYINT(1) NOT NULL DEFAULT 0,
      created_at DATETIME(6) NOT NULL,
      PRIMARY KEY (id),
      UNIQUE KEY tenants_name (name)
    ) ENGINE=InnoDB
    """,
    """
    CREATE TABLE IF NOT EXISTS api_tokens (
      id VARCHAR(32) CHARACTER SET ascii NOT NULL,
      tenant_id VARCHAR(32) CHARACTER SET ascii NOT NULL,
      secret_sha256 BINARY(32) NOT NULL,
      created_at DATETIME(6) NOT NULL,
      expires_at DATETIME(6) NULL,
      revoked TINYINT(1) NOT NULL DEFAULT 0,
      revoked_at DATETIME(6) NULL,
      PRIMARY KEY (id),
      KEY api_tokens_tenant (tenant_id),
      CONSTRAINT api_tokens_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenants (id)
    ) ENGINE=InnoDB
    """,
    """
    CREATE TABLE IF NOT EXISTS regions (
      name VARCHAR(63) NOT NULL,
      created_at DATETIME(6) NOT NULL,
      PRIMARY KEY (name)
    ) ENGINE=InnoDB
    """,
    """
    CREATE TABLE IF NOT EXISTS hosts (
      host_key VARCHAR(63) NOT NULL,
      region VARCHAR(63) NOT NULL,
      enabled TINYINT(1) NOT NULL DEFAULT 1,
      cpu_count INT NULL,
      mem_bytes BIGINT NULL,
      last_seen_at DATETIME(6) NULL,
      created_at DATETIME(6) NOT NULL,
      PRIMARY KEY (host_key),
      KEY hosts_region (region),
      CONSTRAINT hosts_region_fk FOREIGN KEY (region) REFERENCES regions (name)
    ) ENGINE=InnoDB
    """,
    // Usage counters live on the allocation rows; `version` is bumped by every create and
    // delete to write-lock the rows (a write conflict, which Galera certifies across nodes).
    """
    CREATE TABLE IF NOT EXISTS allocations (
      tenant_id VARCHAR(32) CHARACTER SET ascii NOT NULL,
      scope VARCHAR(63) NOT NULL,
      max_containers BIGINT NULL,
      max_cpu_millis BIGINT NULL,
      max_mem_bytes BIGINT NULL,
      used_containers BIGINT NOT NULL DEFAULT 0,
      used_cpu_millis BIGINT NOT NULL DEFAULT 0,
      used_mem_bytes BIGINT NOT NULL DEFAULT 0,
      version BIGINT NOT NULL DEFAULT 0,
      updated_at DATETIME(6) NOT NULL,
      PRIMARY KEY (tenant_id, scope),
      CONSTRAINT allocations_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenants (id)
    ) ENGINE=InnoDB
    """,
    // `live_name` is NULL once deleted: the unique key makes names unique among live rows only.
    """
    CREATE TABLE IF NOT EXISTS containers (
      id VARCHAR(32) CHARACTER SET ascii NOT NULL,
      seq BIGINT NOT NULL AUTO_INCREMENT,
      tenant_id VARCHAR(32) CHARACTER SET ascii NOT NULL,
      name VARCHAR(63) NOT NULL,
      image VARCHAR(255) NOT NULL,
      host_key VARCHAR(63) NOT NULL,
      region VARCHAR(63) NOT NULL,
      spec MEDIUMTEXT NOT NULL,
      spec_hash CHAR(64) CHARACTER SET ascii NOT NULL,
      cpu_millis BIGINT NULL,
      mem_bytes BIGINT NULL,
      desired_state ENUM('running','stopped','deleted') NOT NULL,
      generation BIGINT NOT NULL DEFAULT 1,
      restart_generation BIGINT NOT NULL DEFAULT 0,
      observed_state ENUM('pending','creating','running','stopped','exited','failed','removing','removed') NOT NULL DEFAULT 'pending',
      observed_generation BIGINT NOT NULL DEFAULT 0,
      exit_code INT NULL,
      docker_id VARCHAR(64) CHARACTER SET ascii NULL,
      published_ports TEXT NULL,
      last_error VARCHAR(1024) NULL,
      observed_at DATETIME(6) NULL,
      created_at DATETIME(6) NOT NULL,
      updated_at DATETIME(6) NOT NULL,
      deleted_at DATETIME(6) NULL,
      live_name VARCHAR(63) AS (IF(desired_state = 'deleted', NULL, name)) STORED,
      PRIMARY KEY (id),
      UNIQUE KEY containers_seq (seq),
      UNIQUE KEY containers_live_name (tenant_id, live_name),
      KEY containers_tenant_seq (tenant_id, seq),
      KEY containers_host (host_key),
      KEY containers_deleted_at (deleted_at),
      CONSTRAINT containers_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenants (id)
    ) ENGINE=InnoDB
    """,
    // `pending_container` is the container id while the job is pending, so a container has at
    // most one pending job; a newer change updates it in place (INSERT … ON DUPLICATE KEY UPDATE).
    """
    CREATE TABLE IF NOT EXISTS jobs (
      id BIGINT NOT NULL AUTO_INCREMENT,
      container_id VARCHAR(32) CHARACTER SET ascii NOT NULL,
      host_key VARCHAR(63) NOT NULL,
      generation BIGINT NOT NULL,
      state ENUM('pending','leased','done') NOT NULL DEFAULT 'pending',
      attempts INT NOT NULL DEFAULT 0,
      run_after DATETIME(6) NOT NULL,
      lease_owner VARCHAR(128) NULL,
      lease_expires_at DATETIME(6) NULL,
      last_error VARCHAR(1024) NULL,
      created_at DATETIME(6) NOT NULL,
      updated_at DATETIME(6) NOT NULL,
      pending_container VARCHAR(32) CHARACTER SET ascii AS (IF(state = 'pending', container_id, NULL)) STORED,
      PRIMARY KEY (id),
      UNIQUE KEY jobs_one_pending (pending_container),
      KEY jobs_claim (host_key, state, run_after),
      KEY jobs_container (container_id),
      KEY jobs_updated_at (state, updated_at),
      CONSTRAINT jobs_container_fk FOREIGN KEY (container_id) REFERENCES containers (id)
    ) ENGINE=InnoDB
    """,
    """
    CREATE TABLE IF NOT EXISTS idempotency_keys (
      tenant_id VARCHAR(32) CHARACTER SET ascii NOT NULL,
      idem_key VARCHAR(255) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      request_sha256 BINARY(32) NOT NULL,
      container_id VARCHAR(32) CHARACTER SET ascii NOT NULL,
      response_body MEDIUMTEXT NOT NULL,
      created_at DATETIME(6) NOT NULL,
      expires_at DATETIME(6) NOT NULL,
      PRIMARY KEY (tenant_id, idem_key),
      KEY idempotency_expires_at (expires_at)
    ) ENGINE=InnoDB
    """,
    // Lines are stored as bytes: a container may print invalid UTF-8.
    """
    CREATE TABLE IF NOT EXISTS container_logs (
      container_id VARCHAR(32) CHARACTER SET ascii NOT NULL,
      tenant_id VARCHAR(32) CHARACTER SET ascii NOT NULL,
      captured_lines MEDIUMBLOB NOT NULL,
      truncated TINYINT(1) NOT NULL DEFAULT 0,
      since VARCHAR(40) CHARACTER SET ascii NULL,
      captured_at DATETIME(6) NOT NULL,
      PRIMARY KEY (container_id)
    ) ENGINE=InnoDB
    """,
    // Append-only audit trail: the api and the reconciler may only insert. Never env values.
    """
    CREATE TABLE IF NOT EXISTS events (
      id BIGINT NOT NULL AUTO_INCREMENT,
      tenant_id VARCHAR(32) CHARACTER SET ascii NULL,
      container_id VARCHAR(32) CHARACTER SET ascii NULL,
      actor VARCHAR(128) NOT NULL,
      action VARCHAR(64) NOT NULL,
      detail VARCHAR(1024) NULL,
      request_id VARCHAR(64) NULL,
      created_at DATETIME(6) NOT NULL,
      PRIMARY KEY (id),
      KEY events_container (container_id, id),
      KEY events_created_at (created_at)
    ) ENGINE=InnoDB
    """,
    // The api role: authenticate, read the fleet, write desired state and its jobs.
    "GRANT SELECT ON schema_migrations TO dro_api_role",
    "GRANT SELECT ON tenants TO dro_api_role",
    "GRANT SELECT ON api_tokens TO dro_api_role",
    "GRANT SELECT ON regions TO dro_api_role",
    "GRANT SELECT ON hosts TO dro_api_role",
    "GRANT SELECT, UPDATE (used_containers, used_cpu_millis, used_mem_bytes, version, updated_at) ON allocations TO dro_api_role",
    "GRANT SELECT, INSERT, UPDATE (desired_state, generation, restart_generation, updated_at, deleted_at) ON containers TO dro_api_role",
    "GRANT SELECT, INSERT, UPDATE (generation, run_after, attempts, updated_at) ON jobs TO dro_api_role",
    "GRANT SELECT, INSERT, DELETE ON idempotency_keys TO dro_api_role",
    "GRANT SELECT ON container_logs TO dro_api_role",
    "GRANT INSERT ON events TO dro_api_role",
    // The reconciler role: read desired state, record what it observed, work the job queue.
    "GRANT SELECT ON schema_migrations TO dro_reconciler_role",
    "GRANT SELECT, UPDATE (cpu_count, mem_bytes, last_seen_at) ON hosts TO dro_reconciler_role",
    "GRANT SELECT, UPDATE (observed_state, observed_generation, exit_code, docker_id, published_ports, last_error, observed_at) ON containers TO dro_reconciler_role",
    "GRANT SELECT, UPDATE (state, attempts, run_after, lease_owner, lease_expires_at, last_error, updated_at) ON jobs TO dro_reconciler_role",
    "GRANT SELECT, INSERT, UPDATE, DELETE ON container_logs TO dro_reconciler_role",
    "GRANT INSERT ON events TO dro_reconciler_role",
])
