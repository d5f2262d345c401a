# Building the binaries a stack runs (DRO_BUILD: release, else debug).

# The directory holding the built binaries for DRO_BUILD; DRO_BIN_DIR skips asking SwiftPM
# (about a second per call, longer while another build holds the lock) for callers that loop.
stack_bin_dir() {
    if [ -n "${DRO_BIN_DIR:-}" ]; then echo "$DRO_BIN_DIR"; return; fi
    (cd "$ROOT" && swift build -c "${DRO_BUILD:-release}" --show-bin-path)
}

stack_build() {
    dro_require_swift
    dro_log "building (${DRO_BUILD:-release})"
    (cd "$ROOT" && swift build -c "${DRO_BUILD:-release}" 2>&1 | grep -E 'error|warning:|Compiling|Build complete' | tail -3) >&2
    [ -x "$(stack_bin_dir)/dro-api" ] || dro_die "the build failed"
}
