#!/bin/sh
# fetch-upstream must refuse an orig tarball that fails the pin, before
# unpacking anything; and accept the real one when the build fetched it.
set -eu
# shellcheck source=tests/common.sh
. "$(dirname "$0")/common.sh"
need_tools dpkg-source tar xz gzip sha256sum md5sum
# the pins of the series under test
# shellcheck source=scripts/lib.sh
. "$S/lib.sh"

# refuses FILE: --verify-orig rejects it with a message
refuses() {
    if "$S/fetch-upstream" --verify-orig "$1" >"$TMP/out" 2>&1; then
        fail "--verify-orig accepted $2"
    elif grep -q "refusing" "$TMP/out"; then
        pass "--verify-orig refuses $2"
    else
        fail "--verify-orig failed on $2 without saying why: $(cat "$TMP/out")"
    fi
}

head -c 1000 /dev/urandom >"$TMP/small"
refuses "$TMP/small" "a file of the wrong size"
head -c "$PF_DEB_ORIG_SIZE" /dev/zero >"$TMP/samesize"
refuses "$TMP/samesize" "a file of the pinned size with other content"

# A well-formed source package whose orig is not the pinned one: dpkg-source
# alone unpacks it, fetch-upstream must not.
pkg=$TMP/pkg
ver=$PF_DEB_UPSTREAM-0+test1
mkdir -p "$pkg/openvpn-$PF_DEB_UPSTREAM" "$pkg/deb/debian/source"
echo "not openvpn" >"$pkg/openvpn-$PF_DEB_UPSTREAM/README"
(cd "$pkg" && tar -czf "$PF_DEB_ORIG" "openvpn-$PF_DEB_UPSTREAM")
echo "3.0 (quilt)" >"$pkg/deb/debian/source/format"
debtar=${PF_DEB_SOURCE}_$ver.debian.tar.xz
(cd "$pkg/deb" && tar -cJf "../$debtar" debian)
line() { printf ' %s %s %s\n' "$($1 "$pkg/$2" | cut -d' ' -f1)" "$(wc -c <"$pkg/$2" | tr -d ' ')" "$2"; }
cat >"$pkg/${PF_DEB_SOURCE}_$ver.dsc" <<EOD
Format: 3.0 (quilt)
Source: $PF_DEB_SOURCE
Binary: $PF_DEB_SOURCE
Architecture: any
Version: $ver
Maintainer: nobody <nobody@openvpn-pf.invalid>
Checksums-Sha256:
$(line sha256sum "$PF_DEB_ORIG")
$(line sha256sum "$debtar")
Files:
$(line md5sum "$PF_DEB_ORIG")
$(line md5sum "$debtar")
EOD
if dpkg-source --no-copy -x "$pkg/${PF_DEB_SOURCE}_$ver.dsc" "$TMP/control" >/dev/null 2>&1 &&
    [ -f "$TMP/control/README" ]; then
    pass "control: dpkg-source unpacks the fake source package"
else
    fail "control: dpkg-source cannot unpack the fake source package"
fi
if "$S/fetch-upstream" --debian-dir "$pkg" "$TMP/dest" >"$TMP/out" 2>&1; then
    fail "fetch-upstream --debian-dir accepted an orig that fails the pin"
elif [ -e "$TMP/dest" ] || ls -d "$TMP"/dest.part.* >/dev/null 2>&1; then
    fail "fetch-upstream refused the orig but left $TMP/dest behind"
elif grep -q "fails the pin" "$TMP/out" && grep -q "refusing" "$TMP/out"; then
    pass "fetch-upstream --debian-dir refuses the orig and unpacks nothing"
else
    fail "fetch-upstream failed for another reason: $(cat "$TMP/out")"
fi

# The real orig, when the build downloaded it: accepted; one byte off: refused.
real=$BLD/build/cache/src/$PF_DEB_ORIG
if [ -f "$real" ]; then
    if "$S/fetch-upstream" --verify-orig "$real" >"$TMP/out" 2>&1; then
        pass "--verify-orig accepts the downloaded $PF_DEB_ORIG"
    else
        fail "--verify-orig refuses the downloaded $PF_DEB_ORIG: $(cat "$TMP/out")"
    fi
    cp "$real" "$TMP/flipped"
    printf 'X' | dd of="$TMP/flipped" bs=1 seek=1000 conv=notrunc 2>/dev/null
    refuses "$TMP/flipped" "the real orig with one byte changed"
else
    echo "NOTE: $T: no downloaded $PF_DEB_ORIG in $BLD/build/cache; real-orig checks not run"
fi
finish
