/*
 * The query mix of the search benchmark (bench/search_bench.c): queries
 * drawn from the items of a JSONL collection with a seeded generator, so a
 * given collection and seed always give the same queries.
 *
 * Keyword queries hold 1, 2 or 3 distinct words of 2-4 Han characters that
 * the segmenter (accurate mode) cut from one random item, joined by blanks;
 * phrase queries are "quoted" runs of 3-8 Han characters cut from a random
 * item. Every query therefore matches at least the item it came from.
 */
#ifndef ZC_BENCH_QUERY_MIX_H
#define ZC_BENCH_QUERY_MIX_H

#include <stddef.h>
#include <stdint.h>

#include "zhengce.h"

typedef enum zc_qmix_class {
    ZC_QMIX_KW1 = 0,
    ZC_QMIX_KW2,
    ZC_QMIX_KW3,
    ZC_QMIX_PHRASE,
    ZC_QMIX_CLASSES
} zc_qmix_class;

typedef struct zc_qmix_query {
    zc_qmix_class cls;
    char *text; /* UTF-8, malloc'd */
} zc_qmix_query;

typedef struct zc_qmix {
    zc_qmix_query *q;
    size_t n;
    size_t items; /* rows with text in the collection */
} zc_qmix;

/* Makes n queries (a quarter per class, in turn) from the collection at
 * jsonl_path, segmenting with the compiled dictionary at dict_path. */
int zc_qmix_make(const char *jsonl_path, const char *dict_path, size_t n, uint64_t seed,
                 zc_qmix *out, zc_error *err);
void zc_qmix_free(zc_qmix *m);

const char *zc_qmix_class_name(zc_qmix_class c);

/* Shared by the benchmarks (their clock is common/clock.h): the
 * nearest-rank percentile p (0..1] of v[0..n) once sorted with
 * zc_bench_cmp_double. */
int zc_bench_cmp_double(const void *a, const void *b);
double zc_bench_pct(const double *v, size_t n, double p);

#endif
