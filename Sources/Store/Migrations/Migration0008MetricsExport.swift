/// The operator responder takes the `metrics-export` lease (whoever holds it exports the
/// database-derived gauges, once per installation) through a view limited to that one row, so
/// it still cannot read or take the reconciler's leases. Additive.
let metricsExportSchema = Migration(version: 8, name: "metrics export lease", statements: [
    """
    CREATE OR REPLACE SQL SECURITY DEFINER VIEW metrics_export_lease AS
      SELECT name, owner, expires_at, acquired_at FROM leases WHERE name = 'metrics-export'
      WITH CHECK OPTION
    """,
    "GRANT SELECT, INSERT, UPDATE ON metrics_export_lease TO dro_operator_role",
])
