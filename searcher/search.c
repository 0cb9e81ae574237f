/* Running a search: parse, build, match, and collect hits with snippets. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/clock.h"
#include "common/err.h"
#include "index/index.h"
#include "search_internal.h"
#include "text/normalize.h"

void zc_search_options_init(zc_search_options *o)
{
    memset(o, 0, sizeof *o);
    o->limit = 10;
    o->snippet_len = 120;
    o->facets = 1;
    o->synonyms = 1;
}

void zc_results_free(zc_results *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n; i++) {
        zc_hit *h = &r->hits[i];
        free((char *)h->id);
        free((char *)h->path);
        free((char *)h->title);
        free((char *)h->region);
        free((char *)h->snippet);
        free((size_t *)h->highlights);
    }
    free(r->hits);
    free(r->query);
    free(r->explain);
    for (size_t i = 0; i < r->n_warnings; i++)
        free(r->warnings[i]);
    free(r->warnings);
    zc_facets_free(&r->facets);
    free(r);
}

uint64_t zc_results_total(const zc_results *r)
{
    return r->total;
}
size_t zc_results_count(const zc_results *r)
{
    return r->n;
}
double zc_results_took_ms(const zc_results *r)
{
    return r->took_ms;
}
const zc_hit *zc_results_hit(const zc_results *r, size_t i)
{
    return i < r->n ? &r->hits[i] : NULL;
}
uint64_t zc_results_any_total(const zc_results *r)
{
    return r->any_total;
}
const char *zc_results_explain(const zc_results *r)
{
    return r->explain;
}
size_t zc_results_warning_count(const zc_results *r)
{
    return r->n_warnings;
}
const char *zc_results_warning(const zc_results *r, size_t i)
{
    return i < r->n_warnings ? r->warnings[i] : NULL;
}

size_t zc_results_facet_count(const zc_results *r, zc_facet_kind kind)
{
    return (unsigned)kind < 2 ? r->facets.n[kind] : 0;
}

const zc_facet *zc_results_facet(const zc_results *r, zc_facet_kind kind, size_t i)
{
    return (unsigned)kind < 2 && i < r->facets.n[kind] ? &r->facets.v[kind][i] : NULL;
}

/* *f AND x (either may be NULL), into *f; takes x. */
static int and_into(zc_xquery **f, zc_xquery *x, zc_error *err)
{
    if (!*f || !x) {
        if (!*f)
            *f = x;
        return ZC_OK;
    }
    zc_xquery *both = NULL;
    int rc = zc_xquery_pair(ZC_XOP_AND, *f, x, &both, err);
    zc_xquery_free(*f);
    zc_xquery_free(x);
    *f = both;
    return rc;
}

/* Restricts *q by the --region / --year / --source options. */
static int option_filters(const zc_search_options *o, const zc_dict *dict, zc_norm *norm,
                          zc_xquery **q, zc_error *err)
{
    zc_xquery *f = NULL, *x = NULL;
    int rc = ZC_OK;
    if (o->region && *o->region) {
        char *name = NULL;
        rc = zc_norm_text(norm, o->region, strlen(o->region), &name, NULL, err);
        if (rc == ZC_ERR_ENCODING)
            rc = zc_err_set(err, ZC_ERR_QUERY, "--region is not valid UTF-8");
        if (rc == ZC_OK)
            rc = zc_query_region_filter(dict, name, ZC_WHERE_OPTION, &f, err);
        free(name);
    }
    if (rc == ZC_OK && (o->year_lo || o->year_hi)) {
        if (o->year_lo && o->year_hi && o->year_lo > o->year_hi)
            rc = zc_err_set(err, ZC_ERR_QUERY, "--year %d..%d: the range is reversed", o->year_lo,
                            o->year_hi);
        if (rc == ZC_OK)
            rc = zc_query_year_filter(o->year_lo, o->year_hi, &x, err);
        if (rc == ZC_OK) {
            rc = and_into(&f, x, err);
            x = NULL;
        }
    }
    if (rc == ZC_OK && o->source && *o->source) {
        rc = zc_query_source_filter(o->source, &x, err);
        if (rc == ZC_OK) {
            rc = and_into(&f, x, err);
            x = NULL;
        }
    }
    if (rc == ZC_OK && f) {
        zc_xquery *r = NULL;
        rc = zc_xquery_pair(ZC_XOP_FILTER, *q, f, &r, err);
        zc_xquery_free(*q);
        *q = r;
    }
    zc_xquery_free(f);
    zc_xquery_free(x);
    return rc;
}

/* Compiles the query with o (and any), option filters included; docs: the
 * matched documents, when a count recorded them. */
static int compile(zc_index *ix, const zc_qnode *tree, const zc_search_options *o, int any,
                   int rank, const zc_xquery *docs, zc_compiled *c, zc_error *err)
{
    const zc_dict *dict = NULL;
    zc_norm *norm = NULL;
    int rc = zc_index_dict(ix, &dict, err);
    if (rc == ZC_OK)
        rc = zc_index_norm(ix, &norm, err);
    zc_compile_opts co = {dict, norm, o->synonyms, any, rank, docs};
    if (rc == ZC_OK)
        rc = zc_query_compile(tree, &co, c, err);
    if (rc == ZC_OK)
        rc = option_filters(o, dict, norm, &c->query, err);
    return rc;
}

/* What a part of a split count needs to compile the query on its own
 * handle (count.c). */
typedef struct count_src {
    const zc_qnode *tree; /* NULL: every document */
    const zc_search_options *o;
    int any;
} count_src;

static int make_count_query(void *ctx, zc_index *ix, zc_xquery **out, zc_error *err)
{
    const count_src *src = ctx;
    if (!src->tree)
        return zc_index_every_document(out, err);
    zc_compiled c;
    int rc = compile(ix, src->tree, src->o, src->any, 0, NULL, &c, err);
    *out = c.query;
    c.query = NULL;
    zc_compiled_free(&c);
    return rc;
}

/* Ranks what a part of the count matched (count.c): the search's query
 * compiled again with those documents, so that it reads positions only
 * there and never decides the match a second time (compile.c). */
static int rank_matches(void *ctx, zc_index *ix, const zc_xquery *docs, uint64_t total, int whole,
                        zc_xenquire **e, zc_xmset **m, unsigned *first, zc_error *err)
{
    const count_src *src = ctx;
    zc_compiled c;
    int rc = compile(ix, src->tree, src->o, src->any, 1, docs, &c, err);
    if (rc == ZC_OK)
        rc = zc_page_rank(ix, c.query, src->o, total, whole, e, m, first, err);
    zc_compiled_free(&c);
    return rc;
}

/* --explain: the parsed tree; the query that decides the match (counted
 * exactly, unweighted); and the one that ranks, as compiled without the
 * matched documents it is restricted to (a list of docids would bury it). */
static int explain(zc_results *r, const zc_qnode *tree, const zc_xquery *match,
                   const zc_xquery *rank, zc_error *err)
{
    char *t = zc_qnode_describe(tree), *m = NULL, *x = NULL;
    int rc = t ? ZC_OK : zc_err_set(err, ZC_ERR_NOMEM, "out of memory");
    if (rc == ZC_OK)
        rc = zc_xquery_describe(match, &m, err);
    if (rc == ZC_OK)
        rc = zc_xquery_describe(rank, &x, err);
    if (rc == ZC_OK) {
        size_t n = strlen(t) + strlen(m) + strlen(x) + 64;
        r->explain = malloc(n);
        if (r->explain)
            snprintf(r->explain, n, "parsed: %s\nmatch: %s\nrank: %s", t, m, x);
        else
            rc = zc_err_set(err, ZC_ERR_NOMEM, "out of memory");
    }
    free(t);
    free(m);
    free(x);
    return rc;
}

/* Nothing matched: counts what the looser query (any word) would match. */
static int count_any(zc_index *ix, const zc_qnode *tree, const zc_search_options *o, zc_results *r,
                     zc_error *err)
{
    zc_compiled c;
    count_src src = {tree, o, 1};
    zc_count_opts co = {make_count_query, NULL, &src, o->threads, 0};
    zc_count_out cnt;
    int rc = compile(ix, tree, o, 1, 0, NULL, &c, err);
    /* Every word an alternative, the looser query can pass a limit the
     * exact one keeps within (docs/query.md): then there is no count. */
    if (rc == ZC_ERR_QUERY) {
        zc_compiled_free(&c);
        zc_error_clear(err);
        return ZC_OK;
    }
    if (rc == ZC_OK)
        rc = zc_count(ix, c.query, &co, &cnt, err);
    if (rc == ZC_OK)
        r->any_total = cnt.total;
    if (rc == ZC_OK)
        zc_count_free(&cnt);
    if (rc == ZC_OK)
        r->any_tried = 1;
    zc_compiled_free(&c);
    return rc;
}

static int search_once(zc_index *ix, const char *query, const zc_search_options *opts,
                       zc_results **out, zc_error *err)
{
    *out = NULL;
    double t0 = zc_clock_ms();
    zc_search_options defaults;
    if (!opts) {
        zc_search_options_init(&defaults);
        opts = &defaults;
    }
    if (!query)
        return zc_err_set(err, ZC_ERR_INVALID, "no query given");
    if ((unsigned)opts->sort > ZC_SORT_DATE_ASC)
        return zc_err_set(err, ZC_ERR_INVALID, "unknown sort order %d for query '%s'",
                          (int)opts->sort, query);
    zc_qnode *tree = NULL;
    zc_compiled match = {0};
    zc_count_out cnt = {0};
    const zc_dict *dict = NULL;
    zc_results *r = calloc(1, sizeof *r);
    int rc = r ? ZC_OK : zc_err_set(err, ZC_ERR_NOMEM, "out of memory");
    if (rc == ZC_OK && !(r->query = strdup(query)))
        rc = zc_err_set(err, ZC_ERR_NOMEM, "out of memory");
    if (rc == ZC_OK) {
        r->offset = opts->offset;
        r->limit = opts->limit;
        r->facets_on = opts->facets;
        rc = zc_query_parse(query, &tree, err);
    }
    /* Two queries: one decides the match (counted exactly, with facets),
     * the other ranks the documents it found (for the page of hits); each
     * part of a split count ranks its own. */
    count_src src = {tree, opts, opts->any};
    zc_count_opts co = {make_count_query, rank_matches, &src, opts->threads, opts->facets};
    if (rc == ZC_OK)
        rc = compile(ix, tree, opts, opts->any, 0, NULL, &match, err);
    if (rc == ZC_OK && opts->explain) {
        zc_compiled c;
        rc = compile(ix, tree, opts, opts->any, 1, NULL, &c, err);
        if (rc == ZC_OK)
            rc = explain(r, tree, match.query, c.query, err);
        zc_compiled_free(&c);
    }
    double tA = zc_clock_ms();
    if (rc == ZC_OK && (rc = zc_count(ix, match.query, &co, &cnt, err)) == ZC_OK)
        r->total = cnt.total;
    double tB = zc_clock_ms();
    if (rc == ZC_OK)
        rc = zc_index_dict(ix, &dict, err);
    if (rc == ZC_OK && opts->facets)
        rc = zc_facets_collect(cnt.keys, cnt.n, dict, &r->facets, err);
    double tC = zc_clock_ms();
    /* The rank compile's patterns, which snippets highlight, are the match
     * compile's: ranking adds boosts, never patterns. */
    if (rc == ZC_OK && r->total)
        rc = zc_page_hits(cnt.pages, cnt.views, cnt.n, cnt.first, opts, &match, r, err);
    if (opts->trace) {
        char line[256];
        snprintf(line, sizeof line,
                 "search: count and rank %.2f ms (%zu part%s), facets %.2f ms, snippets %.2f ms",
                 tB - tA, cnt.n, cnt.n == 1 ? "" : "s", tC - tB, zc_clock_ms() - tC);
        opts->trace(opts->trace_ctx, line);
    }
    zc_count_free(&cnt);
    if (rc == ZC_OK && r->total == 0 && !opts->any)
        rc = count_any(ix, tree, opts, r, err);
    zc_compiled_free(&match);
    zc_qnode_free(tree);
    if (rc) {
        zc_results_free(r);
        return rc;
    }
    r->took_ms = zc_clock_ms() - t0;
    *out = r;
    return ZC_OK;
}

/* The facets of every document: the match-all query counted as a
 * search's match is, with no hits (query and opts are not used). */
static int facets_once(zc_index *ix, const char *query, const zc_search_options *opts,
                       zc_results **out, zc_error *err)
{
    (void)query, (void)opts;
    *out = NULL;
    double t0 = zc_clock_ms();
    zc_results *r = calloc(1, sizeof *r);
    if (!r || !(r->query = strdup(""))) {
        free(r);
        return zc_err_set(err, ZC_ERR_NOMEM, "out of memory");
    }
    r->facets_on = 1;
    zc_xquery *all = NULL;
    zc_count_out cnt = {0};
    const zc_dict *dict = NULL;
    count_src src = {NULL, NULL, 0};
    zc_count_opts co = {make_count_query, NULL, &src, 0, 1};
    int rc = zc_index_every_document(&all, err);
    if (rc == ZC_OK && (rc = zc_count(ix, all, &co, &cnt, err)) == ZC_OK)
        r->total = cnt.total;
    if (rc == ZC_OK)
        rc = zc_index_dict(ix, &dict, err);
    if (rc == ZC_OK)
        rc = zc_facets_collect(cnt.keys, cnt.n, dict, &r->facets, err);
    zc_count_free(&cnt);
    zc_xquery_free(all);
    if (rc) {
        zc_results_free(r);
        return rc;
    }
    r->took_ms = zc_clock_ms() - t0;
    *out = r;
    return ZC_OK;
}

typedef int run_fn(zc_index *ix, const char *query, const zc_search_options *opts, zc_results **out,
                   zc_error *err);

static int run_recovering(run_fn *once, zc_index *ix, const char *query,
                          const zc_search_options *opts, zc_results **out, zc_error *err)
{
    int rc = once(ix, query, opts, out, err);
    /* A shard lost: named in the error, or left out and the search run
     * again without it (ZC_OPEN_ALLOW_PARTIAL). */
    if (rc == ZC_ERR_NETWORK && (rc = zc_index_recover(ix, rc, err)) == ZC_OK)
        rc = once(ix, query, opts, out, err);
    if (rc == ZC_OK)
        rc = zc_index_warnings_copy(ix, &(*out)->warnings, &(*out)->n_warnings, err);
    if (rc) {
        zc_results_free(*out);
        *out = NULL;
    }
    return rc;
}

int zc_search_run(zc_index *ix, const char *query, const zc_search_options *opts, zc_results **out,
                  zc_error *err)
{
    return run_recovering(search_once, ix, query, opts, out, err);
}

int zc_facets_run(zc_index *ix, const char *query, const zc_search_options *opts, zc_results **out,
                  zc_error *err)
{
    return run_recovering(facets_once, ix, query, opts, out, err);
}
