# shellcheck shell=sh
# Helpers of the namespace benchmarks (e2e.sh, connect.sh, idle.sh).
# Sourced, never run. Every address lives in namespaces named pfb<pid>*
# that the script creates; they, their processes and the scratch
# directory $WD are removed on exit. The host namespace gets nothing.
#
#   ${P}s   server: u<i> 198.18.<i>.1/24 to client i, lan0 10.98.0.1/24
#   ${P}c<i> client i: u0 198.18.<i>.2/24, tunnel 10.99.0.1<i>
#   ${P}l   LAN host behind the server: lan0 10.98.0.5/24

B_PROG=${0##*/}
B_TOP=$(cd "$(dirname "$0")/.." && pwd)
P=pfb$$
WD=${BENCH_TMP:-/tmp/bench-pfb}/$P
OPENVPN=${OPENVPN:-$B_TOP/openvpn}
NS_LIST=""

die() {
    printf '%s: error: %s\n' "$B_PROG" "$*" >&2
    exit 1
}

note() {
    printf '%s: %s\n' "$B_PROG" "$*" >&2
}

usage() {
    printf '%s\n' "$USAGE"
    exit "${1:-0}"
}

cleanup() {
    set +e
    for _ns in $NS_LIST; do
        ip netns pids "$_ns" | xargs -r kill 2>/dev/null
    done
    sleep 0.5
    for _ns in $NS_LIST; do
        ip netns pids "$_ns" | xargs -r kill -9 2>/dev/null
        ip netns del "$_ns"
    done
    rm -rf "$WD"
}

# need TOOL...: die unless these commands exist
need() {
    for _tool in "$@"; do
        command -v "$_tool" >/dev/null ||
            die "$_tool missing (Debian: apt-get install iproute2 openssl iputils-ping iperf3)"
    done
}

# Check root and openvpn; set up the scratch directory and cleanup.
setup() {
    [ "$(id -u)" = 0 ] || die "must run as root (network namespaces)"
    [ -x "$OPENVPN" ] || die "$OPENVPN missing: run make first"
    "$OPENVPN" --help | grep -q -- '--pf-dir' || die "$OPENVPN has no --pf-dir"
    need ip openssl
    mkdir -p "$WD"
    trap cleanup EXIT
    trap 'exit 130' INT TERM HUP
}

# on NS CMD...: run a command in namespace ${P}NS
on() {
    _ns=$1
    shift
    ip netns exec "$P$_ns" "$@"
}

ns_add() {
    ip netns add "$P$1"
    NS_LIST="$NS_LIST $P$1"
    ip -n "$P$1" link set lo up
}

# link_client I NS: veth u<I> (server) to u0 in ${P}NS, 198.18.<I>.0/24
link_client() {
    ip link add "u$1" netns "${P}s" type veth peer name u0 netns "$P$2"
    ip -n "${P}s" addr add "198.18.$1.1/24" dev "u$1"
    ip -n "$P$2" addr add "198.18.$1.2/24" dev u0
    ip -n "${P}s" link set "u$1" up
    ip -n "$P$2" link set u0 up
}

# The server namespace, the LAN host behind it and client namespaces
# c1..cN, each with its own veth pair: topology CLIENTS
topology() {
    ns_add s
    ns_add l
    on s sysctl -qw net.ipv4.ip_forward=1
    ip link add lan0 netns "${P}s" type veth peer name lan0 netns "${P}l"
    ip -n "${P}s" addr add 10.98.0.1/24 dev lan0
    ip -n "${P}l" addr add 10.98.0.5/24 dev lan0
    ip -n "${P}s" link set lan0 up
    ip -n "${P}l" link set lan0 up
    ip -n "${P}l" route add default via 10.98.0.1
    _i=1
    while [ "$_i" -le "$1" ]; do
        ns_add "c$_i"
        link_client "$_i" "c$_i"
        _i=$((_i + 1))
    done
}

# make_pki CN...: a CA, a server certificate and one per client CN in
# $WD/pki (EC P-256; one key for all certificates, to save time)
make_pki() {
    _d=$WD/pki
    mkdir -p "$_d"
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 \
        -nodes -keyout "$_d/ca.key" -out "$_d/ca.crt" -days 2 -subj /CN=pfb-ca \
        -addext basicConstraints=critical,CA:TRUE \
        -addext keyUsage=critical,keyCertSign,cRLSign 2>/dev/null
    openssl ecparam -name prime256v1 -genkey -noout -out "$_d/key.pem"
    for _eku in serverAuth clientAuth; do
        printf 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=%s\n' \
            "$_eku" >"$_d/$_eku.ext"
    done
    for _cn in server "$@"; do
        _eku=clientAuth
        [ "$_cn" = server ] && _eku=serverAuth
        openssl req -new -key "$_d/key.pem" -subj "/CN=$_cn" |
            openssl x509 -req -CA "$_d/ca.crt" -CAkey "$_d/ca.key" \
                -CAcreateserial -days 2 -extfile "$_d/$_eku.ext" \
                -out "$_d/$_cn.crt" 2>/dev/null
    done
}

# start_server NAME [OPTION...]: openvpn server in ${P}s, in the background;
# log $WD/NAME.log, pid $WD/NAME.pid; SRV_MASK: netmask of 10.99.0.0;
# SRV_OPENVPN: another openvpn binary for the server
start_server() {
    _name=$1
    shift
    rm -f "$WD/$_name.log" "$WD/$_name.pid"
    on s "${SRV_OPENVPN:-$OPENVPN}" --server 10.99.0.0 "${SRV_MASK:-255.255.255.0}" --topology subnet \
        --dev tun --proto udp --port 1194 --disable-dco \
        --ca "$WD/pki/ca.crt" --cert "$WD/pki/server.crt" \
        --key "$WD/pki/key.pem" --dh none --data-ciphers AES-256-GCM \
        --verb 1 --log "$WD/$_name.log" --writepid "$WD/$_name.pid" "$@" &
}

# start_client I CN [OPTION...]: client CN in ${P}c<I>, in the background;
# log $WD/CN.log, pid $WD/CN.pid
start_client() {
    _i=$1
    _cn=$2
    shift 2
    rm -f "$WD/$_cn.log" "$WD/$_cn.pid"
    on "c$_i" "$OPENVPN" --client --dev tun --proto udp \
        --remote "198.18.$_i.1" 1194 --nobind --remote-cert-tls server \
        --disable-dco --connect-retry 1 --ca "$WD/pki/ca.crt" \
        --cert "$WD/pki/$_cn.crt" --key "$WD/pki/key.pem" \
        --data-ciphers AES-256-GCM --verb 1 --log "$WD/$_cn.log" \
        --writepid "$WD/$_cn.pid" "$@" &
}

# wait_init NAME [SECONDS]: until NAME.log says the initialization is
# complete; fail if it failed or the process died
wait_init() {
    _end=$(($(date +%s) + ${2:-20}))
    while [ "$(date +%s)" -lt "$_end" ]; do
        grep -q 'Initialization Sequence Completed$' "$WD/$1.log" 2>/dev/null &&
            return 0
        if grep -qE 'With Errors|Exiting due to fatal error|AUTH_FAILED|Options error' \
            "$WD/$1.log" 2>/dev/null ||
            { _pid=$(pid_of "$1") && [ -n "$_pid" ] && ! kill -0 "$_pid" 2>/dev/null; }; then
            break
        fi
        sleep 0.1
    done
    tail -5 "$WD/$1.log" >&2 2>/dev/null || true
    die "$1 did not initialize"
}

# wait_ping NS ADDR: until ADDR answers a ping from ${P}NS (10 s at most)
wait_ping() {
    _n=0
    until on "$1" ping -n -q -c 1 -W 0.2 "$2" >/dev/null 2>&1; do
        _n=$((_n + 1))
        [ "$_n" -lt 50 ] || die "$2 unreachable from $1"
        sleep 0.1
    done
}

# pid_of NAME: the pid in NAME's pid file, empty if there is none (openvpn
# removes its pid file as it exits, so it is read once)
pid_of() {
    cat "$WD/$1.pid" 2>/dev/null || true
}

# stop NAME...: stop the processes of these pid files and wait for them
stop() {
    for _name in "$@"; do
        _pid=$(pid_of "$_name")
        [ -z "$_pid" ] || kill "$_pid" 2>/dev/null || true
    done
    for _name in "$@"; do
        _pid=$(pid_of "$_name")
        _n=0
        while [ -n "$_pid" ] && kill -0 "$_pid" 2>/dev/null; do
            _n=$((_n + 1))
            [ "$_n" -lt 50 ] || kill -9 "$_pid" 2>/dev/null || true
            sleep 0.1
        done
        rm -f "$WD/$_name.pid"
    done
}

# ns_kill NS: end what still runs in namespace ${P}NS
ns_kill() {
    ip netns pids "$P$1" | xargs -r kill 2>/dev/null || true
}

# CPU time of a process in nanoseconds (user + system, from schedstat)
cpu_ns() {
    read -r _run _ <"/proc/$1/schedstat"
    echo "$_run"
}

# busy and total jiffies of all CPUs: "busy total"
cpu_jiffies() {
    awk '$1 == "cpu" { t = 0; for (i = 2; i <= NF; i++) t += $i
        print t - $5 - $6, t; exit }' /proc/stat
}

# the 1-minute load average
load1() {
    cut -d' ' -f1 /proc/loadavg
}

# stats: "median min max" of the numbers on stdin ("- - -" if none)
stats() {
    sort -g | awk '{ v[NR] = $1 }
        END {
            if (NR == 0) { print "- - -"; exit }
            m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
            printf "%.6g %.6g %.6g\n", m, v[1], v[NR]
        }'
}

# show FORMAT: print "median min max" from stats with a printf FORMAT
show() {
    awk -v f="$1" '{ printf f, $1, $2, $3 }'
}

# machine: one line describing the machine and its load now
machine() {
    printf 'nproc %s, %s, kernel %s, load %s\n' "$(nproc)" \
        "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)" \
        "$(uname -r)" "$(cut -d' ' -f1-3 /proc/loadavg)"
}
