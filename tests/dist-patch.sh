#!/bin/sh
# scripts/dist-patch: each combined patch applies with 'patch -p1 -F0' to
# its pristine base and gives the same tree as the series applied patch
# by patch (pristine 2.6.14 from the pinned orig tarball; v2.6.22 from
# git when the submodule or OPENVPN_PF_GIT has it; for series 2.7, the
# pinned 2.7.7 orig tarball).
set -eu
# shellcheck source=tests/common.sh
. "$(dirname "$0")/common.sh"
need_tools patch tar diff
# shellcheck source=scripts/lib.sh
. "$S/lib.sh"

"$S/dist-patch" -o "$TMP/dist" >"$TMP/written"
# every series' files, whichever series the build is for
for f in openvpn-2.6.22-pf.patch openvpn-2.6.14-pf.patch openvpn-2.7.7-pf.patch; do
    if grep -q "/$f\$" "$TMP/written" && [ -s "$TMP/dist/$f" ]; then
        pass "make dist-patch writes $f"
    else
        fail "make dist-patch does not write $f"
    fi
done

# The orig tarball: from the build's apt cache, else fetched into it.
pristine_orig() {
    orig=$BLD/build/cache/src/$PF_DEB_ORIG
    if [ ! -f "$orig" ]; then
        need_tools apt-get dpkg-source
        src=debian
        [ "$PF_SERIES" = 2.6 ] || src=orig
        "$S/fetch-upstream" --source "$src" --cache "$BLD/build/cache" "$TMP/fetched" \
            >"$TMP/fetch.log" 2>&1 || { cat "$TMP/fetch.log"; return 1; }
    fi
    "$S/fetch-upstream" --verify-orig "$orig" >/dev/null || return 1
    mkdir "$TMP/orig"
    tar -xzf "$orig" -C "$TMP/orig"
    mv "$TMP/orig/openvpn-$PF_DEB_UPSTREAM" "$1"
    rmdir "$TMP/orig"
}

# check RELEASE TREE: the combined patch of RELEASE on a copy of TREE
# equals the series applied to another copy.
check() {
    p=$TMP/dist/openvpn-$1-pf.patch
    for f in $(pf_series_list "$(pf_series_dir)"); do
        grep -q "^  $f\$" "$p" || fail "$1: the header of ${p##*/} does not name $f"
    done
    cp -a "$2" "$TMP/by-series"
    mv "$2" "$TMP/combined"
    "$S/apply-series" "$TMP/by-series" >/dev/null
    rm -f "$TMP/by-series/.openvpn-pf-series"
    if ! patch -d "$TMP/combined" -p1 -F0 -N -t -s --no-backup-if-mismatch -i "$p"; then
        fail "$1: ${p##*/} does not apply with patch -p1 -F0"
    elif ! diff -r "$TMP/combined" "$TMP/by-series" >"$TMP/diff.txt"; then
        head -n 20 "$TMP/diff.txt"
        fail "$1: ${p##*/} gives another tree than the series"
    else
        pass "$1: ${p##*/} applies with patch -p1 -F0 to $(cat "$TMP/combined/.openvpn-pf-base") and equals the series"
    fi
    rm -rf "$TMP/combined" "$TMP/by-series"
}

if pristine_orig "$TMP/base"; then
    echo "pristine $PF_DEB_ORIG (verified against the pin)" >"$TMP/base/.openvpn-pf-base"
    check "$PF_DEB_UPSTREAM" "$TMP/base"
else
    skip_or_fail "the pristine $PF_DEB_ORIG could not be had"
fi

if [ "$PF_SERIES" != 2.6 ]; then
    : # series 2.7 has no combined patch for a git tag
elif get_base git "$TMP/base"; then
    check "${PF_GIT_TAG#v}" "$TMP/base"
else
    echo "SKIP (part): base $PF_GIT_TAG not available: no initialized submodule upstream/ and no OPENVPN_PF_GIT"
fi
finish
