/*
 * openvpn-pf benchmarks: helpers shared by pf-decide, pf-load, pf-reload
 * and pf-groups.
 */

#ifndef OPENVPN_PF_BENCH_H
#define OPENVPN_PF_BENCH_H

#include <malloc.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>

/* Monotonic clock in nanoseconds */
static inline uint64_t
bench_now_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Bytes of heap in use: small blocks plus mmap()ed ones */
static inline size_t
bench_heap_in_use(void)
{
    const struct mallinfo2 mi = mallinfo2();
    return mi.uordblks + mi.hblkhd;
}

/* xorshift64*: a fast, seeded generator, so that every run uses the
 * same rules and addresses */
static inline uint64_t
bench_rand(uint64_t *state)
{
    uint64_t x = *state;

    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *state = x;
    return x * 0x2545F4914F6CDD1DULL;
}

/* A number from 0 to n - 1 */
static inline uint32_t
bench_rand_below(uint64_t *state, uint32_t n)
{
    return (uint32_t)((bench_rand(state) >> 32) * n >> 32);
}

/* Median, minimum and maximum of a set of samples */
struct bench_stats
{
    double median;
    double min;
    double max;
};

static int
bench_cmp_double(const void *a, const void *b)
{
    const double x = *(const double *)a;
    const double y = *(const double *)b;

    return (x > y) - (x < y);
}

/* Sorts samples in place */
static inline struct bench_stats
bench_stats_of(double *samples, int n)
{
    struct bench_stats s;

    qsort(samples, (size_t)n, sizeof(*samples), bench_cmp_double);
    s.median = n % 2 ? samples[n / 2]
               : (samples[n / 2 - 1] + samples[n / 2]) / 2;
    s.min = samples[0];
    s.max = samples[n - 1];
    return s;
}

#endif /* OPENVPN_PF_BENCH_H */
