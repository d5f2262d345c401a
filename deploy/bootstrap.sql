-- DRO Cloud database bootstrap, run ONCE as MariaDB's root before `dro-admin migrate`:
--   sed -e "s/@ADMIN_PASSWORD@/…/" -e "s/@API_PASSWORD@/…/" -e "s/@OPERATOR_PASSWORD@/…/" -e "s/@RECONCILER_PASSWORD@/…/" \
--       -e "s/@WEBHOOKS_PASSWORD@/…/" \
--       -e "s/@CLIENT_HOST@/localhost/" deploy/bootstrap.sql | mariadb -uroot
-- It creates the database, the roles the migrations grant table privileges to, and the users
-- (admin, api, operator, reconciler, webhooks). Safe to run again (it also resets the passwords to the given
-- ones); run it again before migrating an installation bootstrapped by an older release.
-- @CLIENT_HOST@ is where the binaries connect from: localhost, or e.g. '10.0.%' for a fleet.
CREATE DATABASE IF NOT EXISTS dro CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
CREATE ROLE IF NOT EXISTS dro_api_role;
CREATE ROLE IF NOT EXISTS dro_reconciler_role;
CREATE ROLE IF NOT EXISTS dro_operator_role;
CREATE ROLE IF NOT EXISTS dro_webhooks_role;

-- The admin user owns the schema: it runs migrations, which grant the roles their privileges.
CREATE USER IF NOT EXISTS 'dro_admin'@'@CLIENT_HOST@';
ALTER USER 'dro_admin'@'@CLIENT_HOST@' IDENTIFIED BY '@ADMIN_PASSWORD@';
GRANT ALL PRIVILEGES ON dro.* TO 'dro_admin'@'@CLIENT_HOST@' WITH GRANT OPTION;

-- The api cannot drop tables or touch observed state; the reconciler cannot create tenants or tokens.
CREATE USER IF NOT EXISTS 'dro_api'@'@CLIENT_HOST@';
ALTER USER 'dro_api'@'@CLIENT_HOST@' IDENTIFIED BY '@API_PASSWORD@';
GRANT dro_api_role TO 'dro_api'@'@CLIENT_HOST@';
SET DEFAULT ROLE dro_api_role FOR 'dro_api'@'@CLIENT_HOST@';

-- The operator API's responder: tenants, tokens, allocations and the fleet, never DDL or operator tokens.
CREATE USER IF NOT EXISTS 'dro_operator'@'@CLIENT_HOST@';
ALTER USER 'dro_operator'@'@CLIENT_HOST@' IDENTIFIED BY '@OPERATOR_PASSWORD@';
GRANT dro_operator_role TO 'dro_operator'@'@CLIENT_HOST@';
SET DEFAULT ROLE dro_operator_role FOR 'dro_operator'@'@CLIENT_HOST@';

CREATE USER IF NOT EXISTS 'dro_reconciler'@'@CLIENT_HOST@';
ALTER USER 'dro_reconciler'@'@CLIENT_HOST@' IDENTIFIED BY '@RECONCILER_PASSWORD@';
GRANT dro_reconciler_role TO 'dro_reconciler'@'@CLIENT_HOST@';
SET DEFAULT ROLE dro_reconciler_role FOR 'dro_reconciler'@'@CLIENT_HOST@';

-- The webhook deliverer: reads events and endpoints, writes only the endpoints' delivery state.
CREATE USER IF NOT EXISTS 'dro_webhooks'@'@CLIENT_HOST@';
ALTER USER 'dro_webhooks'@'@CLIENT_HOST@' IDENTIFIED BY '@WEBHOOKS_PASSWORD@';
GRANT dro_webhooks_role TO 'dro_webhooks'@'@CLIENT_HOST@';
SET DEFAULT ROLE dro_webhooks_role FOR 'dro_webhooks'@'@CLIENT_HOST@';
