# A 3-node MariaDB Galera cluster for tests, on this machine, as private mariadbd processes stopped
# by pid (never the system service, never /etc/mysql). Source it after common.sh; do not run it.
#
# Layout under STATE/galera: tls/ (galera_tls_make), ports (the base port of galera_cluster_up) and
# nodeI/{my.cnf,data,tmp,mysqld.sock,mysqld.pid,error.log,start.offset} for I = 0, 1, 2.
#
# Ports, all on 127.0.0.1, from BASE (galera_cluster_up): node I listens for clients on BASE+10*I,
# for Galera group communication on BASE+10*I+1, for IST on BASE+10*I+2 and for rsync SST on
# BASE+10*I+3.
#
# Group communication and IST are TLS (socket.ssl_* with the private CA; the nodes check each
# other's certificate against it: one without a certificate, with one of another CA, or speaking
# plain TCP is refused; galera-4 26.4 needs no socket.ssl_cipher or other option for that, and
# negotiates TLS 1.3). Clients may connect with TLS over TCP (ssl_ca/ssl_cert/ssl_key);
# the server certificate names IP:127.0.0.1 and DNS:localhost.
#
# rsync SST (mariadb-backup is not installed) and what wsrep_sst_rsync needs:
# - rsync, and ss (iproute2) or lsof to see its rsync daemon listen, and ps (procps);
# - encryption: with ssl_* set it would want stunnel for the copy, so [sst] ssl-mode=DISABLED lets
#   it copy in the clear (loopback only);
# - the nodes run as root (--user=root, like mariadb.sh), and an rsync daemon started by root
#   switches to "nobody" for its modules, which then may not write the joiner's data directory.
#   mariadbd runs with STATE/galera/bin first on PATH, where an rsync wrapper adds
#   --dparam=uid=0 --dparam=gid=0 to `rsync --daemon` (the module section sets no uid of its own).
#   mariadbd prepends its binary directory ("/usr//bin", spelt so) to the SST script's PATH unless
#   that string is on PATH already, so PATH gets it right after the wrapper's directory.

GALERA_NODES=3
GALERA_PROVIDER=/usr/lib/galera/libgalera_smm.so
GALERA_PACKAGES=(galera-4 rsync mariadb-server mariadb-client openssl iproute2 procps)

# Installs the packages without letting a postinst start the system MariaDB service.
galera_packages() {
    local policy=/usr/sbin/policy-rc.d missing=0 package
    for package in "${GALERA_PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing=1
    done
    ((missing)) || return 0
    if [ -e "$policy" ]; then
        dro_ensure_packages "${GALERA_PACKAGES[@]}"
    else
        # policy-rc.d exiting 101 tells invoke-rc.d not to start anything during the install.
        (
            trap 'rm -f "$policy"' EXIT
            printf '#!/bin/sh\nexit 101\n' >"$policy"
            chmod 755 "$policy"
            dro_ensure_packages "${GALERA_PACKAGES[@]}"
        )
    fi
}

# galera_tls_make DIR: a private CA, a server certificate (SAN IP:127.0.0.1, DNS:localhost, usable
# as TLS server and client, as Galera nodes are both) and a client certificate, all signed by it.
# Keeps what is there when every file is.
galera_tls_make() {
    local dir=$1 file complete=1
    for file in ca.pem server-cert.pem server-key.pem client-cert.pem client-key.pem; do
        [ -s "$dir/$file" ] || complete=0
    done
    ((complete)) && return 0
    mkdir -p "$dir"
    local tmp
    tmp=$(mktemp -d "$dir/.make.XXXXXX")
    (
        set -e
        cd "$tmp"
        umask 077
        openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=DRO Galera test CA" \
            -keyout ca-key.pem -out ca.pem
        local name ext
        for name in server client; do
            if [ "$name" = server ]; then
                ext='subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth,clientAuth'
            else
                ext='extendedKeyUsage=clientAuth'
            fi
            openssl req -newkey rsa:2048 -nodes -subj "/CN=dro-galera-$name" \
                -keyout "$name-key.pem" -out "$name.csr"
            printf "basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\n$ext\n" >"$name.ext"
            openssl x509 -req -in "$name.csr" -CA ca.pem -CAkey ca-key.pem -days 3650 \
                -set_serial "0x$(openssl rand -hex 8)" -extfile "$name.ext" -out "$name-cert.pem"
            openssl verify -CAfile ca.pem "$name-cert.pem"
        done
        chmod 600 ./*-key.pem
        chmod 644 ca.pem server-cert.pem client-cert.pem
        mv ca-key.pem ca.pem server-cert.pem server-key.pem client-cert.pem client-key.pem "$dir/"
    ) >"$dir/make.log" 2>&1 || { rm -rf "$tmp"; dro_die "could not make the Galera TLS files; see $dir/make.log"; }
    rm -rf "$tmp"
    dro_log "Galera TLS files (private CA, server and client certificates) in $dir"
}

galera_dir() { echo "$1/galera/node$2"; }
galera_socket() { echo "$1/galera/node$2/mysqld.sock"; }
galera_base_port() { cat "$1/galera/ports" 2>/dev/null || dro_die "no Galera cluster was set up under $1"; }

# galera_port STATE I client|group|ist|sst
galera_port() {
    local base
    base=$(galera_base_port "$1") || return 1
    case "$3" in
        client) echo $((base + 10 * $2)) ;;
        group) echo $((base + 10 * $2 + 1)) ;;
        ist) echo $((base + 10 * $2 + 2)) ;;
        sst) echo $((base + 10 * $2 + 3)) ;;
        *) dro_die "galera_port: unknown port kind $3" ;;
    esac
}

# The rsync on the nodes' PATH: a daemon keeps running as root (see the top of this file).
galera_write_rsync_wrapper() {
    local bin=$1/galera/bin
    mkdir -p "$bin"
    cat >"$bin/rsync.new" <<'EOF'
#!/bin/sh
# Written by scripts/lib/galera.sh for wsrep_sst_rsync: an rsync daemon started by root stays root.
for arg in "$@"; do
    [ "$arg" = --daemon ] && exec /usr/bin/rsync "$@" --dparam=uid=0 --dparam=gid=0
done
exec /usr/bin/rsync "$@"
EOF
    chmod 755 "$bin/rsync.new"
    mv "$bin/rsync.new" "$bin/rsync"
}

# Writes nodeI/my.cnf, the only option file the node reads.
galera_write_config() {
    local state=$1 i=$2 dir tls members="" j
    dir=$(galera_dir "$state" "$i")
    tls=$(realpath "$state/galera/tls")
    for ((j = 0; j < GALERA_NODES; j++)); do
        members+="${members:+,}127.0.0.1:$(galera_port "$state" "$j" group)"
    done
    mkdir -p "$dir/data" "$dir/tmp"
    cat >"$dir/my.cnf" <<EOF
# Written by scripts/lib/galera.sh: Galera test node $i.
[mysqld]
user=$(id -un)
datadir=$dir/data
tmpdir=$dir/tmp
socket=$dir/mysqld.sock
pid-file=$dir/mysqld.pid
log-error=$dir/error.log
bind-address=127.0.0.1
port=$(galera_port "$state" "$i" client)
skip-name-resolve
character-set-server=utf8mb4
collation-server=utf8mb4_bin
binlog_format=ROW
default_storage_engine=InnoDB
innodb_autoinc_lock_mode=2
innodb_buffer_pool_size=128M
innodb_log_file_size=48M
innodb_flush_log_at_trx_commit=2
ssl_ca=$tls/ca.pem
ssl_cert=$tls/server-cert.pem
ssl_key=$tls/server-key.pem
wsrep_on=ON
wsrep_provider=$GALERA_PROVIDER
wsrep_cluster_name=dro_galera_test
wsrep_cluster_address=gcomm://$members
wsrep_node_name=node$i
wsrep_node_address=127.0.0.1:$(galera_port "$state" "$i" group)
wsrep_provider_options="gmcast.listen_addr=tcp://127.0.0.1:$(galera_port "$state" "$i" group);ist.recv_addr=127.0.0.1:$(galera_port "$state" "$i" ist);socket.ssl_key=$tls/server-key.pem;socket.ssl_cert=$tls/server-cert.pem;socket.ssl_ca=$tls/ca.pem;gcache.size=128M"
wsrep_sst_method=rsync
wsrep_sst_receive_address=127.0.0.1:$(galera_port "$state" "$i" sst)
wsrep_slave_threads=2

[sst]
# rsync SST in the clear on loopback (stunnel is not installed; see galera.sh).
ssl-mode=DISABLED
EOF
}

# galera_sql STATE I SQL...: runs SQL as root over node I's unix socket (batch, no column names).
galera_sql() {
    local state=$1 i=$2
    shift 2
    mariadb --no-defaults --socket="$(galera_socket "$state" "$i")" -uroot --batch --skip-column-names -e "$*"
}

# galera_status STATE I NAME: a global status variable of node I.
galera_status() {
    galera_sql "$1" "$2" "SHOW GLOBAL STATUS LIKE '$3'" | cut -f2
}

galera_node_alive() { dro_live_pid "$(galera_dir "$1" "$2")/mysqld.pid" >/dev/null; }

# galera_node_synced STATE I: node I is Synced and ready.
galera_node_synced() {
    local out
    out=$(galera_sql "$1" "$2" "SHOW GLOBAL STATUS WHERE Variable_name IN ('wsrep_local_state_comment', 'wsrep_ready')" 2>/dev/null) || return 1
    grep -qx $'wsrep_local_state_comment\tSynced' <<<"$out" && grep -qx $'wsrep_ready\tON' <<<"$out"
}

# galera_wait_synced STATE I SECONDS: fails early when the node's process ends.
galera_wait_synced() {
    local state=$1 i=$2 seconds=$3 tries
    tries=$((seconds * 5))
    until galera_node_synced "$state" "$i"; do
        galera_node_alive "$state" "$i" || { dro_log "Galera node $i exited; see $(galera_dir "$state" "$i")/error.log"; return 1; }
        tries=$((tries - 1))
        ((tries > 0)) || { dro_log "Galera node $i not Synced after ${seconds}s"; return 1; }
        sleep 0.2
    done
}

# galera_cluster_size STATE I: wsrep_cluster_size as node I sees it.
galera_cluster_size() { galera_status "$1" "$2" wsrep_cluster_size; }

# The Galera position (UUID:SEQNO) of node I's data when grastate.dat does not have it: after a
# SIGKILL it says seqno -1, and mariadbd 10.11 does not look for the position in InnoDB by itself
# (it then loads the provider at 00000000-0000-0000-0000-000000000000:-1 and gets a full SST).
# As galera_recovery does for the system service: mariadbd --wsrep-recover reads it from InnoDB
# ("WSREP: Recovered position: UUID:SEQNO") and exits. Fails when there is nothing to recover.
galera_recover_position() {
    local state=$1 i=$2 dir position
    dir=$(galera_dir "$state" "$i")
    [ -f "$dir/data/grastate.dat" ] && [ -d "$dir/data/mysql" ] || return 1
    grep -Eq '^seqno:[[:space:]]+-1$' "$dir/data/grastate.dat" || return 1
    rm -f "$dir/recover.log"
    mariadbd --defaults-file="$dir/my.cnf" --wsrep-recover --log-error="$dir/recover.log" \
        --pid-file="$dir/recover.pid" --socket="$dir/recover.sock" --skip-networking >/dev/null 2>&1 || true
    position=$(sed -n 's/.*WSREP: Recovered position: \([0-9a-f-]*:-\{0,1\}[0-9]*\).*/\1/p' "$dir/recover.log" | tail -1)
    [ -n "$position" ] && [ "${position##*:}" != -1 ] || return 1
    dro_log "Galera node $i: recovered position $position from InnoDB"
    echo "$position"
}

# galera_node_start STATE I [EXTRA MARIADBD OPTIONS...]: starts node I joining the others (node 0's
# first start initialises its data directory; the others receive theirs by SST). Returns at once.
galera_node_start() {
    local state=$1 i=$2 dir
    shift 2
    dir=$(galera_dir "$state" "$i")
    if galera_node_alive "$state" "$i"; then return 0; fi
    galera_write_config "$state" "$i"
    galera_write_rsync_wrapper "$state"
    if [ "$i" = 0 ] && [ ! -d "$dir/data/mysql" ]; then
        mariadb-install-db --no-defaults --datadir="$dir/data" --user="$(id -un)" \
            --auth-root-authentication-method=socket --skip-test-db >"$dir/install.log" 2>&1 \
            || dro_die "mariadb-install-db failed; see $dir/install.log"
    fi
    rm -f "$dir/mysqld.sock" "$dir/mysqld.sock.lock"
    local position
    if position=$(galera_recover_position "$state" "$i"); then
        set -- --wsrep-start-position="$position" "$@"
    fi
    touch "$dir/error.log"
    # Where this start's lines begin, for galera_node_joined_by.
    stat -c %s "$dir/error.log" >"$dir/start.offset"
    # mariadbd puts its own "/usr//bin" before PATH for the SST script unless PATH has it already.
    # Started from a subshell, so that no job of the caller's shell reports its SIGKILL.
    (
        PATH="$(realpath "$state/galera/bin"):/usr//bin:$PATH" mariadbd --defaults-file="$dir/my.cnf" "$@" >>"$dir/error.log" 2>&1 &
        echo $! >"$dir/mysqld.pid"
    )
    dro_log "started Galera node $i (pid $(cat "$dir/mysqld.pid"), client port $(galera_port "$state" "$i" client))"
}

# galera_bootstrap STATE: starts node 0 as a new cluster and waits until it is Synced.
galera_bootstrap() {
    local state=$1 grastate
    grastate="$(galera_dir "$state" 0)/data/grastate.dat"
    # A cluster that was stopped whole (galera_cluster_down stops node 0 last) starts again from
    # node 0; mark it safe should an unclean stop have left it unmarked.
    [ -f "$grastate" ] && sed -i 's/^safe_to_bootstrap: 0/safe_to_bootstrap: 1/' "$grastate"
    galera_node_start "$state" 0 --wsrep-new-cluster
    galera_wait_synced "$state" 0 60 || dro_die "Galera node 0 did not bootstrap; see $(galera_dir "$state" 0)/error.log"
}

# galera_cluster_up STATE BASE_PORT: bootstraps node 0, then joins nodes 1 and 2 one after the
# other (each by rsync SST from an empty data directory on its first start).
galera_cluster_up() {
    local state=$1 base=$2 i
    mkdir -p "$state/galera"
    echo "$base" >"$state/galera/ports"
    galera_packages
    galera_tls_make "$state/galera/tls"
    galera_bootstrap "$state"
    for ((i = 1; i < GALERA_NODES; i++)); do
        galera_node_start "$state" "$i"
        galera_wait_synced "$state" "$i" 120 || dro_die "Galera node $i did not join; see $(galera_dir "$state" "$i")/error.log"
    done
    dro_log "Galera cluster of $(galera_cluster_size "$state" 0) nodes is up (client ports $base, $((base + 10)), $((base + 20)))"
}

# galera_node_kill STATE I: SIGKILL, as a crash would.
galera_node_kill() {
    local state=$1 i=$2 pid
    pid=$(dro_live_pid "$(galera_dir "$state" "$i")/mysqld.pid") || return 0
    kill -KILL "$pid"
    while dro_pid_alive "$pid"; do sleep 0.05; done
    dro_log "killed Galera node $i (pid $pid)"
}

# galera_node_stop STATE I: SIGTERM, waiting for it to end (KILL after 60 s).
galera_node_stop() { dro_stop_pidfile "$(galera_dir "$1" "$2")/mysqld.pid" "Galera node $2" 60; }

# galera_node_rejoin STATE I: starts node I again, joining the others, and waits until it is
# Synced. After a SIGKILL, galera_node_start recovers the position from InnoDB (see
# galera_recover_position), so while the writesets it missed are still in a donor's gcache
# (gcache.size=128M) the node comes back by IST; without that it would get a full SST.
galera_node_rejoin() {
    local state=$1 i=$2
    galera_node_start "$state" "$i"
    galera_wait_synced "$state" "$i" 120 || dro_die "Galera node $i did not rejoin; see $(galera_dir "$state" "$i")/error.log"
}

# The error log lines of node I's last start.
galera_node_start_log() {
    local dir offset
    dir=$(galera_dir "$1" "$2")
    offset=$(cat "$dir/start.offset" 2>/dev/null || echo 0)
    tail -c +"$((offset + 1))" "$dir/error.log"
}

# galera_node_joined_by STATE I: IST or SST, how node I's last start received the cluster's state
# (NONE when it received none, as a bootstrap). Read from that start's lines of the error log, where
# wsrep_sst_rsync says "rsync SST completed on joiner" after copying the data directory and
# "rsync IST completed on joiner" when the donor bypassed the copy for IST (Galera then logs
# "Receiving IST: N writesets, seqnos A-B" and "IST received: UUID:SEQNO"). Galera's "IST received"
# alone tells nothing: a joiner that got an SST logs it too, for the writesets after the copy.
galera_node_joined_by() {
    local log
    log=$(galera_node_start_log "$1" "$2")
    if grep -q 'WSREP_SST: \[INFO\] rsync SST completed on joiner' <<<"$log"; then
        echo SST
    elif grep -q 'WSREP_SST: \[INFO\] rsync IST completed on joiner' <<<"$log"; then
        echo IST
    else
        echo NONE
    fi
}

# galera_cluster_down STATE: stops every node by pid, node 0 last (so it may bootstrap again).
galera_cluster_down() {
    local state=$1 i
    for ((i = GALERA_NODES - 1; i >= 0; i--)); do
        galera_node_stop "$state" "$i"
    done
}
