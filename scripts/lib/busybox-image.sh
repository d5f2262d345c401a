#!/usr/bin/env bash
# Builds a tiny test image from Debian's busybox-static (no registry needed).
#
#   source scripts/lib/busybox-image.sh && dro_busybox_image SOCKET TAG
#   scripts/lib/busybox-image.sh SOCKET TAG
#
# Idempotent: does nothing when TAG already exists on the daemon at SOCKET.

dro_busybox_image() {
    local socket="${1:?usage: dro_busybox_image DOCKER_SOCKET IMAGE_TAG}"
    local tag="${2:?usage: dro_busybox_image DOCKER_SOCKET IMAGE_TAG}"
    local docker="${DOCKER:-/usr/bin/docker}"
    local busybox="${BUSYBOX:-/bin/busybox}"

    if "$docker" -H "unix://$socket" image inspect "$tag" >/dev/null 2>&1; then
        return 0
    fi
    [ -x "$busybox" ] || { echo "busybox-image: $busybox missing (apt-get install busybox-static)" >&2; return 1; }

    local rootfs
    rootfs="$(mktemp -d)" || return 1
    (
        set -euo pipefail
        mkdir -p "$rootfs/bin" "$rootfs/tmp" "$rootfs/etc"
        cp "$busybox" "$rootfs/bin/busybox"
        local applet
        for applet in $("$busybox" --list); do
            [ "$applet" = busybox ] || ln -s busybox "$rootfs/bin/$applet"
        done
        tar -C "$rootfs" -c . | "$docker" -H "unix://$socket" import -c 'CMD ["sh"]' - "$tag" >/dev/null
    )
    local rc=$?
    rm -rf "$rootfs"
    [ $rc -eq 0 ] && echo "busybox-image: built $tag" >&2
    return $rc
}

# Run as a script rather than sourced.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    dro_busybox_image "$@"
fi
