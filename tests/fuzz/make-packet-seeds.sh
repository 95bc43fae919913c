#!/bin/sh
# Write the seed packets of the packet fuzz target (tests/fuzz/corpus/packet):
# tun packets (IPv4, IPv6) and tap frames (Ethernet with IPv4, IPv6, ARP,
# with and without an 802.1Q tag, and some odd ones). The committed seeds
# were made with it; run it again only to change them.
set -eu

USAGE="usage: ${0##*/} [DIR]   (default: the corpus/packet directory beside it)"
case ${1:-} in -h | --help) echo "$USAGE"; exit 0 ;; esac
DIR=${1:-$(dirname "$0")/corpus/packet}
mkdir -p "$DIR"

# hex FILE HEX...: write the bytes given in hex (spaces ignored) to FILE
hex() {
    f=$1
    shift
    h=$(printf '%s' "$*" | tr -d ' ')
    : >"$DIR/$f"
    while [ -n "$h" ]; do
        rest=${h#??}
        # shellcheck disable=SC2059 # the format is the octal escape
        printf "\\$(printf %o "0x${h%"$rest"}")" >>"$DIR/$f"
        h=$rest
    done
}

# addresses: 10.99.0.11 -> 10.98.0.2, fd99::11 -> fd98::2
V4SRC="0a 63 00 0b"
V4DST="0a 62 00 02"
V6SRC="fd 99 00 00 00 00 00 00 00 00 00 00 00 00 00 11"
V6DST="fd 98 00 00 00 00 00 00 00 00 00 00 00 00 00 02"
ICMP4="08 00 f7 ff 00 00 00 00"
ICMP6="80 00 00 00 00 01 00 01"
IP4="45 00 00 1c 00 01 00 00 40 01 00 00 $V4SRC $V4DST $ICMP4"
IP6="60 00 00 00 00 08 3a 40 $V6SRC $V6DST $ICMP6"
MACS="02 00 00 00 00 02 02 00 00 00 00 01"
BCAST="ff ff ff ff ff ff 02 00 00 00 00 01"
ARP="00 01 08 00 06 04 00 01 02 00 00 00 00 01 $V4SRC 00 00 00 00 00 00 $V4DST"
VLAN="81 00 00 64"

hex tun-ipv4-icmp "$IP4"
hex tun-ipv6-icmp "$IP6"
hex tun-ipv4-short "45 00 00 1c 00 01 00 00 40 01 00 00 $V4SRC 0a 62 00"
hex tun-ipv6-short "60 00 00 00 00 08 3a 40 $V6SRC fd 98"
hex tun-version-5 "55 00 00 1c 00 01 00 00 40 01 00 00 $V4SRC $V4DST"
hex tap-ipv4 "$MACS 08 00 $IP4"
hex tap-ipv6 "33 33 00 00 00 02 02 00 00 00 00 01 86 dd $IP6"
hex tap-arp-request "$BCAST 08 06 $ARP"
hex tap-vlan-ipv4 "$MACS $VLAN 08 00 $IP4"
hex tap-vlan-ipv6 "$MACS $VLAN 86 dd $IP6"
hex tap-vlan-arp "$BCAST $VLAN 08 06 $ARP"
hex tap-arp-ipv6-hw "$BCAST 08 06 00 06 08 00 06 04 00 01 02 00 00 00 00 01 $V4SRC 00 00 00 00 00 00 $V4DST"
hex tap-ipv4-says-v6 "$MACS 08 00 $IP6"
hex tap-lldp "01 80 c2 00 00 0e 02 00 00 00 00 01 88 cc 02 07 04 02 00 00 00 00 01"
hex tap-short "$MACS 08"
hex tap-qinq "$MACS 88 a8 00 64 81 00 00 65 08 00 $IP4"
