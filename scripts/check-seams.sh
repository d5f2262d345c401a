#!/usr/bin/env bash
# The module seams `make test` enforces, by grep over Sources/:
#  - only Store (and the driver itself) imports MariaDB, and only the driver imports CMariaDB:
#    everything else sees store types and StoreError, never a connection or a row;
#  - no trap on a request path: `try!`, `precondition(`, `fatalError(` and force unwraps (`x!`,
#    `x!.y`, `f()!`) are refused in the request-path targets, where one bad request must answer
#    an error and leave its thread serving. Startup-only traps live outside these targets
#    (MariaDB's library init, FastCGI's listener setup) or go in ALLOWED below, with the reason.
# Comment lines are skipped. Prints each offence as file:line and exits 1 if there is any.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

REQUEST_PATH=(Sources/HTTPAPI Sources/Store Sources/Core Sources/FCGIApp)
# Exceptions, as `path:text` fixed strings matched against the offending line ("path:line:text").
ALLOWED=()

status=0
offences() {  # DESCRIPTION, then grep output on stdin
    local description=$1 line allowed hit
    while IFS= read -r line; do
        # Skip comments: the text after "path:line:" starting with //.
        [[ "${line#*:*:}" =~ ^[[:space:]]*// ]] && continue
        hit=1
        for allowed in "${ALLOWED[@]+"${ALLOWED[@]}"}"; do
            [[ "$line" == "${allowed%%:*}:"*"${allowed#*:}"* ]] && hit=0
        done
        [ "$hit" -eq 1 ] || continue
        echo "check-seams: $description: $line" >&2
        status=1
    done
}

offences "MariaDB imported outside Store" < <(grep -rnE '^\s*(@testable\s+)?import\s+MariaDB\b' Sources Tests \
    --include='*.swift' | grep -vE '^Sources/(Store|MariaDB)/')
offences "CMariaDB imported outside MariaDB" < <(grep -rnE '^\s*import\s+CMariaDB\b' Sources Tests \
    --include='*.swift' | grep -vE '^Sources/MariaDB/')
offences "trap on a request path" < <(grep -rnE 'try!|\bprecondition\(|\bfatalError\(' "${REQUEST_PATH[@]}" \
    --include='*.swift')
# A force unwrap: `!` right after an identifier, `)` or `]`, followed by `.`, `)`, `,`, `[`, a
# space or the line's end (`!=` and prefix `!x` never match; `try!` is reported above).
offences "force unwrap on a request path" < <(grep -rnE '[]A-Za-z0-9_)]!([.),[ ]|$)|\bas!' "${REQUEST_PATH[@]}" \
    --include='*.swift' | grep -v 'try!')

exit $status
