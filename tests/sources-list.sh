#!/bin/sh
# The private deb-src list is built from the system's apt sources, both
# formats: Debian mirrors only, the pinned releases and their -security.
set -eu
# shellcheck source=tests/common.sh
. "$(dirname "$0")/common.sh"

# Example sources. The host names are never contacted: only printed.
touch "$TMP/keyring.gpg"
cat >"$TMP/a.sources" <<EOD
# deb822 format
Types: deb
URIs: http://mirror-a.invalid/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: $TMP/keyring.gpg

Types: deb deb-src
URIs: http://mirror-a.invalid/debian-security
Suites: bookworm-security
Components: main

Types: deb
URIs: http://disabled.invalid/debian
Suites: bookworm
Components: main
Enabled: no

Types: deb
URIs: https://vendor.invalid/apt
Suites: nodistro
Components: main
EOD
cat >"$TMP/b.list" <<EOD
# one-line format
deb [arch=amd64 signed-by=$TMP/keyring.gpg] http://mirror-b.invalid/debian trixie main contrib
deb-src http://mirror-c.invalid/debian stable main
# deb http://commented.invalid/debian bookworm main
deb http://vendor2.invalid/apt cloud-sdk main
EOD
out=$TMP/out
OPENVPN_PF_SERIES=2.6 OPENVPN_PF_APT_SOURCES="$TMP/a.sources $TMP/b.list" \
    "$S/fetch-upstream" --print-sources-list >"$out"
has() {
    if grep -qxF "$1" "$out"; then pass "has: $1"; else fail "missing: $1"; fi
}
hasnt() {
    if grep -qF "$1" "$out"; then fail "should not contain $1"; else pass "no $1"; fi
}
has "deb-src [signed-by=$TMP/keyring.gpg] http://mirror-a.invalid/debian bookworm main"
has "deb-src [signed-by=$TMP/keyring.gpg] http://mirror-a.invalid/debian trixie main"
has "deb-src http://mirror-a.invalid/debian-security bookworm-security main"
has "deb-src http://mirror-a.invalid/debian-security trixie-security main"
has "deb-src [signed-by=$TMP/keyring.gpg] http://mirror-b.invalid/debian bookworm main"
has "deb-src http://mirror-c.invalid/debian trixie main"
hasnt disabled.invalid
hasnt vendor.invalid
hasnt vendor2.invalid
hasnt commented.invalid
hasnt "mirror-a.invalid/debian bookworm-security"
if [ "$(sort "$out" | uniq -d)" = "" ]; then pass "no duplicate lines"; else fail "duplicate lines"; fi
[ "$FAILED" = 0 ] || cat "$out"

# Series 2.7: the releases whose packages carry the 2.7.7 orig; backports,
# testing's successor and sid, and -security only for real releases.
cp "$out" "$TMP/out-2.6"
OPENVPN_PF_SERIES=2.7 OPENVPN_PF_APT_SOURCES="$TMP/a.sources $TMP/b.list" \
    "$S/fetch-upstream" --print-sources-list >"$out"
has "deb-src [signed-by=$TMP/keyring.gpg] http://mirror-a.invalid/debian trixie-backports main"
has "deb-src [signed-by=$TMP/keyring.gpg] http://mirror-a.invalid/debian sid main"
has "deb-src http://mirror-a.invalid/debian-security forky-security main"
hasnt "trixie-backports-security"
hasnt "sid-security"
[ "$FAILED" = 0 ] || cat "$out"
finish
