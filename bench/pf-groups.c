/*
 * openvpn-pf benchmark: what group entries ('+@staff') cost.
 *
 * 1,000 clients, each a member of 1 to 3 of 50 groups, each with rules of
 * its own: [CLIENTS DROP], 5 common name entries and 5 to 10 group
 * entries ('-@g07', '+@g31', '>@g12', every group once at most), built in
 * memory from a seeded generator.  It times
 *   decide  pf_rules_cn_verdict(): the rules of client A about client B,
 *           B's common name hash and groups computed once per client as
 *           the server does.  Four sets of (A, B) pairs: random ones, and
 *           random ones split by what decides: a CN entry for B, a group
 *           entry (B shares a group with the entries), or the [CLIENTS]
 *           default.  The same pairs are timed against the same rules
 *           without their group entries (CN-only), so that the difference
 *           is the cost of groups; every verdict is checked first.
 *   reload  one reload of --pf-dir GROUPS with these memberships: read
 *           and parse the file (pf_members_from_file()), then the groups
 *           of every client (pf_members_names_of(), the numbers of those
 *           that rules use) compared with those it had, as the server's
 *           reload check does.
 *   files   the rule files of groups: combining every client's own rules
 *           with its groups' files, and decisions of the combined sets.
 *   pass    the server's pass over its clients every second
 *           (pf_client_reload()) with all of this in a --pf-dir
 *           directory: each client's own file, GROUPS and a rule file
 *           for each group; a pass where nothing changed, and one after
 *           a group's file changed.
 * and prints the heap that the rule sets and the parsed GROUPS keep.  The
 * files are in a temporary directory, removed at exit.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "syshead.h"

#include "buffer.h"
#include "otime.h"
#include "pf.h"
#include "pf_client.h"
#include "proto.h"

#include "bench.h"

#define N_CLIENTS 1000
#define N_GROUPS 50
#define MAX_GROUPS_OF 3     /* groups a client is a member of, at least 1 */
#define N_CN_ENTRIES 5
#define MIN_GROUP_ENTRIES 5
#define MAX_GROUP_ENTRIES 10
#define N_QUERIES 4096      /* pairs in a set */
#define MAX_BATCHES 1001
#define MAX_RUNS 1001

/* What decides a pair; P_RANDOM is a set of pairs as they come */
enum pair_set
{
    P_RANDOM,
    P_CN,
    P_GROUP,
    P_DEFAULT,
    P_SETS
};

static const char *const pair_set_name[P_SETS] = {
    "random", "CN entry", "group entry", "no entry (default)"
};

struct entry
{
    int who;                /* a client for CN entries, else a group */
    enum pf_verdict verdict;
};

struct client
{
    char cn[16];
    uint32_t cn_hash;
    int n_member_of;
    int member_of[MAX_GROUPS_OF];   /* indexes into group_number[] */
    struct pf_groups groups;
    struct entry cn_entries[N_CN_ENTRIES];
    int n_group_entries;
    struct entry group_entries[MAX_GROUP_ENTRIES];
};

static struct client clients[N_CLIENTS];
static int group_number[N_GROUPS];

/* The same clients' rules, with their group entries and without */
static struct pf_rules *rules_groups[N_CLIENTS];
static struct pf_rules *rules_cn_only[N_CLIENTS];

static uint16_t pairs[P_SETS][N_QUERIES][2];
static double pair_share[P_SETS];

static volatile unsigned long sink;
static int n_batches = 31;
static double batch_target_ns = 2e6;
static int n_runs = 20;
static uint64_t seed = 0x5eed2026;

/* The temporary directory, its GROUPS file and its other files, for the
 * cleanup */
static char tmp_dir[PATH_MAX];
static char groups_path[PATH_MAX];
static char *tmp_files[N_CLIENTS + N_GROUPS];

static void
die(const char *what)
{
    perror(what);
    exit(1);
}

/* unlink() and rmdir() only: it also runs in a signal handler */
static void
remove_tmp(void)
{
    for (size_t i = 0; i < sizeof(tmp_files) / sizeof(*tmp_files); i++)
    {
        if (tmp_files[i])
        {
            unlink(tmp_files[i]);
        }
    }
    if (groups_path[0])
    {
        unlink(groups_path);
    }
    if (tmp_dir[0])
    {
        rmdir(tmp_dir);
    }
}

static void
remove_tmp_and_die(int sig)
{
    remove_tmp();
    signal(sig, SIG_DFL);
    raise(sig);
}

/*
 * The clients and their rules
 */

static char
verdict_char(enum pf_verdict v)
{
    return v == PF_ACCEPT ? '+' : v == PF_ONEWAY ? '>' : '-';
}

/* Does the list hold x?  The lists are short: a scan is all it takes */
static bool
has_who(const struct entry *list, int n, int x)
{
    for (int i = 0; i < n; i++)
    {
        if (list[i].who == x)
        {
            return true;
        }
    }
    return false;
}

static bool
has_int(const int *list, int n, int x)
{
    for (int i = 0; i < n; i++)
    {
        if (list[i] == x)
        {
            return true;
        }
    }
    return false;
}

static void
make_client(int i, uint64_t *rng)
{
    struct client *c = &clients[i];

    snprintf(c->cn, sizeof(c->cn), "cn%03d", i);
    c->cn_hash = pf_cn_hash(c->cn);

    c->n_member_of = 1 + (int)bench_rand_below(rng, MAX_GROUPS_OF);
    for (int k = 0; k < c->n_member_of; k++)
    {
        int g;
        do
        {
            g = (int)bench_rand_below(rng, N_GROUPS);
        } while (has_int(c->member_of, k, g));
        c->member_of[k] = g;
        pf_groups_add(&c->groups, group_number[g]);
    }

    /* distinct peers, never itself: each entry can decide */
    for (int k = 0; k < N_CN_ENTRIES; k++)
    {
        struct entry *e = &c->cn_entries[k];
        do
        {
            e->who = (int)bench_rand_below(rng, N_CLIENTS);
        } while (e->who == i || has_who(c->cn_entries, k, e->who));
        e->verdict = bench_rand(rng) & 1 ? PF_ACCEPT : PF_DROP;
    }

    c->n_group_entries = MIN_GROUP_ENTRIES
                         + (int)bench_rand_below(rng, MAX_GROUP_ENTRIES
                                                 - MIN_GROUP_ENTRIES + 1);
    for (int k = 0; k < c->n_group_entries; k++)
    {
        static const enum pf_verdict kinds[3] = { PF_DROP, PF_ACCEPT, PF_ONEWAY };
        struct entry *e = &c->group_entries[k];
        do
        {
            e->who = (int)bench_rand_below(rng, N_GROUPS);
        } while (has_who(c->group_entries, k, e->who));
        e->verdict = kinds[bench_rand_below(rng, 3)];
    }
}

/* The text of the rules of c, with its group entries or without; free() it */
static char *
rules_text_of(const struct client *c, bool groups, size_t *len)
{
    char *text = NULL;
    FILE *f = open_memstream(&text, len);

    if (!f)
    {
        die("open_memstream");
    }
    fputs("[CLIENTS DROP]\n", f);
    for (int k = 0; k < N_CN_ENTRIES; k++)
    {
        const struct entry *e = &c->cn_entries[k];
        fprintf(f, "%c%s\n", verdict_char(e->verdict), clients[e->who].cn);
    }
    for (int k = 0; groups && k < c->n_group_entries; k++)
    {
        const struct entry *e = &c->group_entries[k];
        fprintf(f, "%c@g%02d\n", verdict_char(e->verdict), e->who);
    }
    fputs("[SUBNETS DROP]\n[END]\n", f);
    fclose(f);
    return text;
}

static struct pf_rules *
rules_of(const struct client *c, bool groups)
{
    size_t len;
    char *text = rules_text_of(c, groups, &len);
    struct pf_error err;
    struct pf_rules *rules = pf_rules_from_text(text, len, c->cn, 0, &err);
    if (!rules)
    {
        fprintf(stderr, "pf-groups: rules of %s rejected, line %d: %s\n",
                c->cn, err.line, err.text);
        exit(1);
    }
    free(text);
    return rules;
}

/* What the rules of src say about dst, by the rules of the format, and
 * which entry said it */
static enum pf_verdict
expected_verdict(const struct client *src, int dst, bool groups,
                 enum pair_set *set)
{
    for (int k = 0; k < N_CN_ENTRIES; k++)
    {
        if (src->cn_entries[k].who == dst)
        {
            *set = P_CN;
            return src->cn_entries[k].verdict;
        }
    }
    for (int k = 0; groups && k < src->n_group_entries; k++)
    {
        const struct entry *e = &src->group_entries[k];
        if (has_int(clients[dst].member_of, clients[dst].n_member_of, e->who))
        {
            *set = P_GROUP;
            return e->verdict;
        }
    }
    *set = P_DEFAULT;
    return PF_DROP;
}

/* Random pairs of different clients until every set is full */
static void
make_pairs(uint64_t *rng)
{
    int n[P_SETS] = { 0 };
    long drawn = 0;

    while (n[P_RANDOM] < N_QUERIES || n[P_CN] < N_QUERIES
           || n[P_GROUP] < N_QUERIES || n[P_DEFAULT] < N_QUERIES)
    {
        const int src = (int)bench_rand_below(rng, N_CLIENTS);
        const int dst = (int)bench_rand_below(rng, N_CLIENTS);
        enum pair_set set;

        if (src == dst)
        {
            continue;
        }
        expected_verdict(&clients[src], dst, true, &set);
        drawn++;
        pair_share[set]++;
        for (int s = 0; s < 2; s++)
        {
            const enum pair_set to = s ? set : P_RANDOM;
            if (n[to] < N_QUERIES)
            {
                pairs[to][n[to]][0] = (uint16_t)src;
                pairs[to][n[to]][1] = (uint16_t)dst;
                n[to]++;
            }
        }
    }
    for (int s = P_CN; s < P_SETS; s++)
    {
        pair_share[s] /= (double)drawn;
    }
}

/* Every verdict of PF must be that of expected_verdict() */
static void
check_pairs(void)
{
    for (int s = 0; s < P_SETS; s++)
    {
        for (int i = 0; i < N_QUERIES; i++)
        {
            const struct client *src = &clients[pairs[s][i][0]];
            const struct client *dst = &clients[pairs[s][i][1]];
            enum pair_set set;

            for (int g = 0; g < 2; g++)
            {
                const enum pf_verdict want =
                    expected_verdict(src, pairs[s][i][1], g, &set);
                struct pf_rules *rules = g ? rules_groups[pairs[s][i][0]]
                                         : rules_cn_only[pairs[s][i][0]];

                if ((s != P_RANDOM && g && set != (enum pair_set)s)
                    || pf_rules_cn_verdict(rules, dst->cn, dst->cn_hash,
                                           &dst->groups) != want)
                {
                    fprintf(stderr, "pf-groups: wrong verdict of %s about %s "
                            "(%s)\n", src->cn, dst->cn,
                            g ? "groups" : "CN-only");
                    exit(1);
                }
            }
        }
    }
}

/*
 * Timing of decisions
 */

struct decide_run
{
    struct pf_rules **rules;        /* rules_groups or rules_cn_only */
    const uint16_t (*q)[2];
    unsigned int next;              /* from batch to batch */
};

static unsigned long
batch_verdicts(struct decide_run *r, int n)
{
    unsigned long sum = 0;

    for (int i = 0; i < n; i++)
    {
        const uint16_t *pair = r->q[r->next++ % N_QUERIES];
        const struct client *dst = &clients[pair[1]];

        /* a checksum, not a count: every verdict counts, in its order */
        sum = sum * 3 + pf_rules_cn_verdict(r->rules[pair[0]], dst->cn,
                                            dst->cn_hash, &dst->groups);
    }
    return sum;
}

static double
time_batch(struct decide_run *r, int n)
{
    const uint64_t start = bench_now_ns();

    sink += batch_verdicts(r, n);
    return (double)(bench_now_ns() - start);
}

/* ns per decision, over batches of about batch_target_ns */
static struct bench_stats
measure(struct pf_rules **rules, enum pair_set set)
{
    struct decide_run r = { .rules = rules, .q = pairs[set] };
    double samples[MAX_BATCHES];
    double t;
    int n = 64;

    /* grow the batch until it takes a tenth of the target, then scale */
    while ((t = time_batch(&r, n)) < batch_target_ns / 10 && n < (1 << 28))
    {
        n *= 2;
    }
    n = (int)(n * batch_target_ns / (t > 0 ? t : 1));
    n = n < 64 ? 64 : n;
    time_batch(&r, n);

    for (int b = 0; b < n_batches; b++)
    {
        samples[b] = time_batch(&r, n) / n;
    }
    return bench_stats_of(samples, n_batches);
}

static void
print_stats(const struct bench_stats *s)
{
    char text[64];

    snprintf(text, sizeof(text), "%.1f [%.1f, %.1f]", s->median, s->min, s->max);
    printf(" %23s", text);
}

static void
bench_decide(void)
{
    int n_entries = 0;
    int n_members = 0;

    for (int i = 0; i < N_CLIENTS; i++)
    {
        n_entries += clients[i].n_group_entries;
        n_members += clients[i].n_member_of;
    }
    printf("%d clients in %d groups (%.2f groups each); rules: %d CN "
           "entries and %.2f group entries each\n", N_CLIENTS, N_GROUPS,
           (double)n_members / N_CLIENTS, N_CN_ENTRIES,
           (double)n_entries / N_CLIENTS);
    printf("random pairs: %.1f%% decided by a CN entry, %.1f%% by a group "
           "entry, %.1f%% by the default\n", 100 * pair_share[P_CN],
           100 * pair_share[P_GROUP], 100 * pair_share[P_DEFAULT]);
    printf("ns per pf_rules_cn_verdict(): median [fastest batch, slowest "
           "batch] of %d batches of ~%.1f ms\n", n_batches,
           batch_target_ns / 1e6);
    printf("%-18s %23s %23s %9s\n", "pairs decided by", "groups",
           "CN-only", "groups/CN");
    for (int s = 0; s < P_SETS; s++)
    {
        const struct bench_stats g = measure(rules_groups, (enum pair_set)s);
        const struct bench_stats c = measure(rules_cn_only, (enum pair_set)s);

        printf("%-18s", pair_set_name[s]);
        print_stats(&g);
        print_stats(&c);
        printf(" %9.2f\n", g.median / c.median);
        fflush(stdout);
    }
}

/*
 * GROUPS reload
 */

/* GROUPS of the clients' memberships; returns its size */
static long
write_groups(void)
{
    FILE *f = fopen(groups_path, "w");

    if (!f)
    {
        die(groups_path);
    }
    fprintf(f, "# pf-groups: %d clients in %d groups\n", N_CLIENTS, N_GROUPS);
    for (int g = 0; g < N_GROUPS; g++)
    {
        fprintf(f, "[g%02d]\n", g);
        for (int i = 0; i < N_CLIENTS; i++)
        {
            if (has_int(clients[i].member_of, clients[i].n_member_of, g))
            {
                fprintf(f, "%s\n", clients[i].cn);
            }
        }
    }
    const long size = ftell(f);
    if (fclose(f) != 0)
    {
        die(groups_path);
    }
    return size;
}

static struct pf_members *
load_groups(void)
{
    struct pf_error err;
    struct pf_members *m = pf_members_from_file(groups_path, NULL, &err);

    if (!m)
    {
        fprintf(stderr, "pf-groups: %s rejected, line %d: %s\n", groups_path,
                err.line, err.text);
        exit(1);
    }
    return m;
}

/* What the server does for each client after GROUPS changed: the
 * numbers of its groups that rules use, and whether they differ from
 * those it had (here: never) */
static int
groups_pass(const struct pf_members *m)
{
    int changed = 0;

    for (int i = 0; i < N_CLIENTS; i++)
    {
        const char *const *names;
        const int n = pf_members_names_of(m, clients[i].cn, &names);
        struct pf_groups groups;

        CLEAR(groups);
        for (int k = 0; k < n; k++)
        {
            const int number = pf_group_find(names[k]);
            if (number >= 0)
            {
                pf_groups_add(&groups, number);
            }
        }
        changed += !pf_groups_equal(&groups, &clients[i].groups);
    }
    return changed;
}

/* VmRSS of /proc/self/status, in KiB */
static long
rss_kib(void)
{
    char line[256];
    long kib = -1;
    FILE *f = fopen("/proc/self/status", "r");

    if (!f)
    {
        die("/proc/self/status");
    }
    while (fgets(line, sizeof(line), f))
    {
        if (!strncmp(line, "VmRSS:", 6))
        {
            kib = atol(line + 6);
        }
    }
    fclose(f);
    return kib;
}

static void
print_run_stats(const char *step, double *ms)
{
    /* bench_stats_of() sorts: the best run is the first */
    const struct bench_stats s = bench_stats_of(ms, n_runs);

    printf("%-28s %10.3f %10.3f %10.3f\n", step, s.min, s.median, s.max);
}

static void
bench_reload(void)
{
    double load_ms[MAX_RUNS], pass_ms[MAX_RUNS], total_ms[MAX_RUNS];
    int n_lines = 0;

    for (int i = 0; i < N_CLIENTS; i++)
    {
        n_lines += clients[i].n_member_of;
    }
    const long size = write_groups();

    /* what one parsed GROUPS keeps, and that it says what was written */
    const size_t heap_before = bench_heap_in_use();
    struct pf_members *m = load_groups();
    const size_t kept = bench_heap_in_use() - heap_before;
    if (pf_members_count_groups(m) != N_GROUPS
        || pf_members_count_cns(m) != N_CLIENTS || groups_pass(m) != 0)
    {
        fprintf(stderr, "pf-groups: %s does not give the groups written\n",
                groups_path);
        exit(1);
    }
    pf_members_free(m);

    const long rss_before = rss_kib();
    for (int r = 0; r < n_runs; r++)
    {
        const uint64_t start = bench_now_ns();
        m = load_groups();
        const uint64_t loaded = bench_now_ns();
        sink += (unsigned long)groups_pass(m);
        const uint64_t done = bench_now_ns();

        pf_members_free(m);
        load_ms[r] = (double)(loaded - start) / 1e6;
        pass_ms[r] = (double)(done - loaded) / 1e6;
        total_ms[r] = (double)(done - start) / 1e6;
    }
    const long rss_after = rss_kib();

    printf("\nGROUPS reload: %d member lines (%d clients) in %d groups, "
           "%ld bytes; ms of %d runs\n", n_lines, N_CLIENTS, N_GROUPS, size,
           n_runs);
    printf("%-28s %10s %10s %10s\n", "step", "best", "median", "slowest");
    print_run_stats("pf_members_from_file()", load_ms);
    char step[64];
    snprintf(step, sizeof(step), "groups of %d clients", N_CLIENTS);
    print_run_stats(step, pass_ms);
    print_run_stats("one reload (both)", total_ms);
    printf("heap kept by the parsed GROUPS: %zu bytes (%.1f per member line); "
           "RSS %ld KiB before the runs, %ld KiB after\n", kept,
           (double)kept / n_lines, rss_before, rss_after);
}

/*
 * Rule files of groups: each group's file has N_GROUP_FILE_SUBNETS
 * address entries, half of them with ports, which follow the entries of
 * a member's own file (pf_rules_combine())
 */
#define N_GROUP_FILE_SUBNETS 40
#define N_ADDR_QUERIES 4096

static struct pf_rules *group_files[N_GROUPS];
static struct pf_rules *combined[N_CLIENTS];

/* The text of the rule file of group g: a CN entry, then a /24 of
 * 10.g.0.0/16 each; free() it */
static char *
group_file_text(int g, size_t *len)
{
    char *text = NULL;
    FILE *f = open_memstream(&text, len);

    if (!f)
    {
        die("open_memstream");
    }
    fprintf(f, "[CLIENTS DROP]\n+cn%03d\n[SUBNETS DROP]\n", g);
    for (int k = 0; k < N_GROUP_FILE_SUBNETS; k++)
    {
        fprintf(f, k % 2 ? "+10.%d.%d.0/24 tcp/22,443\n" : "+10.%d.%d.0/24\n",
                g, k);
    }
    fputs("[END]\n", f);
    fclose(f);
    return text;
}

static struct pf_rules *
group_file_of(int g)
{
    size_t len;
    char *text = group_file_text(g, &len);
    char source[16];

    snprintf(source, sizeof(source), "@g%02d", g);
    struct pf_rules *rules = pf_rules_from_text(text, len, source, 0, NULL);
    if (!rules)
    {
        fprintf(stderr, "pf-groups: the rules of %s are rejected\n", source);
        exit(1);
    }
    free(text);
    return rules;
}

/* Combine the own rules of every client with its groups' files, as a
 * change of all group files makes the server do */
static void
combine_all(void)
{
    for (int i = 0; i < N_CLIENTS; i++)
    {
        const struct client *c = &clients[i];
        struct pf_rules *more[MAX_GROUPS_OF];
        int sorted[MAX_GROUPS_OF];

        /* the files in the order of the group names, which is theirs */
        memcpy(sorted, c->member_of, sizeof(sorted));
        for (int a = 1; a < c->n_member_of; a++)
        {
            for (int b = a; b > 0 && sorted[b - 1] > sorted[b]; b--)
            {
                const int t = sorted[b];
                sorted[b] = sorted[b - 1];
                sorted[b - 1] = t;
            }
        }
        for (int k = 0; k < c->n_member_of; k++)
        {
            more[k] = group_files[sorted[k]];
        }
        pf_rules_free(combined[i]);
        combined[i] = pf_rules_combine(rules_groups[i], more, c->n_member_of);
        if (!combined[i])
        {
            fprintf(stderr, "pf-groups: the rules of %s do not combine\n", c->cn);
            exit(1);
        }
    }
}

/* ns per pf_rules_match() of a member for an address of its groups' */
static double
time_addr_batch(const uint16_t *who, const struct pf_addr *where, int n)
{
    const uint64_t start = bench_now_ns();
    unsigned long sum = 0;

    for (int i = 0; i < n; i++)
    {
        const int q = i % N_ADDR_QUERIES;
        sum = sum * 3 + pf_rules_match(combined[who[q]], &where[q],
                                       OPENVPN_IPPROTO_TCP, 443);
    }
    sink += sum;
    return (double)(bench_now_ns() - start) / n;
}

static void
bench_group_files(uint64_t *rng)
{
    static uint16_t who[N_ADDR_QUERIES];
    static struct pf_addr where[N_ADDR_QUERIES];
    double combine_ms[MAX_RUNS];
    double match_ns[MAX_BATCHES];
    int entries = 0;

    for (int g = 0; g < N_GROUPS; g++)
    {
        group_files[g] = group_file_of(g);
    }
    const size_t heap_before = bench_heap_in_use();
    combine_all();
    const size_t kept = bench_heap_in_use() - heap_before;
    for (int i = 0; i < N_CLIENTS; i++)
    {
        entries += pf_rules_count(combined[i]);
    }
    for (int r = 0; r < n_runs; r++)
    {
        const uint64_t start = bench_now_ns();
        combine_all();
        combine_ms[r] = (double)(bench_now_ns() - start) / 1e6;
    }

    /* an address in a /24 of one of the member's groups, or anywhere */
    for (int q = 0; q < N_ADDR_QUERIES; q++)
    {
        const struct client *c;
        who[q] = (uint16_t)bench_rand_below(rng, N_CLIENTS);
        c = &clients[who[q]];
        where[q].family = AF_INET;
        where[q].bytes[0] = 10;
        where[q].bytes[1] = (uint8_t)c->member_of[bench_rand_below(rng, c->n_member_of)];
        where[q].bytes[2] = (uint8_t)bench_rand_below(rng, 2 * N_GROUP_FILE_SUBNETS);
        where[q].bytes[3] = (uint8_t)bench_rand_below(rng, 256);
    }
    const int n = (int)(batch_target_ns / 20);
    time_addr_batch(who, where, n);
    for (int b = 0; b < n_batches; b++)
    {
        match_ns[b] = time_addr_batch(who, where, n);
    }
    const struct bench_stats m = bench_stats_of(match_ns, n_batches);

    printf("\nrule files of groups: %d files of %d address entries (half "
           "with ports); each client's own rules and its groups' files\n",
           N_GROUPS, N_GROUP_FILE_SUBNETS);
    printf("%-28s %10s %10s %10s\n", "ms of a run", "best", "median", "slowest");
    char step[64];
    snprintf(step, sizeof(step), "combine all %d clients", N_CLIENTS);
    print_run_stats(step, combine_ms);
    printf("combined rule sets: %.1f entries each, heap kept %zu bytes "
           "(%.0f per client)\n", (double)entries / N_CLIENTS, kept,
           (double)kept / N_CLIENTS);
    printf("ns per pf_rules_match() of a combined set (tcp/443 to an address "
           "of a member's groups): median %.1f [%.1f, %.1f]\n", m.median,
           m.min, m.max);
    for (int i = 0; i < N_CLIENTS; i++)
    {
        pf_rules_free(combined[i]);
    }
    for (int g = 0; g < N_GROUPS; g++)
    {
        pf_rules_free(group_files[g]);
    }
}

/*
 * The server's pass every second
 */

/* Write text to the file at path */
static void
write_file(const char *path, const char *text, size_t len)
{
    FILE *f = fopen(path, "w");

    if (!f || fwrite(text, 1, len, f) != len || fclose(f) != 0)
    {
        die(path);
    }
}

/* The path of file i of the temporary directory, a client's own or a
 * group's: known to the cleanup before it is written */
static const char *
tmp_file(int i, const char *name)
{
    if (!tmp_files[i])
    {
        const size_t size = strlen(tmp_dir) + strlen(name) + 2;
        tmp_files[i] = malloc(size);
        if (!tmp_files[i])
        {
            die("malloc");
        }
        snprintf(tmp_files[i], size, "%s/%s", tmp_dir, name);
    }
    return tmp_files[i];
}

/* Write the own rule file of every client and the rule file of each group */
static void
write_dir(void)
{
    for (int i = 0; i < N_CLIENTS; i++)
    {
        size_t len;
        char *text = rules_text_of(&clients[i], true, &len);
        write_file(tmp_file(i, clients[i].cn), text, len);
        free(text);
    }
    for (int g = 0; g < N_GROUPS; g++)
    {
        char name[16];
        size_t len;
        char *text = group_file_text(g, &len);
        snprintf(name, sizeof(name), "@g%02d", g);
        write_file(tmp_file(N_CLIENTS + g, name), text, len);
        free(text);
    }
}

/* ms of one pass a second later than the last */
static double
server_pass_ms(struct pf_client *pfc)
{
    now++;
    const uint64_t start = bench_now_ns();
    for (int i = 0; i < N_CLIENTS; i++)
    {
        if (!pf_client_reload(&pfc[i]))
        {
            fprintf(stderr, "pf-groups: %s lost its rules\n", clients[i].cn);
            exit(1);
        }
    }
    return (double)(bench_now_ns() - start) / 1e6;
}

static void
bench_server_pass(void)
{
    double idle_ms[MAX_RUNS], changed_ms[MAX_RUNS];
    struct pf_client *pfc = calloc(N_CLIENTS, sizeof(*pfc));
    int members = 0;

    if (!pfc)
    {
        die("calloc");
    }
    write_groups();
    write_dir();
    now = 1000000;
    for (int i = 0; i < N_CLIENTS; i++)
    {
        pf_client_init(&pfc[i]);
        pf_client_set_cn(&pfc[i], clients[i].cn);
        if (!pf_client_use_dir(&pfc[i], tmp_dir))
        {
            fprintf(stderr, "pf-groups: %s is refused\n", clients[i].cn);
            exit(1);
        }
    }
    for (int r = 0; r < n_runs; r++)
    {
        idle_ms[r] = server_pass_ms(pfc);
    }
    for (int r = 0; r < n_runs; r++)
    {
        const char *path = tmp_files[N_CLIENTS + r % N_GROUPS];
        FILE *f = fopen(path, "a");

        /* a change that keeps the rules, so that every run is alike */
        if (!f || fprintf(f, "# run %d\n", r) < 0 || fclose(f) != 0)
        {
            die(path);
        }
        changed_ms[r] = server_pass_ms(pfc);
    }
    for (int i = 0; i < N_CLIENTS; i++)
    {
        members += clients[i].n_member_of;
        pf_client_free(&pfc[i]);
    }
    free(pfc);

    printf("\nserver pass: %d clients of --pf-dir, each with its own file, in "
           "%d groups (%.2f each) with rule files; ms of %d passes\n",
           N_CLIENTS, N_GROUPS, (double)members / N_CLIENTS, n_runs);
    printf("%-28s %10s %10s %10s\n", "pass", "best", "median", "slowest");
    print_run_stats("nothing changed", idle_ms);
    print_run_stats("a group's file changed", changed_ms);
}

/* Heap that the rule sets of all clients keep */
static size_t
build_rules(struct pf_rules **rules, bool groups)
{
    const size_t before = bench_heap_in_use();

    for (int i = 0; i < N_CLIENTS; i++)
    {
        rules[i] = rules_of(&clients[i], groups);
    }
    return bench_heap_in_use() - before;
}

static void
usage(void)
{
    fprintf(stderr, "usage: pf-groups [-b BATCHES] [-t BATCH_MS] [-r RUNS] "
            "[-s SEED]\n"
            "  %d clients in %d groups: ns per pf_rules_cn_verdict() with "
            "group entries\n  and without, in BATCHES batches (default 31) "
            "of about BATCH_MS ms (default 2);\n  then RUNS (default 20) "
            "reloads of a GROUPS file, combinations with the rule\n  files "
            "of groups and server passes, in a temporary directory\n  "
            "(under $TMPDIR or /tmp)\n", N_CLIENTS, N_GROUPS);
    exit(2);
}

int
main(int argc, char *argv[])
{
    int opt;

    while ((opt = getopt(argc, argv, "b:t:r:s:h")) != -1)
    {
        switch (opt)
        {
            case 'b':
                n_batches = atoi(optarg);
                break;

            case 't':
                batch_target_ns = atof(optarg) * 1e6;
                break;

            case 'r':
                n_runs = atoi(optarg);
                break;

            case 's':
                seed = strtoull(optarg, NULL, 0);
                break;

            default:
                usage();
        }
    }
    if (optind != argc || n_batches < 1 || n_batches > MAX_BATCHES
        || batch_target_ns <= 0 || n_runs < 1 || n_runs > MAX_RUNS
        || seed == 0)
    {
        usage();
    }

    const char *tmp = getenv("TMPDIR");
    if (snprintf(groups_path, sizeof(groups_path), "%s/pf-groups.XXXXXX/GROUPS",
                 tmp && *tmp ? tmp : "/tmp") >= (int)sizeof(groups_path))
    {
        fprintf(stderr, "pf-groups: $TMPDIR is too long\n");
        exit(1);
    }
    /* the directory is the path without "/GROUPS" */
    memcpy(tmp_dir, groups_path, strlen(groups_path) - strlen("/GROUPS"));
    if (!mkdtemp(tmp_dir))
    {
        tmp_dir[0] = '\0';
        die("mkdtemp");
    }
    memcpy(groups_path, tmp_dir, strlen(tmp_dir));
    atexit(remove_tmp);
    signal(SIGINT, remove_tmp_and_die);
    signal(SIGTERM, remove_tmp_and_die);
    signal(SIGHUP, remove_tmp_and_die);

    /* numbered once per process, as the server does */
    for (int g = 0; g < N_GROUPS; g++)
    {
        char name[16];

        snprintf(name, sizeof(name), "g%02d", g);
        group_number[g] = pf_group_number(name);
        if (group_number[g] < 0)
        {
            fprintf(stderr, "pf-groups: no number for group %s\n", name);
            exit(1);
        }
    }

    uint64_t rng = seed;
    for (int i = 0; i < N_CLIENTS; i++)
    {
        make_client(i, &rng);
    }
    const size_t kept_groups = build_rules(rules_groups, true);
    const size_t kept_cn_only = build_rules(rules_cn_only, false);
    make_pairs(&rng);
    check_pairs();

    bench_decide();
    printf("heap kept by the %d rule sets: %zu bytes with group entries, "
           "%zu CN-only\n", N_CLIENTS, kept_groups, kept_cn_only);
    fflush(stdout);

    bench_reload();
    bench_group_files(&rng);
    bench_server_pass();

    for (int i = 0; i < N_CLIENTS; i++)
    {
        pf_rules_free(rules_groups[i]);
        pf_rules_free(rules_cn_only[i]);
    }
    return 0;
}
