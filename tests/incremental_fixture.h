/* Incremental equals full: an index brought up to date by incremental runs
 * must search as a full rebuild of the same files does: the same totals,
 * the same facet counts, the same hits in the same order.
 *
 * "The same order" allows one thing: hits whose scores are within 0.2 %
 * of each other may come in either order. An index whose docids have gaps
 * (after a removal or an update) holds one empty filler document
 * (indexer/schema.h), which a full rebuild does not need, and BM25 reads
 * the collection size: scores move by a few parts in ten thousand, so two
 * hits that near may swap. */
#ifndef ZC_INCREMENTAL_FIXTURE_H
#define ZC_INCREMENTAL_FIXTURE_H

#include "zhengce.h"

#define ZC_INC_MAX_QUERIES 600

typedef struct zc_inc_query {
    char text[256];
    int sort;       /* zc_sort */
    unsigned limit; /* set by the runner */
} zc_inc_query;

/* Appends a query (printf-style) to qs[n]; returns n + 1. */
int zc_inc_add(zc_inc_query *qs, int n, int sort, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Fails the test (naming what and the query) unless inc, a page of
 * q->limit hits, agrees with ref, the full rebuild's results for the same
 * query with more hits on its page. Returns the number of hits found at
 * another place within a tie. */
int zc_inc_compare(const zc_inc_query *q, const zc_results *inc, const zc_results *ref,
                   const char *what);

#endif
