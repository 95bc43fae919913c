#!/bin/sh
# Idle cost of --pf-dir: server CPU with many connected, idle clients.
set -eu
USAGE="usage: bench/idle.sh [-n CLIENTS] [-w SECONDS] [-r ROUNDS]

Connects CLIENTS (default 200) idle clients (--dev null, one namespace,
keepalive 300 s) to a server without PF and with --pf-dir (each client
its own small rule file, so the server looks at 200 files every second),
ROUNDS (default 2) times each, alternating. Once all are connected and
10 s have passed, it measures the server process's CPU time over
SECONDS (default 60) and prints it as % of one core (and ms of CPU per
second), with the load average; then counts the server's system calls
for 5 s with strace (if installed): stat calls show the reload checks
run. Needs root."

# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

CLIENTS=200
SECS=60
ROUNDS=2
BATCH=20
SRV_MASK=255.255.0.0
while getopts n:w:r:h opt; do
    case $opt in
    n) CLIENTS=$OPTARG ;;
    w) SECS=$OPTARG ;;
    r) ROUNDS=$OPTARG ;;
    h) usage ;;
    *) usage 2 >&2 ;;
    esac
done
shift $((OPTIND - 1))
[ $# -eq 0 ] || usage 2 >&2

cn() {
    printf 'idle-%04d' "$1"
}

# connected: how many client logs say the initialization is complete
connected() {
    grep -l 'Initialization Sequence Completed$' "$WD"/idle-*.log 2>/dev/null |
        wc -l
}

# idle client I, in the background
idle_client() {
    on c1 "$OPENVPN" --client --dev null --ifconfig-noexec --route-noexec \
        --proto udp --remote 198.18.1.1 1194 --nobind --remote-cert-tls server \
        --disable-dco --connect-retry 1 --ca "$WD/pki/ca.crt" \
        --cert "$WD/pki/$(cn "$1").crt" --key "$WD/pki/key.pem" \
        --data-ciphers AES-256-GCM --verb 1 --log "$WD/$(cn "$1").log" \
        --writepid "$WD/$(cn "$1").pid" &
}

# connect_all: start the clients BATCH at a time, waiting for each batch
connect_all() {
    k=1
    while [ "$k" -le "$CLIENTS" ]; do
        last=$((k + BATCH - 1))
        [ "$last" -le "$CLIENTS" ] || last=$CLIENTS
        while [ "$k" -le "$last" ]; do
            idle_client "$k"
            k=$((k + 1))
        done
        t=0
        until [ "$(connected)" -ge "$last" ]; do
            t=$((t + 1))
            [ "$t" -lt 600 ] || die "only $(connected) of $last clients connected"
            sleep 0.1
        done
    done
}

# session ROUND CFG: server, all clients, then the quiet window
session() {
    round=$1
    cfg=$2
    set --
    [ "$cfg" = on ] && set -- --pf-dir "$WD/pf"
    rm -f "$WD"/idle-*.log
    start_server srv --keepalive 300 3600 \
        --max-clients $((CLIENTS + 10)) "$@"
    wait_init srv
    connect_all
    sleep 10
    pid=$(cat "$WD/srv.pid")
    l0=$(load1)
    c0=$(cpu_ns "$pid")
    w0=$(date +%s%N)
    sleep "$SECS"
    c1=$(cpu_ns "$pid")
    w1=$(date +%s%N)
    l1=$(load1)
    n=$(connected)
    calls="- -"
    if command -v strace >/dev/null; then
        timeout -s INT 5 strace -c -f -p "$pid" -o "$WD/strace.out" 2>/dev/null || true
        calls=$(awk '$NF ~ /stat/ { s += $4 } $NF == "total" { t = $4 }
            END { printf "%.0f %.0f", s / 5, t / 5 }' "$WD/strace.out")
    fi
    printf '%s\t%s\t%s\t%.4f\t%.2f\t%s\t%s\t%s\n' "$round" "$cfg" "$n" \
        "$(echo "$((c1 - c0)) $((w1 - w0))" | awk '{ print 100 * $1 / $2 }')" \
        "$(echo "$((c1 - c0)) $((w1 - w0))" | awk '{ print 1000 * $1 / $2 }')" \
        "$(echo "$calls" | tr ' ' '\t')" "$l0" "$l1" | tee -a "$WD/results.tsv"
    ns_kill c1
    stop srv
}

setup
ns_add s
ns_add c1
link_client 1 c1
names=""
i=1
while [ "$i" -le "$CLIENTS" ]; do
    names="$names $(cn "$i")"
    i=$((i + 1))
done
# shellcheck disable=SC2086 # one word per name
make_pki $names
mkdir -p "$WD/pf"
for name in $names; do
    printf '[CLIENTS ACCEPT]\n[SUBNETS ACCEPT]\n[END]\n' >"$WD/pf/$name"
done

echo "idle: $(machine)"
printf 'round\tPF\tclients\tsrvCPU%%\tms/s\tstat/s\tsyscalls/s\tload1 before\tafter\n'
r=1
while [ "$r" -le "$ROUNDS" ]; do
    if [ $((r % 2)) = 1 ]; then
        session "$r" off
        session "$r" on
    else
        session "$r" on
        session "$r" off
    fi
    r=$((r + 1))
done
echo
echo "server CPU over ${SECS} s, % of one core: median [min, max] of $ROUNDS"
for cfg in off on; do
    printf 'PF %-3s %s\n' "$cfg" "$(awk -F'\t' -v c="$cfg" '$2 == c { print $4 }' \
        "$WD/results.tsv" | stats | show '%.3f [%.3f, %.3f]')"
done
echo "idle: load at the end $(cut -d' ' -f1-3 /proc/loadavg)"
