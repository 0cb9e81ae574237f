/* Running a search: parse, build, match, and collect hits with snippets. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/err.h"
#include "common/stored.h"
#include "dict/normalize.h"
#include "indexer/index_internal.h"
#include "indexer/schema.h"
#include "search_internal.h"

void zc_search_options_init(zc_search_options *o)
{
    memset(o, 0, sizeof *o);
    o->limit = 10;
    o->snippet_len = 120;
    o->facets = 1;
    o->synonyms = 1;
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
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

static int get_str(const zc_xmset *m, size_t i, unsigned slot, const char **out, zc_error *err)
{
    char *v = NULL;
    size_t len;
    int rc = zc_xmset_get_value(m, i, slot, &v, &len, err);
    *out = v;
    return rc;
}

static int fill_hit(const zc_xmset *m, size_t i, const zc_pattern *pats, size_t npats,
                    const zc_search_options *o, zc_hit *h, zc_error *err)
{
    h->score = zc_xmset_weight(m, i);
    int rc = get_str(m, i, ZC_SLOT_ID, &h->id, err);
    if (rc == ZC_OK)
        rc = get_str(m, i, ZC_SLOT_PATH, &h->path, err);
    if (rc == ZC_OK)
        rc = get_str(m, i, ZC_SLOT_TITLE, &h->title, err);
    if (rc == ZC_OK)
        rc = get_str(m, i, ZC_SLOT_REGION, &h->region, err);
    char *year = NULL;
    size_t ylen = 0;
    if (rc == ZC_OK)
        rc = zc_xmset_get_value(m, i, ZC_SLOT_YEAR, &year, &ylen, err);
    if (rc == ZC_OK && ylen)
        h->year = (int)zc_x_sortable_unserialise(year, ylen);
    free(year);
    char *packed = NULL, *text = NULL;
    size_t plen = 0, tlen = 0;
    if (rc == ZC_OK)
        rc = zc_xmset_get_value(m, i, ZC_SLOT_TEXT, &packed, &plen, err);
    if (rc == ZC_OK)
        rc = zc_stored_unpack(packed, plen, &text, &tlen, err);
    free(packed);
    zc_snippet s = {0};
    if (rc == ZC_OK)
        rc = zc_snip_make(text, tlen, pats, npats, o->snippet_len, &s, err);
    free(text);
    h->snippet = s.text;
    h->highlights = s.hl;
    h->n_highlights = s.n_hl;
    return rc;
}

/* Restricts *q by the --region / --year options. */
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
        if (rc == ZC_OK && f) {
            zc_xquery *both = NULL;
            rc = zc_xquery_pair(ZC_XOP_AND, f, x, &both, err);
            zc_xquery_free(f);
            zc_xquery_free(x);
            f = both;
            x = NULL;
        } else if (rc == ZC_OK) {
            f = x;
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
        return zc_xquery_match_all(out, err);
    zc_compiled c;
    int rc = compile(ix, src->tree, src->o, src->any, 0, NULL, &c, err);
    *out = c.query;
    c.query = NULL;
    zc_compiled_free(&c);
    return rc;
}

/* The hits [first, first+max) of q in rank order (whole: from the first
 * on, for a part of a split count). Xapian may skip what cannot reach
 * them, so this is fast; the total comes from the count.
 * Relevance order breaks ties by id, so that it is the same in one index
 * and in shards: Xapian's merge of shards prunes equal weights unless
 * every match is examined (check_at_least), and a document may weigh a
 * few ulps apart in the two layouts (subquery weights are summed in an
 * order that depends on each shard's statistics), so ZC_TIE_SLACK more
 * hits on each side are fetched and near ties reordered by id (tie_order). */
#define ZC_TIE_SLACK 16u
static int rank_query(zc_index *ix, const zc_xquery *q, const zc_search_options *o, uint64_t total,
                      int whole, zc_xenquire **e, zc_xmset **m, unsigned *first, zc_error *err)
{
    int rc = zc_xenquire_new(ix->db, e, err);
    unsigned from = o->offset, n = o->limit, check = 0;
    if (rc == ZC_OK)
        rc = zc_xenquire_set_query(*e, q, 0, err);
    if (rc == ZC_OK && o->sort == ZC_SORT_YEAR) {
        rc = zc_xenquire_set_sort(*e, ZC_XSORT_VALUE_THEN_RELEVANCE, ZC_SLOT_YEAR, 1, err);
    } else if (rc == ZC_OK) {
        rc = zc_xenquire_set_sort(*e, ZC_XSORT_RELEVANCE_THEN_VALUE, ZC_SLOT_ID, 0, err);
        from = o->offset > ZC_TIE_SLACK ? o->offset - ZC_TIE_SLACK : 0;
        n = o->limit + (o->offset - from) + ZC_TIE_SLACK;
        if (zc_xdb_shard_count(ix->db) > 1)
            check = total > UINT32_MAX ? UINT32_MAX : (unsigned)total;
    }
    if (whole) { /* a part's candidates: all that could make the page */
        n += from;
        from = 0;
    }
    if (rc == ZC_OK)
        rc = zc_xenquire_get_mset(*e, from, n, check, m, err);
    if (rc == ZC_OK) /* remote shards: the page's documents in one exchange */
        rc = zc_xmset_fetch(*m, err);
    *first = from;
    return rc;
}

typedef struct zc_ranked {
    double w;
    char *id;
    size_t i;
} zc_ranked;

/* Weights within a relative 1e-9 are equal (distinct scores differ far
 * more; rounding noise far less); then ids ascending. */
static int cmp_ranked(const void *pa, const void *pb)
{
    const zc_ranked *a = pa, *b = pb;
    double d = a->w - b->w, scale = fabs(a->w) > fabs(b->w) ? fabs(a->w) : fabs(b->w);
    if (fabs(d) > 1e-9 * scale)
        return d > 0 ? -1 : 1;
    int c = strcmp(a->id ? a->id : "", b->id ? b->id : "");
    return c ? c : (a->i > b->i) - (a->i < b->i);
}

/* The mset's items in final order: order[k] is the index of the k-th. */
static int tie_order(const zc_xmset *m, int resort, size_t **order, zc_error *err)
{
    size_t n = zc_xmset_size(m);
    zc_ranked *v = calloc(n ? n : 1, sizeof *v);
    *order = calloc(n ? n : 1, sizeof **order);
    int rc = v && *order ? ZC_OK : zc_err_set(err, ZC_ERR_NOMEM, "out of memory");
    for (size_t i = 0; rc == ZC_OK && i < n; i++) {
        size_t len;
        v[i].w = zc_xmset_weight(m, i);
        v[i].i = i;
        if (resort)
            rc = zc_xmset_get_value(m, i, ZC_SLOT_ID, &v[i].id, &len, err);
    }
    if (rc == ZC_OK && resort)
        qsort(v, n, sizeof *v, cmp_ranked);
    for (size_t i = 0; rc == ZC_OK && i < n; i++)
        (*order)[i] = v[i].i;
    for (size_t i = 0; v && i < n; i++)
        free(v[i].id);
    free(v);
    return rc;
}

/* A part of a split count ranks its own matches (count.c). */
static int rank_part(void *ctx, zc_index *ix, const zc_xquery *docs, zc_xenquire **e, zc_xmset **m,
                     zc_error *err)
{
    const count_src *src = ctx;
    zc_compiled c;
    unsigned first;
    int rc = compile(ix, src->tree, src->o, src->any, 1, docs, &c, err);
    if (rc == ZC_OK)
        rc = rank_query(ix, c.query, src->o, 0, 1, e, m, &first, err);
    zc_compiled_free(&c);
    return rc;
}

/* One candidate of a part's page. */
typedef struct cand {
    double w;
    char *id, *year; /* relevance: the id; year order: the year's value */
    size_t ylen, part, i;
} cand;

/* Relevance, then id (as cmp_ranked), then where it came from. */
static int cmp_cand_rel(const void *pa, const void *pb)
{
    const cand *a = pa, *b = pb;
    zc_ranked x = {a->w, a->id, 0}, y = {b->w, b->id, 0};
    int c = cmp_ranked(&x, &y);
    if (c)
        return c;
    return a->part != b->part ? (a->part > b->part) - (a->part < b->part)
                              : (a->i > b->i) - (a->i < b->i);
}

/* Newest first, then relevance, then docid: as Xapian sorts one set (the
 * parts are docid ranges in order). */
static int cmp_cand_year(const void *pa, const void *pb)
{
    const cand *a = pa, *b = pb;
    size_t l = a->ylen < b->ylen ? a->ylen : b->ylen;
    int c = l ? memcmp(a->year, b->year, l) : 0;
    if (c == 0 && a->ylen != b->ylen)
        c = a->ylen < b->ylen ? -1 : 1;
    if (c)
        return -c;
    if (a->w != b->w)
        return a->w > b->w ? -1 : 1;
    return a->part != b->part ? (a->part > b->part) - (a->part < b->part)
                              : (a->i > b->i) - (a->i < b->i);
}

/* The page [offset, offset+limit) of the parts' candidates merged: hit k
 * is item at[k] of pages[of[k]]. */
static int merge_pages(zc_xmset *const *pages, size_t n, const zc_search_options *o, size_t **of,
                       size_t **at, size_t *count, zc_error *err)
{
    size_t total = 0;
    for (size_t k = 0; k < n; k++)
        total += zc_xmset_size(pages[k]);
    cand *v = calloc(total ? total : 1, sizeof *v);
    int rc = v ? ZC_OK : zc_err_set(err, ZC_ERR_NOMEM, "out of memory");
    size_t m = 0;
    int by_year = o->sort == ZC_SORT_YEAR;
    for (size_t k = 0; rc == ZC_OK && k < n; k++) {
        for (size_t i = 0; rc == ZC_OK && i < zc_xmset_size(pages[k]); i++, m++) {
            size_t len;
            v[m] = (cand){zc_xmset_weight(pages[k], i), NULL, NULL, 0, k, i};
            rc = by_year
                     ? zc_xmset_get_value(pages[k], i, ZC_SLOT_YEAR, &v[m].year, &v[m].ylen, err)
                     : zc_xmset_get_value(pages[k], i, ZC_SLOT_ID, &v[m].id, &len, err);
        }
    }
    if (rc == ZC_OK)
        qsort(v, m, sizeof *v, by_year ? cmp_cand_year : cmp_cand_rel);
    size_t skip = o->offset < m ? o->offset : m;
    *count = m - skip < o->limit ? m - skip : o->limit;
    *of = calloc(*count ? *count : 1, sizeof **of);
    *at = calloc(*count ? *count : 1, sizeof **at);
    if (rc == ZC_OK && (!*of || !*at))
        rc = zc_err_set(err, ZC_ERR_NOMEM, "out of memory");
    for (size_t k = 0; rc == ZC_OK && k < *count; k++) {
        (*of)[k] = v[skip + k].part;
        (*at)[k] = v[skip + k].i;
    }
    for (size_t k = 0; k < m; k++) {
        free(v[k].id);
        free(v[k].year);
    }
    free(v);
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
    zc_count_opts co = {make_count_query, NULL, &src, o->threads, 0, 0};
    zc_count_out cnt;
    int rc = compile(ix, tree, o, 1, 0, NULL, &c, err);
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
    double t0 = now_ms();
    zc_search_options defaults;
    if (!opts) {
        zc_search_options_init(&defaults);
        opts = &defaults;
    }
    if (!query)
        return zc_err_set(err, ZC_ERR_INVALID, "no query given");
    zc_qnode *tree = NULL;
    zc_compiled match = {0}, c = {0};
    zc_xenquire *e = NULL;
    zc_xmset *m = NULL;
    zc_count_out cnt = {0};
    const zc_dict *dict = NULL;
    unsigned first = 0;
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
     * the other ranks the documents it found (for the page of hits). A
     * count split into parts ranks each part's matches in the part. */
    count_src src = {tree, opts, opts->any};
    zc_count_opts co = {make_count_query, rank_part, &src, opts->threads, opts->facets, 1};
    if (rc == ZC_OK)
        rc = compile(ix, tree, opts, opts->any, 0, NULL, &match, err);
    if (rc == ZC_OK && opts->explain) {
        rc = compile(ix, tree, opts, opts->any, 1, NULL, &c, err);
        if (rc == ZC_OK)
            rc = explain(r, tree, match.query, c.query, err);
        zc_compiled_free(&c);
    }
    double tA = now_ms();
    if (rc == ZC_OK && (rc = zc_count(ix, match.query, &co, &cnt, err)) == ZC_OK)
        r->total = cnt.total;
    if (rc == ZC_OK && !cnt.ranked)
        rc = compile(ix, tree, opts, opts->any, 1, cnt.docs, &c, err);
    double tB = now_ms();
    if (rc == ZC_OK)
        rc = zc_index_dict(ix, &dict, err);
    if (rc == ZC_OK && opts->facets)
        rc = zc_facets_collect(cnt.keys, cnt.n, dict, &r->facets, err);
    double tC = now_ms();
    if (rc == ZC_OK && r->total && !cnt.ranked)
        rc = rank_query(ix, c.query, opts, r->total, 0, &e, &m, &first, err);
    double tD = now_ms();
    /* The page: hit k is item at[k] of the result set of[k]. */
    const zc_xmset *sets[ZC_COUNT_MAX_PARTS] = {m};
    size_t *of = NULL, *at = NULL, n = 0;
    if (rc == ZC_OK && cnt.ranked) {
        for (size_t k = 0; k < cnt.n; k++)
            sets[k] = cnt.pages[k];
        rc = merge_pages(cnt.pages, cnt.n, opts, &of, &at, &n, err);
    } else if (rc == ZC_OK && m) {
        rc = tie_order(m, opts->sort != ZC_SORT_YEAR, &at, err);
        size_t skip = opts->offset - first, size = zc_xmset_size(m);
        n = size > skip ? size - skip : 0;
        n = n < opts->limit ? n : opts->limit;
        if (rc == ZC_OK && skip)
            memmove(at, at + skip, n * sizeof *at);
        of = calloc(n ? n : 1, sizeof *of); /* all from set 0 */
        if (rc == ZC_OK && !of)
            rc = zc_err_set(err, ZC_ERR_NOMEM, "out of memory");
    }
    if (rc == ZC_OK && n) {
        r->hits = calloc(n, sizeof *r->hits);
        if (!r->hits)
            rc = zc_err_set(err, ZC_ERR_NOMEM, "out of memory");
        /* The rank compile's patterns are the match compile's. */
        const zc_compiled *pc = cnt.ranked ? &match : &c;
        for (size_t i = 0; rc == ZC_OK && i < n; i++) {
            r->hits[i].rank = opts->offset + (unsigned)i + 1;
            r->n = i + 1;
            rc = fill_hit(sets[of[i]], at[i], pc->pats, pc->npats, opts, &r->hits[i], err);
        }
    }
    free(of);
    free(at);
    if (getenv("ZHENGCE_TRACE"))
        fprintf(stderr,
                "zhengce: search: count %.2f ms (%zu part%s), facets %.2f ms, rank %.2f ms, "
                "snippets %.2f ms\n",
                tB - tA, cnt.n, cnt.n == 1 ? "" : "s", tC - tB, tD - tC, now_ms() - tD);
    zc_count_free(&cnt);
    if (rc == ZC_OK && r->total == 0 && !opts->any)
        rc = count_any(ix, tree, opts, r, err);
    zc_xmset_free(m);
    zc_xenquire_free(e);
    zc_compiled_free(&c);
    zc_compiled_free(&match);
    zc_qnode_free(tree);
    if (rc) {
        zc_results_free(r);
        return rc;
    }
    r->took_ms = now_ms() - t0;
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
    double t0 = now_ms();
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
    zc_count_opts co = {make_count_query, NULL, &src, 0, 1, 0};
    int rc = zc_xquery_match_all(&all, err);
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
    r->took_ms = now_ms() - t0;
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
