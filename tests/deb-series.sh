#!/bin/sh
# scripts/build-deb --prepare-only: the series goes into Debian's source
# package after Debian's patches, with DEP-3 headers, a local version and
# the unit tests turned on; a patch that does not apply on top of Debian's
# patches stops it with the patch's name.
set -eu
# shellcheck source=tests/common.sh
. "$(dirname "$0")/common.sh"
[ "$(series_name)" = 2.6 ] ||
    skip "series $(series_name): Debian's source package of it (.dsc) cannot be had here, so there is no .deb"
# shellcheck source=scripts/lib.sh
. "$S/lib.sh"
need_tools quilt apt-get dpkg-source dpkg-parsechangelog

# prepare NAME [build-deb options]: work directory and log $TMP/NAME
prepare() {
    w=$1
    shift
    "$S/build-deb" --prepare-only -w "$TMP/$w" -o "$TMP/out" -c "$BLD/build/cache" "$@" \
        >"$TMP/$w.log" 2>&1
}

# the diff part of a patch file, from its first 'diff --git' on
diff_part() {
    sed -n '/^diff --git /,$p' "$1"
}

SERIES=$(pf_series_list "$(pf_series_dir)")
last=$(printf '%s\n' "$SERIES" | tail -n 1)

# ---- the series carried on top of Debian's patches
if ! prepare good; then
    cat "$TMP/good.log"
    fail "build-deb --prepare-only failed with the series"
    finish
fi
tree=$TMP/good/$PF_DEB_SOURCE
want=$(printf '%s\n' "$SERIES" | sed 's|^|openvpn-pf/|')
got=$(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$tree/debian/patches/series" | tail -n "$(printf '%s\n' "$SERIES" | wc -l)")
n_debian=$(($(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$tree/debian/patches/series" | wc -l) - $(printf '%s\n' "$SERIES" | wc -l)))
if [ "$got" = "$want" ] && [ "$n_debian" -gt 0 ]; then
    pass "debian/patches/series: $n_debian Debian patch(es), then the series in order"
else
    fail "debian/patches/series does not end with the series in order"
fi
if [ "$(tail -n 1 "$tree/.pc/applied-patches")" = "openvpn-pf/$last" ]; then
    pass "quilt: every patch applied, the last one is openvpn-pf/$last"
else
    fail "quilt: openvpn-pf/$last is not the top patch"
fi
for p in $SERIES; do
    f=$tree/debian/patches/openvpn-pf/$p
    hdr=$(sed '/^---$/q' "$f")
    miss=""
    for k in Description Author Origin Forwarded Last-Update; do
        printf '%s\n' "$hdr" | grep -q "^$k: ." || miss="$miss $k"
    done
    # DEP-3 wants the author's address too (git folds a long From: line)
    printf '%s\n' "$hdr" | grep -q '^Author: [^<]* <[^>]*@[^>]*>$' || miss="$miss Author-address"
    if [ -n "$miss" ]; then
        fail "$p: DEP-3 header lacks$miss"
    elif [ "$(diff_part "$f")" != "$(diff_part "$(pf_series_dir)/$p")" ]; then
        fail "$p: the diff differs from the series"
    else
        pass "$p: DEP-3 header (Description, Author, Origin, Forwarded, Last-Update), diff unchanged"
    fi
done
ver=$(cd "$tree" && dpkg-parsechangelog -S Version)
prev=$(cd "$tree" && dpkg-parsechangelog -o 1 -c 1 -S Version)
if dpkg --compare-versions "$ver" gt "$prev" && [ "$ver" = "$prev+pf1" ]; then
    pass "changelog: $ver sorts above Debian's $prev"
else
    fail "changelog: version $ver (Debian's: $prev)"
fi
who=$(cd "$tree" && dpkg-parsechangelog -S Maintainer)
case $who in
?*" <"?*@?*">") pass "changelog: the entry is signed by $who" ;;
*) fail "changelog: the entry is signed by '$who', not 'Name <mail>' (lintian: bogus-mail-host)" ;;
esac
if grep -q -- '--enable-unit-tests' "$tree/debian/rules" && ! grep -q -- '--disable-unit-tests' "$tree/debian/rules" &&
    grep -q '^ libcmocka-dev' "$tree/debian/control"; then
    pass "debian/rules: --enable-unit-tests; libcmocka-dev in Build-Depends"
else
    fail "unit tests are not turned on in debian/rules and debian/control"
fi
if [ -f "$TMP/good/${PF_DEB_SOURCE}_$ver.dsc" ]; then
    pass "source package ${PF_DEB_SOURCE}_$ver.dsc built"
else
    fail "no source package ${PF_DEB_SOURCE}_$ver.dsc"
fi

# ---- a patch that does not apply on top of Debian's: named, no fuzz
mkdir "$TMP/bad"
cp "$(pf_series_dir)"/* "$TMP/bad/"
# change the first context line of the last patch's first hunk
awk '!done && /^@@ / { hunk = 1; print; next }
     hunk && !done && /^ / { print " openvpn-pf: this context is not in the tree"; done = 1; next }
     { print }' "$(pf_series_dir)/$last" >"$TMP/bad/$last"
if prepare badw -s "$TMP/bad"; then
    fail "build-deb accepted a patch that does not apply ($last)"
elif grep -q "error: openvpn-pf patch $last does not apply on top of Debian's patches" "$TMP/badw.log"; then
    pass "a patch that does not apply stops build-deb with its name: $(grep 'error:' "$TMP/badw.log")"
else
    cat "$TMP/badw.log"
    fail "build-deb failed on a broken $last without naming it"
fi
finish
