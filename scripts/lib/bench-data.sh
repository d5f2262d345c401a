# The data `make bench` loads: tenants with a token and a `*` allocation each, one fleet host,
# and containers enough for the read routes. Needs stack.sh admin/sql and a running stack.

BENCH_HOST=bench-1
BENCH_REGION=bench
BENCH_BODY='"image":"acme/web:1.4","host_key":"bench-1","env":{"LOG_LEVEL":"info","APP_ENV":"production"},"ports":[8080,"9090/udp"],"cpu_limit":0.25,"mem_limit":"128m","command":["httpd","-f","-p","8080"]}'

# bench_seed STATE PORT TENANTS PER_TENANT: writes STATE/bench-data.tsv, "token<TAB>container_id"
# for every seeded container, tenants in name order. BENCH_STACK names the stack script whose
# `admin` and `sql` commands reach the stack (scripts/stack.sh; scripts/cluster.sh for the cluster).
bench_seed() {
    local state=$1 port=$2 tenants=$3 per_tenant=$4 stack=${BENCH_STACK:-$ROOT/scripts/stack.sh} i name token
    "$stack" admin "$state" host add "$BENCH_HOST" --region "$BENCH_REGION" >/dev/null
    (umask 077 && : >"$state/bench-tokens.tsv")
    for ((i = 1; i <= tenants; i++)); do
        name=$(printf 'bench-%03d' "$i")
        "$stack" admin "$state" tenant create "$name" >/dev/null
        "$stack" admin "$state" quota set "$name" --scope '*' --containers 100000000 >/dev/null
        token=$("$stack" admin "$state" token create "$name" | tail -n 1)
        printf '%s\t%s\n' "$name" "$token" >>"$state/bench-tokens.tsv"
    done

    # One container through the API gives the exact row shape (canonical spec, spec_hash, limits);
    # the rest are copies of it, with the usage counters charged as the API would.
    token=$(head -n 1 "$state/bench-tokens.tsv" | cut -f 2)
    curl -fsk -o /dev/null -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
        -d "{\"name\":\"template\",$BENCH_BODY" "https://127.0.0.1:$port/v1/containers" \
        || dro_die "the template container could not be created"
    "$stack" sql "$state" "
        INSERT INTO containers (id, tenant_id, name, image, host_key, region, spec, spec_hash, cpu_millis, mem_bytes,
          desired_state, generation, created_at, updated_at)
        SELECT CONCAT('ctr_', LEFT(SHA2(CONCAT(t.id, '/', s.seq, '/', RAND()), 256), 24)), t.id, CONCAT('seed-', s.seq),
          c.image, c.host_key, c.region, c.spec, c.spec_hash, c.cpu_millis, c.mem_bytes, 'running', 1,
          UTC_TIMESTAMP(6), UTC_TIMESTAMP(6)
        FROM tenants t JOIN seq_1_to_$per_tenant s JOIN containers c ON c.name = 'template'
        WHERE t.name LIKE 'bench-%';
        UPDATE allocations a JOIN containers c ON c.name = 'template'
        SET a.used_containers = a.used_containers + $per_tenant, a.used_cpu_millis = a.used_cpu_millis + $per_tenant * c.cpu_millis,
          a.used_mem_bytes = a.used_mem_bytes + $per_tenant * c.mem_bytes, a.version = a.version + 1
        WHERE a.scope = '*' AND a.tenant_id IN (SELECT id FROM tenants WHERE name LIKE 'bench-%');"
    "$stack" sql "$state" "
        SELECT t.name, c.id FROM containers c JOIN tenants t ON t.id = c.tenant_id
        WHERE t.name LIKE 'bench-%' AND c.name LIKE 'seed-%' ORDER BY t.name, c.seq" \
        | awk -F '\t' 'NR == FNR { token[$1] = $2; next } { print token[$1] "\t" $2 }' "$state/bench-tokens.tsv" - \
        >"$state/bench-data.tsv"
    dro_log "seeded $tenants tenants with a token and $per_tenant containers each ($(wc -l <"$state/bench-data.tsv") rows)"
}
