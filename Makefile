# DRO Cloud — the two set-up commands of the README, and a few more.
.PHONY: run stop test test-cluster soak bench bench-reconcile bench-cluster galera-selftest build

run:            ## start the whole stack on https://127.0.0.1:8443 and print how to use it
	scripts/dev.sh up

stop:           ## stop what `make run` started
	scripts/dev.sh down

test:           ## build and run every test (unit and integration, on a private stack)
	scripts/test.sh

bench:          ## dro-api against its C ceiling under wrk; writes bench/results/api.json
	scripts/bench.sh

bench-reconcile: ## dro-reconcile against raw docker: create-to-running, idle sweep, drain; writes bench/results/reconcile.json
	scripts/bench-reconcile.sh

galera-selftest: ## a 3-node MariaDB Galera cluster on 127.0.0.1 (TLS, SIGKILL, rejoin by IST); ports 18900-18923
	scripts/galera-selftest.sh

build:
	swift build -c release

test-cluster:   ## the scale-out suites: 3 Galera nodes, 2 API nodes behind one nginx, faults (≤ 30 min)
	scripts/test-cluster.sh

soak:           ## mixed traffic from 20 tenants with random faults for DURATION (e.g. 30m), then a report
	scripts/soak.sh $(DURATION)

bench-cluster:  ## create rate through two API nodes on the cluster, dro-api vs the C ceiling; writes bench/results/cluster.json
	scripts/bench-cluster.sh
