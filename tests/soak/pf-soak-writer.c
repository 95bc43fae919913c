/*
 *  openvpn-pf soak test: rewrites the --pf-dir rule files of the soak
 *  clients, all of them every INTERVAL_MS milliseconds, in place and by
 *  rename, some with syntax errors (see pf-soak.sh).
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
 * Client i has the common name c<i>; its partner is the other client of
 * its pair (1-2, 3-4, ...).  Every valid version of every file forbids
 * the host F (10.98.2.2, fd98:2::2) and every client but the partner;
 * every broken version would allow them all if it were loaded.  So
 * whatever version a client has, a packet to F or to a client of
 * another pair must never pass.
 */

#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define TEXT_MAX 8192

enum action
{
    VALID_IN_PLACE,
    VALID_RENAME,
    BROKEN_IN_PLACE,
    BROKEN_RENAME,
    KILL_RENAME,
    REMOVE,
    N_ACTIONS
};

static const char *const action_names[N_ACTIONS] = {
    "valid_in_place", "valid_rename", "broken_in_place", "broken_rename",
    "kill", "remove",
};

static volatile sig_atomic_t stop;

static unsigned long counts[N_ACTIONS];
static unsigned long write_errors;

static void
on_signal(int sig)
{
    (void)sig;
    stop = 1;
}

/* xorshift64*: the same sequence for the same seed */
static unsigned long long rng_state;

static unsigned int
rnd(unsigned int n)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return (unsigned int)((rng_state * 2685821657736338717ull) >> 33) % n;
}

static int
partner(int i)
{
    return i % 2 ? i + 1 : i - 1;
}

/* Append to text, which holds TEXT_MAX bytes */
static void
add(char *text, const char *format, ...)
#ifdef __GNUC__
__attribute__ ((format(__printf__, 2, 3)))
#endif
;

static void
add(char *text, const char *format, ...)
{
    const size_t len = strlen(text);
    va_list args;

    va_start(args, format);
    vsnprintf(text + len, TEXT_MAX - len, format, args);
    va_end(args);
}

/* A valid version: F and all clients but the partner are forbidden */
static void
valid_text(char *text, int i, int n)
{
    const int p = partner(i);

    text[0] = '\0';
    switch (rnd(4))
    {
        case 0:
            /* only the LAN host A and the partner */
            add(text, "# c%d: version 0\n[CLIENTS DROP]\n+c%d\n"
                "[SUBNETS DROP]\n+10.98.1.0/24\n+fd98:1::/64\n[END]\n", i, p);
            break;

        case 1:
            /* everything but F; no other client */
            add(text, "[clients drop]\r\n[subnets accept]\r\n"
                "-10.98.2.0/24\r\n-fd98:2::/64\r\n[end]\r\n");
            break;

        case 2:
            /* first match: F is denied before the /16 that allows it;
             * every client but the partner denied one by one */
            add(text, "[SUBNETS ACCEPT]\n-10.98.2.2\n+10.98.0.0/16\n"
                "  -fd98:2::/64\n+fd98::/16\n[CLIENTS ACCEPT]\n");
            for (int j = 1; j <= n; j++)
            {
                if (j != i && j != p)
                {
                    add(text, "-c%d\n", j);
                }
            }
            add(text, "[END]\n");
            break;

        default:
            /* sections twice; the last tag sets the default */
            add(text, "[CLIENTS ACCEPT]\n-c%d\n[SUBNETS DROP]\n"
                "-10.98.2.0/24\n+10.0.0.0/8\n[CLIENTS DROP]\n+c%d\n"
                "[SUBNETS DROP]\n+fd98:1::2\n[END]\n# comment after\n",
                n + 1, p);
            break;
    }
}

/* A broken version: it would allow F and every client if it loaded */
static void
broken_text(char *text, int i)
{
    static const char *const broken[] = {
        "[CLIENTS ACCEPT]\n[SUBNETS ACCEPT]\n+10.98.2.0/24 junk\n[END]\n",
        "[CLIENTS ACCEPT]\n[SUBNETS ACCEPT]\n+10.98.2.2\n",
        "+10.98.2.2\n[CLIENTS ACCEPT]\n[SUBNETS ACCEPT]\n[END]\n",
        "[CLIENTS ACCEPT]\n+c%d\n+c%d\n[SUBNETS ACCEPT]\n[END]\n",
        "[SUBNETS DROP]\n+10.98.2.0/24\n+fd98:2::/64\n[CLIENTS DENY]\n[END]\n",
        "[SUBNETS ACCEPT]\n+10.98.2.2:80\n[CLIENTS ACCEPT]\n[END]\n",
        "[CLIENTS ACCEPT]\n[SUBNETS ACCEPT]\n+010.98.2.2\n[END]\n",
        "[CLIENTS ACCEPT]\n[SUBNETS ACCEPT]\n+fd98:2::/129\n[END]\n",
        "[CLIENTS ACCEPT]\n[SUBNETS ACCEPT]\n#%0300d\n[END]\n",
    };
    const unsigned int k = rnd(sizeof(broken) / sizeof(broken[0]));

    text[0] = '\0';
    /* every format takes (at most) two ints */
    add(text, broken[k], i, i);
}

static bool
write_all(int fd, const char *data, size_t len)
{
    while (len > 0)
    {
        const ssize_t n = write(fd, data, len);
        if (n < 0 && errno == EINTR)
        {
            continue;
        }
        if (n <= 0)
        {
            return false;
        }
        data += n;
        len -= (size_t)n;
    }
    return true;
}

/* Rewrite path in place: truncate, then write in two parts */
static bool
write_in_place(const char *path, const char *text)
{
    const size_t len = strlen(text);
    const size_t cut = len > 1 ? 1 + rnd((unsigned int)len - 1) : len;
    const int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

    if (fd < 0)
    {
        return false;
    }
    const bool ok = write_all(fd, text, cut)
                    && write_all(fd, text + cut, len - cut);
    return close(fd) == 0 && ok;
}

/* Write a new file beside path and rename it over path */
static bool
write_rename(const char *dir, int i, const char *path, const char *text)
{
    char tmp[4096];

    snprintf(tmp, sizeof(tmp), "%s/.c%d.new", dir, i);
    const int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
    {
        return false;
    }
    const bool ok = write_all(fd, text, strlen(text));
    return close(fd) == 0 && ok && rename(tmp, path) == 0;
}

static enum action
pick_action(void)
{
    const unsigned int r = rnd(1000);

    if (r < 350)
    {
        return VALID_IN_PLACE;
    }
    if (r < 700)
    {
        return VALID_RENAME;
    }
    if (r < 830)
    {
        return BROKEN_IN_PLACE;
    }
    if (r < 960)
    {
        return BROKEN_RENAME;
    }
    if (r < 965)
    {
        return KILL_RENAME;
    }
    return REMOVE;
}

static void
rewrite(const char *dir, int i, int n)
{
    char path[4096];
    char text[TEXT_MAX];
    bool ok = true;
    const enum action a = pick_action();

    snprintf(path, sizeof(path), "%s/c%d", dir, i);
    switch (a)
    {
        case VALID_IN_PLACE:
            valid_text(text, i, n);
            ok = write_in_place(path, text);
            break;

        case VALID_RENAME:
            valid_text(text, i, n);
            ok = write_rename(dir, i, path, text);
            break;

        case BROKEN_IN_PLACE:
            broken_text(text, i);
            ok = write_in_place(path, text);
            break;

        case BROKEN_RENAME:
            broken_text(text, i);
            ok = write_rename(dir, i, path, text);
            break;

        case KILL_RENAME:
            ok = write_rename(dir, i, path, "[KILL]\n[END]\n");
            break;

        case REMOVE:
            ok = unlink(path) == 0 || errno == ENOENT;
            break;

        default:
            break;
    }
    counts[a]++;
    if (!ok)
    {
        write_errors++;
    }
}

static double
now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int
main(int argc, char **argv)
{
    if (argc != 6)
    {
        fprintf(stderr, "usage: %s DIR CLIENTS INTERVAL_MS SECONDS SEED\n",
                argv[0]);
        return 2;
    }
    const char *dir = argv[1];
    const int n = atoi(argv[2]);
    const int interval_ms = atoi(argv[3]);
    const double seconds = atof(argv[4]);
    rng_state = strtoull(argv[5], NULL, 10) | 1;
    if (n < 2 || n % 2 || interval_ms < 1)
    {
        fprintf(stderr, "%s: CLIENTS must be even and >= 2, INTERVAL_MS "
                "positive\n", argv[0]);
        return 2;
    }

    signal(SIGTERM, on_signal);
    signal(SIGINT, on_signal);

    const double start = now();
    double next = start;
    unsigned long rounds = 0;
    while (!stop && now() - start < seconds)
    {
        for (int i = 1; i <= n; i++)
        {
            rewrite(dir, i, n);
        }
        rounds++;
        next += interval_ms / 1000.0;
        const double wait = next - now();
        if (wait > 0)
        {
            struct timespec ts;
            ts.tv_sec = (time_t)wait;
            ts.tv_nsec = (long)((wait - (double)ts.tv_sec) * 1e9);
            nanosleep(&ts, NULL);
        }
        else
        {
            next = now();   /* late: do not try to catch up */
        }
    }

    printf("rounds=%lu\n", rounds);
    for (int a = 0; a < N_ACTIONS; a++)
    {
        printf("%s=%lu\n", action_names[a], counts[a]);
    }
    printf("write_errors=%lu\n", write_errors);
    return 0;
}
