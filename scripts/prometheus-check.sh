#!/usr/bin/env bash
# Checks the shipped Prometheus files with Prometheus' own tools: the scrape config (and the rules
# it loads) with `promtool check config`, the rules with `promtool check rules`, and the nginx
# mtail program by compiling it. With STATE_DIR, also the copies a running stack rendered there
# (its scrape config and the rules with shortened windows). A missing tool fails; nothing is skipped.
#
#   scripts/prometheus-check.sh [STATE_DIR]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/scripts/lib/common.sh"

for tool in promtool mtail; do
    command -v "$tool" >/dev/null || dro_die "$tool is missing: install Debian's prometheus and mtail packages"
done
configs=("$ROOT/deploy/prometheus/prometheus.yml")
rules=("$ROOT/deploy/prometheus/rules/dro.yml")
if [ -n "${1:-}" ]; then
    configs+=("$1/prometheus/prometheus.yml")
    rules+=("$1/prometheus/rules/dro.yml")
fi
for file in "${configs[@]}" "${rules[@]}"; do
    [ -s "$file" ] || dro_die "$file is missing"
done
promtool check config "${configs[@]}"
promtool check rules "${rules[@]}"
mtail_log=$(mtail --compile_only --address 127.0.0.1 --progs "$ROOT/deploy/prometheus/nginx-status.mtail" --logtostderr 2>&1) \
    || { echo "$mtail_log" >&2; dro_die "mtail refuses deploy/prometheus/nginx-status.mtail"; }
dro_log "Prometheus config, rules and the mtail program pass"
