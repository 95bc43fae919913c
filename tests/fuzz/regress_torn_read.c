/*
 *  openvpn-pf regression driver: a rule file rewritten in place while
 *  pf_rules_from_file() reads it.
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
 * A writer that rewrites a file in place (open with O_TRUNC, write), as
 * "cat new > file" or a configuration tool does, can do so between two
 * read() calls of the reader.  The reader then has the start of the old
 * version followed by the rest of the new one: rules that neither version
 * has, and that can allow what both forbid.  Linked with -Wl,--wrap=read,
 * this driver plays the writer at exactly that moment, deterministically:
 * after the first read() of the rule file it rewrites the file.  Whatever
 * pf_rules_from_file() then returns must be no rules (an error: the file
 * changed while it was read) or the rules of one of the two versions,
 * never a mixture.  Exit status 0 if so, 1 otherwise.
 *
 * The old version is broken (it has no [END]) and allows the host
 * 10.98.2.2; the new one is valid and forbids it.  The old file is read
 * whole by the first read(); the second read(), which would find the end
 * of the file, finds the rest of the new version instead.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "syshead.h"

#include "pf.h"

#include "fuzz_pf.h"

static const char old_text[] =
    "[CLIENTS ACCEPT]\n[SUBNETS ACCEPT]\n+10.98.2.2\n";
static const char new_text[] =
    "[CLIENTS DROP]\n[SUBNETS ACCEPT]\n-10.98.2.0/24\n-fd98:2::/64\n"
    "# the new version is longer than the old one\n[END]\n";

static char path[PATH_MAX];
static int reads_of_the_file;

ssize_t __real_read(int fd, void *buf, size_t count);

static void
write_file(const char *text)
{
    const int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

    if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text)
        || close(fd) != 0)
    {
        perror(path);
        exit(2);
    }
}

/* pf.c's read(): after the first one, rewrite the file in place */
ssize_t
__wrap_read(int fd, void *buf, size_t count)
{
    const ssize_t n = __real_read(fd, buf, count);

    if (++reads_of_the_file == 1)
    {
        write_file(new_text);
    }
    return n;
}

static bool
allows_f(const struct pf_rules *rules)
{
    struct pf_addr f;

    CLEAR(f);
    f.family = AF_INET;
    inet_pton(AF_INET, "10.98.2.2", f.bytes);
    return pf_rules_addr_allowed(rules, &f);
}

int
main(void)
{
    const char *tmp = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
    struct pf_error err;

    snprintf(path, sizeof(path), "%s/pf-torn-read.%d", tmp, (int)getpid());
    write_file(old_text);

    struct pf_rules *rules = pf_rules_from_file(path, PF_ALLOW_KILL, NULL,
                                                &err);
    unlink(path);

    /* the new version alone, for comparison */
    struct pf_rules *want = pf_rules_from_text(new_text, strlen(new_text),
                                               "new", PF_ALLOW_KILL, NULL);
    int rc = 0;
    if (!rules)
    {
        printf("regress_torn_read: ok, the file changed while it was "
               "read: rejected (line %d: %s)\n", err.line, err.text);
    }
    else if (pf_rules_count(rules) == pf_rules_count(want)
             && allows_f(rules) == allows_f(want))
    {
        printf("regress_torn_read: ok, the rules of the new version "
               "were loaded\n");
    }
    else
    {
        printf("regress_torn_read: rules that neither version has were "
               "loaded: %d entries, 10.98.2.2 %s (the old version is "
               "broken, the new one forbids it)\n", pf_rules_count(rules),
               allows_f(rules) ? "allowed" : "forbidden");
        rc = 1;
    }
    pf_rules_free(rules);
    pf_rules_free(want);
    return rc;
}
