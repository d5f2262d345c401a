# Shared helpers for the stack scripts. Source it; do not run it.

dro_log() { printf '[dro] %s\n' "$*" >&2; }
dro_die() { dro_log "error: $*"; exit 1; }

# Installs the Debian packages that are missing (nothing to do when all are present).
dro_ensure_packages() {
    local missing=() package
    for package in "$@"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
    done
    ((${#missing[@]} == 0)) && return 0
    local sudo=""
    [ "$(id -u)" = 0 ] || sudo="sudo"
    dro_log "installing Debian packages: ${missing[*]}"
    $sudo apt-get update -q >/dev/null
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
}

# Swift 6 is not a Debian package: stop early, saying where to get it, when it is missing or older.
dro_require_swift() {
    local version
    version=$(swift --version 2>/dev/null | grep -oE 'Swift version [0-9]+' | grep -oE '[0-9]+$' || true)
    [ -n "$version" ] && [ "$version" -ge 6 ] && return 0
    dro_die "a Swift 6 toolchain is needed (found: ${version:-none}). Install one from https://www.swift.org/install/linux/ (Debian 12: the tar.gz for Debian 12, unpacked with its usr/bin on PATH), then run this again."
}

# True while PID runs; an exited process not yet reaped (a zombie) counts as gone.
dro_pid_alive() {
    local state
    state=$(sed -e 's/^.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1) || return 1
    [ -n "$state" ] && [ "$state" != Z ] && [ "$state" != X ]
}

# The pid in FILE when that process is alive.
dro_live_pid() {
    local file=$1 pid
    [ -s "$file" ] || return 1
    pid=$(cat "$file")
    dro_pid_alive "$pid" && echo "$pid"
}

# Stops the process whose pid FILE holds: TERM, then KILL after TIMEOUT seconds.
dro_stop_pidfile() {
    local file=$1 name=$2 timeout=${3:-20} pid
    if pid=$(dro_live_pid "$file"); then
        kill -TERM "$pid" 2>/dev/null || true
        local waited=0
        while dro_pid_alive "$pid"; do
            if ((waited >= timeout * 10)); then
                dro_log "$name (pid $pid) did not stop in ${timeout}s; killing it"
                kill -KILL "$pid" 2>/dev/null || true
            fi
            sleep 0.1
            waited=$((waited + 1))
        done
        dro_log "stopped $name (pid $pid)"
    fi
    rm -f "$file"
}

# Runs CMD until it succeeds, for at most SECONDS.
dro_wait_for() {
    local seconds=$1
    shift
    local tries=$((seconds * 10))
    until "$@" >/dev/null 2>&1; do
        tries=$((tries - 1))
        ((tries > 0)) || return 1
        sleep 0.1
    done
}

# Unmounts every mount point at or below DIR, deepest first (a no-op when there are none).
dro_unmount_under() {
    local dir mount
    dir=$(realpath -m "$1")
    awk '{print $2}' /proc/self/mounts | { grep -E "^$dir(/|$)" || true; } | sort -r | while read -r mount; do
        umount "$mount" 2>/dev/null || umount -l "$mount" 2>/dev/null || dro_log "could not unmount $mount"
    done
}

# Starts a stack's run from empty: stops what a killed earlier run left up under STATE, removes
# its data, and stops the stack again when the script exits, pass or fail (keeping the status).
# STOP_EXTRA (a function taking STATE) stops what the script starts beside the stack.
dro_fresh_stack() {
    DRO_FRESH_STATE=$1 DRO_FRESH_STOP_EXTRA=${2:-true}
    "$DRO_FRESH_STOP_EXTRA" "$DRO_FRESH_STATE" >/dev/null 2>&1 || true
    "$ROOT/scripts/stack.sh" down "$DRO_FRESH_STATE" >/dev/null 2>&1 || true
    rm -rf "$DRO_FRESH_STATE"
    mkdir -p "$DRO_FRESH_STATE"
    trap 'status=$?
        "$DRO_FRESH_STOP_EXTRA" "$DRO_FRESH_STATE" || true
        "$ROOT/scripts/stack.sh" down "$DRO_FRESH_STATE" || true
        exit $status' EXIT INT TERM
}

# A random password of URL-safe characters.
dro_random_secret() { openssl rand -base64 33 | tr '+/' '-_' | tr -d '=\n'; }
