/* The searcher's internal steps: parse → compile → match → snippets and
 * facets → results. */
#ifndef ZC_SEARCHER_INTERNAL_H
#define ZC_SEARCHER_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "parse.h"
#include "snippet.h"
#include "xapian-c/xapian_c.h"
#include "zhengce.h"

typedef struct zc_dict zc_dict;
typedef struct zc_norm zc_norm;

typedef struct zc_compile_opts {
    const zc_dict *dict;
    zc_norm *norm; /* queries meet the text in its normalized form */
    int synonyms;  /* expand keywords with the dictionary's synonyms */
    int any;       /* a keyword's words, and the keywords, are alternatives */
    int rank;      /* add what ranks; 0: only what decides the match */
    /* The documents a counting pass found to match (NULL: unknown). A rank
     * pass given them reads positions only there: see compile.c. */
    const zc_xquery *docs;
} zc_compile_opts;

/* A compiled query: what Xapian runs, and what snippets highlight. */
typedef struct zc_compiled {
    zc_xquery *query;
    zc_pattern *pats; /* positive keywords' words, whole keywords, phrases */
    size_t npats, pats_cap;
} zc_compiled;

/* Compiles a parsed query (compile.c). ZC_ERR_QUERY for what only shows
 * now (an unknown region, a keyword of nothing but blanks). */
int zc_query_compile(const zc_qnode *root, const zc_compile_opts *o, zc_compiled *out,
                     zc_error *err);
void zc_compiled_free(zc_compiled *c);
/* Drops the patterns after the first n. */
void zc_query_patterns_truncate(zc_compiled *c, size_t n);

/* A stretch of a keyword's text: one of its words. */
typedef struct zc_span {
    size_t off, len;
} zc_span;

/* The words of keyword text t (normalized), each of which a document must
 * contain (keyword.c); *out is malloc'd. */
typedef struct zc_seg zc_seg;
int zc_query_keyword_words(zc_seg *seg, const zc_dict *dict, const char *t, size_t len,
                           zc_span **out, size_t *n, zc_error *err);

/* Filters, also used for the --region / --year options (where: the
 * character offset in the query, or ZC_WHERE_OPTION). */
#define ZC_WHERE_OPTION ((size_t)-1)
int zc_query_region_filter(const zc_dict *dict, const char *name, size_t where, zc_xquery **out,
                           zc_error *err);
int zc_query_year_filter(int lo, int hi, zc_xquery **out, zc_error *err);

/* Facet counts of a search (facets.c). */
typedef struct zc_facets {
    zc_facet *v[2]; /* by zc_facet_kind */
    size_t n[2];
} zc_facets;

/* A count splits into at most this many parts (count.c). */
#define ZC_COUNT_MAX_PARTS 4

/* The facet key counts of a count's parts (ZC_SLOT_FACETS), each with
 * the enquire it belongs to. */
typedef struct zc_facet_spies {
    zc_xspy *keys[ZC_COUNT_MAX_PARTS];
    zc_xenquire *owner[ZC_COUNT_MAX_PARTS];
    size_t n;
} zc_facet_spies;
void zc_facet_spies_free(zc_facet_spies *s);
/* Reads the spies (after the match) into f. */
int zc_facets_collect(const zc_facet_spies *s, const zc_dict *dict, zc_facets *f, zc_error *err);
void zc_facets_free(zc_facets *f);

/* Builds, on ix (a handle of one thread), the query a count runs. */
typedef int zc_count_maker(void *ctx, zc_index *ix, zc_xquery **out, zc_error *err);

typedef struct zc_count_opts {
    zc_count_maker *make; /* NULL: the count is not split */
    void *ctx;
    unsigned threads; /* parts at most (zc_search_options.threads) */
} zc_count_opts;

/* Counts what q (a query for ix) matches, exactly, and the facets when
 * spies is given: every match is examined, unweighted, and none is kept.
 * With docs, the matched documents too, as a query (NULL where they
 * cannot be kept: shards). On a large local index the count is split into
 * docid ranges, each counted in a thread of its own on a handle of its
 * own with the query o->make builds there (count.c). */
int zc_count(zc_index *ix, const zc_xquery *q, const zc_count_opts *o, zc_facet_spies *spies,
             uint64_t *total, zc_xquery **docs, zc_error *err);

/* zc_search on a handle one thread uses (api/search.c gives each call a
 * view of a shared handle of its own). */
int zc_search_run(zc_index *ix, const char *query, const zc_search_options *opts, zc_results **out,
                  zc_error *err);
/* zc_index_facets likewise; query and opts are not used (the signature
 * is zc_search_run's, so that api/search.c runs both the same way). */
int zc_facets_run(zc_index *ix, const char *query, const zc_search_options *opts, zc_results **out,
                  zc_error *err);

/* Results of zc_search (owned strings throughout). */
struct zc_results {
    char *query;
    unsigned offset, limit;
    uint64_t total;
    double took_ms;
    zc_hit *hits;
    size_t n;
    zc_facets facets;
    int facets_on;
    int any_tried;      /* nothing matched all words: any_total was counted */
    uint64_t any_total; /* matches of the looser query (--any) */
    char *explain;      /* with opts->explain */
    char **warnings;    /* shards left out (ZC_OPEN_ALLOW_PARTIAL) */
    size_t n_warnings;
};

#endif
