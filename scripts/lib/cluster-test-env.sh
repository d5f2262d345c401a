# The settings the cluster test, the soak and the cluster benchmark share: the debug build of
# `make test` (release for the benchmark), a private dockerd, short reconciler timings so that
# convergence is observable, and the registry stub the suites start on 127.0.0.1, allowed by name.
export DRO_BUILD=${DRO_BUILD:-debug} DRO_CLUSTER_PORT=${DRO_CLUSTER_PORT:-18900} DRO_PRIVATE_DOCKERD=1 DRO_THREADS=${DRO_THREADS:-8}
export DRO_TEST_REGISTRY=127.0.0.1:$((DRO_CLUSTER_PORT + 89))
export DRO_ALLOWED_REGISTRIES="\"docker.io\", \"$DRO_TEST_REGISTRY\""
export DRO_RECONCILER_JSON='"backoff_initial_seconds": 2, "backoff_max_seconds": 16, "sweep_interval_seconds": 1, "log_capture_interval_seconds": 1, "stop_timeout_seconds": 2, "lease_seconds": 30, "pull_timeout_seconds": 30'
# No Prometheus: the cluster suites do not measure metrics.
export DRO_PROMETHEUS=off
