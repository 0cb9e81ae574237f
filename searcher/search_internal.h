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
/* The documents indexed from path (source:, --source): the file, or the
 * files at any depth below the directory, path named as the indexer names
 * files (index/schema.h, S and XD terms). */
int zc_query_source_filter(const char *path, zc_xquery **out, zc_error *err);

/* Facet counts of a search (facets.c). */
typedef struct zc_facets {
    zc_facet *v[2]; /* by zc_facet_kind */
    size_t n[2];
} zc_facets;

/* A count splits into at most this many parts (count.c). */
#define ZC_COUNT_MAX_PARTS 4
/* Reads the facet key counts of n spies (the parts of a count, after the
 * match) into f: they add up. */
int zc_facets_collect(zc_xspy *const *keys, size_t n, const zc_dict *dict, zc_facets *f,
                      zc_error *err);
void zc_facets_free(zc_facets *f);

/* Builds, on ix (a handle of one thread), the query a count runs. */
typedef int zc_count_maker(void *ctx, zc_index *ix, zc_xquery **out, zc_error *err);
/* Ranks on ix what a part matched (docs: its documents, NULL where they
 * could not be kept: shards; total: their number): the candidates for the
 * page of hits in *m, from the *first-th on (whole: from the first, as a
 * part of a split count must), made by the enquire *e. */
typedef int zc_rank_runner(void *ctx, zc_index *ix, const zc_xquery *docs, uint64_t total,
                           int whole, zc_xenquire **e, zc_xmset **m, unsigned *first,
                           zc_error *err);

typedef struct zc_count_opts {
    zc_count_maker *make; /* NULL: the count is not split */
    zc_rank_runner *rank; /* NULL: nothing ranked */
    void *ctx;
    unsigned threads; /* parts at most (zc_search_options.threads) */
    int facets;       /* count the facet keys */
} zc_count_opts;

/* What a count leaves for the rest of a search. It holds the handles its
 * parts read until zc_count_free, since an enquire or a result set must be
 * gone before its handle serves another search. */
typedef struct zc_count_out {
    uint64_t total;
    size_t n;                            /* parts */
    zc_xspy *keys[ZC_COUNT_MAX_PARTS];   /* facet key counts (o->facets) */
    zc_xmset *pages[ZC_COUNT_MAX_PARTS]; /* each part's candidates (o->rank) */
    unsigned first;                      /* the rank of pages[0]'s first item */
    zc_xenquire *count_e[ZC_COUNT_MAX_PARTS], *rank_e[ZC_COUNT_MAX_PARTS];
    zc_index *ix, *views[ZC_COUNT_MAX_PARTS]; /* views[0] is ix */
} zc_count_out;

/* Counts what q (a query for ix) matches, exactly: every match is
 * examined, unweighted, and none is kept; with o->facets the facet keys
 * too. With o->rank, the matches are then ranked (o->rank), each part its
 * own. On a large local index the work is split into docid ranges, each
 * part in a thread of its own on a handle of its own, with the query
 * o->make builds there (count.c). */
int zc_count(zc_index *ix, const zc_xquery *q, const zc_count_opts *o, zc_count_out *out,
             zc_error *err);
void zc_count_free(zc_count_out *out);

/* The page of hits (page.c). zc_page_rank ranks q on ix: the candidates
 * for hits [o->offset, o->offset + o->limit), from the *first-th on in *m
 * (whole: from the first, for a part of a split count). zc_page_hits puts
 * the page in r, with fields and snippets (the patterns of pc): the sets
 * of the parts merged (first: the rank of a single set's first item), each
 * read in a thread of its own; views[k] is the handle sets[k] came from. */
int zc_page_rank(zc_index *ix, const zc_xquery *q, const zc_search_options *o, uint64_t total,
                 int whole, zc_xenquire **e, zc_xmset **m, unsigned *first, zc_error *err);
int zc_page_hits(zc_xmset *const *sets, zc_index *const *views, size_t nsets, unsigned first,
                 const zc_search_options *o, const zc_compiled *pc, zc_results *r, zc_error *err);

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
