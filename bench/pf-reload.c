/*
 * openvpn-pf benchmark: many clients on one big --pf-dir DEFAULT file.
 *
 * Writes DIR/DEFAULT with ENTRIES SUBNETS entries (the "ipv4" shape of
 * pf-load: "-172.16.x.y/32" lines that never match), connects CLIENTS
 * clients with common names that have no file of their own, as --pf-dir
 * does (pf_client_use_dir()), and then runs the server's per-second
 * reload pass (pf_client_reload() for every client, as multi_pf_reload()
 * does) twice: once with nothing changed, and once after DEFAULT was
 * replaced by rename with one entry more.  Every client then has to get
 * the new rules: when each parses the file on its own, that pass parses
 * it CLIENTS times and keeps CLIENTS copies.
 *
 * Prints the time of connecting all clients and of each pass, and the
 * memory in use after each step: the heap (mallinfo2() uordblks +
 * hblkhd), the resident set (VmRSS) and its peak (VmHWM).  It uses only
 * the pf_client.h interface, so that it builds against any version of
 * the series; compare one built before a change with one built after.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "syshead.h"


#include "buffer.h"
#include "pf_client.h"

#include "bench.h"

static void
die(const char *what)
{
    perror(what);
    exit(1);
}

/* Write DEFAULT with n entries: to a temporary file renamed over it */
static void
write_default(const char *dir, int n)
{
    char tmp[PATH_MAX], path[PATH_MAX];

    snprintf(tmp, sizeof(tmp), "%s/.DEFAULT.tmp", dir);
    snprintf(path, sizeof(path), "%s/DEFAULT", dir);
    FILE *f = fopen(tmp, "w");
    if (!f)
    {
        die(tmp);
    }
    fputs("[CLIENTS ACCEPT]\n[SUBNETS ACCEPT]\n", f);
    for (int i = 0; i < n; i++)
    {
        const int gap = 2 * i;
        fprintf(f, "-172.%d.%d.%d/32\n", 16 + (gap >> 16), (gap >> 8) & 255,
                gap & 255);
    }
    fputs("[END]\n", f);
    if (fclose(f) != 0 || rename(tmp, path) != 0)
    {
        die(path);
    }
}

/* A "Vm...:" line of /proc/self/status, in MiB */
static double
status_mib(const char *key)
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
        if (!strncmp(line, key, strlen(key)))
        {
            kib = atol(line + strlen(key));
        }
    }
    fclose(f);
    return (double)kib / 1024;
}

static void
report(const char *step, double ms)
{
    const double heap_mib = (double)bench_heap_in_use() / (1024 * 1024);

    printf("%-26s %12.1f %10.1f %10.1f %10.1f\n", step, ms, heap_mib,
           status_mib("VmRSS:"), status_mib("VmHWM:"));
    fflush(stdout);
}

/* One reload pass over all clients; ms */
static double
reload_pass(struct pf_client *clients, int n)
{
    const uint64_t start = bench_now_ns();

    for (int i = 0; i < n; i++)
    {
        if (!pf_client_reload(&clients[i]))
        {
            fprintf(stderr, "pf-reload: client %d was disconnected\n", i);
            exit(1);
        }
    }
    return (double)(bench_now_ns() - start) / 1e6;
}

static void
usage(void)
{
    fprintf(stderr, "usage: pf-reload [-c CLIENTS] [-e ENTRIES] DIR\n"
            "  CLIENTS clients (default 1000) use DIR/DEFAULT of ENTRIES "
            "entries\n  (default 50000); times connecting them and one "
            "reload pass\n");
    exit(2);
}

int
main(int argc, char *argv[])
{
    int n_clients = 1000;
    int n_entries = 50000;
    int opt;

    while ((opt = getopt(argc, argv, "c:e:h")) != -1)
    {
        switch (opt)
        {
            case 'c':
                n_clients = atoi(optarg);
                break;

            case 'e':
                n_entries = atoi(optarg);
                break;

            default:
                usage();
        }
    }
    if (optind != argc - 1 || n_clients < 1 || n_clients > 100000
        || n_entries < 1 || n_entries > 500000)
    {
        usage();
    }
    const char *dir = argv[optind];

    write_default(dir, n_entries);
    struct pf_client *clients = calloc((size_t)n_clients, sizeof(*clients));
    if (!clients)
    {
        die("calloc");
    }

    printf("%d clients on one DEFAULT of %d entries (--pf-dir %s)\n",
           n_clients, n_entries, dir);
    printf("%-26s %12s %10s %10s %10s\n", "step", "time, ms", "heap MiB",
           "RSS MiB", "peak MiB");
    report("start", 0);

    uint64_t start = bench_now_ns();
    for (int i = 0; i < n_clients; i++)
    {
        char cn[32];

        snprintf(cn, sizeof(cn), "client-%07d", i);
        pf_client_init(&clients[i]);
        pf_client_set_cn(&clients[i], cn);
        if (!pf_client_use_dir(&clients[i], dir))
        {
            fprintf(stderr, "pf-reload: client %s was refused\n", cn);
            exit(1);
        }
    }
    report("connect all", (double)(bench_now_ns() - start) / 1e6);

    report("reload pass, no change", reload_pass(clients, n_clients));

    /* a new version: another inode, size and modification time */
    write_default(dir, n_entries + 1);
    report("reload pass, DEFAULT new", reload_pass(clients, n_clients));

    for (int i = 0; i < n_clients; i++)
    {
        pf_client_free(&clients[i]);
    }
    free(clients);
    report("all clients freed", 0);

    char path[PATH_MAX];
    snprintf(path, sizeof(path), "%s/DEFAULT", dir);
    unlink(path);
    return 0;
}
