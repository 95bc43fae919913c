#!/bin/sh
# The PF fuzz targets (make fuzz): the regression driver
# regress_torn_read, every input of the committed corpus (seeds and
# regression cases) once, then each target fuzzed for PF_FUZZ_SECONDS
# (default 60) seconds. Needs clang with libFuzzer: a
# skip without it, a failure with OPENVPN_PF_CI=1.
set -eu
# shellcheck source=common.sh
. "$(dirname "$0")/common.sh"

case ${1:-} in
-h | --help)
    echo "usage: $T   (env: PF_FUZZ_SECONDS, default 60; abs_top_builddir)"
    exit 0
    ;;
esac
SECS=${PF_FUZZ_SECONDS:-60}

CLANG=$(command -v clang || command -v clang-14 || :)
[ -n "$CLANG" ] || skip_or_fail "clang not found (scripts/install-deps installs it)"
printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { return 0; }\n' >"$TMP/t.c"
"$CLANG" -fsanitize=fuzzer,address,undefined -o "$TMP/t" "$TMP/t.c" >"$TMP/cc.log" 2>&1 ||
    skip_or_fail "$CLANG cannot build libFuzzer targets (libclang-rt-dev missing?)"
[ -f "$BLD/build/configured.stamp" ] || skip_or_fail "openvpn is not built yet: run make"

if make -s -C "$BLD" fuzz CLANG="$CLANG" >"$TMP/build.log" 2>&1; then
    pass "make fuzz"
else
    cat "$TMP/build.log"
    fail "make fuzz"
    finish
fi

if "$BLD/build/fuzz/regress_torn_read"; then
    pass "a rule file rewritten while it is read gives no mixture of versions"
else
    fail "a rule file rewritten while it is read gives a mixture of versions"
fi

for t in rules packet; do
    if "$S/fuzz" -b "$BLD" -r "$t"; then
        pass "$t: the corpus in tests/fuzz/corpus/$t runs clean"
    else
        fail "$t: an input of tests/fuzz/corpus/$t fails (see above)"
    fi
    if "$S/fuzz" -b "$BLD" -t "$SECS" "$t"; then
        pass "$t: fuzzed for $SECS s"
    else
        fail "$t: fuzzing found a failure (see above)"
    fi
done
finish
