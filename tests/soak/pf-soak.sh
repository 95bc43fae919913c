#!/bin/bash
# PF soak test (not part of make check): many clients connect and
# disconnect in a loop while their --pf-dir rule files are rewritten
# every 100 ms, in place and by rename, some with syntax errors. Checks
# that the server survives, that its fds, RSS and heap grow by less than
# 10% from a warmed-up baseline to the end, and that no probe ever
# reaches a target that every valid version of the rules forbids.
#
#   c1 .. cN (one netns each) -- u1..uN --+
#                                         s: openvpn --server --pf-dir pf
#                           10.98.1.0/24 -+- a: A 10.98.1.2 fd98:1::2 (allowed)
#                           10.98.2.0/24 -+- f: F 10.98.2.2 fd98:2::2 (forbidden)
#
# Client ci has the common name ci and the tunnel addresses 10.99.0.(10+i)
# and fd99::(10+i); clients come in pairs (1-2, 3-4, ...). Every valid
# rule version (pf-soak-writer.c) forbids F and every client but the
# partner; every broken version would allow them. Probes run all the
# time, from every client: ping A, F, F6, the partner (v4) and a client
# of another pair (v6), and from F: ping6 every client. Violations are
# counted where they would land, by the kernel's ICMP counters: echo
# requests received in F's namespace (v4 and v6), and IPv6 echo requests
# received in any client's namespace (its only IPv6 echo requests come
# from F or from clients of other pairs).
#
# Phases: warm-up (all clients connect, then churn) -> quiet (clients
# stopped, the server has none) -> baseline -> soak -> quiet -> end.
set -eu

PROG=${0##*/}
HERE=$(cd "$(dirname "$0")" && pwd)
usage() {
    cat <<EOF
usage: $PROG [-n CLIENTS] [-d SECONDS] [-w SECONDS] [-i MS] [-p udp|tcp]
             [-o OPENVPN] [-k] [-s SEED] [-c]

  -n CLIENTS  number of clients, even, 4 to 200 (default 50)
  -d SECONDS  soak duration (default 600)
  -w SECONDS  warm-up churn before the baseline (default 60)
  -i MS       rule files rewritten every MS milliseconds (default 100)
  -p PROTO    udp (default) or tcp
  -o OPENVPN  the openvpn binary of the server and the clients (default:
              the wrapper build's); one built with --enable-sanitizers
              works too: its reports go to files and fail the run
  -s SEED     seed of the rule writer and the client timing (default: pid)
  -k          keep the work directory (logs, samples.csv)
  -c          control run: the server without --pf-dir, so the probes to
              forbidden targets must get through and the run must FAIL
              (shows that the violation counters see them)
A short run: $PROG -n 10 -d 60 -w 20. Needs root, ip netns,
/dev/net/tun, openssl, ping, fping and cc. Exit 0 if every check passed.
EOF
    exit "${1:-0}"
}

N=50
DURATION=600
WARMUP=60
INTERVAL=100
PROTO=udp
OPENVPN=${OPENVPN:-}
KEEP=0
SEED=$$
CONTROL=0
while getopts n:d:w:i:p:o:s:kch opt; do
    case $opt in
    n) N=$OPTARG ;;
    d) DURATION=$OPTARG ;;
    w) WARMUP=$OPTARG ;;
    i) INTERVAL=$OPTARG ;;
    p) PROTO=$OPTARG ;;
    o) OPENVPN=$OPTARG ;;
    s) SEED=$OPTARG ;;
    k) KEEP=1 ;;
    c) CONTROL=1 ;;
    h) usage ;;
    *) usage 2 >&2 ;;
    esac
done
die() {
    echo "$PROG: $*" >&2
    exit 1
}
if [ $((N % 2)) != 0 ] || [ "$N" -lt 4 ] || [ "$N" -gt 200 ]; then
    die "-n wants an even number from 4 to 200"
fi
case $PROTO in udp | tcp) ;; *) die "-p wants udp or tcp" ;; esac
[ "$(id -u)" = 0 ] || die "needs root"
for t in ip openssl ping fping cc; do
    command -v "$t" >/dev/null 2>&1 || die "needs $t"
done
[ -n "$OPENVPN" ] || OPENVPN=$HERE/../../build/src/src/openvpn/openvpn
[ -x "$OPENVPN" ] || die "no openvpn at $OPENVPN (build it, or -o)"
OPENVPN=$(cd "$(dirname "$OPENVPN")" && pwd)/${OPENVPN##*/}

P=pfr$$
WD=$(mktemp -d "${TMPDIR:-/tmp}/pf-soak.XXXXXX")
PF=$WD/pf
NSS=""
PIDS=""
log() {
    printf '%s %s\n' "$(date +%T)" "$*"
}
cleanup() {
    set +e
    for p in $PIDS; do kill "$p" 2>/dev/null; done
    for f in "$WD"/*.pid; do [ -s "$f" ] && kill "$(cat "$f")" 2>/dev/null; done
    sleep 0.5
    for ns in $NSS; do
        ip netns pids "$ns" 2>/dev/null | xargs -r kill -9 2>/dev/null
        ip netns del "$ns" 2>/dev/null
    done
    if [ "$KEEP" = 1 ]; then echo "kept $WD"; else rm -rf "$WD"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

n() {
    local ns=$1
    shift
    ip netns exec "$ns" "$@"
}
newns() {
    ip netns add "$P$1"
    NSS="$NSS $P$1"
    ip -n "$P$1" link set lo up
}

# -- PKI
log "PKI for $N clients, namespaces, rule writer"
mkdir -p "$PF" "$WD/ccd" "$WD/pki" "$WD/probe"
(
    cd "$WD/pki"
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
        -keyout ca.key -out ca.crt -days 2 -subj /CN=pf-soak-ca \
        -addext basicConstraints=critical,CA:TRUE \
        -addext keyUsage=critical,keyCertSign,cRLSign
    printf 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n' >server.ext
    printf 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\n' >client.ext
    for i in server $(seq 1 "$N"); do
        cn=c$i ext=client.ext
        [ "$i" != server ] || cn=server ext=server.ext
        openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
            -keyout "$cn.key" -out "$cn.csr" -subj "/CN=$cn"
        openssl x509 -req -in "$cn.csr" -CA ca.crt -CAkey ca.key \
            -CAcreateserial -days 2 -extfile "$ext" -out "$cn.crt"
    done
) >"$WD/pki.log" 2>&1 || die "PKI failed: $WD/pki.log"

# -- namespaces
newns s
newns a
newns f
n "${P}s" sysctl -q -w net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1
for h in a:1 f:2; do
    ns=${h%:*} k=${h#*:}
    ip link add "l$k" netns "${P}s" type veth peer name l0 netns "$P$ns"
    ip -n "${P}s" addr add "10.98.$k.1/24" dev "l$k"
    ip -n "${P}s" addr add "fd98:$k::1/64" dev "l$k" nodad
    ip -n "$P$ns" addr add "10.98.$k.2/24" dev l0
    ip -n "$P$ns" addr add "fd98:$k::2/64" dev l0 nodad
    ip -n "${P}s" link set "l$k" up
    ip -n "$P$ns" link set l0 up
    ip -n "$P$ns" route add default via "10.98.$k.1"
    ip -n "$P$ns" -6 route add default via "fd98:$k::1"
done
for i in $(seq 1 "$N"); do
    newns "c$i"
    ip link add "u$i" netns "${P}s" type veth peer name u0 netns "${P}c$i"
    ip -n "${P}s" addr add "198.18.$i.1/24" dev "u$i"
    ip -n "${P}c$i" addr add "198.18.$i.2/24" dev u0
    ip -n "${P}s" link set "u$i" up
    ip -n "${P}c$i" link set u0 up
    # while the tunnel is down, probes go nowhere (not out of the namespace)
    ip -n "${P}c$i" route add 10.98.0.0/16 dev lo metric 4000
    ip -n "${P}c$i" route add 10.99.0.0/24 dev lo metric 4000
    ip -n "${P}c$i" -6 route add fd98::/16 dev lo metric 4000
    ip -n "${P}c$i" -6 route add fd99::/64 dev lo metric 4000
    printf 'ifconfig-push 10.99.0.%d 255.255.255.0\nifconfig-ipv6-push fd99::%d/64 fd99::1\n' \
        $((10 + i)) $((10 + i)) >"$WD/ccd/c$i"
done

# -- rule files: DEFAULT (used while ci is removed) forbids F and clients
printf '[CLIENTS DROP]\n[SUBNETS DROP]\n+10.98.1.0/24\n+fd98:1::/64\n[END]\n' >"$PF/DEFAULT"
cc -O2 -Wall -o "$WD/pf-soak-writer" "$HERE/pf-soak-writer.c" || die "cannot build pf-soak-writer"
cc -O2 -Wall -o "$WD/pf-soak-echo" "$HERE/pf-soak-echo.c" || die "cannot build pf-soak-echo"
TOTAL=$((WARMUP + DURATION + 600))
"$WD/pf-soak-writer" "$PF" "$N" "$INTERVAL" "$TOTAL" "$SEED" >"$WD/writer.out" 2>&1 &
WRITER=$!
PIDS="$PIDS $WRITER"

# -- server
SLOG=$WD/server.log
# reports of a sanitizer build (-o build/src/src/openvpn/openvpn of a
# ./configure --enable-sanitizers tree) go to files: daemons have no stderr
mkdir -p "$WD/san"
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}log_path=$WD/san/asan"
UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}log_path=$WD/san/ubsan"
export ASAN_OPTIONS UBSAN_OPTIONS
PF_ARGS=(--pf-dir "$PF")
[ "$CONTROL" = 0 ] || PF_ARGS=()
SPROTO=$PROTO CPROTO=$PROTO
[ "$PROTO" = udp ] || SPROTO=tcp-server CPROTO=tcp-client
n "${P}s" "$OPENVPN" --mode server --tls-server --proto "$SPROTO" --port 1194 \
    --dev tun --topology subnet --server 10.99.0.0 255.255.255.0 \
    --server-ipv6 fd99::/64 --client-to-client \
    --client-config-dir "$WD/ccd" --ccd-exclusive \
    --push "route 10.98.0.0 255.255.0.0" --push "route-ipv6 fd98::/16" \
    --ca "$WD/pki/ca.crt" --cert "$WD/pki/server.crt" --key "$WD/pki/server.key" \
    --dh none --keepalive 2 10 --disable-dco "${PF_ARGS[@]}" \
    --status "$WD/status" 1 --status-version 2 --verb 3 \
    --log "$SLOG" --writepid "$WD/server.pid" --daemon
SPID=""
for _ in $(seq 50); do
    grep -q 'Initialization Sequence Completed$' "$SLOG" 2>/dev/null && SPID=$(cat "$WD/server.pid") && break
    sleep 0.2
done
[ -n "$SPID" ] || die "the server did not start: $SLOG"
server_alive() {
    kill -0 "$SPID" 2>/dev/null
}

# -- clients: run_client I SECONDS: one session (or attempt) of about
# SECONDS, ended by SIGTERM (exit notification) or, one time in 8, SIGKILL
run_client() {
    local i=$1 secs=$2 pid sig=TERM
    ip netns exec "${P}c$i" "$OPENVPN" --client --proto "$CPROTO" --dev tun \
        --remote "198.18.$i.1" 1194 --nobind --ca "$WD/pki/ca.crt" \
        --cert "$WD/pki/c$i.crt" --key "$WD/pki/c$i.key" \
        --remote-cert-tls server --disable-dco --connect-retry 1 \
        --verb 1 --log-append "$WD/c$i.log" >/dev/null 2>&1 &
    pid=$!
    sleep "$secs"
    [ $((RANDOM % 8)) != 0 ] || sig=KILL
    kill -s "$sig" "$pid" 2>/dev/null || :
    wait "$pid" 2>/dev/null || :
}
# client_loop I UNTIL: sessions of 2 to 10 s, pauses of 0 to 1.5 s
client_loop() {
    local i=$1 until=$2
    RANDOM=$((SEED + i))
    while [ "$(date +%s)" -lt "$until" ] && [ ! -e "$WD/stop" ]; do
        run_client "$i" "$((2 + RANDOM % 9)).$((RANDOM % 10))"
        sleep "$((RANDOM % 2)).$((RANDOM % 10))"
    done
}
# hold_clients SECONDS: every client connects once and stays
hold_clients() {
    local i pids=""
    for i in $(seq 1 "$N"); do
        run_client "$i" "$1" &
        pids="$pids $!"
    done
    # shellcheck disable=SC2086
    wait $pids
}
churn() {
    local i until=$(($(date +%s) + $1)) loops=""
    rm -f "$WD/stop"
    for i in $(seq 1 "$N"); do
        client_loop "$i" "$until" &
        loops="$loops $!"
    done
    # shellcheck disable=SC2086
    wait $loops
}
connected() {
    local c=0
    [ ! -r "$WD/status" ] || c=$(awk '/^CLIENT_LIST,/ { n++ } END { print n + 0 }' "$WD/status")
    echo "$c"
}
# quiet: until the server has no client (SIGKILLed ones time out)
quiet() {
    local _
    for _ in $(seq 120); do
        [ "$(connected)" = 0 ] && sleep 2 && [ "$(connected)" = 0 ] && return 0
        sleep 0.5
    done
    return 1
}

# -- server figures
heap_kb() {
    awk '/^[0-9a-f]+-[0-9a-f]+ .*\[heap\]/ { h = 1; next }
         h && /^Rss:/ { print $2; exit }' "/proc/$SPID/smaps" 2>/dev/null || :
}
rss_kb() {
    awk '/^VmRSS:/ { print $2 }' "/proc/$SPID/status" 2>/dev/null || echo 0
}
anon_kb() {
    awk '/^Anonymous:/ { print $2 }' "/proc/$SPID/smaps_rollup" 2>/dev/null || echo 0
}
fds() {
    find "/proc/$SPID/fd" -mindepth 1 -maxdepth 1 2>/dev/null | wc -l
}
figures() {
    printf '%s,%s,%s,%s,%s,%s,%s\n' "$(date +%s)" "$1" "$(connected)" "$(fds)" \
        "$(rss_kb)" "$(heap_kb)" "$(anon_kb)"
}
sampler() {
    while server_alive; do
        figures sample >>"$WD/samples.csv"
        sleep 5
    done
}
echo "time,phase,clients,fds,rss_kb,heap_kb,anon_kb" >"$WD/samples.csv"
sampler &
PIDS="$PIDS $!"

# -- probes: long-running pings, counted at the end
probe() {
    local name=$1 ns=$2
    shift 2
    ip netns exec "$P$ns" ping -n -q -i 0.5 -W 1 "$@" >"$WD/probe/$name" 2>&1 &
    PIDS="$PIDS $!"
    echo "$name $! $*" >>"$WD/probe.pids"
}
# echo_watch NS 4|6: log the echo requests that reach NS (pf-soak-echo.c)
echo_watch() {
    ip netns exec "$P$1" "$WD/pf-soak-echo" "$2" >"$WD/echo/$1.$2" 2>&1 &
    PIDS="$PIDS $!"
}
mkdir -p "$WD/echo"
echo_watch f 4
echo_watch f 6
for i in $(seq 1 "$N"); do
    echo_watch "c$i" 6
done
for i in $(seq 1 "$N"); do
    p=$((i % 2 ? i + 1 : i - 1))
    q=$(((i + 1) % N + 1))
    [ $(((q + 1) / 2)) != $(((i + 1) / 2)) ] || q=$((q % N + 1))
    probe "A.c$i" "c$i" 10.98.1.2
    probe "F.c$i" "c$i" 10.98.2.2
    probe "F6.c$i" "c$i" fd98:2::2
    probe "partner.c$i" "c$i" "10.99.0.$((10 + p))"
    probe "other6.c$i" "c$i" "fd99::$((10 + q))"
done
targets6=""
for i in $(seq 1 "$N"); do targets6="$targets6 fd99::$((10 + i))"; done
# shellcheck disable=SC2086
ip netns exec "${P}f" fping -6 -l -q -p 1000 -r 0 $targets6 >"$WD/probe/fromF6" 2>&1 &
PIDS="$PIDS $!"
echo "fromF6 $! fping $targets6" >>"$WD/probe.pids"

# icmp NS FIELD: a kernel ICMP counter of a namespace
# shellcheck disable=SC2016 # awk programs
icmp() {
    case $2 in
    Icmp6*) n "$P$1" awk -v f="$2" '$1 == f { print $2 }' /proc/net/snmp6 ;;
    *) n "$P$1" awk -v f="$2" '$1 == "Icmp:" && !h { for (i = 2; i <= NF; i++) c[i] = $i; h = 1; next }
        $1 == "Icmp:" { for (i = 2; i <= NF; i++) if (c[i] == f) print $i }' /proc/net/snmp ;;
    esac
}
violations() {
    local v i
    v=$(($(icmp f InEchos) + $(icmp f Icmp6InEchos)))
    for i in $(seq 1 "$N"); do
        v=$((v + $(icmp "c$i" Icmp6InEchos)))
    done
    echo "$v"
}

# -- run
log "warm-up: $N clients connect and stay 10 s, then churn for $WARMUP s"
hold_clients 10
churn "$WARMUP"
log "quiet: waiting until the server has no clients"
quiet || die "the server still has clients after the warm-up"
BASE=$(figures baseline | tee -a "$WD/samples.csv")
log "baseline (time,phase,clients,fds,rss_kb,heap_kb,anon_kb): $BASE; violations so far: $(violations)"
log "soak: $N clients churning for $DURATION s, rule files rewritten every $INTERVAL ms"
churn "$DURATION"
log "quiet: waiting until the server has no clients"
quiet || log "WARNING: the server still has $(connected) clients"
END=$(figures end | tee -a "$WD/samples.csv")
log "end: $END"
kill "$WRITER" 2>/dev/null || :
wait "$WRITER" 2>/dev/null || :

# -- probe counts: stop the pings (they print their statistics)
pkill_pings() {
    local ns
    for ns in $NSS; do
        ip netns pids "$ns" 2>/dev/null | while read -r pid; do
            case $(cat "/proc/$pid/comm" 2>/dev/null) in
            ping | fping) kill -INT "$pid" 2>/dev/null || : ;;
            esac
        done
    done
}
VIOL=$(violations)
VIOL_F4=$(icmp f InEchos)
VIOL_F6=$(icmp f Icmp6InEchos)
A_ECHOS=$(($(icmp a InEchos) + $(icmp a Icmp6InEchos)))
pkill_pings
sleep 1
# the server must be alive now, and then exit cleanly on SIGTERM
ALIVE=no
! server_alive || ALIVE=yes
kill "$SPID" 2>/dev/null || :
for _ in $(seq 100); do
    server_alive || break
    sleep 0.2
done
sent() {
    cat "$WD"/probe/"$1".* 2>/dev/null | sed -n 's/^\([0-9]*\) packets transmitted, \([0-9]*\) received.*/\1 \2/p' |
        awk '{ s += $1; r += $2 } END { printf "%d sent, %d answered", s, r }'
}
sent_fping() {
    sed -n 's|.*xmt/rcv/%loss = \([0-9]*\)/\([0-9]*\)/.*|\1 \2|p' "$WD/probe/fromF6" |
        awk '{ s += $1; r += $2 } END { printf "%d sent, %d answered", s, r }'
}

# -- report
field() {
    echo "$1" | cut -d, -f"$2"
}
growth() {
    awk -v a="$1" -v b="$2" 'BEGIN { if (a == 0) print "n/a"; else printf "%+.1f%%", 100 * (b - a) / a }'
}
ok_growth() {
    awk -v a="$1" -v b="$2" 'BEGIN { exit !(a > 0 && b < 1.10 * a) }'
}
# no [heap] mapping (an ASan build allocates elsewhere): nothing to check
ok_heap() {
    [ -z "$1" ] || ok_growth "$1" "$2"
}
FAILS=0
# check DESCRIPTION COMMAND...
check() {
    local what=$1
    shift
    if "$@"; then
        echo "PASS: $what"
    else
        echo "FAIL: $what"
        FAILS=$((FAILS + 1))
    fi
}
did_something() {
    [ "$A_ECHOS" -gt 0 ] && [ "$loaded" -gt "$N" ] && [ "$rejected" -gt 0 ]
}
no_reports() {
    local f
    for f in "$WD"/san/*; do
        [ -e "$f" ] || continue
        echo "== $f"
        head -n 40 "$f"
        return 1
    done
    ! grep -q 'Assertion failed' "$SLOG"
}
exited_cleanly() {
    ! server_alive && tail -n 1 "$SLOG" | grep -q 'SIGTERM.*process exiting$'
}
connects=$(grep -c 'Peer Connection Initiated' "$SLOG" || :)
refused=$(grep -c 'client has been rejected' "$SLOG" || :)
loaded=$(grep -c 'PF: .*: loaded [0-9]* entries' "$SLOG" || :)
rejected=$(grep -c 'PF: .*: rules rejected' "$SLOG" || :)
kept=$(grep -c 'keeping the previous rules' "$SLOG" || :)
killed=$(grep -c 'the rules say \[KILL\]' "$SLOG" || :)
echo "== pf-soak: $N clients, warm-up $WARMUP s, soak $DURATION s, files every $INTERVAL ms, $PROTO, seed $SEED"
echo "rule writer: $(tr '\n' ' ' <"$WD/writer.out")"
echo "server: $connects connections, $refused refused, $loaded rule loads, $rejected rejected files ($kept kept the previous rules), $killed [KILL]"
printf 'fds:  %s -> %s (%s)\n' "$(field "$BASE" 4)" "$(field "$END" 4)" "$(growth "$(field "$BASE" 4)" "$(field "$END" 4)")"
printf 'RSS:  %s kB -> %s kB (%s), highest %s kB\n' "$(field "$BASE" 5)" "$(field "$END" 5)" \
    "$(growth "$(field "$BASE" 5)" "$(field "$END" 5)")" "$(cut -d, -f5 "$WD/samples.csv" | sort -n | tail -n 1)"
printf 'heap ([heap] RSS): %s kB -> %s kB (%s), highest %s kB\n' "$(field "$BASE" 6)" "$(field "$END" 6)" \
    "$(growth "$(field "$BASE" 6)" "$(field "$END" 6)")" "$(cut -d, -f6 "$WD/samples.csv" | sort -n | tail -n 1)"
printf 'anonymous memory (heap, malloc mmaps, stack): %s kB -> %s kB (%s), highest %s kB\n' \
    "$(field "$BASE" 7)" "$(field "$END" 7)" \
    "$(growth "$(field "$BASE" 7)" "$(field "$END" 7)")" "$(cut -d, -f7 "$WD/samples.csv" | sort -n | tail -n 1)"
echo "probes: A $(sent A), partner $(sent partner), F $(sent F), F6 $(sent F6), other pair v6 $(sent other6), from F to the clients (v6) $(sent_fping)"
awk -F, '$2 == "sample" { n++; s += $3; if ($3 > m) m = $3 }
    END { printf "clients connected (samples every 5 s): mean %.1f, most %d\n", s / n, m }' "$WD/samples.csv"
echo "A received $A_ECHOS echo requests; violations: F got $VIOL_F4 (v4) + $VIOL_F6 (v6), clients got $((VIOL - VIOL_F4 - VIOL_F6)) forbidden v6 echo requests"
if [ "$VIOL" != 0 ]; then
    echo "== echo requests that reached forbidden places (time, source -> destination):"
    for f in "$WD"/echo/*; do
        if [ -s "$f" ]; then sed "s|^|${f##*/}: |" "$f" | head -n 20; fi
    done
fi
check "the server is alive at the end" test "$ALIVE" = yes
check "the server exits cleanly on SIGTERM" exited_cleanly
check "fds grew less than 10%" ok_growth "$(field "$BASE" 4)" "$(field "$END" 4)"
check "RSS grew less than 10%" ok_growth "$(field "$BASE" 5)" "$(field "$END" 5)"
check "heap grew less than 10% (if there is a [heap])" ok_heap "$(field "$BASE" 6)" "$(field "$END" 6)"
check "anonymous memory grew less than 10%" ok_growth "$(field "$BASE" 7)" "$(field "$END" 7)"
check "no probe reached a forbidden target ($VIOL)" test "$VIOL" = 0
check "the run did something: A was reached, rules were loaded and rejected" did_something
check "no assertion failed, no sanitizer report" no_reports
[ "$FAILS" = 0 ]
