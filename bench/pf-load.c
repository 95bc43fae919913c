/*
 * openvpn-pf benchmark: the time and memory it takes to load a rule file.
 *
 * Writes rule files of 10,000 and 100,000 entries (or the counts given)
 * into a directory and loads each repeatedly with pf_rules_from_file(),
 * as --pf-dir does when a client connects:
 *   ipv4  [SUBNETS ACCEPT] and "-172.16.x.y/32" lines, the shape of the
 *         legacy benchmark's files (rules that never match)
 *   ipv6  [SUBNETS ACCEPT] and "-2001:db8:x:y::/64" lines
 *         (every other address or subnet, so that no two entries merge
 *         into one range: the most memory a rule set of n entries takes)
 *   cn    [CLIENTS DROP] and "+client-NNNNNNN" lines
 * It prints the load time (read, parse and build; the file is in the page
 * cache), the time to parse the same text from memory, and the memory the
 * loaded rules keep (mallinfo2() uordblks + hblkhd, before and after).
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "syshead.h"


#include "buffer.h"
#include "pf.h"

#include "bench.h"

#define MAX_REPEATS 1001

enum rule_kind
{
    KIND_IPV4,
    KIND_IPV6,
    KIND_CN,
    N_KINDS
};

static const char *const kind_name[N_KINDS] = { "ipv4", "ipv6", "cn" };

static int n_repeats = 21;

static void
write_rules(FILE *f, enum rule_kind kind, int n)
{
    fputs(kind == KIND_CN ? "[CLIENTS DROP]\n" : "[CLIENTS ACCEPT]\n"
          "[SUBNETS ACCEPT]\n", f);
    for (int i = 0; i < n; i++)
    {
        const int gap = 2 * i;

        switch (kind)
        {
            case KIND_IPV4:
                fprintf(f, "-172.%d.%d.%d/32\n", 16 + (gap >> 16),
                        (gap >> 8) & 255, gap & 255);
                break;

            case KIND_IPV6:
                fprintf(f, "-2001:db8:%x:%x::/64\n", gap >> 16, gap & 0xffff);
                break;

            default:
                fprintf(f, "+client-%07d\n", i);
                break;
        }
    }
    fputs(kind == KIND_CN ? "[SUBNETS DROP]\n[END]\n" : "[END]\n", f);
}

static char *
read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *text;

    if (!f || fseek(f, 0, SEEK_END) < 0)
    {
        perror(path);
        exit(1);
    }
    *len = (size_t)ftell(f);
    rewind(f);
    text = malloc(*len);
    if (!text || fread(text, 1, *len, f) != *len)
    {
        perror(path);
        exit(1);
    }
    fclose(f);
    return text;
}

static struct pf_rules *
load_or_die(const char *path, const char *text, size_t len)
{
    struct pf_error err;
    struct pf_rules *rules = text ? pf_rules_from_text(text, len, path, 0, &err)
                             : pf_rules_from_file(path, 0, NULL, &err);

    if (!rules)
    {
        fprintf(stderr, "pf-load: %s:%d: %s\n", path, err.line, err.text);
        exit(1);
    }
    return rules;
}

/* Milliseconds per load, from a file or (if text) from memory */
static struct bench_stats
time_loads(const char *path, const char *text, size_t len)
{
    double samples[MAX_REPEATS];

    pf_rules_free(load_or_die(path, text, len));    /* warm up */
    for (int r = 0; r < n_repeats; r++)
    {
        const uint64_t start = bench_now_ns();
        struct pf_rules *rules = load_or_die(path, text, len);
        samples[r] = (double)(bench_now_ns() - start) / 1e6;
        pf_rules_free(rules);
    }
    return bench_stats_of(samples, n_repeats);
}

static void
bench_file(const char *dir, enum rule_kind kind, int n)
{
    char path[PATH_MAX];
    size_t len;

    snprintf(path, sizeof(path), "%s/%s-%d", dir, kind_name[kind], n);
    FILE *f = fopen(path, "w");
    if (!f)
    {
        perror(path);
        exit(1);
    }
    write_rules(f, kind, n);
    fclose(f);

    char *text = read_all(path, &len);
    const struct bench_stats file = time_loads(path, NULL, 0);
    const struct bench_stats mem = time_loads(path, text, len);

    const size_t before = bench_heap_in_use();
    struct pf_rules *rules = load_or_die(path, NULL, 0);
    const size_t kept = bench_heap_in_use() - before;
    pf_rules_free(rules);
    free(text);

    char text_file[64], text_mem[64];
    snprintf(text_file, sizeof(text_file), "%.2f [%.2f, %.2f]", file.median,
             file.min, file.max);
    snprintf(text_mem, sizeof(text_mem), "%.2f [%.2f, %.2f]", mem.median,
             mem.min, mem.max);
    printf("%-5s %7d %9zu %24s %24s %10zu %7.1f %7.1f\n", kind_name[kind], n,
           len, text_file, text_mem, kept, (double)kept / n,
           file.median * 1e6 / n);
    fflush(stdout);
}

static void
usage(void)
{
    fprintf(stderr, "usage: pf-load [-r REPEATS] DIR [ENTRIES...]\n"
            "  writes rule files of ENTRIES entries (default: 10000 100000) "
            "into DIR\n  and times loading them\n");
    exit(2);
}

int
main(int argc, char *argv[])
{
    static const int default_sizes[] = { 10000, 100000 };
    int opt;

    while ((opt = getopt(argc, argv, "r:h")) != -1)
    {
        if (opt == 'r')
        {
            n_repeats = atoi(optarg);
        }
        else
        {
            usage();
        }
    }
    if (optind >= argc || n_repeats < 1 || n_repeats > MAX_REPEATS)
    {
        usage();
    }
    const char *dir = argv[optind++];

    printf("pf_rules_from_file(), ms: median [min, max] of %d loads; "
           "kept: heap bytes the rules keep\n", n_repeats);
    printf("%-5s %7s %9s %24s %24s %10s %7s %7s\n", "rules", "entries", "bytes",
           "load from file, ms", "parse text only, ms", "kept B", "B/rule",
           "ns/entry");
    for (int k = 0; k < N_KINDS; k++)
    {
        for (int i = 0; optind + i < argc || (argc == optind && i < 2); i++)
        {
            const int n = argc > optind ? atoi(argv[optind + i]) : default_sizes[i];
            if (n < 1 || n > 500000)
            {
                usage();
            }
            bench_file(dir, (enum rule_kind)k, n);
        }
    }
    return 0;
}
