#!/usr/bin/env bash
# Self-test of the Galera harness (scripts/lib/galera.sh): a 3-node cluster on 127.0.0.1 with TLS
# group communication and client TLS; replication across nodes; a node SIGKILLed during a run of
# inserts comes back by IST with every row. Everything it started is stopped by pid on exit.
#
# DRO_GALERA_PORT: base port (18900; the nodes use BASE..BASE+23). DRO_GALERA_STATE: state
# directory (.run/galera-selftest), emptied first.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/scripts/lib/common.sh"
. "$ROOT/scripts/lib/galera.sh"

STATE=${DRO_GALERA_STATE:-$ROOT/.run/galera-selftest}
BASE=${DRO_GALERA_PORT:-18900}
TLS=$STATE/galera/tls
DB=galera_selftest
INSERTS=300
KILL_AFTER=100
started=$SECONDS
passed=0 failed=0
loop_pid=""

check() {
    local what=$1
    shift
    if "$@"; then
        passed=$((passed + 1))
        printf 'ok    %s\n' "$what"
    else
        failed=$((failed + 1))
        printf 'FAIL  %s\n' "$what"
    fi
}
equals() { [ "$1" = "$2" ] || { printf '      expected %s, got %s\n' "$2" "$1"; return 1; }; }

rows_over() { [ "$(galera_sql "$STATE" 0 "SELECT COUNT(*) FROM $DB.rows")" -gt "$1" ]; }
size_is() { [ "$(galera_cluster_size "$STATE" "$1")" = "$2" ]; }

stop_all() {
    if [ -n "$loop_pid" ] && dro_pid_alive "$loop_pid"; then kill "$loop_pid" 2>/dev/null || true; fi
    [ -f "$STATE/galera/ports" ] && galera_cluster_down "$STATE"
    return 0
}

# What a killed earlier run left up under STATE is stopped by pid, then STATE starts empty.
stop_all
rm -rf "$STATE"
mkdir -p "$STATE"
trap 'status=$?; stop_all; exit $status' EXIT INT TERM

galera_packages
galera_tls_make "$TLS"
check "TLS key files are mode 600" equals "$(stat -c %a "$TLS/server-key.pem" "$TLS/client-key.pem" | sort -u)" 600

t=$SECONDS
galera_cluster_up "$STATE" "$BASE"
up_seconds=$((SECONDS - t))
echo "cluster up in ${up_seconds}s"

for i in 0 1 2; do
    check "node $i sees wsrep_cluster_size=3" equals "$(galera_cluster_size "$STATE" "$i")" 3
    check "node $i is Synced and ready" galera_node_synced "$STATE" "$i"
done
check "nodes 1 and 2 joined by SST (empty data directories)" \
    equals "$(galera_node_joined_by "$STATE" 1) $(galera_node_joined_by "$STATE" 2)" "SST SST"

# Group communication and IST are TLS: the provider says so, the members' addresses are ssl://,
# and the group port completes a TLS handshake whose certificate verifies against the private CA.
check "provider has socket.ssl = YES" \
    grep -q 'socket.ssl = YES' <<<"$(galera_sql "$STATE" 0 "SELECT @@wsrep_provider_options" | tr ';' '\n')"
check "group communication listens at ssl://" \
    grep -q "listening at ssl://127.0.0.1:$(galera_port "$STATE" 0 group)" "$(galera_dir "$STATE" 0)/error.log"
group_tls=$(openssl s_client -connect "127.0.0.1:$(galera_port "$STATE" 0 group)" -CAfile "$TLS/ca.pem" \
    -cert "$TLS/client-cert.pem" -key "$TLS/client-key.pem" -verify_return_error </dev/null 2>&1 || true)
check "group port: TLS handshake verified by the private CA" grep -q 'Verify return code: 0 (ok)' <<<"$group_tls"
# ...and the node refuses peers without a certificate of that CA, and plain TCP.
node0_log=$(galera_dir "$STATE" 0)/error.log
group_refuses() {
    local pattern=$1 offset
    shift
    offset=$(stat -c %s "$node0_log")
    "$@" </dev/null >/dev/null 2>&1 || true
    dro_wait_for 5 sh -c 'tail -c +"$1" "$2" | grep -q "$3"' sh $((offset + 1)) "$node0_log" "$pattern"
}
group=127.0.0.1:$(galera_port "$STATE" 0 group)
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=stranger -keyout "$STATE/stranger-key.pem" \
    -out "$STATE/stranger-cert.pem" >/dev/null 2>&1
check "group port refuses a peer without a certificate" group_refuses 'peer did not return a certificate' \
    openssl s_client -connect "$group" -CAfile "$TLS/ca.pem"
check "group port refuses a certificate of another CA" group_refuses 'certificate verify failed' \
    openssl s_client -connect "$group" -CAfile "$TLS/ca.pem" -cert "$STATE/stranger-cert.pem" -key "$STATE/stranger-key.pem"
check "group port refuses plain TCP" group_refuses 'wrong version number' \
    timeout 3 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1"; printf "plain\n" >&3; cat <&3' bash "${group#*:}"

# Replication: written through node 0, read on node 2 (wsrep_sync_wait makes the read causal).
galera_sql "$STATE" 0 "CREATE DATABASE $DB; CREATE TABLE $DB.rows (id INT AUTO_INCREMENT PRIMARY KEY, note VARCHAR(64) NOT NULL)"
galera_sql "$STATE" 0 "INSERT INTO $DB.rows (note) VALUES ('written on node 0')"
check "row written on node 0 is read on node 2" equals \
    "$(galera_sql "$STATE" 2 "SET SESSION wsrep_sync_wait=1; SELECT note FROM $DB.rows")" "written on node 0"

# Client TLS over TCP, verifying the server certificate for 127.0.0.1, with a client certificate.
password=$(dro_random_secret)
galera_sql "$STATE" 0 "CREATE USER 'dro_tls'@'127.0.0.1' IDENTIFIED BY '$password' REQUIRE X509; GRANT SELECT ON $DB.* TO 'dro_tls'@'127.0.0.1'"
cipher=$(mariadb --no-defaults -h 127.0.0.1 -P "$(galera_port "$STATE" 1 client)" -u dro_tls -p"$password" \
    --ssl-ca="$TLS/ca.pem" --ssl-cert="$TLS/client-cert.pem" --ssl-key="$TLS/client-key.pem" \
    --ssl-verify-server-cert --batch --skip-column-names \
    -e "SELECT VARIABLE_VALUE FROM information_schema.SESSION_STATUS WHERE VARIABLE_NAME = 'Ssl_cipher'" 2>&1 || true)
echo "TLS client on node 1 (127.0.0.1:$(galera_port "$STATE" 1 client)): Ssl_cipher=$cipher"
check "TLS client connection to node 1 has a cipher" grep -Eq '^[A-Z0-9_-]+$' <<<"$cipher"

# Node 1 is SIGKILLed during a run of inserts on node 0, then rejoins by IST.
(
    for ((n = 1; n <= INSERTS; n++)); do
        galera_sql "$STATE" 0 "INSERT INTO $DB.rows (note) VALUES ('insert $n')" || echo "insert $n failed" >>"$STATE/insert-failures"
    done
) &
loop_pid=$!
dro_wait_for 60 rows_over "$KILL_AFTER" || dro_die "the inserts on node 0 did not get past $KILL_AFTER rows"
galera_node_kill "$STATE" 1
killed_at=$(galera_sql "$STATE" 0 "SELECT COUNT(*) FROM $DB.rows")
echo "node 1 killed at $killed_at rows"
wait "$loop_pid"
loop_pid=""
check "every insert on node 0 succeeded while node 1 died" test ! -e "$STATE/insert-failures"
check "node 0 sees the cluster shrink to 2" dro_wait_for 30 size_is 0 2
expected=$(galera_sql "$STATE" 0 "SELECT COUNT(*) FROM $DB.rows")
check "inserts went on after the kill" test "$expected" -gt "$killed_at"
check "node 1's grastate.dat says seqno -1 after SIGKILL" \
    grep -Eq '^seqno:[[:space:]]+-1$' "$(galera_dir "$STATE" 1)/data/grastate.dat"

t=$SECONDS
galera_node_rejoin "$STATE" 1
rejoin_seconds=$((SECONDS - t))
echo "node 1 rejoined in ${rejoin_seconds}s by $(galera_node_joined_by "$STATE" 1)"
check "node 1 rejoined by IST" equals "$(galera_node_joined_by "$STATE" 1)" IST
for i in 0 1 2; do
    check "node $i sees wsrep_cluster_size=3 again" equals "$(galera_cluster_size "$STATE" "$i")" 3
    check "node $i has all $expected rows" equals \
        "$(galera_sql "$STATE" "$i" "SET SESSION wsrep_sync_wait=1; SELECT COUNT(*) FROM $DB.rows")" "$expected"
done

t=$SECONDS
galera_cluster_down "$STATE"
down_seconds=$((SECONDS - t))
alive=0
for i in 0 1 2; do galera_node_alive "$STATE" "$i" && alive=1; done
check "every node stopped" test "$alive" = 0

printf '\ntimings: cluster up %ss, rejoin by IST %ss, cluster down %ss, all %ss\n' \
    "$up_seconds" "$rejoin_seconds" "$down_seconds" $((SECONDS - started))
echo "galera-selftest: $passed passed, $failed failed"
((failed == 0))
