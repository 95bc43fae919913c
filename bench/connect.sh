#!/bin/sh
# Connect latency: how soon a client's first packet passes, PF off and on.
set -eu
USAGE="usage: bench/connect.sh [-r RUNS] [-n RULES]

Connects client c1 RUNS times (default 7) each to a server without PF
and with --pf-dir (alternating, a fresh server each time), the rule
file having RULES (default 10000) subnet entries that never match under
[SUBNETS ACCEPT]. A ping loop (every 2 ms, started as soon as c1 has a
route to the LAN host 10.98.0.5 behind the server) gives the time of
the first reply (and how many pings went unanswered before it); the
latency is that time minus the time of c1's
'Initialization Sequence Completed' (both from the wall clock, the log
in --machine-readable-output format). It can be negative: the first
packets may pass before the client logs that line. Needs root and ping."

# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

RUNS=7
RULES=10000
while getopts r:n:h opt; do
    case $opt in
    r) RUNS=$OPTARG ;;
    n) RULES=$OPTARG ;;
    h) usage ;;
    *) usage 2 >&2 ;;
    esac
done
shift $((OPTIND - 1))
[ $# -eq 0 ] || usage 2 >&2

# as soon as c1 has a route to the LAN host: ping it every 2 ms, with times
pinger() {
    ip netns exec "${P}c1" sh -c 'ip monitor route | {
        grep -q -m 1 "^10\.98\.0\.0/24 .*tun0"
        exec ping -D -n -i 0.002 -w 10 10.98.0.5
    }' >"$WD/ping.out" 2>&1 &
    sleep 0.2
}

# run N CFG: connect once; a line in results.tsv
run() {
    run=$1
    cfg=$2
    set --
    [ "$cfg" = on ] && set -- --pf-dir "$WD/pf"
    start_server srv --client-config-dir "$WD/ccd" \
        --push "route 10.98.0.0 255.255.255.0" --keepalive 10 60 "$@"
    wait_init srv
    pinger
    start_client 1 c1 --machine-readable-output
    wait_init c1
    n=0
    until grep -q 'bytes from' "$WD/ping.out"; do
        n=$((n + 1))
        [ "$n" -lt 100 ] || die "no reply within 10 s (PF $cfg)"
        sleep 0.1
    done
    stop c1 srv
    ns_kill c1
    init=$(awk '/Initialization Sequence Completed$/ { print $1; exit }' "$WD/c1.log")
    reply=$(sed -n 's/^\[\([0-9.]*\)\] .*bytes from.* icmp_seq=\([0-9]*\) .*/\1 \2/p' \
        "$WD/ping.out" | head -1)
    echo "$init $reply" | awk -v n="$run" -v cfg="$cfg" \
        '{ printf "%s\t%s\t%.1f\t%d\n", n, cfg, 1000 * ($2 - $1), $3 - 1 }' |
        tee -a "$WD/results.tsv"
}

need ping
setup
topology 1
make_pki c1
mkdir -p "$WD/ccd" "$WD/pf"
echo 'ifconfig-push 10.99.0.11 255.255.255.0' >"$WD/ccd/c1"
awk -v n="$RULES" 'BEGIN {
    print "[CLIENTS ACCEPT]"
    print "[SUBNETS ACCEPT]"
    for (i = 0; i < n; i++)
        printf "-172.%d.%d.%d/32\n", 16 + int(i / 65536), int(i / 256) % 256, i % 256
    print "[END]"
}' >"$WD/pf/c1"

echo "connect: $(machine)"
printf 'run\tPF\tms from init to first reply\tpings lost before\n'
i=1
while [ "$i" -le "$RUNS" ]; do
    if [ $((i % 2)) = 1 ]; then
        run "$i" off
        run "$i" on
    else
        run "$i" on
        run "$i" off
    fi
    i=$((i + 1))
done

echo
echo "ms from 'Initialization Sequence Completed' to the first reply, median [min, max] of $RUNS"
for cfg in off on; do
    printf 'PF %-3s %s\n' "$cfg" "$(awk -F'\t' -v c="$cfg" '$2 == c { print $3 }' \
        "$WD/results.tsv" | stats | show '%.1f [%.1f, %.1f]')"
done
printf 'PF on - PF off: %s ms (medians)\n' "$(for cfg in on off; do
    awk -F'\t' -v c="$cfg" '$2 == c { print $3 }' "$WD/results.tsv" | stats
done | awk '{ m[NR] = $1 } END { printf "%+.1f", m[1] - m[2] }')"
echo "connect: load at the end $(cut -d' ' -f1-3 /proc/loadavg)"
