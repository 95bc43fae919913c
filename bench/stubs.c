/*
 * openvpn-pf benchmarks: the few functions of OpenVPN's error.c and
 * crypto.c that the packet filter core and its helpers need.  Messages
 * go to stderr only if fatal or an error; the benchmarks stay quiet.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "syshead.h"
#include "error.h"

unsigned int x_debug_level = 0;

bool
dont_mute(unsigned int flags)
{
    (void)flags;
    return true;
}

void
x_msg_va(const unsigned int flags, const char *format, va_list arglist)
{
    if (flags & (M_FATAL | M_NONFATAL))
    {
        vfprintf(stderr, format, arglist);
        fputc('\n', stderr);
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
    exit(1);
}

/* list.c and platform.c want random numbers; the benchmarks need none */
long int
get_random(void)
{
    return random();
}

void
prng_bytes(uint8_t *output, int len)
{
    for (int i = 0; i < len; i++)
    {
        output[i] = (uint8_t)random();
    }
}
