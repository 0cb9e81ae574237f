/* The searcher's internal steps: parse → build → run → snippets. */
#ifndef ZC_SEARCHER_INTERNAL_H
#define ZC_SEARCHER_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "xapian-c/xapian_c.h"
#include "snippet.h"
#include "zhengce.h"

/* One keyword or phrase of a query. */
typedef struct zc_clause {
    char *text;    /* as typed (UTF-8) */
    size_t where;  /* character offset in the query, for messages */
    int phrase;    /* written in quotes */
} zc_clause;

/* A parsed query: every clause must occur. */
typedef struct zc_query {
    zc_clause *clauses;
    size_t n;
} zc_query;

/* Parses text; ZC_ERR_QUERY with the position on malformed input. */
int zc_query_parse_flat(const char *text, zc_query **out, zc_error *err);
void zc_query_free(zc_query *q);

/* The patterns of every clause (one each, same order; a clause with no
 * units gets n == 0). */
int zc_query_patterns(const zc_query *q, zc_pattern **out, zc_error *err);
void zc_query_patterns_free(zc_pattern *p, size_t n);

/* The Xapian query for q. */
int zc_query_build(const zc_query *q, const zc_pattern *pats, zc_xquery **out, zc_error *err);

/* Results of zc_search (owned strings throughout). */
struct zc_results {
    char *query;
    unsigned offset, limit;
    uint64_t total;
    double took_ms;
    zc_hit *hits;
    size_t n;
};

#endif
