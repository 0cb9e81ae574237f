/*
 * What the search drivers of bench/peers.sh share: the queries of
 * zc-bench-peer-queries, a warm-up pass and timed passes, one line per
 * query and pass on stdout:
 *
 *   class TAB milliseconds TAB the engine's total TAB the scan's count
 *
 * Each driver is one process that opens its index once, so that neither
 * its start-up nor the opening is timed.
 */
#ifndef ZC_BENCH_PEER_DRIVER_H
#define ZC_BENCH_PEER_DRIVER_H

#include <stddef.h>
#include <stdint.h>

typedef struct peer_query {
    char cls[8];
    char *text; /* the words, blank-separated (two for 2kw) */
    size_t nparts;
    char *parts[2];
    uint64_t scan;
} peer_query;

/* Runs one query: *total the exact number of matches; *sink grows with
 * what the hits hold (so that reading them is not optimized away).
 * Returns 0, or nonzero after printing why to stderr. */
typedef int (*peer_run_fn)(void *ctx, const peer_query *q, uint64_t *total, size_t *sink);

/* Reads the queries at path, runs each once untimed, then passes times
 * each, printing a line per run. Returns the exit status. */
int peer_drive(const char *path, unsigned passes, peer_run_fn run, void *ctx);

#endif
