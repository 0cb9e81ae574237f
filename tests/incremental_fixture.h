/* Incremental equals full: an index brought up to date by incremental runs
 * must search as a full rebuild of the same files does: the same totals,
 * the same facet counts, the same hits in the same order.
 *
 * "The same order" allows hits of equal score to come in either order:
 * both indexes order ties by id, but libxapian sums a document's weight
 * in an order that depends on how the match went, and two indexes of
 * different docid orders have seen one score differ in its 9th digit. A
 * tie is a relative 1e-7.
 */
#ifndef ZC_INCREMENTAL_FIXTURE_H
#define ZC_INCREMENTAL_FIXTURE_H

#include <stdint.h>

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

/* Runs q on ix: the page of limit hits from offset, counted in threads
 * (0: the engine's choice); fails the test on an error. */
zc_results *zc_inc_search(zc_index *ix, const zc_inc_query *q, unsigned offset, unsigned limit,
                          unsigned threads);

/* Fails the test (naming what and the query) unless inc, a page of
 * q->limit hits, agrees with ref, the reference's results for the same
 * query with more hits on its page (ref_name: what the reference is, "a
 * full rebuild"). Returns the number of hits found at another place
 * within a tie. */
int zc_inc_compare(const zc_inc_query *q, const zc_results *inc, const zc_results *ref,
                   const char *what, const char *ref_name);

/* A generated collection: ZC_INC_FILES short reports of a year and a
 * region, sentences about a shuffle of the same topics (so that scores
 * come close and tie), and a collection of 40 rows. */
#define ZC_INC_FILES 1200

/* The next of a seeded xorshift sequence. */
uint64_t zc_inc_rnd(uint64_t *s);
/* Writes the ith report under dir (in one of 12 subdirectories), with the
 * paragraph extra at its end unless NULL. */
void zc_inc_write_report(const char *dir, int i, const char *extra);
/* Writes dir/rows.csv, its 18th row ending with changed unless NULL. */
void zc_inc_write_rows(const char *dir, const char *changed);
/* Fills qs with queries of every kind on the generated collection (words
 * in every document, single characters, words, phrases, AND, OR,
 * exclusions, filters), in each sort; returns how many. */
int zc_inc_generated_queries(zc_inc_query *qs);

#endif
