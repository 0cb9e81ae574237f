/* Running a search: its stages, one after another, each in a file of its
 * own, none calling back into this one:
 *
 *   parse (parse.c)
 *   → the parts to run in (parts.c), and in each, on its own handle:
 *       compile once (compile*.c) → count (count.c) → rank (rank.c)
 *   → facets (facets.c) → the page of hits, with snippets (page.c)
 *   → nothing matched: the looser forms counted (~ words apart, --any).
 *
 * What to do when an error means the index changed under the search, or a
 * shard was lost, is the caller's (api/search.c: zc_index_run_on_view). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/clock.h"
#include "common/err.h"
#include "index/index.h"
#include "search_internal.h"

/* What the parts run. */
typedef struct job {
    zc_index *ix;         /* the search's own handle */
    const zc_qnode *tree; /* NULL: every document */
    const zc_search_options *o;
    int match;  /* how keywords match (zc_match) */
    int rank;   /* rank the matches, for the page of hits */
    int facets; /* count the facet keys */
} job;

/* A part's stages, in a thread of its own on a handle of its own: the
 * query compiled once, there, into the match query and the rank query;
 * the matches counted (and recorded where the rank query runs within
 * them); the matches ranked. A part without matches has no page. */
static int run_part(zc_part *p, void *ctx)
{
    const job *j = ctx;
    double t0 = zc_clock_ms();
    int rc =
        zc_search_compile(p->view, j->tree, j->o, j->match, j->rank, &p->compiles, &p->q, &p->err);
    p->compile_ms = zc_clock_ms() - t0;
    if (rc == ZC_OK)
        rc = zc_count(p->view, p->q.match, p->lo, p->hi, j->facets, p->q.docs, &p->count, &p->err);
    if (rc == ZC_OK && j->rank && p->count.total)
        rc = zc_rank(p->view, &p->q, j->o, p->count.total, p->hi != 0, &p->ranked, &p->err);
    return rc;
}

/* zc_parts_few_fn: whether the search's terms bound it below few
 * matches. */
static int few_matches(void *ctx, uint64_t few)
{
    const job *j = ctx;
    return zc_bound_few(j->ix, j->tree, j->o, j->match, few);
}

static uint64_t total_of(const zc_parts *ps)
{
    uint64_t n = 0;
    for (size_t k = 0; k < ps->n; k++)
        n += ps->part[k].count.total;
    return n;
}

/* A description for --explain, malloc'd; a query that was not built (no
 * part ranked) as said. */
static char *describe(const zc_xquery *q, const char *none, zc_error *err)
{
    char *d = NULL;
    if (!q)
        return strdup(none);
    return zc_xquery_describe(q, &d, err) == ZC_OK ? d : NULL;
}

/* --explain: the parsed tree, and the very queries that ran: those of the
 * first part that ranked (else the first part): the match query as its
 * count ran it (within its docids when the search was split), and the
 * rank query, restricted to the matches the count recorded (described as
 * DocSet(N documents), not the list). */
/* What each mode matches, for --explain (docs/query.md). */
static const char *const modes[] = {
    ("exact: each keyword as written, contiguously (a ~keyword: its words anywhere); Latin "
     "letters and digits as whole runs"),
    "words: each word of each keyword, anywhere; Latin letters and digits as whole runs",
    "any: any word of any keyword; Latin letters and digits as whole runs"};

static int explain(zc_results *r, const zc_qnode *tree, const zc_parts *ps, int match,
                   zc_error *err)
{
    size_t k = 0;
    while (k < ps->n && !ps->part[k].ranked.e)
        k++;
    if (k == ps->n)
        k = 0;
    const zc_part *p = &ps->part[k];
    char *t = zc_qnode_describe(tree), *m = describe(p->count.ran, "", err);
    char *x = describe(p->ranked.e ? p->q.rank : NULL, "not run, nothing matched", err);
    char split[128] = "";
    if (ps->n > 1)
        snprintf(split, sizeof split,
                 "\nparts: %zu by docid range, each with its own queries; these are part %zu's",
                 ps->n, k + 1);
    int rc = t && m && x ? ZC_OK : zc_err_set(err, ZC_ERR_NOMEM, "out of memory");
    if (rc == ZC_OK) {
        size_t n = strlen(t) + strlen(modes[match]) + strlen(m) + strlen(x) + strlen(split) + 64;
        if ((r->explain = malloc(n)))
            snprintf(r->explain, n, "parsed: %s\nmode: %s\nmatch: %s\nrank: %s%s", t, modes[match],
                     m, x, split);
        else
            rc = zc_err_set(err, ZC_ERR_NOMEM, "out of memory");
    }
    free(t);
    free(m);
    free(x);
    return rc;
}

/* The facets of the parts' matches: their key counts add up. */
static int facets(zc_index *ix, const zc_parts *ps, zc_results *r, zc_error *err)
{
    zc_xspy *keys[ZC_PARTS_MAX];
    const zc_dict *dict = NULL;
    for (size_t k = 0; k < ps->n; k++)
        keys[k] = ps->part[k].count.keys;
    int rc = zc_index_dict(ix, &dict, err);
    return rc ? rc : zc_facets_collect(keys, ps->n, dict, &r->facets, err);
}

/* The page of hits from the parts' rankings, highlighted with the
 * patterns of the first part's compile (every part compiles the same). */
static int page(const zc_parts *ps, const zc_search_options *o, zc_results *r, zc_error *err)
{
    zc_xmset *sets[ZC_PARTS_MAX];
    zc_index *views[ZC_PARTS_MAX];
    for (size_t k = 0; k < ps->n; k++) {
        sets[k] = ps->part[k].ranked.set;
        views[k] = ps->part[k].view;
    }
    return zc_page_hits(sets, views, ps->n, ps->part[0].ranked.first, o, &ps->part[0].q, r, err);
}

static unsigned compiles_of(const zc_parts *ps)
{
    unsigned n = 0;
    for (size_t k = 0; k < ps->n; k++)
        n += ps->part[k].compiles;
    return n;
}

/* Nothing matched: counts, in the same parts, what the query matches in
 * the looser form match (ZC_MATCH_WORDS or ZC_MATCH_ANY) into *total, and
 * sets *tried. */
static int count_looser(zc_parts *ps, const zc_qnode *tree, const zc_search_options *o, int match,
                        uint64_t *total, int *tried, zc_error *err)
{
    job j = {ps->ix, tree, o, match, 0, 0};
    zc_parts_clear(ps);
    int rc = zc_parts_run(ps, run_part, &j, err);
    /* Every word an alternative, the looser query can pass a limit the
     * exact one keeps within (docs/query.md): then there is no count. */
    if (rc == ZC_ERR_QUERY) {
        zc_error_clear(err);
        return ZC_OK;
    }
    if (rc == ZC_OK) {
        *total = total_of(ps);
        *tried = 1;
    }
    return rc;
}

/* Nothing matched in mode match: the looser forms, each only if the one
 * before found nothing either. */
static int count_loose(zc_parts *ps, const zc_qnode *tree, const zc_search_options *o, int match,
                       zc_results *r, zc_error *err)
{
    int rc = ZC_OK;
    if (match == ZC_MATCH_EXACT)
        rc = count_looser(ps, tree, o, ZC_MATCH_WORDS, &r->words_total, &r->words_tried, err);
    if (rc == ZC_OK && match != ZC_MATCH_ANY && r->words_total == 0)
        rc = count_looser(ps, tree, o, ZC_MATCH_ANY, &r->any_total, &r->any_tried, err);
    return rc;
}

/* --trace: one line. The parts run side by side: the time of their count
 * and rank is the wall time less the first part's compile (a search's
 * compile was never counted in it). */
static void trace(const zc_search_options *o, const zc_parts *ps, double parts_ms, double facets_ms,
                  double snippets_ms)
{
    if (!o->trace)
        return;
    char line[256];
    snprintf(line, sizeof line,
             "search: count and rank %.2f ms (%zu part%s), facets %.2f ms, snippets %.2f ms",
             parts_ms - ps->part[0].compile_ms, ps->n, ps->n == 1 ? "" : "s", facets_ms,
             snippets_ms);
    o->trace(o->trace_ctx, line);
}

static zc_results *results_new(const char *query, const zc_search_options *o)
{
    zc_results *r = calloc(1, sizeof *r);
    if (r && !(r->query = strdup(query))) {
        free(r);
        return NULL;
    }
    if (r) {
        r->offset = o->offset;
        r->limit = o->limit;
        r->facets_on = o->facets;
    }
    return r;
}

static int finish(zc_index *ix, int rc, zc_results *r, double t0, zc_results **out, zc_error *err)
{
    if (rc == ZC_OK) /* the shards left out (ZC_OPEN_ALLOW_PARTIAL) */
        rc = zc_index_warnings_copy(ix, &r->warnings, &r->n_warnings, err);
    if (rc) {
        zc_results_free(r);
        return rc;
    }
    r->took_ms = zc_clock_ms() - t0;
    *out = r;
    return ZC_OK;
}

int zc_search_run(zc_index *ix, const char *query, const zc_search_options *opts, zc_results **out,
                  zc_error *err)
{
    *out = NULL;
    double t0 = zc_clock_ms();
    static const zc_search_options defaults = ZC_SEARCH_OPTIONS_INIT;
    if (!opts)
        opts = &defaults;
    if (!query)
        return zc_err_set(err, ZC_ERR_INVALID, "no query given");
    if ((unsigned)opts->match > ZC_MATCH_ANY)
        return zc_err_set(err, ZC_ERR_INVALID, "unknown match mode %d for query '%s'",
                          (int)opts->match, query);
    if ((unsigned)opts->sort > ZC_SORT_DATE_ASC)
        return zc_err_set(err, ZC_ERR_INVALID, "unknown sort order %d for query '%s'",
                          (int)opts->sort, query);
    zc_results *r = results_new(query, opts);
    if (!r)
        return zc_err_set(err, ZC_ERR_NOMEM, "out of memory");
    zc_qnode *tree = NULL;
    int rc = zc_query_parse(query, &tree, err);
    if (rc)
        return finish(ix, rc, r, t0, out, err);
    zc_parts parts;
    int match = opts->any ? ZC_MATCH_ANY : (int)opts->match;
    job j = {ix, tree, opts, match, 1, opts->facets};
    zc_parts_take(ix, opts->threads, few_matches, &j, &parts);
    double tA = zc_clock_ms();
    rc = zc_parts_run(&parts, run_part, &j, err);
    double tB = zc_clock_ms();
    if (rc == ZC_OK)
        r->total = total_of(&parts);
    if (rc == ZC_OK && opts->explain)
        rc = explain(r, tree, &parts, match, err);
    if (rc == ZC_OK && opts->facets)
        rc = facets(ix, &parts, r, err);
    double tC = zc_clock_ms();
    if (rc == ZC_OK && r->total)
        rc = page(&parts, opts, r, err);
    if (rc == ZC_OK && opts->explain && r->n)
        rc = zc_explain_hits(ix, tree, opts, r, err);
    trace(opts, &parts, tB - tA, tC - tB, zc_clock_ms() - tC);
    if (rc == ZC_OK && r->total == 0 && match != ZC_MATCH_ANY)
        rc = count_loose(&parts, tree, opts, match, r, err);
    r->parts = parts.n;
    r->compiles = compiles_of(&parts);
    zc_parts_give(&parts);
    zc_qnode_free(tree);
    return finish(ix, rc, r, t0, out, err);
}

/* The facets of every document: the match-all query counted as a
 * search's match is, with no hits. */
int zc_facets_run(zc_index *ix, zc_results **out, zc_error *err)
{
    *out = NULL;
    double t0 = zc_clock_ms();
    zc_search_options o = ZC_SEARCH_OPTIONS_INIT;
    o.limit = 0; /* no hits */
    zc_results *r = results_new("", &o);
    if (!r)
        return zc_err_set(err, ZC_ERR_NOMEM, "out of memory");
    zc_parts parts;
    zc_parts_take(ix, 0, NULL, NULL, &parts);
    job j = {ix, NULL, &o, 0, 0, 1};
    int rc = zc_parts_run(&parts, run_part, &j, err);
    if (rc == ZC_OK) {
        r->total = total_of(&parts);
        rc = facets(ix, &parts, r, err);
    }
    zc_parts_give(&parts);
    return finish(ix, rc, r, t0, out, err);
}
