#!/bin/sh
# End-to-end cost of PF: iperf3 TCP through the server, PF off and on.
set -eu
USAGE="usage: bench/e2e.sh [-r ROUNDS] [-t SECONDS] [-n RULES] [-b RATE] [-p] [-B OPENVPN]

Runs one TCP stream with iperf3 from client c1 (a) to the LAN host
10.98.0.5 behind the server (tun, udp) and (b) to client c2 through the
server (--client-to-client), ROUNDS times (default 10) each with PF off
(no --pf-dir) and PF on (--pf-dir), in alternating order, each session
with a fresh server and clients. The rule file of each client has RULES
(default 10000) subnet entries '-172.x.y.z/32' that never match under
[SUBNETS ACCEPT], and RULES common name entries under [CLIENTS DROP],
the last of which allows the other client. Prints every run and then
median [min, max] per case: throughput, server CPU in microseconds per
packet the server process received (rx of its veths plus tx of tun0),
server CPU and all-CPU busy %. SECONDS (default 10) per iperf3 run.
-b RATE caps the stream (iperf3 -b, e.g. 200M) to compare the server's
CPU per packet at the same packet rate instead of at full speed.
-p: rules by port and one-way: the subnet entries name a TCP port each
('-172.x.y.z/32 tcp/N'), c1 reaches the LAN host over '>10.98.0.0/24
tcp/5201' and c2 over '>c2' (c2 allows '+c1'), so that every packet of
c1's streams goes through its flow table.
-B OPENVPN: also run each round with PF on in the server binary OPENVPN
(case 'base'), e.g. one built from an earlier part of the series, and
compare PF on with it: the cost of what the series added since, here
with the server at --verb 3, where dropped packets are logged.
Needs root, iperf3 and ping; all in namespaces pfb<pid>*."

# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

ROUNDS=10
SECS=10
RULES=10000
RATE=0
PORTS=0
BASELINE=""
while getopts r:t:n:b:pB:h opt; do
    case $opt in
    p) PORTS=1 ;;
    B) BASELINE=$OPTARG ;;
    b) RATE=$OPTARG ;;
    r) ROUNDS=$OPTARG ;;
    t) SECS=$OPTARG ;;
    n) RULES=$OPTARG ;;
    h) usage ;;
    *) usage 2 >&2 ;;
    esac
done
shift $((OPTIND - 1))
[ $# -eq 0 ] || usage 2 >&2

# rules PEER [SIGN]: RULES common names, the last one PEER (with SIGN, +
# unless given), and RULES subnets (with -p: ports, and the LAN one-way)
rules() {
    awk -v n="$RULES" -v peer="$1" -v sign="${2:-+}" -v ports="$PORTS" 'BEGIN {
        print "[CLIENTS DROP]"
        for (i = 1; i < n; i++) printf "-nobody-%06d\n", i
        print sign peer
        print "[SUBNETS ACCEPT]"
        # as many entries either way: the one-way entry takes the place of one
        m = ports && sign == ">" ? n - 1 : n
        for (i = 0; i < m; i++) {
            printf "-172.%d.%d.%d/32", 16 + int(i / 65536), int(i / 256) % 256, i % 256
            if (ports) printf " tcp/%d", 1 + i % 65535
            printf "\n"
        }
        if (ports && sign == ">") print ">10.98.0.0/24 tcp/5201"
        print "[END]"
    }'
}

# packets the server process received: from the clients, and from tun0
srv_packets() {
    on s cat /sys/class/net/u1/statistics/rx_packets \
        /sys/class/net/u2/statistics/rx_packets \
        /sys/class/net/tun0/statistics/tx_packets | awk '{ s += $1 } END { print s }'
}

# iperf ROUND CFG PATH DST: one run from c1 to DST; a line in results.tsv
iperf() {
    pid=$(cat "$WD/srv.pid")
    p0=$(srv_packets)
    c0=$(cpu_ns "$pid")
    j0=$(cpu_jiffies)
    w0=$(date +%s%N)
    l0=$(load1)
    on c1 iperf3 -c "$4" -t "$SECS" -b "$RATE" -f m >"$WD/iperf.out" 2>&1 ||
        die "iperf3 to $4 failed: $(tail -1 "$WD/iperf.out")"
    w1=$(date +%s%N)
    j1=$(cpu_jiffies)
    c1=$(cpu_ns "$pid")
    p1=$(srv_packets)
    mbps=$(awk '/receiver$/ { for (i = 1; i < NF; i++) if ($(i + 1) == "Mbits/sec") print $i }' "$WD/iperf.out")
    retr=$(awk '/sender$/ { for (i = 1; i < NF; i++) if ($i == "Mbits/sec") print $(i + 1) }' "$WD/iperf.out")
    echo "$j0 $j1" | awk -v r="$1" -v cfg="$2" -v path="$3" -v mbps="$mbps" \
        -v retr="$retr" -v cpu="$((c1 - c0))" -v wall="$((w1 - w0))" \
        -v pkts="$((p1 - p0))" -v load="$l0" '{
            printf "%s\t%s\t%s\t%s\t%s\t%.1f\t%.1f\t%d\t%.3f\t%s\n", r, cfg, path,
                mbps, retr, 100 * cpu / wall, 100 * ($3 - $1) / ($4 - $2), pkts,
                cpu / 1000 / pkts, load
        }' | tee -a "$WD/results.tsv"
}

# session ROUND CFG: a server with PF off, on, or on in the baseline
# binary (base), two clients, both paths
session() {
    round=$1
    cfg=$2
    set --
    [ "$cfg" != off ] && set -- --pf-dir "$WD/pf"
    SRV_OPENVPN=""
    [ "$cfg" = base ] && SRV_OPENVPN=$BASELINE
    start_server srv --client-to-client --client-config-dir "$WD/ccd" \
        --push "route 10.98.0.0 255.255.255.0" --keepalive 10 60 \
        --mssfix 1450 --verb 3 "$@"
    wait_init srv
    start_client 1 c1 --mssfix 1450
    start_client 2 c2 --mssfix 1450
    wait_init c1
    wait_init c2
    wait_ping c1 10.98.0.5
    wait_ping c1 10.99.0.12
    # with -p, c2 may not open anything to c1: c1's ping above went both ways
    [ "$PORTS" = 1 ] || wait_ping c2 10.99.0.11
    if [ "$cfg" != off ] && [ "$(grep -c "PF: .* loaded $((2 * RULES)) entries" "$WD/srv.log")" != 2 ]; then
        die "PF rules were not loaded"
    fi
    iperf "$round" "$cfg" lan 10.98.0.5
    iperf "$round" "$cfg" c2c 10.99.0.12
    stop c1 c2 srv
}

# col PATH CFG K: column K of the runs of one case
col() {
    awk -F'\t' -v p="$1" -v c="$2" -v k="$3" '$2 == c && $3 == p { print $k }' \
        "$WD/results.tsv"
}

# summary: medians per case, then PF on against PF off
summary() {
    echo
    echo "median [min, max] of $ROUNDS runs; $RULES entries of each kind per rule file;" \
        "iperf3 rate $([ "$RATE" = 0 ] && echo unlimited || echo "$RATE")"
    printf '%-4s %-3s %20s %20s %22s %8s %6s\n' path PF "Mbit/s" "retransmits" \
        "server us/packet" "srvCPU%" "busy%"
    for path in lan c2c; do
        for cfg in $CFGS; do
            printf '%-4s %-3s %20s %20s %22s %8s %6s\n' "$path" "$cfg" \
                "$(col "$path" "$cfg" 4 | stats | show '%s [%s, %s]')" \
                "$(col "$path" "$cfg" 5 | stats | show '%s [%s, %s]')" \
                "$(col "$path" "$cfg" 9 | stats | show '%.2f [%.2f, %.2f]')" \
                "$(col "$path" "$cfg" 6 | stats | show '%s')" \
                "$(col "$path" "$cfg" 7 | stats | show '%s')"
        done
    done
    compare off "PF off"
    [ -z "$BASELINE" ] || compare base "PF on in $BASELINE"
}

# compare CFG TITLE: PF on against the case CFG
compare() {
    echo
    echo "PF on / $2: throughput (ratio of the medians; median [min, max] of the"
    echo "ratios within a round) and server CPU per packet (difference, the same way)"
    for path in lan c2c; do
        awk -F'\t' -v p="$path" -v b="$1" '$3 == p { v[$1, $2] = $4; u[$1, $2] = $9 }
            END { for (k in v) { split(k, rc, SUBSEP)
                if (rc[2] == "on") print v[k] / v[rc[1], b], u[k] - u[rc[1], b] } }' \
            "$WD/results.tsv" >"$WD/ratios"
        printf '%-4s throughput %5.1f%% (%s), server %+.2f us/packet (%s)\n' "$path" \
            "$(printf '%s %s\n' "$(col "$path" on 4 | stats)" "$(col "$path" "$1" 4 | stats)" |
                awk '{ print 100 * $1 / $4 }')" \
            "$(cut -d' ' -f1 "$WD/ratios" | stats | show '%.3f [%.3f, %.3f]')" \
            "$(printf '%s %s\n' "$(col "$path" on 9 | stats)" "$(col "$path" "$1" 9 | stats)" |
                awk '{ print $1 - $4 }')" \
            "$(cut -d' ' -f2 "$WD/ratios" | stats | show '%+.2f [%+.2f, %+.2f]')"
    done
}

need ping iperf3
if [ -n "$BASELINE" ]; then
    [ -x "$BASELINE" ] || die "$BASELINE missing"
    "$BASELINE" --help | grep -q -- '--pf-dir' || die "$BASELINE has no --pf-dir"
fi
setup
topology 2
make_pki c1 c2
mkdir -p "$WD/ccd" "$WD/pf"
echo 'ifconfig-push 10.99.0.11 255.255.255.0' >"$WD/ccd/c1"
echo 'ifconfig-push 10.99.0.12 255.255.255.0' >"$WD/ccd/c2"
if [ "$PORTS" = 1 ]; then
    rules c2 '>' >"$WD/pf/c1"
else
    rules c2 >"$WD/pf/c1"
fi
rules c1 >"$WD/pf/c2"
on l iperf3 -s -D --pidfile "$WD/iperf-l.pid"
on c2 iperf3 -s -D --pidfile "$WD/iperf-c2.pid"

echo "e2e: $(machine)"
printf 'round\tPF\tpath\tMbit/s\tretr\tsrvCPU%%\tbusy%%\tpackets\tus/pkt\tload1\n'
# each round starts with the next case, so that none is always first
set -- off on
[ -z "$BASELINE" ] || set -- "$@" base
CFGS=$*
ROUND=1
while [ "$ROUND" -le "$ROUNDS" ]; do
    for cfg in "$@"; do
        session "$ROUND" "$cfg"
    done
    first=$1
    shift
    set -- "$@" "$first"
    ROUND=$((ROUND + 1))
done
summary
echo "e2e: load at the end $(cut -d' ' -f1-3 /proc/loadavg)"
