/*
 *  openvpn-pf fuzzing: reading addresses out of tun packets and tap frames.
 *
 *  Copyright (C) 2026 openvpn-pf developers
 *
 *  This program is free software; you can redistribute it and/or modify
 *  it under the terms of the GNU General Public License version 2
 *  as published by the Free Software Foundation.
 *
 *  This program is distributed in the hope that it will be useful,
 *  but WITHOUT ANY WARRANTY; without even the implied warranty of
 *  MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.  See the
 *  GNU General Public License for more details.
 *
 *  You should have received a copy of the GNU General Public License along
 *  with this program; if not, write to the Free Software Foundation, Inc.,
 *  51 Franklin Street, Fifth Floor, Boston, MA 02110-1301 USA.
 */

/*
 * The input is one packet.  It is read as a tun packet (an IPv4 or IPv6
 * header) and as a tap frame (Ethernet, optionally 802.1Q tagged, carrying
 * IPv4, IPv6 or ARP), by pf_packet_addrs() with both, one or none of the
 * addresses asked for.  The addresses must be those a decoder written
 * here from the header layouts finds, the same whichever of them is asked
 * for; then they are printed and looked up in a few rule sets.
 *
 * pf_packet_parse() must find the same addresses, and the packet goes
 * through the flow table of one-way rules that allow every address: as
 * the first packet a client receives it passes only if it is address
 * resolution or a non-first fragment (nothing was opened yet); as one the
 * client sends it passes if it has an address, and opens at most one flow
 * (none for a RST).
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "syshead.h"

#include "buffer.h"
#include "pf.h"

#include "fuzz_pf.h"

/* Reference decoder */

static uint16_t
ref_be16(const uint8_t *p)
{
    return (uint16_t)((p[0] << 8) | p[1]);
}

static void
ref_set(struct pf_addr *a, sa_family_t family, const uint8_t *bytes)
{
    a->family = family;
    memcpy(a->bytes, bytes, family == AF_INET ? 4 : 16);
}

/* An IP header of the given version (4 or 6; 0: either) */
static void
ref_ip(const uint8_t *p, size_t len, int version, struct pf_addr *src,
       struct pf_addr *dst)
{
    if (len < 1)
    {
        return;
    }
    const int v = p[0] >> 4;
    if (version && v != version)
    {
        return;
    }
    if (v == 4 && len >= 20)
    {
        ref_set(src, AF_INET, p + 12);
        ref_set(dst, AF_INET, p + 16);
    }
    else if (v == 6 && len >= 40)
    {
        ref_set(src, AF_INET6, p + 8);
        ref_set(dst, AF_INET6, p + 24);
    }
}

static void
ref_decode(const uint8_t *p, size_t len, bool tap, struct pf_addr *src,
           struct pf_addr *dst)
{
    static const uint8_t arp_ether_ipv4[] = { 0, 1, 8, 0, 6, 4 };

    memset(src, 0, sizeof(*src));
    memset(dst, 0, sizeof(*dst));
    if (!tap)
    {
        ref_ip(p, len, 0, src, dst);
        return;
    }

    size_t off = 14;
    if (len < off)
    {
        return;
    }
    uint16_t type = ref_be16(p + 12);
    if (type == 0x8100)
    {
        off = 18;
        if (len < off)
        {
            return;
        }
        type = ref_be16(p + 16);
    }
    p += off;
    len -= off;
    if (type == 0x0800)
    {
        ref_ip(p, len, 4, src, dst);
    }
    else if (type == 0x86dd)
    {
        ref_ip(p, len, 6, src, dst);
    }
    else if (type == 0x0806 && len >= 28
             && !memcmp(p, arp_ether_ipv4, sizeof(arp_ether_ipv4)))
    {
        ref_set(src, AF_INET, p + 14);
        ref_set(dst, AF_INET, p + 24);
    }
}

/* Rule sets to look the addresses up in, parsed once */

static const char *const rule_texts[] = {
    "[SUBNETS DROP]\n+10.0.0.0/8\n-10.1.0.0/16\n+2001:db8::/32\n"
    "-2001:db8:1::/48\n+unknown\n[END]\n",
    "[SUBNETS ACCEPT]\n-0.0.0.0/0\n-::/0\n[END]\n",
    "[SUBNETS DROP]\n+192.168.1.1\n+fe80::/10\n+ff02::/16\n-unknown\n[END]\n",
    "[CLIENTS DROP]\n[END]\n",
};

#define N_RULES (sizeof(rule_texts) / sizeof(rule_texts[0]))

static struct pf_rules *rule_sets[N_RULES];

static void
rules_init(void)
{
    for (size_t i = 0; i < N_RULES; i++)
    {
        if (!rule_sets[i])
        {
            rule_sets[i] = pf_rules_from_text(rule_texts[i],
                                              strlen(rule_texts[i]),
                                              "fuzz", 0, NULL);
            if (!rule_sets[i])
            {
                fprintf(stderr, "fuzz rule set %zu does not parse\n", i);
                abort();
            }
        }
    }
}

/* Checks */

static bool
addr_equal(const struct pf_addr *a, const struct pf_addr *b)
{
    if (a->family != b->family)
    {
        return false;
    }
    switch (a->family)
    {
        case AF_INET:
            return !memcmp(a->bytes, b->bytes, 4);

        case AF_INET6:
            return !memcmp(a->bytes, b->bytes, 16);

        default:
            return true;
    }
}

static void
use_addr(const struct pf_addr *a, const uint8_t *data, size_t size)
{
    struct gc_arena gc = gc_new();
    const char *text = pf_addr_print(a, &gc);

    if (!text || !*text || strlen(text) >= INET6_ADDRSTRLEN)
    {
        fuzz_fail("pf_addr_print() gave no text or too much",
                  data, size);
    }
    gc_free(&gc);

    for (size_t i = 0; i < N_RULES; i++)
    {
        (void)pf_rules_addr_allowed(rule_sets[i], a);
    }
}

static void
check_mode(const uint8_t *data, size_t size, bool tap)
{
    struct pf_addr src, dst, ref_src, ref_dst, only;

    ref_decode(data, size, tap, &ref_src, &ref_dst);
    pf_packet_addrs(data, (int)size, tap, &src, &dst);
    if (!addr_equal(&src, &ref_src) || !addr_equal(&dst, &ref_dst))
    {
        fuzz_fail(tap ? "tap frame: addresses differ from the reference"
                  : "tun packet: addresses differ from the reference",
                  data, size);
    }

    pf_packet_addrs(data, (int)size, tap, &only, NULL);
    if (!addr_equal(&only, &src))
    {
        fuzz_fail("the source differs when only it is asked for", data, size);
    }
    pf_packet_addrs(data, (int)size, tap, NULL, &only);
    if (!addr_equal(&only, &dst))
    {
        fuzz_fail("the destination differs when only it is asked for",
                  data, size);
    }
    pf_packet_addrs(data, (int)size, tap, NULL, NULL);

    use_addr(&src, data, size);
    use_addr(&dst, data, size);
}

static void
check_flows(const uint8_t *data, size_t size, bool tap)
{
    static const char one_way[] = "[SUBNETS DROP]\n>0.0.0.0/0\n>::/0\n[END]\n";
    static struct pf_rules *rules;
    struct pf_packet pkt;
    struct pf_addr src, dst;

    if (!rules)
    {
        rules = pf_rules_from_text(one_way, strlen(one_way), "fuzz", 0, NULL);
        if (!rules)
        {
            abort();
        }
    }
    pf_packet_parse(data, (int)size, tap, &pkt);
    pf_packet_addrs(data, (int)size, tap, &src, &dst);
    if (!addr_equal(&pkt.src, &src) || !addr_equal(&pkt.dst, &dst))
    {
        fuzz_fail("pf_packet_parse() and pf_packet_addrs() differ", data, size);
    }
    if (pkt.flow.valid && (pkt.proto < 0 || !addr_equal(&pkt.flow.src, &src)
                           || !addr_equal(&pkt.flow.dst, &dst)))
    {
        fuzz_fail("the flow of a packet is not that of its header", data, size);
    }
    for (size_t i = 0; i < N_RULES; i++)
    {
        (void)pf_rules_decide(rule_sets[i], NULL, &pkt, true, 1);
        (void)pf_rules_decide(rule_sets[i], NULL, &pkt, false, 1);
    }

    struct pf_flows *flows = pf_flows_new(2);
    const bool fragment = pkt.sport == PF_PORT_FRAGMENT;
    if (pf_rules_decide(rules, flows, &pkt, false, 1) && !pkt.resolution
        && !fragment)
    {
        fuzz_fail("an unsolicited packet passed one-way rules", data, size);
    }
    if (!pf_rules_decide(rules, flows, &pkt, true, 1)
        && pkt.dst.family != AF_UNSPEC)
    {
        fuzz_fail("a packet sent over one-way rules was dropped", data, size);
    }
    const int want = pkt.flow.valid && !(pkt.tcp_flags & 0x04);
    if (pf_flows_count(flows) != want)
    {
        fuzz_fail("a sent packet opened the wrong number of flows", data, size);
    }
    (void)pf_rules_decide(rules, flows, &pkt, false, 2);
    (void)pf_rules_decide(rules, flows, &pkt, false, 2 + PF_FLOW_TIMEOUT_TCP);
    pf_flows_free(flows);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > INT_MAX)
    {
        return 0;
    }
    rules_init();
    check_mode(data, size, false);
    check_mode(data, size, true);
    check_flows(data, size, false);
    check_flows(data, size, true);
    return 0;
}
