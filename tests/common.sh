# shellcheck shell=sh
# Shared by the wrapper's tests; sourced. Tests print PASS/FAIL/SKIP
# lines and exit 0 (pass), 1 (fail) or 77 (skip).

T=${0##*/}
SRC=${abs_top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
BLD=${abs_top_builddir:-$SRC}
S=$SRC/scripts
TMP=$(mktemp -d "${TMPDIR:-/tmp}/openvpn-pf-test.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
trap 'exit 130' INT TERM HUP
FAILED=0

pass() { echo "PASS: $T: $*"; }
fail() {
    echo "FAIL: $T: $*"
    FAILED=1
}
skip() {
    echo "SKIP: $T: $*"
    exit 77
}
# A missing tool or base that CI must have: a skip, or with
# OPENVPN_PF_CI=1 a failure.
skip_or_fail() {
    if [ "${OPENVPN_PF_CI:-0}" = 1 ]; then
        echo "FAIL: $T: $* (OPENVPN_PF_CI=1: not skipping)"
        exit 1
    fi
    skip "$@"
}
# The Debian package with command $1 (the ones the tests need).
tool_package() {
    case $1 in
    ip | ss) echo iproute2 ;;
    ping) echo iputils-ping ;;
    nc) echo netcat-openbsd ;;
    sysctl | ps | pgrep) echo procps ;;
    apt-get) echo apt ;;
    dpkg-source | dpkg-parsechangelog) echo dpkg-dev ;;
    xz) echo xz-utils ;;
    diff) echo diffutils ;;
    mount | umount) echo mount ;;
    chroot | sha256sum | md5sum | mkfifo | truncate) echo coreutils ;;
    *) echo "$1" ;;
    esac
}
need_tools() {
    for t in "$@"; do
        command -v "$t" >/dev/null 2>&1 ||
            skip_or_fail "$t not found (Debian package $(tool_package "$t"); scripts/install-deps installs it)"
    done
}
finish() {
    exit "$FAILED"
}

# The kind of a base tree ("debian", "orig" or "git"), from its marker.
base_kind() {
    case $(cat "$1/.openvpn-pf-base" 2>/dev/null) in
    debian\ *) echo debian ;;
    upstream\ *) echo orig ;;
    v*) echo git ;;
    *) echo none ;;
    esac
}

# get_base KIND DEST: a pristine base tree of KIND in DEST: a copy of the
# build's own base when it is of that kind, else fetched (no network for
# git: the submodule or OPENVPN_PF_GIT). Fails when not available.
get_base() {
    if [ "$(base_kind "$BLD/build/base")" = "$1" ]; then
        cp -a "$BLD/build/base" "$2"
        return 0
    fi
    case $1 in
    debian | orig) "$S/fetch-upstream" --source "$1" --cache "$BLD/build/cache" "$2" >"$TMP/fetch.log" 2>&1 ;;
    git) "$S/fetch-upstream" --source submodule,git "$2" >"$TMP/fetch.log" 2>&1 ;;
    esac
}

# The series the tests are about: the build's (OPENVPN_PF_SERIES, set by
# make), else that of the pins.
series_name() {
    # shellcheck disable=SC1091 # the pins, found at run time
    printf '%s\n' "${OPENVPN_PF_SERIES:-$(. "$S/upstream.pins" && echo "$PF_SERIES")}"
}

# series_applies KIND: the series applies without fuzz to the base of KIND.
series_applies() {
    need_tools patch
    if ! get_base "$1" "$TMP/tree"; then
        cat "$TMP/fetch.log"
        return 2
    fi
    echo "base: $(cat "$TMP/tree/.openvpn-pf-base")"
    if "$S/apply-series" "$TMP/tree"; then
        pass "the series applies without fuzz to $(cat "$TMP/tree/.openvpn-pf-base")"
    else
        fail "the series does not apply to $(cat "$TMP/tree/.openvpn-pf-base")"
    fi
}
