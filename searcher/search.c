/* Running a search: parse, build, match, and collect hits with snippets. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/err.h"
#include "dict/normalize.h"
#include "indexer/index_internal.h"
#include "indexer/schema.h"
#include "search_internal.h"


void zc_search_options_init(zc_search_options *o)
{
    memset(o, 0, sizeof *o);
    o->limit = 10;
    o->snippet_len = 120;
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
    free(r);
}

uint64_t zc_results_total(const zc_results *r) { return r->total; }
size_t zc_results_count(const zc_results *r) { return r->n; }
double zc_results_took_ms(const zc_results *r) { return r->took_ms; }
const zc_hit *zc_results_hit(const zc_results *r, size_t i)
{
    return i < r->n ? &r->hits[i] : NULL;
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
    char *text = NULL;
    size_t tlen = 0;
    if (rc == ZC_OK)
        rc = zc_xmset_get_data(m, i, &text, &tlen, err);
    zc_snippet s = {0};
    if (rc == ZC_OK)
        rc = zc_snip_make(text, tlen, pats, npats, o->snippet_len, &s, err);
    free(text);
    h->snippet = s.text;
    h->highlights = s.hl;
    h->n_highlights = s.n_hl;
    return rc;
}

int zc_search(zc_index *ix, const char *query, const zc_search_options *opts,
              zc_results **out, zc_error *err)
{
    *out = NULL;
    double t0 = now_ms();
    zc_search_options defaults;
    if (!opts) {
        zc_search_options_init(&defaults);
        opts = &defaults;
    }
    zc_query *q = NULL;
    zc_pattern *pats = NULL;
    zc_xquery *xq = NULL;
    zc_xenquire *e = NULL;
    zc_xmset *m = NULL;
    zc_results *r = calloc(1, sizeof *r);
    zc_xdb_stats st;
    int rc = r ? ZC_OK : zc_err_set(err, ZC_ERR_NOMEM, "out of memory");
    if (rc == ZC_OK && !(r->query = strdup(query)))
        rc = zc_err_set(err, ZC_ERR_NOMEM, "out of memory");
    /* The query meets the text in the same normalized form. */
    zc_norm *norm = NULL;
    char *nq = NULL;
    if (rc == ZC_OK)
        rc = zc_index_norm(ix, &norm, err);
    if (rc == ZC_OK) {
        rc = zc_norm_text(norm, query, strlen(query), &nq, NULL, err);
        if (rc == ZC_ERR_ENCODING)
            rc = zc_err_set(err, ZC_ERR_QUERY, "query is not valid UTF-8");
    }
    if (rc == ZC_OK) {
        r->offset = opts->offset;
        r->limit = opts->limit;
        rc = zc_query_parse_flat(nq, &q, err);
    }
    free(nq);
    if (rc == ZC_OK)
        rc = zc_query_patterns(q, &pats, err);
    if (rc == ZC_OK)
        rc = zc_query_build(q, pats, &xq, err);
    if (rc == ZC_OK)
        rc = zc_xdb_stats_get(ix->db, &st, err);
    if (rc == ZC_OK)
        rc = zc_xenquire_new(ix->db, &e, err);
    if (rc == ZC_OK)
        rc = zc_xenquire_set_query(e, xq, 0, err);
    /* Checking every document keeps the total exact. */
    if (rc == ZC_OK)
        rc = zc_xenquire_get_mset(e, opts->offset, opts->limit, (unsigned)st.doc_count, &m, err);
    if (rc == ZC_OK) {
        r->total = zc_xmset_estimated(m);
        size_t n = zc_xmset_size(m);
        r->hits = calloc(n ? n : 1, sizeof *r->hits);
        if (!r->hits)
            rc = zc_err_set(err, ZC_ERR_NOMEM, "out of memory");
        for (size_t i = 0; rc == ZC_OK && i < n; i++) {
            r->hits[i].rank = opts->offset + (unsigned)i + 1;
            r->n = i + 1;
            rc = fill_hit(m, i, pats, q->n, opts, &r->hits[i], err);
        }
    }
    zc_xmset_free(m);
    zc_xenquire_free(e);
    zc_xquery_free(xq);
    if (q)
        zc_query_patterns_free(pats, q->n);
    zc_query_free(q);
    if (rc) {
        zc_results_free(r);
        return rc;
    }
    r->took_ms = now_ms() - t0;
    *out = r;
    return ZC_OK;
}
