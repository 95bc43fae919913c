#!/bin/sh
# Hostile --pf-dir rule files, end to end: a real server (as nobody), two
# clients and a LAN host, each in a network namespace of its own.
#
#   c1 (victim) ---- u1 \                       / lan0 ---- l (10.98.0.2)
#                        s: openvpn --pf-dir pf
#   c2 (bystander) - u2 /   tun 10.99.0.1/24
#
# For each kind of bad file (100 MB, binary garbage, a 1 MB line, a
# directory, a FIFO, a symbolic link loop, an unreadable file, a file cut
# off mid-write) two cases:
#   at connect:  pf/c1 is that file: c1 is refused; the server log names
#                the file and says what is wrong; then c1 gets in with a
#                good file again;
#   while connected: c1's good file is replaced by that file: the same
#                log line, and c1 keeps its previous rules (it still
#                reaches the LAN, which pf/DEFAULT would forbid).
# Throughout: the server stays up and c2 stays connected (one session from
# start to end) and reaches the LAN. Last, the documented behaviour when
# pf/c1 is removed (pf/DEFAULT applies) and when pf/DEFAULT is removed too
# (c1 is disconnected and refused).
#
# Self-contained: its own PKI (openssl CLI), namespaces pfr<pid>*, always
# removed. Needs root, ip netns, /dev/net/tun, openssl, ping, sysctl, the
# user nobody and the group nogroup. Exit 0 pass, 1 fail, 77 skip (a failure
# with OPENVPN_PF_CI=1 or TPF_SKIP_RC=1).
set -eu

T=${0##*/}
USAGE="usage: $T   (env: OPENVPN=path/to/openvpn, V=1 to show logs on failure)"
case ${1:-} in -h | --help) echo "$USAGE"; exit 0 ;; esac

# -- results
NPASS=0
NFAIL=0
pass() {
    NPASS=$((NPASS + 1))
    echo "PASS: $T: $*"
}
fail() {
    NFAIL=$((NFAIL + 1))
    echo "FAIL: $T: $*"
}
skip() {
    echo "SKIP: $T: $*"
    if [ "${OPENVPN_PF_CI:-0}" = 1 ] || [ "${TPF_SKIP_RC:-77}" != 77 ]; then
        echo "FAIL: $T: not skipping in CI"
        exit 1
    fi
    exit 77
}
# check DESCRIPTION COMMAND...: pass if the command succeeds
check() {
    what=$1
    shift
    if "$@"; then pass "$what"; else fail "$what"; fi
}

# -- preflight
[ "$(id -u)" = 0 ] || skip "needs root"
[ -c /dev/net/tun ] || skip "needs /dev/net/tun"
for t in ip:iproute2 openssl:openssl ping:iputils-ping sysctl:procps \
    mkfifo:coreutils truncate:coreutils; do
    command -v "${t%%:*}" >/dev/null 2>&1 ||
        skip "needs ${t%%:*} (Debian package ${t#*:}; scripts/install-deps installs it)"
done
if ! id nobody >/dev/null 2>&1 || ! getent group nogroup >/dev/null 2>&1; then
    skip "needs the user nobody and the group nogroup"
fi
if [ -z "${OPENVPN:-}" ]; then
    for o in "${abs_top_builddir:-.}/build/src/src/openvpn/openvpn" \
        "${top_builddir:-..}/src/openvpn/openvpn"; do
        [ -x "$o" ] && OPENVPN=$o && break
    done
fi
[ -x "${OPENVPN:-}" ] || skip "openvpn not found (set OPENVPN)"
OPENVPN=$(cd "$(dirname "$OPENVPN")" && pwd)/${OPENVPN##*/}
"$OPENVPN" --pf-dir /nonexistent --version >/dev/null 2>&1 ||
    skip "$OPENVPN has no --pf-dir"

P=pfr$$
WD=$(mktemp -d "${TMPDIR:-/tmp}/pf-hostile.XXXXXX")
PF=$WD/pf
NSS=""
cleanup() {
    set +e
    for f in "$WD"/*.pid; do
        [ -s "$f" ] && kill "$(cat "$f")" 2>/dev/null
    done
    sleep 0.3
    for ns in $NSS; do
        ip netns pids "$ns" 2>/dev/null | xargs -r kill -9 2>/dev/null
        ip netns del "$ns" 2>/dev/null
    done
    if [ "$NFAIL" != 0 ] && [ -n "${V:-}" ]; then
        for f in "$WD"/*.log; do
            echo "== $f"
            tail -n 60 "$f"
        done
    fi
    if [ -n "${KEEP:-}" ]; then echo "kept $WD"; else rm -rf "$WD"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP
ip netns add "${P}s" 2>/dev/null || skip "cannot create network namespaces"
NSS="${P}s"

# -- PKI: CA, server, c1, c2 (EC P-256)
pki() {
    cd "$WD"
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
        -keyout ca.key -out ca.crt -days 2 -subj /CN=pf-hostile-ca \
        -addext basicConstraints=critical,CA:TRUE \
        -addext keyUsage=critical,keyCertSign,cRLSign
    for cn in server c1 c2; do
        openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
            -keyout "$cn.key" -out "$cn.csr" -subj "/CN=$cn"
        eku=clientAuth
        [ "$cn" != server ] || eku=serverAuth
        printf 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=%s\n' \
            "$eku" >"$cn.ext"
        openssl x509 -req -in "$cn.csr" -CA ca.crt -CAkey ca.key \
            -CAcreateserial -days 2 -extfile "$cn.ext" -out "$cn.crt"
    done
    chmod 644 ./*.key
    cd - >/dev/null
}
pki >"$WD/pki.out" 2>&1 || { cat "$WD/pki.out"; echo "FAIL: $T: PKI"; exit 1; }

# -- namespaces: server s, clients c1 c2, LAN host l
n() {
    ns=$1
    shift
    ip netns exec "$ns" "$@"
}
for ns in c1 c2 l; do
    ip netns add "$P$ns"
    NSS="$NSS $P$ns"
done
for ns in s c1 c2 l; do
    ip -n "$P$ns" link set lo up
done
n "${P}s" sysctl -q -w net.ipv4.ip_forward=1
for i in 1 2; do
    ip link add "u$i" netns "${P}s" type veth peer name u0 netns "${P}c$i"
    ip -n "${P}s" addr add "198.18.$i.1/24" dev "u$i"
    ip -n "${P}c$i" addr add "198.18.$i.2/24" dev u0
    ip -n "${P}s" link set "u$i" up
    ip -n "${P}c$i" link set u0 up
done
ip link add lan0 netns "${P}s" type veth peer name lan0 netns "${P}l"
ip -n "${P}s" addr add 10.98.0.1/24 dev lan0
ip -n "${P}l" addr add 10.98.0.2/24 dev lan0
ip -n "${P}s" link set lan0 up
ip -n "${P}l" link set lan0 up
ip -n "${P}l" route add 10.99.0.0/24 via 10.98.0.1

# -- rule files: c1 and c2 may reach the LAN; DEFAULT may not
mkdir -p "$PF" "$WD/san"
chmod 755 "$WD" "$PF"
# sanitizer reports of a sanitizer build (./configure --enable-sanitizers)
# go to files here, as the daemons have no stderr; nobody must write them
chmod 1777 "$WD/san"
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}log_path=$WD/san/asan"
UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}log_path=$WD/san/ubsan"
export ASAN_OPTIONS UBSAN_OPTIONS
GOOD='[CLIENTS DROP]
[SUBNETS DROP]
+10.98.0.0/24
[END]'
printf '%s\n' "$GOOD" >"$PF/c1"
printf '%s\n' "$GOOD" >"$PF/c2"
printf '[CLIENTS DROP]\n[SUBNETS DROP]\n-10.98.0.0/24\n[END]\n' >"$PF/DEFAULT"
chmod 644 "$PF"/*

# -- openvpn
SLOG=$WD/server.log
n "${P}s" "$OPENVPN" --server 10.99.0.0 255.255.255.0 --topology subnet \
    --dev tun --proto udp --port 1194 --ca "$WD/ca.crt" \
    --cert "$WD/server.crt" --key "$WD/server.key" --dh none \
    --push "route 10.98.0.0 255.255.255.0" --keepalive 2 10 --disable-dco \
    --pf-dir "$PF" --user nobody --group nogroup --persist-tun --persist-key \
    --status "$WD/status" 1 --status-version 2 --verb 3 \
    --log "$SLOG" --writepid "$WD/server.pid" --daemon

# alive NAME: the openvpn with the pid file NAME.pid runs (all are daemons,
# so none is left a zombie that kill -0 would still find)
alive() {
    [ -s "$WD/$1.pid" ] && kill -0 "$(cat "$WD/$1.pid")" 2>/dev/null
}
server_alive() {
    alive server
}

# wait_for SECONDS COMMAND...: until the command succeeds
wait_for() {
    end=$(($(date +%s) + $1))
    shift
    while ! "$@"; do
        [ "$(date +%s)" -lt "$end" ] || return 1
        sleep 0.2
    done
}
server_ready() {
    grep -q 'Initialization Sequence Completed$' "$SLOG" 2>/dev/null
}
wait_for 20 server_ready || {
    cat "$SLOG"
    echo "FAIL: $T: the server did not start"
    exit 1
}

# start_client CN: start a client (its earlier log is kept aside)
start_client() {
    [ ! -f "$WD/$1.log" ] || cat "$WD/$1.log" >>"$WD/$1.old.log"
    rm -f "$WD/$1.log" "$WD/$1.pid"
    i=${1#c}
    n "$P$1" "$OPENVPN" --client --dev tun --proto udp \
        --remote "198.18.$i.1" 1194 --nobind --ca "$WD/ca.crt" \
        --cert "$WD/$1.crt" --key "$WD/$1.key" --remote-cert-tls server \
        --disable-dco --connect-retry 1 --verb 3 --log "$WD/$1.log" \
        --writepid "$WD/$1.pid" --daemon
    wait_for 10 test -s "$WD/$1.pid"
}
client_up() {
    grep -q 'Initialization Sequence Completed$' "$WD/$1.log" 2>/dev/null
}
client_gone() {
    ! alive "$1"
}
stop_client() {
    kill "$(cat "$WD/$1.pid")" 2>/dev/null || :
    wait_for 10 client_gone "$1" || kill -9 "$(cat "$WD/$1.pid")" 2>/dev/null || :
}
reaches_lan() {
    n "$P$1" ping -n -q -c 1 -W 1 10.98.0.2 >/dev/null 2>&1
}
blocked_from_lan() {
    ! n "$P$1" ping -n -q -c 2 -i 0.3 -W 1 10.98.0.2 >/dev/null 2>&1
}
# the server is up and the bystander c2 reaches the LAN
others_fine() {
    server_alive && reaches_lan c2
}
# c1 was not restarted since the mark and still reaches the LAN
c1_kept_session() {
    ! log_since | grep -q 'c1/.*\(SIGUSR1\|SIGTERM\|Inactivity\)' &&
        ! client_gone c1 && reaches_lan c1
}
# c1 is connected and DEFAULT's rules keep it from the LAN
c1_on_default() {
    ! client_gone c1 && blocked_from_lan c1
}
server_exited() {
    wait_for 10 eval '! server_alive' &&
        tail -n 1 "$SLOG" | grep -q 'SIGTERM.*process exiting$'
}
# refused CN: the client was refused and is gone
refused() {
    wait_for 20 client_gone "$1" && grep -q AUTH_FAILED "$WD/$1.log"
}
no_reports() {
    for f in "$WD"/san/*; do
        [ -e "$f" ] || continue
        echo "== $f"
        cat "$f"
        return 1
    done
    ! grep -q 'Assertion failed' "$SLOG"
}
# the server's log since line $MARK
log_since() {
    tail -n "+$((MARK + 1))" "$SLOG"
}
mark() {
    MARK=$(wc -l <"$SLOG")
}
# logged TEXT...: every text on one line of the server log since the mark
logged() {
    log_since | {
        ok=1
        while IFS= read -r line; do
            ok=0
            for t in "$@"; do
                case $line in *"$t"*) ;; *) ok=1 ;; esac
            done
            [ "$ok" = 1 ] || break
        done
        [ "$ok" = 0 ]
    }
}

start_client c2
if wait_for 20 client_up c2 && wait_for 5 reaches_lan c2; then
    pass "c2 connects and reaches the LAN"
else
    fail "c2 connects and reaches the LAN"
    exit 1
fi

# -- the hostile files: make_KIND FILE writes one at FILE (which is absent)
make_big() {
    truncate -s 100M "$1"
}
make_binary() {
    head -c 65536 /dev/zero | openssl enc -aes-128-ctr -nosalt \
        -K 000102030405060708090a0b0c0d0e0f -iv 0 >"$1"
}
make_longline() {
    {
        printf '[CLIENTS DROP]\n[SUBNETS ACCEPT]\n+'
        head -c 1048576 /dev/zero | tr '\0' a
        printf '\n[END]\n'
    } >"$1"
}
make_directory() {
    mkdir "$1"
}
make_fifo() {
    mkfifo "$1"
}
make_symlink_loop() {
    ln -s "${1##*/}.loop" "$1"
    ln -s "${1##*/}" "$1.loop"
}
make_unreadable() {
    printf '%s\n' "$GOOD" >"$1"
    chmod 000 "$1"
}
# a writer that stopped halfway: no [END]
make_truncated() {
    printf '[CLIENTS DROP]\n[SUBNETS ACC' >"$1"
}

# why KIND: what the log says about each (after "PF: <file>")
why() {
    case $1 in
    big) echo ": file is larger than 16777216 bytes" ;;
    binary) echo "rules rejected because of" ;;
    longline) echo ":3: line is longer than 255 characters" ;;
    directory | fifo) echo ": not a regular file" ;;
    symlink_loop) echo ": cannot open: Too many levels of symbolic links" ;;
    unreadable) echo ": cannot open: Permission denied" ;;
    truncated) echo ":2: missing [END] at the end of the rules" ;;
    esac
}
KINDS=${PF_HOSTILE_KINDS:-big binary longline directory fifo symlink_loop unreadable truncated}

remove_c1_file() {
    rm -rf "$PF/c1" "$PF/c1.loop" "$PF/.c1.new"
}
put_good_c1() {
    remove_c1_file
    printf '%s\n' "$GOOD" >"$PF/.c1.new"
    chmod 644 "$PF/.c1.new"
    mv -f "$PF/.c1.new" "$PF/c1"
}

# -- at connect: c1 is refused, and gets in once its file is good again
for kind in $KINDS; do
    remove_c1_file
    "make_$kind" "$PF/c1"
    mark
    start_client c1
    if refused c1; then
        pass "at connect, $kind: c1 is refused"
    else
        fail "at connect, $kind: c1 is refused"
        stop_client c1
    fi
    check "at connect, $kind: the log names $PF/c1 and says '$(why "$kind")'" \
        logged "PF: $PF/c1" "$(why "$kind")"
    check "at connect, $kind: the log says why c1 was rejected" \
        logged "client has been rejected because it has no usable packet filter rules in $PF"
    put_good_c1
    start_client c1
    check "at connect, $kind: afterwards c1 gets in with a good file" \
        wait_for 20 client_up c1
    stop_client c1
    check "at connect, $kind: the server is up, c2 reaches the LAN" \
        others_fine
done

# -- while connected: c1 keeps its previous rules
put_good_c1
start_client c1
if wait_for 20 client_up c1 && wait_for 5 reaches_lan c1; then
    pass "c1 connects and reaches the LAN"
else
    fail "c1 connects and reaches the LAN"
fi
for kind in $KINDS; do
    mark
    case $kind in
    big | binary | truncated)
        # in place: the same file, rewritten or grown
        case $kind in
        big) truncate -s 100M "$PF/c1" ;;
        binary) make_binary "$PF/.c1.new" && cat "$PF/.c1.new" >"$PF/c1" ;;
        truncated) make_truncated "$PF/c1" ;;
        esac
        ;;
    longline | unreadable)
        # by rename, as editors and configuration tools do
        "make_$kind" "$PF/.c1.new"
        mv -f "$PF/.c1.new" "$PF/c1"
        ;;
    *)
        remove_c1_file
        "make_$kind" "$PF/c1"
        ;;
    esac
    check "connected, $kind: the log names $PF/c1 and says '$(why "$kind")'" \
        wait_for 5 logged "PF: $PF/c1" "$(why "$kind")"
    check "connected, $kind: the log says c1 keeps its previous rules" \
        wait_for 2 logged "PF: $PF/c1: keeping the previous rules"
    check "connected, $kind: c1 keeps its session and its rules (LAN reachable)" \
        c1_kept_session
    check "connected, $kind: the server is up, c2 reaches the LAN" \
        others_fine
    mark
    put_good_c1
    wait_for 5 logged "PF: $PF/c1: loaded" ||
        fail "connected, $kind: the good file is loaded again"
done

# -- removed files, as documented: DEFAULT applies; without it, refused
mark
rm -f "$PF/c1"
# a missing file counts only after the grace period of 5 s (PF_DIR_GRACE)
check "removed pf/c1: pf/DEFAULT is loaded for c1" \
    wait_for 10 logged "PF: $PF/DEFAULT: loaded"
check "removed pf/c1: c1 stays connected with DEFAULT's rules (LAN blocked)" \
    c1_on_default
mark
mv "$PF/DEFAULT" "$PF/.DEFAULT"
check "removed pf/DEFAULT too: the log says neither file exists" \
    wait_for 10 logged "neither $PF/c1 nor $PF/DEFAULT exists any more"
check "removed pf/DEFAULT too: c1 is disconnected and refused" \
    refused c1
mv "$PF/.DEFAULT" "$PF/DEFAULT"
put_good_c1

# -- c2 and the server lived through it all
check "the server is still up" server_alive
check "c2 still reaches the LAN" reaches_lan c2
check "c2 kept its one session" \
    test "$(grep -c 'Initialization Sequence Completed$' "$WD/c2.log")" = 1
stop_client c2
kill "$(cat "$WD/server.pid")"
check "the server exits cleanly on SIGTERM" server_exited
check "no sanitizer report, no assertion failed" \
    no_reports

echo "$NPASS passed, $NFAIL failed"
[ "$NFAIL" = 0 ]
