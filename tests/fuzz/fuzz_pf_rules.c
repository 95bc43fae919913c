/*
 *  openvpn-pf fuzzing: the packet filter rule parser and its lookups.
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
 * The input is a rule file.  It is parsed with pf_rules_from_text(), with
 * and without PF_ALLOW_KILL, and with pf_rules_from_lines() split at its
 * line ends; all must agree.  The result is compared with a reference
 * model written here from the documented grammar (pf.h, the manual): the
 * same text must be accepted or rejected, with the first error on the
 * same line, and when it is accepted every lookup must give what a plain
 * first-match scan of the entries gives: for each listed common name and
 * a few others, and for the first and last address of each subnet, the
 * addresses just outside it, and some addresses derived from the input;
 * for some of them also with every protocol class and the ports at the
 * edges of the port ranges of the entries, fragments, and packets whose
 * protocol or ports cannot be read.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "syshead.h"

#include "buffer.h"
#include "pf.h"

#include "fuzz_pf.h"

/* Lookups are checked for at most this many subnet entries per input */
#define REF_MAX_PROBED_SUBNETS 64

/* ... and with protocols and ports for this many */
#define REF_MAX_PORT_PROBED 8

/* Port ranges in one entry: a line of 255 bytes holds no more */
#define REF_MAX_RANGES 128

/* Ports probed per address: the edges of the first entries' ranges */
#define REF_MAX_PORTS 24

#define REF_TCP 6
#define REF_UDP 17
#define REF_GRE 47

enum ref_section
{
    REF_NONE,
    REF_CLIENTS,
    REF_SUBNETS,
};

struct ref_cn
{
    const char *cn;     /* NUL terminated copy, owned by the model */
    enum pf_verdict verdict;
    int line;
};

struct ref_subnet
{
    sa_family_t family; /* AF_UNSPEC for "unknown" */
    uint8_t bytes[16];
    unsigned int bits;
    enum pf_verdict verdict;
    int proto;          /* 0 for all, REF_TCP, REF_UDP, or 1 for ICMP */
    int n_ranges;
    int first[REF_MAX_RANGES];
    int last[REF_MAX_RANGES];
};

/* The reference model of a parsed rule file */
struct ref_rules
{
    bool accepted;
    bool kill;
    int error_line;     /* line of the first error; -1 if none */
    int n_errors;
    enum ref_section section;
    bool ended;
    bool clients_default_allow;
    bool subnets_default_allow;

    struct ref_cn *cns;
    int n_cns;
    struct ref_subnet *subnets;
    int n_subnets;
};

static bool
ref_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

static void
ref_error(struct ref_rules *r, int line)
{
    if (r->n_errors++ == 0)
    {
        r->error_line = line;
    }
}

/* Dotted quad, written the strict way: 0..255, no leading zeros */
static bool
ref_ipv4(const char *s, uint8_t *out)
{
    for (int part = 0; part < 4; part++)
    {
        size_t n = 0;
        while (s[n] >= '0' && s[n] <= '9')
        {
            n++;
        }
        if (n == 0 || n > 3 || (n > 1 && s[0] == '0'))
        {
            return false;
        }
        const int value = atoi(s);
        if (value > 255)
        {
            return false;
        }
        out[part] = (uint8_t)value;
        s += n;
        if (part < 3 ? *s != '.' : *s != '\0')
        {
            return false;
        }
        s++;
    }
    return true;
}

/* A prefix length: one to three decimal digits, at most max */
static bool
ref_bits(const char *s, unsigned int max, unsigned int *bits)
{
    const size_t n = strlen(s);

    if (n == 0 || n > 3 || strspn(s, "0123456789") != n)
    {
        return false;
    }
    *bits = (unsigned int)atoi(s);
    return *bits <= max;
}

/* A number as the grammar writes it: 1 to 6 digits, no leading zero */
static bool
ref_number(const char **s, int max, int *value)
{
    size_t n = strspn(*s, "0123456789");

    if (n == 0 || n > 6 || (n > 1 && **s == '0'))
    {
        return false;
    }
    *value = atoi(*s);
    *s += n;
    return *value <= max;
}

/* "a,b-c,...": the ports or ICMP types of an entry */
static bool
ref_ranges(const char *list, int max, struct ref_subnet *sn)
{
    const char *s = list;

    for (;;)
    {
        int first, last;
        if (!ref_number(&s, max, &first))
        {
            return false;
        }
        last = first;
        if (*s == '-')
        {
            s++;
            if (!ref_number(&s, max, &last))
            {
                return false;
            }
        }
        if (last < first || sn->n_ranges >= REF_MAX_RANGES)
        {
            return false;
        }
        sn->first[sn->n_ranges] = first;
        sn->last[sn->n_ranges] = last;
        sn->n_ranges++;
        if (*s == '\0')
        {
            return true;
        }
        if (*s++ != ',')
        {
            return false;
        }
    }
}

static bool
ref_proto(const char *word, struct ref_subnet *sn)
{
    static const struct
    {
        const char *name;
        int proto;
        int max;
    } protos[] = {
        { "tcp", REF_TCP, 65535 }, { "udp", REF_UDP, 65535 }, { "icmp", 1, 255 },
    };
    const char *slash = strchr(word, '/');
    const size_t n = slash ? (size_t)(slash - word) : strlen(word);

    for (size_t i = 0; i < sizeof(protos) / sizeof(protos[0]); i++)
    {
        if (n == strlen(protos[i].name) && !strncasecmp(word, protos[i].name, n))
        {
            sn->proto = protos[i].proto;
            if (!slash)
            {
                sn->first[0] = 0;
                sn->last[0] = protos[i].max;
                sn->n_ranges = 1;
                return true;
            }
            return ref_ranges(slash + 1, protos[i].max, sn);
        }
    }
    return false;
}

/* The next word of *text, blanks around it removed; NULL if none */
static char *
ref_word(char **text)
{
    char *w = *text;

    while (ref_blank(*w))
    {
        w++;
    }
    if (*w == '\0')
    {
        return NULL;
    }
    char *e = w;
    while (*e && !ref_blank(*e))
    {
        e++;
    }
    *text = *e ? e + 1 : e;
    *e = '\0';
    return w;
}

static bool
ref_subnet(const char *text, enum pf_verdict verdict, struct ref_subnet *sn)
{
    char line[512];
    char *rest = line;

    if (strlen(text) >= sizeof(line))
    {
        return false;
    }
    strcpy(line, text);
    memset(sn, 0, sizeof(*sn));
    sn->verdict = verdict;

    char *addr = ref_word(&rest);
    char *proto = ref_word(&rest);
    if (!addr || ref_word(&rest))
    {
        return false;
    }
    if (!strcasecmp(addr, "unknown"))
    {
        sn->family = AF_UNSPEC;
        return !proto && verdict != PF_ONEWAY;
    }

    char *slash = strchr(addr, '/');
    if (slash)
    {
        *slash = '\0';
    }
    if (strchr(addr, ':'))
    {
        sn->family = AF_INET6;
        sn->bits = 128;
        if (inet_pton(AF_INET6, addr, sn->bytes) != 1)
        {
            return false;
        }
    }
    else
    {
        sn->family = AF_INET;
        sn->bits = 32;
        if (!ref_ipv4(addr, sn->bytes))
        {
            return false;
        }
    }
    if (slash && !ref_bits(slash + 1, sn->bits, &sn->bits))
    {
        return false;
    }
    return !proto || ref_proto(proto, sn);
}

static void
ref_tag(struct ref_rules *r, const char *tag, unsigned int flags, int line)
{
    static const struct
    {
        const char *name;
        enum ref_section section;
        bool allow;
    } tags[] = {
        { "[clients accept]", REF_CLIENTS, true },
        { "[clients drop]", REF_CLIENTS, false },
        { "[subnets accept]", REF_SUBNETS, true },
        { "[subnets drop]", REF_SUBNETS, false },
    };

    for (size_t i = 0; i < sizeof(tags) / sizeof(tags[0]); i++)
    {
        if (!strcasecmp(tag, tags[i].name))
        {
            r->section = tags[i].section;
            if (r->section == REF_CLIENTS)
            {
                r->clients_default_allow = tags[i].allow;
            }
            else
            {
                r->subnets_default_allow = tags[i].allow;
            }
            return;
        }
    }
    if (!strcasecmp(tag, "[end]"))
    {
        r->ended = true;
    }
    else if (!strcasecmp(tag, "[kill]") && (flags & PF_ALLOW_KILL))
    {
        r->kill = true;
    }
    else if (!strcasecmp(tag, "[kill]"))
    {
        ref_error(r, line);
    }
    else
    {
        r->section = REF_NONE;
        ref_error(r, line);
    }
}

static void
ref_line(struct ref_rules *r, const char *text, size_t len,
         unsigned int flags, int line)
{
    char buf[PF_MAX_LINE_LEN + 1];

    /* the "\r" of a "\r\n" line end is not part of the limit */
    if (len > 0 && text[len - 1] == '\r')
    {
        len--;
    }
    if (len > PF_MAX_LINE_LEN || memchr(text, '\0', len))
    {
        ref_error(r, line);
        return;
    }
    while (len > 0 && ref_blank(text[len - 1]))
    {
        len--;
    }
    while (len > 0 && ref_blank(text[0]))
    {
        text++;
        len--;
    }
    memcpy(buf, text, len);
    buf[len] = '\0';

    if (len == 0 || buf[0] == '#')
    {
        return;
    }
    if (buf[0] == '[')
    {
        ref_tag(r, buf, flags, line);
        return;
    }
    if ((buf[0] != '+' && buf[0] != '-' && buf[0] != '>') || buf[1] == '\0'
        || r->section == REF_NONE)
    {
        ref_error(r, line);
        return;
    }

    const enum pf_verdict verdict = buf[0] == '+' ? PF_ACCEPT
                                    : buf[0] == '>' ? PF_ONEWAY : PF_DROP;
    if (r->section == REF_CLIENTS)
    {
        struct ref_cn *c = &r->cns[r->n_cns++];
        c->cn = strdup(buf + 1);
        c->verdict = verdict;
        c->line = line;
        return;
    }
    struct ref_subnet *sn = &r->subnets[r->n_subnets];
    if (!ref_subnet(buf + 1, verdict, sn))
    {
        ref_error(r, line);
        return;
    }
    r->n_subnets++;
}

static void
ref_parse(struct ref_rules *r, const char *text, size_t len,
          unsigned int flags)
{
    const char *end = text + len;
    int line = 0;

    memset(r, 0, sizeof(*r));
    r->error_line = -1;
    /* at most one entry per line; a line takes at least one byte */
    r->cns = calloc(len + 1, sizeof(*r->cns));
    r->subnets = calloc(len + 1, sizeof(*r->subnets));

    while (text < end && !r->ended && !r->kill && r->n_errors < PF_MAX_ERRORS)
    {
        const char *eol = memchr(text, '\n', (size_t)(end - text));
        const size_t n = (size_t)((eol ? eol : end) - text);
        ref_line(r, text, n, flags, ++line);
        text = eol ? eol + 1 : end;
    }
    if (r->kill)
    {
        r->accepted = true;
        return;
    }
    if (r->n_errors == 0 && !r->ended)
    {
        ref_error(r, line);
    }
    /* a common name listed twice: an error at its second entry */
    for (int i = 0; i < r->n_cns && r->n_errors == 0; i++)
    {
        for (int j = 0; j < i; j++)
        {
            if (!strcmp(r->cns[i].cn, r->cns[j].cn))
            {
                ref_error(r, r->cns[i].line);
                break;
            }
        }
    }
    r->accepted = r->n_errors == 0;
}

static void
ref_free(struct ref_rules *r)
{
    for (int i = 0; i < r->n_cns; i++)
    {
        free((char *)r->cns[i].cn);
    }
    free(r->cns);
    free(r->subnets);
}

static bool
ref_contains(const struct ref_subnet *sn, const struct pf_addr *a)
{
    if (sn->family != a->family)
    {
        return false;
    }
    if (sn->family == AF_UNSPEC)
    {
        return true;
    }
    for (unsigned int i = 0; i < sn->bits; i++)
    {
        const uint8_t mask = (uint8_t)(0x80 >> (i & 7));
        if ((sn->bytes[i >> 3] ^ a->bytes[i >> 3]) & mask)
        {
            return false;
        }
    }
    return true;
}

static enum pf_verdict
ref_default(bool allow)
{
    return allow ? PF_ACCEPT : PF_DROP;
}

/* The class of proto for an entry's protocol: 0 for none of them */
static int
ref_class(sa_family_t family, int proto)
{
    if (proto == REF_TCP || proto == REF_UDP)
    {
        return proto;
    }
    return proto == (family == AF_INET ? 1 : 58) ? 1 : 0;
}

static bool
ref_has_port(const struct ref_subnet *sn, int port)
{
    for (int k = 0; k < sn->n_ranges; k++)
    {
        if (port >= sn->first[k] && port <= sn->last[k])
        {
            return true;
        }
    }
    return false;
}

/* First match over address, protocol class and port, by a linear scan */
static enum pf_verdict
ref_port_verdict(const struct ref_rules *r, const struct pf_addr *a, int class,
                 int port)
{
    for (int i = 0; i < r->n_subnets; i++)
    {
        const struct ref_subnet *sn = &r->subnets[i];
        if (ref_contains(sn, a)
            && (!sn->proto || (sn->proto == class && ref_has_port(sn, port))))
        {
            return sn->verdict;
        }
    }
    return ref_default(r->subnets_default_allow);
}

/*
 * What pf_rules_match() must say, from the manual: the first entry that
 * matches address, protocol and port decides; "unknown" only as + or -;
 * where an entry with a protocol comes before the first entry for all
 * protocols that contains the address, a packet whose protocol or port
 * cannot be read is dropped, and a non-first fragment passes if some port
 * would; a non-first fragment passes one-way entries.
 */
static enum pf_verdict
ref_match(const struct ref_rules *r, const struct pf_addr *a, int proto, int port)
{
    enum pf_verdict v;

    if (a->family == AF_UNSPEC)
    {
        for (int i = 0; i < r->n_subnets; i++)
        {
            if (r->subnets[i].family == AF_UNSPEC)
            {
                return ref_default(r->subnets[i].verdict == PF_ACCEPT);
            }
        }
        return ref_default(r->subnets_default_allow);
    }

    int full = r->n_subnets;
    bool ports_first = false;
    for (int i = 0; i < r->n_subnets && full == r->n_subnets; i++)
    {
        if (ref_contains(&r->subnets[i], a))
        {
            if (r->subnets[i].proto)
            {
                ports_first = true;
            }
            else
            {
                full = i;
            }
        }
    }
    const enum pf_verdict fallback = full < r->n_subnets ? r->subnets[full].verdict
                                     : ref_default(r->subnets_default_allow);
    const int class = ref_class(a->family, proto);

    if (!ports_first || (proto != PF_PROTO_UNREADABLE && class == 0))
    {
        v = fallback;
    }
    else if (proto == PF_PROTO_UNREADABLE || port == PF_PORT_NONE)
    {
        v = PF_DROP;
    }
    else if (port == PF_PORT_FRAGMENT)
    {
        /* the verdict only changes where a range starts or ends */
        v = ref_port_verdict(r, a, class, 0) != PF_DROP ? PF_ACCEPT : PF_DROP;
        for (int i = 0; i < r->n_subnets && v == PF_DROP; i++)
        {
            const struct ref_subnet *sn = &r->subnets[i];
            for (int k = 0; sn->proto == class && k < sn->n_ranges; k++)
            {
                if (ref_port_verdict(r, a, class, sn->first[k]) != PF_DROP
                    || (sn->last[k] < 65535
                        && ref_port_verdict(r, a, class, sn->last[k] + 1) != PF_DROP))
                {
                    v = PF_ACCEPT;
                }
            }
        }
    }
    else
    {
        v = ref_port_verdict(r, a, class, port);
    }
    return port == PF_PORT_FRAGMENT && v == PF_ONEWAY ? PF_ACCEPT : v;
}

static bool
ref_addr_allowed(const struct ref_rules *r, const struct pf_addr *a)
{
    return ref_match(r, a, -1, PF_PORT_NONE) == PF_ACCEPT;
}

static enum pf_verdict
ref_cn_verdict(const struct ref_rules *r, const char *cn)
{
    for (int i = 0; i < r->n_cns; i++)
    {
        if (!strcmp(r->cns[i].cn, cn))
        {
            return r->cns[i].verdict;
        }
    }
    return ref_default(r->clients_default_allow);
}

/*
 * Checks
 */

struct input
{
    const uint8_t *data;
    size_t size;
};

static void
check_cn(const struct input *in, const struct pf_rules *rules,
         const struct ref_rules *ref, const char *cn)
{
    if (pf_rules_cn_verdict(rules, cn, pf_cn_hash(cn), NULL) != ref_cn_verdict(ref, cn)
        || pf_rules_cn_allowed(rules, cn, pf_cn_hash(cn), NULL)
        != (ref_cn_verdict(ref, cn) == PF_ACCEPT))
    {
        fuzz_fail("a common name lookup differs from the first-match scan",
                  in->data, in->size);
    }
}

static void
check_addr(const struct input *in, const struct pf_rules *rules,
           const struct ref_rules *ref, const struct pf_addr *a)
{
    if (pf_rules_addr_allowed(rules, a) != ref_addr_allowed(ref, a))
    {
        struct gc_arena gc = gc_new();
        char what[128];
        snprintf(what, sizeof(what), "the verdict for %s differs from the "
                 "first-match scan", pf_addr_print(a, &gc));
        gc_free(&gc);
        fuzz_fail(what, in->data, in->size);
    }
}

/* The ports probed with protocols: the edges of the first entries' ranges */
struct ref_ports
{
    int port[REF_MAX_PORTS];
    int n;
};

static void
ref_ports_add(struct ref_ports *p, int port)
{
    if (p->n < REF_MAX_PORTS && port >= 0 && port <= 65535)
    {
        p->port[p->n++] = port;
    }
}

static void
ref_ports_of(const struct ref_rules *r, struct ref_ports *p)
{
    p->port[0] = PF_PORT_NONE;
    p->port[1] = PF_PORT_FRAGMENT;
    p->n = 2;
    ref_ports_add(p, 0);
    ref_ports_add(p, 65535);
    for (int i = 0; i < r->n_subnets; i++)
    {
        for (int k = 0; k < r->subnets[i].n_ranges && r->subnets[i].proto; k++)
        {
            ref_ports_add(p, r->subnets[i].first[k] - 1);
            ref_ports_add(p, r->subnets[i].first[k]);
            ref_ports_add(p, r->subnets[i].last[k]);
            ref_ports_add(p, r->subnets[i].last[k] + 1);
        }
    }
}

/* Every protocol class and the probed ports at address a */
static void
check_addr_ports(const struct input *in, const struct pf_rules *rules,
                 const struct ref_rules *ref, const struct pf_addr *a,
                 const struct ref_ports *ports)
{
    static const int protos[] = {
        -1, REF_TCP, REF_UDP, 1, 58, REF_GRE, PF_PROTO_UNREADABLE
    };

    for (size_t i = 0; i < sizeof(protos) / sizeof(protos[0]); i++)
    {
        for (int k = 0; k < ports->n; k++)
        {
            if (pf_rules_match(rules, a, protos[i], ports->port[k])
                != ref_match(ref, a, protos[i], ports->port[k]))
            {
                struct gc_arena gc = gc_new();
                char what[160];
                snprintf(what, sizeof(what), "the verdict for %s protocol %d "
                         "port %d differs from the first-match scan",
                         pf_addr_print(a, &gc), protos[i], ports->port[k]);
                gc_free(&gc);
                fuzz_fail(what, in->data, in->size);
            }
        }
    }
}

/* Add delta (+1 or -1) to an address of 'bytes' bytes, wrapping around */
static void
addr_step(struct pf_addr *a, size_t bytes, int delta)
{
    for (size_t i = bytes; i-- > 0; )
    {
        const uint8_t old = a->bytes[i];
        a->bytes[i] = (uint8_t)(old + delta);
        if ((delta > 0 && a->bytes[i] != 0) || (delta < 0 && old != 0))
        {
            break;
        }
    }
}

/* The first and last address of a subnet and those next to them */
static void
check_subnet_edges(const struct input *in, const struct pf_rules *rules,
                   const struct ref_rules *ref, const struct ref_subnet *sn,
                   const struct ref_ports *ports)
{
    const size_t bytes = sn->family == AF_INET ? 4 : 16;
    struct pf_addr first, last;

    memset(&first, 0, sizeof(first));
    first.family = sn->family;
    memcpy(first.bytes, sn->bytes, bytes);
    last = first;
    for (unsigned int i = 0; i < 8 * bytes; i++)
    {
        const uint8_t mask = (uint8_t)(0x80 >> (i & 7));
        if (i < sn->bits)
        {
            last.bytes[i >> 3] = (uint8_t)((last.bytes[i >> 3] & ~mask)
                                           | (first.bytes[i >> 3] & mask));
        }
        else
        {
            first.bytes[i >> 3] &= (uint8_t)~mask;
            last.bytes[i >> 3] |= mask;
        }
    }

    struct pf_addr before = first, after = last;
    addr_step(&before, bytes, -1);
    addr_step(&after, bytes, +1);
    check_addr(in, rules, ref, &first);
    check_addr(in, rules, ref, &last);
    check_addr(in, rules, ref, &before);
    check_addr(in, rules, ref, &after);
    if (ports)
    {
        check_addr_ports(in, rules, ref, &first, ports);
        check_addr_ports(in, rules, ref, &last, ports);
        check_addr_ports(in, rules, ref, &after, ports);
    }
}

/* Addresses from the input's bytes, and the ends of the address spaces */
static void
check_other_addrs(const struct input *in, const struct pf_rules *rules,
                  const struct ref_rules *ref)
{
    struct pf_addr a;
    uint32_t x = 2166136261u;

    for (size_t i = 0; i < in->size; i++)
    {
        x = (x ^ in->data[i]) * 16777619u;
    }
    for (int round = 0; round < 8; round++)
    {
        memset(&a, 0, sizeof(a));
        a.family = round & 1 ? AF_INET6 : AF_INET;
        for (size_t i = 0; i < sizeof(a.bytes); i++)
        {
            x = x * 1103515245u + 12345u;
            a.bytes[i] = (uint8_t)(x >> 16);
        }
        if (a.family == AF_INET)
        {
            memset(a.bytes + 4, 0, sizeof(a.bytes) - 4);
        }
        check_addr(in, rules, ref, &a);
    }

    const sa_family_t families[] = { AF_INET, AF_INET6 };
    for (size_t f = 0; f < 2; f++)
    {
        memset(&a, 0, sizeof(a));
        a.family = families[f];
        check_addr(in, rules, ref, &a);
        memset(a.bytes, 0xff, families[f] == AF_INET ? 4 : 16);
        check_addr(in, rules, ref, &a);
    }
    memset(&a, 0, sizeof(a));
    a.family = AF_UNSPEC;
    check_addr(in, rules, ref, &a);
    if (pf_rules_match(rules, &a, REF_TCP, 22) != ref_match(ref, &a, REF_TCP, 22))
    {
        fuzz_fail("the verdict for an unknown address differs", in->data, in->size);
    }
}

static void
check_lookups(const struct input *in, const struct pf_rules *rules,
              const struct ref_rules *ref)
{
    char other[PF_MAX_LINE_LEN + 2];
    struct ref_ports ports;

    ref_ports_of(ref, &ports);
    for (int i = 0; i < ref->n_cns; i++)
    {
        check_cn(in, rules, ref, ref->cns[i].cn);
        snprintf(other, sizeof(other), "%sx", ref->cns[i].cn);
        check_cn(in, rules, ref, other);
    }
    check_cn(in, rules, ref, "");
    check_cn(in, rules, ref, "nobody-listed-this-name");

    for (int i = 0; i < ref->n_subnets; i++)
    {
        /* the first entries and the last ones */
        if (i < REF_MAX_PROBED_SUBNETS / 2
            || i >= ref->n_subnets - REF_MAX_PROBED_SUBNETS / 2)
        {
            if (ref->subnets[i].family != AF_UNSPEC)
            {
                check_subnet_edges(in, rules, ref, &ref->subnets[i],
                                   i < REF_MAX_PORT_PROBED ? &ports : NULL);
            }
        }
    }
    check_other_addrs(in, rules, ref);

    if (pf_rules_count(rules) != ref->n_cns + ref->n_subnets)
    {
        fuzz_fail("pf_rules_count() differs from the number of entries",
                  in->data, in->size);
    }
}

/*
 * Rules that say [KILL] are still a rule set that callers may ask; they
 * have no usable entries, so the answer must be "drop".
 */
static void
check_kill_lookups(const struct input *in, const struct pf_rules *rules)
{
    struct pf_addr a;
    const sa_family_t families[] = { AF_INET, AF_INET6, AF_UNSPEC };

    for (size_t f = 0; f < sizeof(families) / sizeof(families[0]); f++)
    {
        memset(&a, 0, sizeof(a));
        a.family = families[f];
        if (pf_rules_addr_allowed(rules, &a))
        {
            fuzz_fail("rules that say [KILL] allow an address",
                      in->data, in->size);
        }
    }
    if (pf_rules_cn_allowed(rules, "x", pf_cn_hash("x"), NULL)
        || pf_rules_cn_verdict(rules, "x", pf_cn_hash("x"), NULL) != PF_DROP
        || pf_rules_one_way(rules))
    {
        fuzz_fail("rules that say [KILL] allow a client", in->data, in->size);
    }
}

/* The text split at its line ends, as the management interface does */
static struct buffer_list *
split_lines(const uint8_t *data, size_t size)
{
    struct buffer_list *lines = buffer_list_new();
    const uint8_t *end = data + size;

    while (data < end)
    {
        const uint8_t *eol = memchr(data, '\n', (size_t)(end - data));
        const size_t n = (size_t)((eol ? eol : end) - data);
        buffer_list_push_data(lines, data, n);
        data = eol ? eol + 1 : end;
    }
    return lines;
}

static void
check_same_result(const struct input *in, const struct pf_rules *a,
                  const struct pf_error *ea, const struct pf_rules *b,
                  const struct pf_error *eb, const char *what)
{
    if (!a != !b || ea->line != eb->line || strcmp(ea->text, eb->text))
    {
        fuzz_fail(what, in->data, in->size);
    }
}

static void
check_flags(const struct input *in, unsigned int flags)
{
    const char *text = (const char *)in->data;
    struct pf_error err, err_lines;
    struct ref_rules ref;

    ref_parse(&ref, text, in->size, flags);
    struct pf_rules *rules = pf_rules_from_text(text, in->size, "fuzz",
                                                flags, &err);

    if (!rules != !ref.accepted)
    {
        fuzz_fail(rules ? "accepted rules that the grammar rejects"
                  : "rejected rules that the grammar accepts",
                  in->data, in->size);
    }
    if (!rules && err.line != ref.error_line)
    {
        fuzz_fail("the first error is reported on another line",
                  in->data, in->size);
    }
    if (!rules && !err.text[0])
    {
        fuzz_fail("an error without a text", in->data, in->size);
    }

    struct buffer_list *lines = split_lines(in->data, in->size);
    struct pf_rules *rules_lines = pf_rules_from_lines(lines, "fuzz", flags,
                                                       &err_lines);
    buffer_list_free(lines);
    if (rules)
    {
        CLEAR(err);
    }
    if (rules_lines)
    {
        CLEAR(err_lines);
    }
    check_same_result(in, rules, &err, rules_lines, &err_lines,
                      "pf_rules_from_lines() and pf_rules_from_text() differ");

    if (rules)
    {
        if (pf_rules_kill(rules) != ref.kill)
        {
            fuzz_fail("[KILL] is not what the rules say", in->data, in->size);
        }
        if (ref.kill)
        {
            check_kill_lookups(in, rules);
        }
        else
        {
            check_lookups(in, rules, &ref);
        }
    }
    pf_rules_free(rules);
    pf_rules_free(rules_lines);
    ref_free(&ref);
}

/* Does the input hold "+@", "-@" or ">@", as a group entry starts? */
static bool
has_group_entry(const uint8_t *data, size_t size)
{
    for (size_t i = 1; i < size; i++)
    {
        if (data[i] == '@' && (data[i - 1] == '+' || data[i - 1] == '-'
                               || data[i - 1] == '>'))
        {
            return true;
        }
    }
    return false;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const struct input in = { data, size };

    /*
     * Group entries ('+@group') are left out: their names are numbered
     * once per process, at most PF_GROUPS_MAX of them, which a model of
     * one input cannot follow; the unit tests cover them.  Names with an
     * '@' elsewhere ("+alice@example.com") are common names, and stay.
     */
    if (has_group_entry(data, size))
    {
        return 0;
    }
    check_flags(&in, PF_ALLOW_KILL);
    check_flags(&in, 0);
    return 0;
}
