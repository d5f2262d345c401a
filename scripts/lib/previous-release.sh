# The previous release's binaries, built from the commit named in compat/previous-release, for
# the schema compatibility suite. Kept under .build-previous/ and rebuilt only when the commit moves.

# previous_release_build ROOT: prints the directory holding the previous release's binaries.
previous_release_build() {
    local root=$1 commit dir="$1/.build-previous"
    commit=$(grep -v '^#' "$root/compat/previous-release" | head -n 1 | tr -d '[:space:]')
    git -C "$root" cat-file -e "$commit^{commit}" 2>/dev/null ||
        dro_die "the previous release $commit is not in this clone's history (a shallow clone?): fetch it"
    if [ "$(cat "$dir/commit" 2>/dev/null)" != "$commit" ]; then
        rm -rf "$dir/src"
        mkdir -p "$dir/src"
        git -C "$root" archive "$commit" | tar -x -C "$dir/src"
        echo "$commit" >"$dir/commit"
    fi
    dro_log "building the previous release ($commit) for the schema compatibility suite"
    (cd "$dir/src" && swift build --scratch-path "$dir/build" 2>&1 | grep -E 'error|Build complete' | tail -1) >&2
    (cd "$dir/src" && swift build --scratch-path "$dir/build" --show-bin-path)
}
