#!/bin/sh
# series-to-branch then export-series gives back the series byte for
# byte. The patches carry blob ids and line numbers of the base they were
# exported from (named in the series file), so the direct comparison
# needs that base; on another base the test checks that a second round
# trip is byte-identical to the first.
set -eu
# shellcheck source=tests/common.sh
. "$(dirname "$0")/common.sh"
need_tools git patch
# shellcheck source=scripts/lib.sh
. "$S/lib.sh"
series=$SRC/patches/$PF_SERIES
pf_list() { grep -v '^#' "$1/series"; }

if [ -f "$BLD/build/base/.openvpn-pf-base" ]; then
    base=$BLD/build/base
elif get_base debian "$TMP/base" || get_base orig "$TMP/base" || get_base git "$TMP/base"; then
    base=$TMP/base
else
    skip_or_fail "no base tree (run make first)"
fi
have=$(cat "$base/.openvpn-pf-base")
from=$(sed -n 's/^# work branch on base: //p' "$series/series")
echo "base: $have"
echo "series exported from: ${from:-unknown}"

# export into a copy of the series, with a stale patch file that must go
cp -a "$series" "$TMP/copy"
echo stale >"$TMP/copy/0999-stale.patch"
"$S/series-to-branch" -s "$series" "$base" "$TMP/work" >/dev/null
"$S/export-series" -o "$TMP/copy" "$TMP/work"
if [ -e "$TMP/copy/0999-stale.patch" ]; then
    fail "stale patch file left in place"
else
    pass "stale patch file removed"
fi

if [ "$have" = "$from" ]; then
    if diff -r "$series" "$TMP/copy"; then
        pass "export of the unchanged branch is byte-identical to $series"
    else
        fail "export differs from $series (see diff above)"
    fi
else
    echo "NOTE: $T: other base than the series' own: comparing two round trips"
    "$S/series-to-branch" -s "$TMP/copy" "$base" "$TMP/work2" >/dev/null
    cp -a "$TMP/copy" "$TMP/copy2"
    "$S/export-series" -o "$TMP/copy2" "$TMP/work2"
    if diff -r "$TMP/copy" "$TMP/copy2"; then
        pass "second round trip is byte-identical to the first"
    else
        fail "second round trip differs (see diff above)"
    fi
    if [ "$(pf_list "$series")" = "$(pf_list "$TMP/copy")" ]; then
        pass "same patch files as $series"
    else
        fail "patch file names differ from $series"
    fi
fi
# exporting again without changes writes nothing
if "$S/export-series" -o "$TMP/copy" "$TMP/work" | grep -q ' 0 file(s) written, 0 removed'; then
    pass "re-export of an unchanged branch writes nothing"
else
    fail "re-export of an unchanged branch rewrote files"
fi
finish
