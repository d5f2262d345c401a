/// Indexes that keep the database-derived gauges cheap on a large installation: the oldest
/// pending job of a host is the first entry of (host_key, state, created_at) instead of a row
/// lookup per pending job, and containers by observed state are counted from the index alone
/// instead of scanning every row's spec. Measured under `make bench`, where pending jobs and
/// containers pile up: without them the export's refresh slowed creates as the tables grew.
/// Additive: older binaries never name them.
let metricsIndexesSchema = Migration(version: 10, name: "metrics export indexes", statements: [
    "ALTER TABLE jobs ADD KEY IF NOT EXISTS jobs_pending_age (host_key, state, created_at)",
    "ALTER TABLE containers ADD KEY IF NOT EXISTS containers_observed (observed_state, desired_state)",
])
