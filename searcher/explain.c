/* --explain: why each hit of the page ranks where it does. The query is
 * compiled again, its rank side self-contained (not within a count's
 * matches), and each part score.c noted (characters, bigrams, words,
 * title, a whole keyword found contiguously) is weighed alone on each hit:
 * the part's query filtered to the hit's Q term, under the same BM25 as
 * the rank query; what the whole rank query weighs beyond them is what
 * decided the match. The parts add up to the hit's score (up to
 * rounding). */
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "index/index.h"
#include "index/schema.h"
#include "search_internal.h"

/* The weight of part q on the document whose id term is idterm. */
static int weigh(zc_index *ix, const zc_xquery *q, const char *idterm, double *w, zc_error *err)
{
    zc_xquery *id = NULL, *f = NULL;
    zc_xenquire *e = NULL;
    zc_xmset *m = NULL;
    *w = 0;
    int rc = zc_xquery_term(idterm, 1, 0, &id, err);
    if (rc == ZC_OK)
        rc = zc_xquery_pair(ZC_XOP_FILTER, q, id, &f, err);
    if (rc == ZC_OK)
        rc = zc_xenquire_new(ix->db, &e, err);
    if (rc == ZC_OK)
        rc = zc_xenquire_set_query(e, f, 0, err);
    if (rc == ZC_OK)
        rc = zc_xenquire_set_bm25(e, ZC_BM25_K1, ZC_BM25_B, err);
    if (rc == ZC_OK)
        rc = zc_xenquire_get_mset(e, 0, 1, 0, &m, err);
    if (rc == ZC_OK && zc_xmset_size(m) > 0)
        *w = zc_xmset_weight(m, 0);
    zc_xmset_free(m);
    zc_xenquire_free(e);
    zc_xquery_free(f);
    zc_xquery_free(id);
    return rc;
}

int zc_explain_hits(zc_index *ix, const zc_qnode *tree, const zc_search_options *o, zc_results *r,
                    zc_error *err)
{
    if (!tree || o->sort != ZC_SORT_RELEVANCE)
        return ZC_OK;
    const zc_dict *dict = NULL;
    zc_norm *norm = NULL;
    zc_compiled q = {0};
    int rc = zc_index_dict(ix, &dict, err);
    if (rc == ZC_OK)
        rc = zc_index_norm(ix, &norm, err);
    zc_compile_opts co = {.dict = dict,
                          .norm = norm,
                          .synonyms = o->synonyms,
                          .match = o->any ? ZC_MATCH_ANY : (int)o->match,
                          .rank = 1};
    if (rc == ZC_OK)
        rc = zc_query_compile(tree, &co, &q, err);
    GString *s = g_string_new(r->explain ? r->explain : "");
    g_string_append_printf(s,
                           "\nwhy: each hit's score is the sum of the BM25 weights (k1 %g, b %g) "
                           "of these parts, each scaled by its (xN):",
                           ZC_BM25_K1, ZC_BM25_B);
    g_string_append(s, "\n  [0] what decided the match: the BM25 weight of its characters, "
                       "x0.1 where the parts below rank it");
    for (size_t k = 0; rc == ZC_OK && k < q.nwhy; k++)
        g_string_append_printf(s, "\n  [%zu] %s", k + 1, q.why[k].label);
    for (size_t i = 0; rc == ZC_OK && i < r->n; i++) {
        const zc_hit *h = &r->hits[i];
        char idterm[8 + ZC_SCHEMA_ID_LEN];
        snprintf(idterm, sizeof idterm, "%s%s", ZC_PREFIX_ID, h->id);
        g_string_append_printf(s, "\n%u. %s: %.4f =", h->rank,
                               h->title && *h->title ? h->title : h->path, h->score);
        /* The whole rank query on the hit, less the parts: what decided
         * the match. */
        double whole = 0, rest;
        GString *parts = g_string_new("");
        rc = weigh(ix, q.rank, idterm, &whole, err);
        rest = whole;
        for (size_t k = 0; rc == ZC_OK && k < q.nwhy; k++) {
            double w;
            rc = weigh(ix, q.why[k].q, idterm, &w, err);
            if (rc == ZC_OK && w > 0) {
                g_string_append_printf(parts, " + [%zu] %.4f", k + 1, w);
                rest -= w;
            }
        }
        g_string_append_printf(s, " [0] %.4f%s", rest > 0 ? rest : 0, parts->str);
        g_string_free(parts, TRUE);
    }
    zc_compiled_free(&q);
    if (rc == ZC_OK) {
        free(r->explain);
        r->explain = strdup(s->str);
        if (!r->explain)
            rc = zc_err_set(err, ZC_ERR_NOMEM, "out of memory");
    }
    g_string_free(s, TRUE);
    return rc;
}
