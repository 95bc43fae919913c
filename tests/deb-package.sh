#!/bin/sh
# The Debian package with the series: built (scripts/build-deb), then
# installed, tested and removed again (scripts/check-deb). It takes
# minutes and installs packages on this machine, so it runs only when
# OPENVPN_PF_CHECK_DEB=1 (CI sets it); as root.
set -eu
# shellcheck source=common.sh
. "$(dirname "$0")/common.sh"
[ "$(series_name)" = 2.6 ] ||
    skip "series $(series_name): Debian's source package of it (.dsc) cannot be had here, so there is no .deb"

[ "${OPENVPN_PF_CHECK_DEB:-0}" = 1 ] ||
    skip "set OPENVPN_PF_CHECK_DEB=1 to build, install and test the Debian package"
[ "$(id -u)" = 0 ] || skip_or_fail "building and installing packages needs root"

B=$BLD/build
run() {
    what=$1
    shift
    if "$@" >"$TMP/$what.log" 2>&1; then
        pass "$what"
    else
        cat "$TMP/$what.log"
        fail "$what"
    fi
}
run build-deb "$S/build-deb" -o "$B/deb" -w "$B/deb-work" -c "$B/cache"
[ "$FAILED" = 0 ] && run check-deb "$S/check-deb" -o "$B/deb" -w "$B/deb-work" -c "$B/cache"
finish
