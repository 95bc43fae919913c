# shellcheck shell=sh disable=SC2034 # variables for the sourcing scripts
# Helpers shared by the openvpn-pf scripts. Sourced, never run:
#   . "$(dirname "$0")/lib.sh"
# Sets PF_TOP (the wrapper's source directory) and the pins.

PF_PROG=${0##*/}
PF_TOP=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=upstream.pins
. "$PF_TOP/scripts/upstream.pins"

# Marker files inside a base tree (used by the scripts sourcing this).
PF_BASE_MARK=.openvpn-pf-base      # which base this tree is (one line)
PF_APPLIED_MARK=.openvpn-pf-series # present once the series was applied

die() {
    printf '%s: error: %s\n' "$PF_PROG" "$*" >&2
    exit 1
}

# The series to work on: PF_SERIES of the pins (2.6), or the one that
# OPENVPN_PF_SERIES names (the wrapper's Makefile sets it from
# ./configure --with-upstream). For 2.7 the pins of its base replace
# those of 2.6; its only base is the orig tarball (PF_BASE_SOURCES).
PF_SERIES=${OPENVPN_PF_SERIES:-$PF_SERIES}
case $PF_SERIES in
2.6)
    PF_BASE_SOURCES=submodule,git,clone,debian
    ;;
2.7)
    PF_DEB_UPSTREAM=$PF27_UPSTREAM
    PF_DEB_ORIG=$PF27_ORIG
    PF_DEB_ORIG_SIZE=$PF27_ORIG_SIZE
    PF_DEB_ORIG_SHA256=$PF27_ORIG_SHA256
    PF_DEB_RELEASES=$PF27_DEB_RELEASES
    PF_GIT_TAG=$PF27_GIT_TAG
    PF_GIT_COMMIT=$PF27_GIT_COMMIT
    PF_BASE_SOURCES=orig
    ;;
*) die "unknown series '$PF_SERIES' (OPENVPN_PF_SERIES): 2.6 or 2.7" ;;
esac

note() {
    printf '%s: %s\n' "$PF_PROG" "$*" >&2
}

# The series directory used unless a script is told otherwise.
pf_series_dir() {
    printf '%s/patches/%s\n' "$PF_TOP" "$PF_SERIES"
}

# Print the patch file names of series file $1/series, in order.
# Blank lines and '#' comments are ignored.
pf_series_list() {
    [ -r "$1/series" ] || die "no series file in $1"
    sed -e 's/#.*//' -e 's/[[:space:]]*$//' -e '/^$/d' "$1/series"
}

# Usage helper: print the script's usage text ($1) and exit with $2.
pf_usage() {
    printf '%s\n' "$1"
    exit "${2:-0}"
}

# The wrapper's version (AC_INIT in configure.ac).
pf_wrapper_version() {
    sed -n 's/^AC_INIT(\[openvpn-pf\], *\[\([^]]*\)\].*/\1/p' "$PF_TOP/configure.ac"
}
