/*
 * openvpn-pf benchmark: what one packet filter decision costs.
 *
 * For 1, 100, 10,000 and 100,000 rules it times
 *   c2c   pf_client_c2c_allowed(): may client A send to client B (the
 *         [CLIENTS] rules of both, two common name lookups)
 *   ipv4  pf_rules_addr_allowed() for IPv4 addresses ([SUBNETS] rules)
 *   ipv6  the same for IPv6
 *   ports4, ports6  pf_rules_match() over [SUBNETS] entries that each name
 *         a protocol and ports, against a linear first-match scan and the
 *         address-only lookup of the same subnets without protocols (the
 *         "ipv4" and "ipv6" decisions)
 *   flows pf_rules_decide() for replies to one-way ('>') flows, with a
 *         flow table holding that many flows, against the stateless
 *         decision of the same packets ('+' rules)
 * against baselines of this file's own over the same rules: a linear
 * first-match scan of an array, and for IPv4 the linked list OpenVPN 2.5
 * walked, for c2c the list.c hash table 2.5 used for common names.
 *
 * Two sets of queries: "random" (half inside a random rule, half
 * anywhere; for c2c half the clients are listed, half are not) and
 * "worst", the worst case of first-match order for a linear scan: the
 * address matches the last rule or none (for c2c: no client is listed).
 *
 * Each figure is ns per decision, the median of repeated batches, with
 * the fastest and slowest batch.  Every answer is checked against the
 * linear scan before it is timed.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "syshead.h"

#include "buffer.h"
#include "list.h"
#include "pf.h"
#include "pf_client.h"

#include "bench.h"

#define N_QUERIES 4096      /* addresses or client pairs in a set */
#define N_CLIENTS 256       /* clients for c2c decisions */
#define N_CN_SETS 4         /* rule sets shared by those clients */
#define MAX_BATCHES 1001

enum query_set
{
    Q_RANDOM,
    Q_WORST,
    Q_SETS
};

static const char *const query_set_name[Q_SETS] = { "random", "worst" };

static volatile unsigned long sink;
static const char *kinds = "c2c,ipv4,ipv6,ports4,ports6,flows";
static int n_batches = 31;
static double batch_target_ns = 2e6;
static uint64_t seed = 0x5eed2026;

/*
 * Timing
 */

typedef unsigned long (*batch_fn)(void *ctx, int n);

static double
time_batch(batch_fn fn, void *ctx, int n)
{
    const uint64_t start = bench_now_ns();
    sink += fn(ctx, n);
    return (double)(bench_now_ns() - start);
}

/* ns per decision: batches of about batch_target_ns each */
static struct bench_stats
measure(batch_fn fn, void *ctx)
{
    double samples[MAX_BATCHES];
    int n = 16;
    double t;

    while ((t = time_batch(fn, ctx, n)) < batch_target_ns / 10 && n < (1 << 28))
    {
        n *= 2;
    }
    n = (int)(n * batch_target_ns / (t > 0 ? t : 1));
    n = n < 16 ? 16 : n;
    time_batch(fn, ctx, n);     /* warm up */

    for (int b = 0; b < n_batches; b++)
    {
        samples[b] = time_batch(fn, ctx, n) / n;
    }
    return bench_stats_of(samples, n_batches);
}

/*
 * Rule text
 */

/*
 * Random subnets hold one another: the warnings of entries that never
 * match are expected here, and no figure; errors end the program anyway
 */
static void
report_errors_only(bool error, const char *file, int line, const char *text)
{
    if (error)
    {
        fprintf(stderr, "pf-decide: %s:%d: %s\n", file ? file : "-", line, text);
    }
}

static struct pf_rules *
rules_from_stream(FILE *f, char **text, size_t *len)
{
    struct pf_error err;

    fputs("[END]\n", f);
    fclose(f);
    struct pf_rules *rules = pf_rules_from_text(*text, *len, "bench", 0, &err);
    if (!rules)
    {
        fprintf(stderr, "pf-decide: generated rules rejected, line %d: %s\n",
                err.line, err.text);
        exit(1);
    }
    free(*text);
    return rules;
}

/*
 * Subnet decisions
 */

struct subnet
{
    struct pf_addr net;
    uint8_t mask[16];
    unsigned int bits;
    bool allow;
};

/* Linear baseline, in network byte order as OpenVPN 2.5 compared */
struct v4_rule
{
    uint32_t net;
    uint32_t mask;
    bool allow;
};

/* OpenVPN 2.5 kept the [SUBNETS] entries in a linked list */
struct v4_node
{
    uint32_t net;
    uint32_t mask;
    bool allow;
    struct v4_node *next;
};

struct v6_rule
{
    uint64_t net[2];
    uint64_t mask[2];
    bool allow;
};

struct subnet_case
{
    sa_family_t family;
    int n_rules;
    struct subnet *gen;
    struct pf_rules *rules;
    struct v4_rule *v4;
    struct v4_node *list;
    struct v6_rule *v6;
    struct pf_addr queries[Q_SETS][N_QUERIES];
    const struct pf_addr *q;    /* the set being timed */
    unsigned int next;          /* its next query, from batch to batch */
};

static unsigned int
family_bits(sa_family_t family)
{
    return family == AF_INET ? 32 : 128;
}

/* The mask of a prefix length, as bytes in network order */
static void
prefix_mask(unsigned int bits, uint8_t mask[16])
{
    for (unsigned int i = 0; i < 16; i++)
    {
        const unsigned int b = bits > 8 * i ? bits - 8 * i : 0;
        mask[i] = b >= 8 ? 0xff : (uint8_t)(0xff00 >> b);
    }
}

static bool
subnet_contains(const struct subnet *s, const struct pf_addr *a)
{
    for (unsigned int i = 0; i < family_bits(s->net.family) / 8; i++)
    {
        if ((a->bytes[i] & s->mask[i]) != s->net.bytes[i])
        {
            return false;
        }
    }
    return true;
}

/* Index of the first of n subnets containing a, or -1 */
static int
subnet_first_match(const struct subnet *gen, int n, const struct pf_addr *a)
{
    for (int i = 0; i < n; i++)
    {
        if (subnet_contains(&gen[i], a))
        {
            return i;
        }
    }
    return -1;
}

/* A random address: IPv4 anywhere, IPv6 inside 2001:db8::/32 */
static void
random_addr(sa_family_t family, uint64_t *rng, struct pf_addr *a)
{
    static const uint8_t doc_prefix[4] = { 0x20, 0x01, 0x0d, 0xb8 };

    CLEAR(*a);
    a->family = family;
    for (unsigned int i = 0; i < family_bits(family) / 8; i++)
    {
        a->bytes[i] = (uint8_t)bench_rand(rng);
    }
    if (family == AF_INET6)
    {
        memcpy(a->bytes, doc_prefix, sizeof(doc_prefix));
    }
}

/* A random address inside s */
static void
random_addr_in(const struct subnet *s, uint64_t *rng, struct pf_addr *a)
{
    random_addr(s->net.family, rng, a);
    for (int i = 0; i < 16; i++)
    {
        a->bytes[i] = (uint8_t)((a->bytes[i] & ~s->mask[i]) | s->net.bytes[i]);
    }
}

/* A random subnet: IPv4 /16 to /32, IPv6 /48 to /128, or a single
 * host if host is true */
static void
random_subnet(sa_family_t family, bool host, uint64_t *rng, struct subnet *s)
{
    s->bits = host ? family_bits(family)
              : family == AF_INET ? 16 + bench_rand_below(rng, 17)
              : 48 + bench_rand_below(rng, 81);
    s->allow = bench_rand(rng) & 1;
    random_addr(family, rng, &s->net);
    prefix_mask(s->bits, s->mask);
    for (int i = 0; i < 16; i++)
    {
        s->net.bytes[i] &= s->mask[i];
    }
}

static void
subnet_case_rules(struct subnet_case *c, uint64_t *rng)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    char addr[INET6_ADDRSTRLEN];

    fputs("[CLIENTS ACCEPT]\n[SUBNETS ACCEPT]\n", f);
    for (int i = 0; i < c->n_rules; i++)
    {
        struct subnet *s = &c->gen[i];
        const bool last = i == c->n_rules - 1;

        /* the last rule is a single host that no other rule contains */
        do
        {
            random_subnet(c->family, last, rng, s);
        } while (last && subnet_first_match(c->gen, i, &s->net) >= 0);
        inet_ntop(c->family, s->net.bytes, addr, sizeof(addr));
        fprintf(f, "%c%s/%u\n", s->allow ? '+' : '-', addr, s->bits);
    }
    c->rules = rules_from_stream(f, &text, &len);
}

static void
subnet_case_baselines(struct subnet_case *c)
{
    struct v4_node **tail = &c->list;

    for (int i = 0; i < c->n_rules; i++)
    {
        const struct subnet *s = &c->gen[i];

        if (c->family == AF_INET)
        {
            struct v4_rule *r = &c->v4[i];
            memcpy(&r->net, s->net.bytes, 4);
            memcpy(&r->mask, s->mask, 4);
            r->allow = s->allow;

            struct v4_node *node;
            ALLOC_OBJ_CLEAR(node, struct v4_node);
            node->net = r->net;
            node->mask = r->mask;
            node->allow = r->allow;
            *tail = node;
            tail = &node->next;
        }
        else
        {
            struct v6_rule *r = &c->v6[i];
            memcpy(r->net, s->net.bytes, 16);
            memcpy(r->mask, s->mask, 16);
            r->allow = s->allow;
        }
    }
}

static void
subnet_case_queries(struct subnet_case *c, uint64_t *rng)
{
    const struct subnet *last = &c->gen[c->n_rules - 1];

    for (int i = 0; i < N_QUERIES; i++)
    {
        struct pf_addr *a = &c->queries[Q_RANDOM][i];
        if (bench_rand(rng) & 1)
        {
            random_addr_in(&c->gen[bench_rand_below(rng, (uint32_t)c->n_rules)],
                           rng, a);
        }
        else
        {
            random_addr(c->family, rng, a);
        }

        /* worst case: half the last rule's address, half matching none */
        a = &c->queries[Q_WORST][i];
        if (i % 2)
        {
            *a = last->net;
            continue;
        }
        do
        {
            random_addr(c->family, rng, a);
        } while (subnet_first_match(c->gen, c->n_rules, a) >= 0);
    }
}

static struct subnet_case *
subnet_case_new(sa_family_t family, int n_rules)
{
    struct subnet_case *c;
    uint64_t rng = seed ^ (uint64_t)n_rules ^ ((uint64_t)family << 32);

    ALLOC_OBJ_CLEAR(c, struct subnet_case);
    c->family = family;
    c->n_rules = n_rules;
    ALLOC_ARRAY_CLEAR(c->gen, struct subnet, n_rules);
    ALLOC_ARRAY_CLEAR(c->v4, struct v4_rule, n_rules);
    ALLOC_ARRAY_CLEAR(c->v6, struct v6_rule, n_rules);
    subnet_case_rules(c, &rng);
    subnet_case_baselines(c);
    subnet_case_queries(c, &rng);
    return c;
}

static void
subnet_case_free(struct subnet_case *c)
{
    while (c->list)
    {
        struct v4_node *next = c->list->next;
        free(c->list);
        c->list = next;
    }
    pf_rules_free(c->rules);
    free(c->gen);
    free(c->v4);
    free(c->v6);
    free(c);
}

/* The baselines' default is that of the generated rules: [SUBNETS ACCEPT] */
static __attribute__((noinline)) bool
linear_v4_allowed(const struct subnet_case *c, const struct pf_addr *a)
{
    uint32_t addr;

    memcpy(&addr, a->bytes, 4);
    for (int i = 0; i < c->n_rules; i++)
    {
        if ((addr & c->v4[i].mask) == c->v4[i].net)
        {
            return c->v4[i].allow;
        }
    }
    return true;
}

static __attribute__((noinline)) bool
list_v4_allowed(const struct subnet_case *c, const struct pf_addr *a)
{
    uint32_t addr;

    memcpy(&addr, a->bytes, 4);
    for (const struct v4_node *node = c->list; node; node = node->next)
    {
        if ((addr & node->mask) == node->net)
        {
            return node->allow;
        }
    }
    return true;
}

static __attribute__((noinline)) bool
linear_v6_allowed(const struct subnet_case *c, const struct pf_addr *a)
{
    uint64_t addr[2];

    memcpy(addr, a->bytes, 16);
    for (int i = 0; i < c->n_rules; i++)
    {
        const struct v6_rule *r = &c->v6[i];
        if ((addr[0] & r->mask[0]) == r->net[0]
            && (addr[1] & r->mask[1]) == r->net[1])
        {
            return r->allow;
        }
    }
    return true;
}

static unsigned long
batch_subnet_pf(void *ctx, int n)
{
    struct subnet_case *c = ctx;
    unsigned long allowed = 0;

    for (int i = 0; i < n; i++)
    {
        allowed += pf_rules_addr_allowed(c->rules, &c->q[c->next++ % N_QUERIES]);
    }
    return allowed;
}

static unsigned long
batch_subnet_linear(void *ctx, int n)
{
    struct subnet_case *c = ctx;
    unsigned long allowed = 0;

    for (int i = 0; i < n; i++)
    {
        const struct pf_addr *a = &c->q[c->next++ % N_QUERIES];
        allowed += c->family == AF_INET ? linear_v4_allowed(c, a)
                   : linear_v6_allowed(c, a);
    }
    return allowed;
}

static unsigned long
batch_subnet_list(void *ctx, int n)
{
    struct subnet_case *c = ctx;
    unsigned long allowed = 0;

    for (int i = 0; i < n; i++)
    {
        allowed += list_v4_allowed(c, &c->q[c->next++ % N_QUERIES]);
    }
    return allowed;
}

/* Every answer of PF must be that of the linear scan */
static void
subnet_case_check(const struct subnet_case *c)
{
    for (int s = 0; s < Q_SETS; s++)
    {
        for (int i = 0; i < N_QUERIES; i++)
        {
            const struct pf_addr *a = &c->queries[s][i];
            const bool want = c->family == AF_INET ? linear_v4_allowed(c, a)
                              : linear_v6_allowed(c, a);

            if (pf_rules_addr_allowed(c->rules, a) != want
                || (c->family == AF_INET && list_v4_allowed(c, a) != want))
            {
                struct gc_arena gc = gc_new();
                fprintf(stderr, "pf-decide: wrong answer for %s with %d rules\n",
                        pf_addr_print(a, &gc), c->n_rules);
                exit(1);
            }
        }
    }
}

/*
 * Client-to-client decisions
 */

/* What client-to-client decisions see of a packet: nothing but its CNs */
static const struct pf_packet no_packet = {
    .proto = -1, .sport = PF_PORT_NONE, .dport = PF_PORT_NONE
};

struct cn_entry
{
    const char *name;
    bool allow;
};

struct cn_case
{
    int n_rules;
    char **names;                           /* of the listed clients */
    struct pf_rules *rules[N_CN_SETS];
    struct cn_entry *linear[N_CN_SETS];     /* in file order */
    struct hash *hash[N_CN_SETS];           /* as OpenVPN 2.5 did */
    struct pf_client clients[N_CLIENTS];
    int set_of[N_CLIENTS];
    uint8_t pairs[Q_SETS][N_QUERIES][2];
    const uint8_t (*q)[2];
    unsigned int next;
};

static uint32_t
cn_hash_fn(const void *key, uint32_t iv)
{
    const char *cn = key;
    return hash_func((const uint8_t *)cn, (uint32_t)strlen(cn), iv);
}

static bool
cn_equal_fn(const void *a, const void *b)
{
    return !strcmp(a, b);
}

static void
cn_case_set(struct cn_case *c, int set, uint64_t *rng)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    int *order;

    /* every set lists the same names, each in its own order */
    ALLOC_ARRAY(order, int, c->n_rules);
    for (int i = 0; i < c->n_rules; i++)
    {
        order[i] = i;
    }
    for (int i = c->n_rules - 1; i > 0; i--)
    {
        const int j = (int)bench_rand_below(rng, (uint32_t)i + 1);
        const int t = order[i];
        order[i] = order[j];
        order[j] = t;
    }

    ALLOC_ARRAY(c->linear[set], struct cn_entry, c->n_rules);
    c->hash[set] = hash_init(c->n_rules, (uint32_t)bench_rand(rng),
                             cn_hash_fn, cn_equal_fn);
    fputs("[CLIENTS ACCEPT]\n", f);
    for (int i = 0; i < c->n_rules; i++)
    {
        struct cn_entry *e = &c->linear[set][i];
        e->name = c->names[order[i]];
        e->allow = bench_rand(rng) & 1;
        hash_add(c->hash[set], e->name, e, false);
        fprintf(f, "%c%s\n", e->allow ? '+' : '-', e->name);
    }
    fputs("[SUBNETS ACCEPT]\n", f);
    c->rules[set] = rules_from_stream(f, &text, &len);
    free(order);
}

static struct cn_case *
cn_case_new(int n_rules)
{
    struct cn_case *c;
    uint64_t rng = seed ^ (uint64_t)n_rules;
    char name[32];

    ALLOC_OBJ_CLEAR(c, struct cn_case);
    c->n_rules = n_rules;
    ALLOC_ARRAY(c->names, char *, n_rules);
    for (int i = 0; i < n_rules; i++)
    {
        snprintf(name, sizeof(name), "client-%07d", i);
        c->names[i] = string_alloc(name, NULL);
    }
    for (int s = 0; s < N_CN_SETS; s++)
    {
        cn_case_set(c, s, &rng);
    }

    /* the first half of the clients is listed in the rules, the rest not */
    for (int i = 0; i < N_CLIENTS; i++)
    {
        struct pf_client *pfc = &c->clients[i];
        if (i < N_CLIENTS / 2)
        {
            snprintf(name, sizeof(name), "%s",
                     c->names[bench_rand_below(&rng, (uint32_t)n_rules)]);
        }
        else
        {
            snprintf(name, sizeof(name), "peer-%07d", i);
        }
        pf_client_init(pfc);
        pf_client_set_cn(pfc, name);
        c->set_of[i] = i % N_CN_SETS;
        pfc->enabled = true;
        pfc->rules = c->rules[c->set_of[i]];
    }

    for (int i = 0; i < N_QUERIES; i++)
    {
        c->pairs[Q_RANDOM][i][0] = (uint8_t)bench_rand_below(&rng, N_CLIENTS);
        c->pairs[Q_RANDOM][i][1] = (uint8_t)bench_rand_below(&rng, N_CLIENTS);
        c->pairs[Q_WORST][i][0] =
            (uint8_t)(N_CLIENTS / 2 + bench_rand_below(&rng, N_CLIENTS / 2));
        c->pairs[Q_WORST][i][1] =
            (uint8_t)(N_CLIENTS / 2 + bench_rand_below(&rng, N_CLIENTS / 2));
    }
    return c;
}

static void
cn_case_free(struct cn_case *c)
{
    for (int i = 0; i < N_CLIENTS; i++)
    {
        c->clients[i].rules = NULL;     /* shared, freed below */
        pf_client_free(&c->clients[i]);
    }
    for (int s = 0; s < N_CN_SETS; s++)
    {
        pf_rules_free(c->rules[s]);
        free(c->linear[s]);
        hash_free(c->hash[s]);
    }
    for (int i = 0; i < c->n_rules; i++)
    {
        free(c->names[i]);
    }
    free(c->names);
    free(c);
}

static __attribute__((noinline)) bool
linear_cn_allowed(const struct cn_entry *list, int n, const char *cn)
{
    for (int i = 0; i < n; i++)
    {
        if (!strcmp(list[i].name, cn))
        {
            return list[i].allow;
        }
    }
    return true;
}

static __attribute__((noinline)) bool
hash_cn_allowed(struct hash *hash, const char *cn)
{
    const struct cn_entry *e = hash_lookup(hash, cn);
    return e ? e->allow : true;
}

static bool
linear_c2c_allowed(const struct cn_case *c, int src, int dst)
{
    return linear_cn_allowed(c->linear[c->set_of[src]], c->n_rules,
                             c->clients[dst].cn)
           && linear_cn_allowed(c->linear[c->set_of[dst]], c->n_rules,
                                c->clients[src].cn);
}

static bool
hash_c2c_allowed(const struct cn_case *c, int src, int dst)
{
    return hash_cn_allowed(c->hash[c->set_of[src]], c->clients[dst].cn)
           && hash_cn_allowed(c->hash[c->set_of[dst]], c->clients[src].cn);
}

static unsigned long
batch_cn_pf(void *ctx, int n)
{
    struct cn_case *c = ctx;
    unsigned long allowed = 0;

    for (int i = 0; i < n; i++)
    {
        const uint8_t *pair = c->q[c->next++ % N_QUERIES];
        allowed += pf_client_c2c_allowed(&c->clients[pair[0]],
                                         &c->clients[pair[1]], &no_packet);
    }
    return allowed;
}

static unsigned long
batch_cn_linear(void *ctx, int n)
{
    struct cn_case *c = ctx;
    unsigned long allowed = 0;

    for (int i = 0; i < n; i++)
    {
        const uint8_t *pair = c->q[c->next++ % N_QUERIES];
        allowed += linear_c2c_allowed(c, pair[0], pair[1]);
    }
    return allowed;
}

static unsigned long
batch_cn_hash(void *ctx, int n)
{
    struct cn_case *c = ctx;
    unsigned long allowed = 0;

    for (int i = 0; i < n; i++)
    {
        const uint8_t *pair = c->q[c->next++ % N_QUERIES];
        allowed += hash_c2c_allowed(c, pair[0], pair[1]);
    }
    return allowed;
}

static void
cn_case_check(struct cn_case *c)
{
    for (int s = 0; s < Q_SETS; s++)
    {
        for (int i = 0; i < N_QUERIES; i++)
        {
            const int src = c->pairs[s][i][0];
            const int dst = c->pairs[s][i][1];
            const bool want = linear_c2c_allowed(c, src, dst);

            if (pf_client_c2c_allowed(&c->clients[src], &c->clients[dst],
                                      &no_packet) != want
                || hash_c2c_allowed(c, src, dst) != want)
            {
                fprintf(stderr, "pf-decide: wrong answer for %s -> %s with "
                        "%d rules\n", c->clients[src].cn, c->clients[dst].cn,
                        c->n_rules);
                exit(1);
            }
        }
    }
}

/*
 * Decisions over entries with protocols and ports
 */

#define P_TCP 6
#define P_UDP 17

struct port_entry
{
    struct subnet s;
    int proto;          /* 6, 17, or that of ICMP of the family */
    int first;
    int last;
};

struct port_query
{
    struct pf_addr a;
    int proto;
    int port;
};

struct port_case
{
    sa_family_t family;
    int n_rules;
    struct port_entry *gen;
    struct pf_rules *rules;         /* with protocols and ports */
    struct pf_rules *addr_rules;    /* the same subnets, without */
    struct port_query queries[Q_SETS][N_QUERIES];
    const struct port_query *q;
    unsigned int next;
};

static int
icmp_of(sa_family_t family)
{
    return family == AF_INET ? 1 : 58;
}

static void
port_case_rules(struct port_case *c, uint64_t *rng)
{
    char *text = NULL, *addr_text = NULL;
    size_t len = 0, addr_len = 0;
    FILE *f = open_memstream(&text, &len);
    FILE *fa = open_memstream(&addr_text, &addr_len);
    char addr[INET6_ADDRSTRLEN];

    fputs("[CLIENTS ACCEPT]\n[SUBNETS ACCEPT]\n", f);
    fputs("[CLIENTS ACCEPT]\n[SUBNETS ACCEPT]\n", fa);
    for (int i = 0; i < c->n_rules; i++)
    {
        struct port_entry *e = &c->gen[i];
        const uint32_t kind = bench_rand_below(rng, 10);

        random_subnet(c->family, false, rng, &e->s);
        inet_ntop(c->family, e->s.net.bytes, addr, sizeof(addr));
        if (kind < 8)
        {
            /* a port, or a range of them */
            e->proto = kind < 5 ? P_TCP : P_UDP;
            e->first = (int)bench_rand_below(rng, 65536);
            e->last = kind % 2 ? e->first
                      : e->first + (int)bench_rand_below(rng, (uint32_t)(65536 - e->first));
        }
        else
        {
            e->proto = icmp_of(c->family);
            e->first = (int)bench_rand_below(rng, 256);
            e->last = e->first;
        }
        fprintf(f, "%c%s/%u %s/%d-%d\n", e->s.allow ? '+' : '-', addr, e->s.bits,
                e->proto == P_TCP ? "tcp" : e->proto == P_UDP ? "udp" : "icmp",
                e->first, e->last);
        fprintf(fa, "%c%s/%u\n", e->s.allow ? '+' : '-', addr, e->s.bits);
    }
    c->rules = rules_from_stream(f, &text, &len);
    c->addr_rules = rules_from_stream(fa, &addr_text, &addr_len);
}

/* Index of the first entry that matches q, or -1 */
static int
port_first_match(const struct port_case *c, const struct port_query *q)
{
    for (int i = 0; i < c->n_rules; i++)
    {
        const struct port_entry *e = &c->gen[i];
        if (e->proto == q->proto && q->port >= e->first && q->port <= e->last
            && subnet_contains(&e->s, &q->a))
        {
            return i;
        }
    }
    return -1;
}

static __attribute__((noinline)) bool
linear_port_allowed(const struct port_case *c, const struct port_query *q)
{
    const int i = port_first_match(c, q);
    return i < 0 || c->gen[i].s.allow;
}

static void
port_case_queries(struct port_case *c, uint64_t *rng)
{
    static const int protos[] = { P_TCP, P_UDP, 0 };

    for (int i = 0; i < N_QUERIES; i++)
    {
        struct port_query *q = &c->queries[Q_RANDOM][i];
        if (bench_rand(rng) & 1)
        {
            /* inside a random entry: its protocol and one of its ports */
            const struct port_entry *e =
                &c->gen[bench_rand_below(rng, (uint32_t)c->n_rules)];
            random_addr_in(&e->s, rng, &q->a);
            q->proto = e->proto;
            q->port = e->first
                      + (int)bench_rand_below(rng, (uint32_t)(e->last - e->first + 1));
        }
        else
        {
            random_addr(c->family, rng, &q->a);
            q->proto = protos[bench_rand_below(rng, 3)];
            q->proto = q->proto ? q->proto : icmp_of(c->family);
            q->port = (int)bench_rand_below(rng, q->proto == P_TCP
                                            || q->proto == P_UDP ? 65536 : 256);
        }

        /* worst case for a scan: packets that no entry matches */
        q = &c->queries[Q_WORST][i];
        do
        {
            random_addr(c->family, rng, &q->a);
            q->proto = P_TCP;
            q->port = (int)bench_rand_below(rng, 65536);
        } while (port_first_match(c, q) >= 0);
    }
}

static struct port_case *
port_case_new(sa_family_t family, int n_rules)
{
    struct port_case *c;
    uint64_t rng = seed ^ (uint64_t)n_rules ^ ((uint64_t)family << 40);

    ALLOC_OBJ_CLEAR(c, struct port_case);
    c->family = family;
    c->n_rules = n_rules;
    ALLOC_ARRAY_CLEAR(c->gen, struct port_entry, n_rules);
    port_case_rules(c, &rng);
    port_case_queries(c, &rng);
    return c;
}

static void
port_case_free(struct port_case *c)
{
    pf_rules_free(c->rules);
    pf_rules_free(c->addr_rules);
    free(c->gen);
    free(c);
}

static unsigned long
batch_port_pf(void *ctx, int n)
{
    struct port_case *c = ctx;
    unsigned long allowed = 0;

    for (int i = 0; i < n; i++)
    {
        const struct port_query *q = &c->q[c->next++ % N_QUERIES];
        allowed += pf_rules_match(c->rules, &q->a, q->proto, q->port) == PF_ACCEPT;
    }
    return allowed;
}

static unsigned long
batch_port_addr_only(void *ctx, int n)
{
    struct port_case *c = ctx;
    unsigned long allowed = 0;

    for (int i = 0; i < n; i++)
    {
        allowed += pf_rules_addr_allowed(c->addr_rules, &c->q[c->next++ % N_QUERIES].a);
    }
    return allowed;
}

static unsigned long
batch_port_linear(void *ctx, int n)
{
    struct port_case *c = ctx;
    unsigned long allowed = 0;

    for (int i = 0; i < n; i++)
    {
        allowed += linear_port_allowed(c, &c->q[c->next++ % N_QUERIES]);
    }
    return allowed;
}

static void
port_case_check(const struct port_case *c)
{
    for (int s = 0; s < Q_SETS; s++)
    {
        for (int i = 0; i < N_QUERIES; i++)
        {
            const struct port_query *q = &c->queries[s][i];
            if ((pf_rules_match(c->rules, &q->a, q->proto, q->port) == PF_ACCEPT)
                != linear_port_allowed(c, q))
            {
                struct gc_arena gc = gc_new();
                fprintf(stderr, "pf-decide: wrong answer for %s protocol %d "
                        "port %d with %d rules\n", pf_addr_print(&q->a, &gc),
                        q->proto, q->port, c->n_rules);
                exit(1);
            }
        }
    }
}

/*
 * Flow table: replies to flows that a client opened
 */

struct flow_case
{
    int n_flows;
    struct pf_rules *one_way;       /* >10.0.0.0/8 */
    struct pf_rules *stateless;     /* +10.0.0.0/8 */
    struct pf_flows *flows;
    struct pf_packet replies[N_QUERIES];
    const struct pf_packet *q;
    unsigned int next;
};

#define FLOW_NOW 1000

/* A UDP packet from src:sport to dst:dport, as the data path reads it */
static void
udp_packet(uint32_t src, int sport, uint32_t dst, int dport,
           struct pf_packet *pkt)
{
    uint8_t ip[28] = { 0x45, 0, 0, 28, [8] = 64, [9] = P_UDP };
    const uint32_t s = htonl(src), d = htonl(dst);

    memcpy(ip + 12, &s, 4);
    memcpy(ip + 16, &d, 4);
    ip[20] = (uint8_t)(sport >> 8);
    ip[21] = (uint8_t)sport;
    ip[22] = (uint8_t)(dport >> 8);
    ip[23] = (uint8_t)dport;
    pf_packet_parse(ip, sizeof(ip), false, pkt);
}

static struct pf_rules *
flow_rules(const char *text)
{
    struct pf_error err;
    struct pf_rules *rules = pf_rules_from_text(text, strlen(text), "bench", 0, &err);

    if (!rules)
    {
        fprintf(stderr, "pf-decide: flow rules rejected: %s\n", err.text);
        exit(1);
    }
    return rules;
}

static struct flow_case *
flow_case_new(int n_flows)
{
    struct flow_case *c;
    uint64_t rng = seed ^ (uint64_t)n_flows ^ 0xf10c;
    const uint32_t client = 0x0a080002;     /* 10.8.0.2 */
    uint32_t *peers;
    struct pf_packet pkt;

    ALLOC_OBJ_CLEAR(c, struct flow_case);
    c->n_flows = n_flows;
    c->one_way = flow_rules("[SUBNETS DROP]\n>10.0.0.0/8\n[END]\n");
    c->stateless = flow_rules("[SUBNETS DROP]\n+10.0.0.0/8\n[END]\n");
    c->flows = pf_flows_new(n_flows);
    /* flow i: from port 1024 + i % 60000 to a peer of its own, port 53 */
    ALLOC_ARRAY(peers, uint32_t, n_flows);
    for (int i = 0; i < n_flows; i++)
    {
        peers[i] = 0x0a000000 | (bench_rand_below(&rng, 1 << 24));
        udp_packet(client, 1024 + i % 60000, peers[i], 53, &pkt);
        if (!pf_rules_decide(c->one_way, c->flows, &pkt, true, FLOW_NOW))
        {
            fprintf(stderr, "pf-decide: flow %d refused\n", i);
            exit(1);
        }
    }
    for (int i = 0; i < N_QUERIES; i++)
    {
        const int f = (int)bench_rand_below(&rng, (uint32_t)n_flows);
        udp_packet(peers[f], 53, client, 1024 + f % 60000, &c->replies[i]);
    }
    free(peers);
    return c;
}

static void
flow_case_free(struct flow_case *c)
{
    pf_rules_free(c->one_way);
    pf_rules_free(c->stateless);
    pf_flows_free(c->flows);
    free(c);
}

static unsigned long
batch_flow_reply(void *ctx, int n)
{
    struct flow_case *c = ctx;
    unsigned long allowed = 0;

    for (int i = 0; i < n; i++)
    {
        allowed += pf_rules_decide(c->one_way, c->flows,
                                   &c->q[c->next++ % N_QUERIES], false, FLOW_NOW);
    }
    return allowed;
}

static unsigned long
batch_flow_stateless(void *ctx, int n)
{
    struct flow_case *c = ctx;
    unsigned long allowed = 0;

    for (int i = 0; i < n; i++)
    {
        allowed += pf_rules_decide(c->stateless, NULL,
                                   &c->q[c->next++ % N_QUERIES], false, FLOW_NOW);
    }
    return allowed;
}

static void
flow_case_check(struct flow_case *c)
{
    for (int i = 0; i < N_QUERIES; i++)
    {
        if (!pf_rules_decide(c->one_way, c->flows, &c->replies[i], false, FLOW_NOW))
        {
            fprintf(stderr, "pf-decide: a reply to flow %d was dropped\n", i);
            exit(1);
        }
    }
    if (pf_flows_count(c->flows) != c->n_flows)
    {
        fprintf(stderr, "pf-decide: %d flows in the table, want %d\n",
                pf_flows_count(c->flows), c->n_flows);
        exit(1);
    }
}

/*
 * Output
 */

static void
print_header(void)
{
    printf("ns per decision: median [fastest batch, slowest batch] of %d "
           "batches of ~%.1f ms\n", n_batches, batch_target_ns / 1e6);
    printf("%-5s %7s %-7s %23s %23s %23s %9s\n", "kind", "rules", "queries",
           "pf", "linear scan", "2.5 list/hash", "pf/linear");
}

static void
print_stats(const struct bench_stats *s)
{
    char text[64];

    snprintf(text, sizeof(text), "%.1f [%.1f, %.1f]", s->median, s->min, s->max);
    printf(" %23s", text);
}

static void
print_row(const char *kind, int n_rules, int set, const struct bench_stats *pf,
          const struct bench_stats *linear, const struct bench_stats *old)
{
    printf("%-5s %7d %-7s", kind, n_rules, query_set_name[set]);
    print_stats(pf);
    print_stats(linear);
    if (old)
    {
        print_stats(old);
    }
    else
    {
        printf(" %23s", "-");
    }
    printf(" %9.2f\n", pf->median / linear->median);
    fflush(stdout);
}

static void
bench_c2c(int n_rules)
{
    struct cn_case *c = cn_case_new(n_rules);

    cn_case_check(c);
    for (int s = 0; s < Q_SETS; s++)
    {
        c->q = c->pairs[s];
        const struct bench_stats pf = measure(batch_cn_pf, c);
        const struct bench_stats linear = measure(batch_cn_linear, c);
        const struct bench_stats hash = measure(batch_cn_hash, c);
        print_row("c2c", n_rules, s, &pf, &linear, &hash);
    }
    cn_case_free(c);
}

/*
 * The medians of the last address-only rows (ipv4, ipv6) and their size,
 * which the rows with ports at the same size are compared to
 */
static double subnet_median[2][Q_SETS];
static int subnet_rules[2];

static void
bench_subnets(sa_family_t family, int n_rules)
{
    struct subnet_case *c = subnet_case_new(family, n_rules);

    subnet_case_check(c);
    for (int s = 0; s < Q_SETS; s++)
    {
        c->q = c->queries[s];
        const struct bench_stats pf = measure(batch_subnet_pf, c);
        const struct bench_stats linear = measure(batch_subnet_linear, c);
        subnet_median[family == AF_INET6][s] = pf.median;
        subnet_rules[family == AF_INET6] = n_rules;
        if (family == AF_INET)
        {
            const struct bench_stats list = measure(batch_subnet_list, c);
            print_row("ipv4", n_rules, s, &pf, &linear, &list);
        }
        else
        {
            print_row("ipv6", n_rules, s, &pf, &linear, NULL);
        }
    }
    subnet_case_free(c);
}

static void
bench_ports(sa_family_t family, int n_rules)
{
    struct port_case *c = port_case_new(family, n_rules);

    port_case_check(c);
    for (int s = 0; s < Q_SETS; s++)
    {
        c->q = c->queries[s];
        const struct bench_stats pf = measure(batch_port_pf, c);
        const struct bench_stats linear = measure(batch_port_linear, c);
        const struct bench_stats addr = measure(batch_port_addr_only, c);
        print_row(family == AF_INET ? "port4" : "port6", n_rules, s, &pf,
                  &linear, &addr);
        printf("      ports/address-only: %.2f (same subnets)", pf.median / addr.median);
        if (subnet_rules[family == AF_INET6] == n_rules)
        {
            printf(", %.2f (%s row)", pf.median / subnet_median[family == AF_INET6][s],
                   family == AF_INET ? "ipv4" : "ipv6");
        }
        printf("\n");
    }
    port_case_free(c);
}

static void
bench_flows(int n_flows)
{
    struct flow_case *c = flow_case_new(n_flows);

    flow_case_check(c);
    c->q = c->replies;
    const struct bench_stats flows = measure(batch_flow_reply, c);
    const struct bench_stats stateless = measure(batch_flow_stateless, c);
    printf("%-5s %7d %-7s", "flows", n_flows, "replies");
    print_stats(&flows);
    printf(" %23s", "-");
    print_stats(&stateless);
    printf(" %9s\n      one-way/stateless: %.2f\n", "-",
           flows.median / stateless.median);
    fflush(stdout);
    flow_case_free(c);
}

static void
usage(void)
{
    fprintf(stderr, "usage: pf-decide [-b BATCHES] [-t BATCH_MS] [-s SEED] "
            "[-k KINDS] [RULES...]\n"
            "  times PF decisions with RULES rules each "
            "(default: 1 100 10000 100000)\n"
            "  of the KINDS c2c, ipv4, ipv6, ports4, ports6 (RULES entries\n"
            "  with protocols and ports: the third column is the address-only\n"
            "  lookup of the same subnets; also compared to the ipv4 or ipv6\n"
            "  row of the same size where that kind runs too), flows (RULES flows; third column:\n"
            "  the same packets under stateless rules) (default: all)\n"
            "  in BATCHES batches (default 31) of about BATCH_MS ms "
            "(default 2)\n");
    exit(2);
}

static bool
kind_wanted(const char *kind)
{
    const size_t len = strlen(kind);

    for (const char *k = strstr(kinds, kind); k; k = strstr(k + 1, kind))
    {
        if ((k == kinds || k[-1] == ',') && (k[len] == ',' || k[len] == '\0'))
        {
            return true;
        }
    }
    return false;
}

int
main(int argc, char *argv[])
{
    static const int default_sizes[] = { 1, 100, 10000, 100000 };
    int opt;

    while ((opt = getopt(argc, argv, "b:t:s:k:h")) != -1)
    {
        switch (opt)
        {
            case 'b':
                n_batches = atoi(optarg);
                break;

            case 't':
                batch_target_ns = atof(optarg) * 1e6;
                break;

            case 's':
                seed = strtoull(optarg, NULL, 0);
                break;

            case 'k':
                kinds = optarg;
                break;

            default:
                usage();
        }
    }
    if (n_batches < 1 || n_batches > MAX_BATCHES || batch_target_ns <= 0
        || seed == 0)
    {
        usage();
    }

    const int n_sizes = argc > optind ? argc - optind : (int)SIZE(default_sizes);
    int sizes[64];
    for (int i = 0; i < n_sizes && i < (int)SIZE(sizes); i++)
    {
        sizes[i] = argc > optind ? atoi(argv[optind + i]) : default_sizes[i];
        if (sizes[i] < 1 || sizes[i] > 10000000)
        {
            usage();
        }
    }

    pf_report_to(report_errors_only);
    print_header();
    for (int i = 0; i < n_sizes && i < (int)SIZE(sizes); i++)
    {
        if (kind_wanted("c2c"))
        {
            bench_c2c(sizes[i]);
        }
        if (kind_wanted("ipv4"))
        {
            bench_subnets(AF_INET, sizes[i]);
        }
        if (kind_wanted("ipv6"))
        {
            bench_subnets(AF_INET6, sizes[i]);
        }
        /* one entry or flow says little; the issue asks for 10,000 up */
        if (kind_wanted("ports4") && sizes[i] >= 10000)
        {
            bench_ports(AF_INET, sizes[i]);
        }
        if (kind_wanted("ports6") && sizes[i] >= 10000)
        {
            bench_ports(AF_INET6, sizes[i]);
        }
        if (kind_wanted("flows") && sizes[i] >= 10000)
        {
            bench_flows(sizes[i]);
        }
    }
    return 0;
}
