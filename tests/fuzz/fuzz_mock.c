/*
 *  openvpn-pf fuzzing: what the packet filter core needs from the rest of
 *  OpenVPN (logging, assertions, out of memory), for the fuzz targets.
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

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "syshead.h"

#include "error.h"

#include "fuzz_pf.h"

/*
 * Every message is formatted, so that the sanitizers see the arguments
 * of each one, but printed only with PF_FUZZ_VERBOSE set in the
 * environment (then also the messages of lower levels).
 */
unsigned int x_debug_level = 11;

static int fuzz_verbose = -1;

bool
fuzz_is_verbose(void)
{
    if (fuzz_verbose < 0)
    {
        fuzz_verbose = getenv("PF_FUZZ_VERBOSE") != NULL;
    }
    return fuzz_verbose;
}

void
x_msg_va(const unsigned int flags, const char *format, va_list arglist)
{
    char text[4096];

    vsnprintf(text, sizeof(text), format, arglist);
    if (fuzz_is_verbose())
    {
        fprintf(stderr, "%s\n", text);
    }
    if (flags & M_FATAL)
    {
        fprintf(stderr, "fatal error: %s\n", text);
        abort();
    }
}

void
x_msg(const unsigned int flags, const char *format, ...)
{
    va_list arglist;

    va_start(arglist, format);
    x_msg_va(flags, format, arglist);
    va_end(arglist);
}

void
assert_failed(const char *filename, int line, const char *condition)
{
    fprintf(stderr, "assertion failed at %s:%d (%s)\n", filename, line,
            condition ? condition : "");
    abort();
}

void
out_of_memory(void)
{
    fprintf(stderr, "out of memory\n");
    abort();
}

bool
dont_mute(unsigned int flags)
{
    return true;
}

void
fuzz_fail(const char *what, const uint8_t *data, size_t size)
{
    fprintf(stderr, "PF FUZZ CHECK FAILED: %s\n", what);
    fprintf(stderr, "input (%zu bytes):\n", size);
    fwrite(data, 1, size, stderr);
    fprintf(stderr, "\n");
    abort();
}

/* platform.c wants it for temporary file names; the fuzz targets make none */
unsigned long
get_random(void)
{
    static unsigned long x = 1;

    x = x * 6364136223846793005ul + 1442695040888963407ul;
    return x >> 33;
}
