#!/bin/sh
# The README's two commands on a fresh Debian: debootstrap --variant=minbase
# of a release from this machine's own apt mirror, git and nothing else
# installed in it, a clone of the committed HEAD of this tree, then, as
# root in a chroot, exactly 'scripts/build' and 'make check'. Passes when
# make check ends "N passed, 0 failed" and skips only what a user cannot
# fix (see ALLOWED_SKIPS). Catches what a minimal system lacks.
#
# The chroot gets proc, sys, dev (bind, for /dev/net/tun), devpts and a
# tmpfs /run (network namespace names live in /run/netns: they stay
# private), the apt sources and resolv.conf debootstrap leaves there, and
# a policy-rc.d that starts no daemons. Everything is unmounted and the
# chroot removed on exit. Needs root and debootstrap (and the network to
# the mirror); it takes 10 to 15 minutes per release.
#
# In make check (tests/Makefile.am) it runs only with
# OPENVPN_PF_CHECK_FRESH=1, for the machine's release, or the releases in
# OPENVPN_PF_FRESH_RELEASES.
set -eu
# shellcheck source=common.sh
. "$(dirname "$0")/common.sh"

USAGE="usage: $T [-h] [-r RELEASE]... [-d DIR] [-l LOGDIR] [-e VAR=VALUE]...

  -r RELEASE  a Debian release to bootstrap, e.g. -r bookworm -r trixie
              (default: \$OPENVPN_PF_FRESH_RELEASES, else this machine's)
  -d DIR      make the chroot in DIR/RELEASE (default: a temporary
              directory in /var/tmp: it takes about 1.6 GB)
  -l LOGDIR   keep the full log of each release in LOGDIR/RELEASE.log
  -e VAR=VAL  set VAR for the two commands (they run with an empty
              environment otherwise, as in a fresh login), e.g.
              -e OPENVPN_PF_CHECK_DEB=1 for the package test too
Standalone, as root: tests/fresh-system.sh -r trixie -l /var/tmp"

# Skips a user cannot fix here: no GitHub (the git base), no dummy links
# in the kernel, no remote test server, the package test and this test
# (opt-in, each with a variable).
ALLOWED_SKIPS="tests/series-applies-git.sh tests/deb-package.sh tests/fresh-system.sh upstream/tests/t_net.sh upstream/tests/t_client.sh"

usage() {
    if [ "$1" = 0 ]; then echo "$USAGE"; else echo "$USAGE" >&2; fi
    exit "$1"
}

RELEASES=""
DIR=""
LOGDIR=""
ENV=""
while getopts hr:d:l:e: o; do
    case $o in
    h) usage 0 ;;
    r) RELEASES="$RELEASES $OPTARG" ;;
    d) DIR=$OPTARG ;;
    l) LOGDIR=$OPTARG ;;
    e)
        case $OPTARG in
        *[[:space:]]*) usage 2 ;;
        [A-Za-z_]*=*) ENV="$ENV $OPTARG" ;;
        *) usage 2 ;;
        esac
        ;;
    *) usage 2 ;;
    esac
done
shift $((OPTIND - 1))
[ $# -eq 0 ] || usage 2

# In make check: opt-in.
if [ -n "${abs_top_builddir:-}" ] && [ "${OPENVPN_PF_CHECK_FRESH:-0}" != 1 ]; then
    skip "set OPENVPN_PF_CHECK_FRESH=1 to run the README's two commands on a fresh Debian"
fi
[ "$(id -u)" = 0 ] || skip_or_fail "needs root (debootstrap, chroot, mount)"
need_tools debootstrap chroot mount umount git
own=$(sed -n 's/^VERSION_CODENAME=//p' /etc/os-release | tr -d '"')
[ -n "$RELEASES" ] || RELEASES=${OPENVPN_PF_FRESH_RELEASES:-$own}
# git on the tree under test, which another user may own (a CI checkout):
# git refuses such a repository unless it is a safe.directory
src_git() { git -c safe.directory="$SRC" -C "$SRC" "$@"; }
src_git rev-parse -q --verify HEAD >/dev/null || skip_or_fail "$SRC is not a git repository"
if [ -n "$(src_git status --porcelain --untracked-files=no)" ]; then
    echo "note: $SRC has uncommitted changes; the chroot gets the committed HEAD"
fi

ROOT=""  # the chroot being set up, for cleanup
MADE=""  # the directory made for it, removed at the end

# Undo everything under $ROOT: its processes, its mounts, its files.
cleanup_root() {
    [ -n "$ROOT" ] || return 0
    for p in /proc/[0-9]*; do
        if [ "$(readlink "$p/root" 2>/dev/null)" = "$ROOT" ]; then
            kill -9 "${p#/proc/}" 2>/dev/null || :
        fi
    done
    if mountpoint -q "$ROOT" 2>/dev/null; then
        umount -R "$ROOT" 2>/dev/null || umount -R -l "$ROOT"
    fi
    if awk -v r="$ROOT/" 'index($5 "/", r) == 1 { found = 1 } END { exit !found }' /proc/self/mountinfo; then
        fail "still mounted under $ROOT; not removing it"
        grep -F " $ROOT/" /proc/self/mountinfo || :
    else
        rm -rf --one-file-system "$ROOT"
    fi
    ROOT=""
}
trap 'cleanup_root; [ -z "$MADE" ] || rmdir "$MADE"; rm -rf "$TMP"' EXIT
if [ -z "$DIR" ]; then
    DIR=$(mktemp -d /var/tmp/openvpn-pf-fresh.XXXXXX)
    MADE=$DIR
fi
mkdir -p "$DIR" "${LOGDIR:-$TMP}"
DIR=$(cd "$DIR" && pwd)
LOGDIR=$(cd "${LOGDIR:-$TMP}" && pwd)

# The mirror of this machine's apt sources (one-line or deb822) that
# carries release $1 (the one fetch-upstream uses for source packages).
mirror_of() {
    "$S/fetch-upstream" --print-sources-list |
        awk -v r="$1" '$(NF - 1) == r && $NF == "main" { print $(NF - 2); exit }'
}

# in_root COMMAND: run a shell command in the chroot as a fresh root login.
in_root() {
    # shellcheck disable=SC2086 # $ENV: words VAR=VALUE (-e)
    chroot "$ROOT" /usr/bin/env -i HOME=/root TERM=dumb \
        PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
        $ENV sh -c "$1"
}

elapsed() { echo "$(($(date +%s) - t0)) s"; }

# fresh RELEASE: the whole test for one release.
fresh() {
    rel=$1
    log=$LOGDIR/$rel.log
    mirror=$(mirror_of "$rel")
    if [ -z "$mirror" ]; then
        fail "$rel: no mirror for $rel in this machine's apt sources"
        return
    fi
    if [ -e "$DIR/$rel" ]; then
        fail "$rel: $DIR/$rel exists already"
        return
    fi
    ROOT=$DIR/$rel
    echo "== $rel: debootstrap --variant=minbase $rel from $mirror"
    t0=$(date +%s)
    if ! debootstrap --variant=minbase "$rel" "$ROOT" "$mirror" >"$log" 2>&1; then
        tail -n 20 "$log"
        fail "$rel: debootstrap failed"
        cleanup_root
        return
    fi
    echo "   $(elapsed)"
    # what debootstrap leaves: a one-line source list of the mirror; the
    # host's resolv.conf (when that is a link into /run, its content)
    [ -s "$ROOT/etc/apt/sources.list" ] ||
        echo "deb $mirror $rel main" >"$ROOT/etc/apt/sources.list"
    if [ -L "$ROOT/etc/resolv.conf" ] || [ ! -s "$ROOT/etc/resolv.conf" ]; then
        rm -f "$ROOT/etc/resolv.conf"
        cat /etc/resolv.conf >"$ROOT/etc/resolv.conf"
    fi
    printf '#!/bin/sh\nexit 101\n' >"$ROOT/usr/sbin/policy-rc.d"
    chmod 755 "$ROOT/usr/sbin/policy-rc.d"
    # the chroot's / a mount point of its own, as on a real system ('ip
    # netns exec' makes / a slave mount), and nothing propagates out
    mount --bind "$ROOT" "$ROOT"
    mount --make-private "$ROOT"
    mount -t proc proc "$ROOT/proc"
    mount -t sysfs sysfs "$ROOT/sys"
    mount --bind /dev "$ROOT/dev"
    mount --make-private "$ROOT/dev"
    mount -t devpts -o newinstance,ptmxmode=0666 devpts "$ROOT/dev/pts"
    mount -t tmpfs -o mode=755 tmpfs "$ROOT/run"

    echo "== $rel: apt-get install git; git clone"
    t0=$(date +%s)
    src_git bundle create "$ROOT/root/src.bundle" HEAD >>"$log" 2>&1
    if ! in_root 'export DEBIAN_FRONTEND=noninteractive
        apt-get -q update && apt-get -q -y --no-install-recommends install git &&
        cd /root && git clone -c advice.detachedHead=false src.bundle openvpn-pf &&
        rm src.bundle' >>"$log" 2>&1; then
        tail -n 20 "$log"
        fail "$rel: installing git or cloning failed"
        cleanup_root
        return
    fi
    echo "   $(elapsed): $(in_root 'git -C /root/openvpn-pf log --oneline -1')"

    echo "== $rel: scripts/build"
    t0=$(date +%s)
    if ! in_root 'cd /root/openvpn-pf && scripts/build' >>"$log" 2>&1; then
        tail -n 30 "$log"
        fail "$rel: scripts/build failed"
        cleanup_root
        return
    fi
    echo "   $(elapsed): $(grep 'special build' "$log" | tail -n 1)"

    echo "== $rel: make check"
    t0=$(date +%s)
    in_root 'cd /root/openvpn-pf && make check' >"$TMP/check.log" 2>&1 || :
    cat "$TMP/check.log" >>"$log"
    last=$(tail -n 1 "$TMP/check.log")
    echo "   $(elapsed): $last"
    # the skipped tests, from the results section of run-checks
    skips=$(sed -n "/^== results$/,\$ s/^SKIP: //p" "$TMP/check.log" | tr "\n" " " | sed 's/ $//')
    bad=""
    for s in $skips; do
        case " $ALLOWED_SKIPS " in *" $s "*) ;; *) bad="$bad $s" ;; esac
    done
    if printf '%s\n' "$last" | grep -Eq '^[0-9]+ passed, 0 failed(, [0-9]+ skipped)?$' &&
        [ -z "$bad" ]; then
        pass "$rel: $last (skipped: ${skips:-none})"
    else
        sed -n '/^== results$/,$p' "$TMP/check.log"
        # why: the wrapper tests' logs (upstream's are in the output)
        for f in "$ROOT"/root/openvpn-pf/tests/*.log; do
            grep -Eq '^(FAIL|SKIP|ERROR)' "$f" 2>/dev/null || continue
            printf '\n== %s\n' "${f#"$ROOT"}" >>"$log"
            cat "$f" >>"$log"
            grep -E '^(FAIL|SKIP|ERROR)' "$f" | head -n 5
        done
        grep -E 'SKIPPING|not found|not installed|FAIL\.$' "$TMP/check.log" | head -n 10 || :
        fail "$rel: make check: $last${bad:+ (skips not allowed:$bad)}"
    fi
    cleanup_root
}

for r in $RELEASES; do
    fresh "$r"
done
[ "$LOGDIR" = "$TMP" ] || echo "logs: $LOGDIR/<release>.log"
finish
