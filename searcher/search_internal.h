/* The searcher's stages: parse → (in each part: compile → count → rank)
 * → facets → page of hits with snippets → results (search.c runs them). */
#ifndef ZC_SEARCHER_INTERNAL_H
#define ZC_SEARCHER_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "index/schema.h"
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
    /* zc_match: keywords as written (EXACT), their words anywhere (WORDS),
     * any word of any keyword (ANY: the words and keywords are
     * alternatives) */
    int match;
    int rank; /* also build the query that ranks; 0: only the match */
    /* The rank query runs within the matches a count records into the
     * compiled query's docs (a single local database only): see compile.c. */
    int docs;
    unsigned *tally; /* counts the compiles (NULL: not counted) */
} zc_compile_opts;

/* A part of the rank query, for --explain: what it weighs, and the query
 * whose weight is that part of a hit's score. */
typedef struct zc_score_part {
    char *label;
    zc_xquery *q;
} zc_score_part;

/* A compiled query: what Xapian runs, and what snippets highlight. */
typedef struct zc_compiled {
    zc_xquery *match; /* decides the match: counted, unweighted */
    zc_xquery *rank;  /* ranks the matches; NULL unless o->rank */
    /* The rank query has alternatives that each weigh more than their
     * terms (an OR of keywords, --any): its rank pass weighs every match
     * (rank.c). */
    int rank_every;
    /* The matches rank runs within, filled by the count that runs match
     * (zc_count); NULL where they are not kept (o->docs 0). */
    zc_xdocs *docs;
    zc_pattern *pats; /* positive keywords' words, whole keywords, phrases */
    size_t npats, pats_cap;
    zc_score_part *why; /* the rank query's parts (searcher/score.c) */
    size_t nwhy, why_cap;
} zc_compiled;

/* Compiles a parsed query (compile.c): both queries in one walk. Each call
 * adds one to *o->tally. ZC_ERR_QUERY for what only shows now (an unknown
 * region, a keyword of nothing but blanks). */
int zc_query_compile(const zc_qnode *root, const zc_compile_opts *o, zc_compiled *out,
                     zc_error *err);
/* The compile stage of a search, on ix (a handle of one thread): tree
 * with o (match: how keywords match, zc_match; rank: also the rank query, within the
 * matches where ix can record them), the --region / --year / --source
 * options applied to both queries. tree NULL: every document, match only. */
int zc_search_compile(zc_index *ix, const zc_qnode *tree, const zc_search_options *o, int match,
                      int rank, unsigned *tally, zc_compiled *out, zc_error *err);
void zc_compiled_free(zc_compiled *c);
/* Drops the parts noted for --explain (score.c). */
void zc_score_notes_clear(zc_compiled *c);
/* --explain: each hit's score taken apart into the rank query's parts
 * (explain.c), appended to r->explain. */
int zc_explain_hits(zc_index *ix, const zc_qnode *tree, const zc_search_options *o, zc_results *r,
                    zc_error *err);
/* BM25's parameters for the rank query (rank.c, explain.c). */
#define ZC_BM25_K1 1.0
#define ZC_BM25_B 0.5
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
/* The --region, --year and --source options of o as one filter; *out NULL
 * when none is given. */
int zc_query_option_filter(const zc_search_options *o, const zc_dict *dict, zc_norm *norm,
                           zc_xquery **out, zc_error *err);

/* Facet counts of a search (facets.c). */
#define ZC_FACET_KINDS 4
typedef struct zc_facets {
    zc_facet *v[ZC_FACET_KINDS]; /* by zc_facet_kind */
    size_t n[ZC_FACET_KINDS];
} zc_facets;

/* Reads the facet key counts of n spies (the parts of a count, after the
 * match) into f: they add up. */
int zc_facets_collect(zc_xspy *const *keys, size_t n, const zc_dict *dict, zc_facets *f,
                      zc_error *err);
void zc_facets_free(zc_facets *f);

/* Frees a hit's document strings (id, path, title, region, type, date,
 * issuer, docno: results.c), not its snippet or highlights. */
void zc_hit_clear(zc_hit *h);

/* A count (count.c): what q matched among some documents of a handle. */
typedef struct zc_count_out {
    uint64_t total; /* exact */
    zc_xspy *keys;  /* the facet key counts (facets) */
    zc_xquery *ran; /* the query run: q within the docids counted */
    zc_xenquire *e; /* holds keys */
} zc_count_out;

/* Counts what q (a query for ix) matches among the docids lo..hi (hi 0:
 * all), exactly: every match is examined, unweighted, and none is kept.
 * With facets, the facet keys of the matches too; with docs (not NULL),
 * the matches are recorded there, for a rank query that runs within them
 * (zc_compiled.docs). Counting is all it does. */
int zc_count(zc_index *ix, const zc_xquery *q, zc_xdocid lo, zc_xdocid hi, int facets,
             zc_xdocs *docs, zc_count_out *out, zc_error *err);
void zc_count_free(zc_count_out *out);

/* A ranking (rank.c): the candidates for the page of hits. */
typedef struct zc_rank_out {
    zc_xmset *set;  /* from the first-th on */
    unsigned first; /* the rank of set's first item */
    zc_xenquire *e; /* made set */
} zc_rank_out;

/* Ranks what c->rank (the rank query of a compile whose match query a
 * count has run) matches on ix: the candidates for hits
 * [o->offset, o->offset + o->limit), or, whole, all those that could make
 * the page (a part of a split search, whose sets merge: page.c). total:
 * the count's. */
int zc_rank(zc_index *ix, const zc_compiled *c, const zc_search_options *o, uint64_t total,
            int whole, zc_rank_out *out, zc_error *err);
void zc_rank_free(zc_rank_out *out);

/* A search splits into at most this many parts (parts.c). */
#define ZC_PARTS_MAX 4

/* One part of a search: a handle and the documents it reads, and what the
 * stages leave there. */
typedef struct zc_part {
    zc_index *view;   /* part 0: the search's own handle */
    zc_xdocid lo, hi; /* its docids; hi 0: all of them (a search in one part) */
    zc_compiled q;
    zc_count_out count;
    zc_rank_out ranked;
    unsigned compiles; /* the compiles run here (zc_compile_opts.tally) */
    double compile_ms; /* the last one's time (--trace) */
    int rc;
    zc_error err;
} zc_part;

typedef struct zc_parts {
    zc_index *ix;
    size_t n;
    zc_part part[ZC_PARTS_MAX];
} zc_parts;

/* Whether a search surely matches fewer than few documents (bound.c): 1
 * when its posting lists say so, 0 when they do not or cannot. */
typedef int zc_parts_few_fn(void *ctx, uint64_t few);
/* The parts a search on ix (a view of a shared handle) runs in (parts.c):
 * on a large local index, docid ranges, each on a handle of its own at
 * ix's revision (at most threads, zc_search_options.threads), unless few
 * (NULL: not asked) says the search matches too few documents to gain
 * from it; else one, ix itself, with every document. */
void zc_parts_take(zc_index *ix, unsigned threads, zc_parts_few_fn *few, void *few_ctx,
                   zc_parts *out);
/* Whether a search of tree matches fewer than few documents by its
 * terms' frequencies alone (bound.c): 1 when surely, else 0. */
int zc_bound_few(zc_index *ix, const zc_qnode *tree, const zc_search_options *o, int match,
                 uint64_t few);
/* Runs fn on each part, part 0 in the calling thread and each other in a
 * thread of its own (or, without one to be had, in this thread after the
 * others started); the first part's error, in part order, is returned. */
typedef int zc_part_fn(zc_part *p, void *ctx);
int zc_parts_run(zc_parts *ps, zc_part_fn *fn, void *ctx, zc_error *err);
/* Frees what the stages left in the parts, keeping their handles. */
void zc_parts_clear(zc_parts *ps);
/* Clears and gives the handles back. */
void zc_parts_give(zc_parts *ps);

/* The value a date order sorts by, descending (rank.c, page.c): the date
 * key for newest first, its digits' complement for oldest first, so that
 * the undated come last either way (index/schema.h). */
static inline unsigned zc_when_slot(const zc_search_options *o)
{
    return o->sort == ZC_SORT_DATE_ASC ? ZC_SLOT_WHEN_REV : ZC_SLOT_WHEN;
}

/* The page of hits (page.c): the sets of the parts merged (first: the
 * rank of a single set's first item) into the page r asked for, with
 * fields and snippets (the patterns of pc), each set's hits read in a
 * thread of its own; views[k] is the handle sets[k] came from. */
int zc_page_hits(zc_xmset *const *sets, zc_index *const *views, size_t nsets, unsigned first,
                 const zc_search_options *o, const zc_compiled *pc, zc_results *r, zc_error *err);

/* zc_search on a handle one thread uses (api/search.c gives each call a
 * view of a shared handle of its own, and runs it again when a writer
 * changed the index under it: zc_index_run_on_view). */
int zc_search_run(zc_index *ix, const char *query, const zc_search_options *opts, zc_results **out,
                  zc_error *err);
/* zc_index_facets likewise. */
int zc_facets_run(zc_index *ix, zc_results **out, zc_error *err);

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
    int words_tried;      /* nothing matched: words_total was counted */
    uint64_t words_total; /* matches of the query with its words apart (~) */
    int any_tried;        /* nothing matched that either: any_total was counted */
    uint64_t any_total;   /* matches of the looser query (--any) */
    char *explain;        /* with opts->explain */
    char **warnings;      /* shards left out (ZC_OPEN_ALLOW_PARTIAL) */
    size_t n_warnings;
    /* What ran (tests): the parts of the search, and the compiles of its
     * query over all of them, the --any count's included. */
    size_t parts;
    unsigned compiles;
};

#endif
