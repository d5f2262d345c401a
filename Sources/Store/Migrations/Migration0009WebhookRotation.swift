/// When a deliverer run last claimed each webhook endpoint, so that runs take the endpoints with
/// something to deliver in turn (least recently claimed first) and none waits behind others
/// that keep catching up. Additive: older deliverers never read or write it.
let webhookRotationSchema = Migration(version: 9, name: "webhook claim rotation", statements: [
    "ALTER TABLE webhooks ADD COLUMN IF NOT EXISTS last_claimed_at DATETIME(6) NULL",
    "GRANT UPDATE (last_claimed_at) ON webhooks TO dro_webhooks_role",
])
