/* similar: more like this. The document's most telling word terms, by
 * Xapian's expansion set of the document as the one relevant document
 * (RSet/ESet: the terms it holds that are rare elsewhere), searched for
 * with BM25; each hit with the terms of those it shares. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "index/index.h"
#include "index/schema.h"
#include "research.h"
#include "searcher/search_internal.h"

/* Terms asked of the expansion, and kept of them. */
enum { ESET_ASK = 400, ESET_KEEP = 120 };

typedef struct terms {
    zc_index *ix;
    zc_xquery **q;
    size_t n;
    int rc;
    zc_error *err;
} terms;

static int on_term(void *ctx, const char *t, size_t len, double weight)
{
    terms *ts = ctx;
    if (len < 2 || !zc_research_word_ok(ts->ix, t + 1, len - 1))
        return 0;
    /* A term of this document alone finds nothing like it. */
    char term[ZC_MAX_WORD_TERM + 8];
    uint64_t docs = 0, occ = 0;
    if (len >= sizeof term)
        return 0;
    memcpy(term, t, len);
    term[len] = '\0';
    ts->rc = zc_xdb_term_stats(ts->ix->db, term, &docs, &occ, ts->err);
    if (ts->rc)
        return 1;
    if (docs < 2)
        return 0;
    /* Each term weighs as much as it tells (its expand weight). */
    zc_xquery *one = NULL;
    ts->rc = zc_xquery_term_n(t, len, 1, 0, &one, ts->err);
    if (ts->rc == ZC_OK)
        ts->rc = zc_xquery_scale_weight(one, weight > 0 ? weight : 0, &ts->q[ts->n], ts->err);
    zc_xquery_free(one);
    if (ts->rc)
        return 1;
    return ++ts->n >= ESET_KEEP;
}

typedef struct shared {
    char **v;
    size_t n;
} shared;

static int on_shared(void *ctx, const char *t, size_t len, unsigned wdf)
{
    (void)wdf;
    shared *s = ctx;
    if (len < 2 || t[0] != ZC_PREFIX_WORD[0])
        return 0;
    char **v = realloc(s->v, (s->n + 1) * sizeof *v);
    if (!v)
        return 1;
    s->v = v;
    if (!(s->v[s->n] = strndup(t + 1, len - 1)))
        return 1;
    s->n++;
    return 0;
}

/* The query: the telling terms, not the document itself, within the
 * filters. */
static int build(zc_index *ix, zc_xdocid docid, const char *id, const zc_research_options *o,
                 zc_xenquire *e, zc_xquery **out, zc_error *err)
{
    zc_xquery *q[ESET_KEEP] = {0}, *any = NULL, *self = NULL, *f = NULL, *x = NULL;
    terms ts = {ix, q, 0, ZC_OK, err};
    int rc = zc_xenquire_expand(e, &docid, 1, ZC_PREFIX_WORD, ESET_ASK, on_term, &ts, err);
    if (rc == ZC_OK)
        rc = ts.rc;
    if (rc == ZC_OK)
        rc = zc_xquery_combine(ZC_XOP_OR, q, ts.n, 0, &any, err);
    char term[64];
    snprintf(term, sizeof term, "%s%s", ZC_PREFIX_ID, id);
    if (rc == ZC_OK)
        rc = zc_xquery_term(term, 1, 0, &self, err);
    if (rc == ZC_OK)
        rc = zc_xquery_pair(ZC_XOP_AND_NOT, any, self, &x, err);
    if (rc == ZC_OK)
        rc = zc_research_filter(ix, o, &f, err);
    if (rc == ZC_OK && f) {
        rc = zc_xquery_pair(ZC_XOP_FILTER, x, f, out, err);
        zc_xquery_free(x);
    } else if (rc == ZC_OK) {
        *out = x;
    } else {
        zc_xquery_free(x);
    }
    for (size_t i = 0; i < ts.n; i++)
        zc_xquery_free(q[i]);
    zc_xquery_free(any);
    zc_xquery_free(self);
    zc_xquery_free(f);
    return rc;
}

static int fill(zc_index *ix, zc_xenquire *e, zc_xmset *m, zc_similar *s, zc_error *err)
{
    size_t n = zc_xmset_size(m);
    s->hits = calloc(n ? n : 1, sizeof *s->hits);
    s->shared = calloc(n ? n : 1, sizeof *s->shared);
    s->n_shared = calloc(n ? n : 1, sizeof *s->n_shared);
    if (!s->hits || !s->shared || !s->n_shared)
        return zc_err_set(err, ZC_ERR_NOMEM, "out of memory");
    int rc = ZC_OK;
    for (size_t i = 0; rc == ZC_OK && i < n; i++) {
        zc_rdoc d;
        rc = zc_rdoc_read(ix, zc_xmset_docid(m, i), &d, NULL, NULL, err);
        if (rc)
            break;
        s->hits[i] = (zc_hit){.rank = (unsigned)i + 1,
                              .id = d.id,
                              .path = d.path,
                              .title = d.title,
                              .region = d.region,
                              .year = d.year,
                              .score = zc_xmset_weight(m, i),
                              .snippet = "",
                              .type = d.type,
                              .date = d.date,
                              .issuer = d.issuer,
                              .docno = d.docno};
        free(d.facets);
        s->n++;
        shared sh = {0};
        rc = zc_xenquire_matching_terms(e, m, i, on_shared, &sh, err);
        s->shared[i] = sh.v;
        s->n_shared[i] = sh.n;
    }
    return rc;
}

int zc_similar_find(zc_index *ix, const char *doc, const zc_research_options *o, zc_similar **out,
                    zc_error *err)
{
    *out = NULL;
    zc_xdocid docid = 0;
    zc_rdoc d = {0};
    zc_xenquire *e = NULL;
    zc_xquery *q = NULL;
    zc_xmset *m = NULL;
    zc_similar *s = calloc(1, sizeof *s);
    int rc = s ? ZC_OK : zc_err_set(err, ZC_ERR_NOMEM, "out of memory");
    if (rc == ZC_OK)
        rc = zc_research_resolve(ix, doc, &docid, err);
    if (rc == ZC_OK)
        rc = zc_rdoc_read(ix, docid, &d, NULL, NULL, err);
    if (rc == ZC_OK && !(s->id = strdup(d.id)))
        rc = zc_err_set(err, ZC_ERR_NOMEM, "out of memory");
    if (rc == ZC_OK)
        rc = zc_xenquire_new(ix->db, &e, err);
    if (rc == ZC_OK)
        rc = build(ix, docid, d.id, o, e, &q, err);
    if (rc == ZC_OK)
        rc = zc_xenquire_set_query(e, q, 0, err);
    if (rc == ZC_OK)
        rc = zc_xenquire_set_bm25(e, ZC_BM25_K1, ZC_BM25_B, err);
    if (rc == ZC_OK)
        rc = zc_xenquire_get_mset(e, o->offset, o->limit ? o->limit : 10, 0, &m, err);
    if (rc == ZC_OK)
        rc = fill(ix, e, m, s, err);
    zc_xmset_free(m);
    zc_xquery_free(q);
    zc_xenquire_free(e);
    zc_rdoc_clear(&d);
    if (rc) {
        zc_similar_free(s);
        return rc;
    }
    *out = s;
    return ZC_OK;
}

void zc_similar_free(zc_similar *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n; i++) {
        zc_hit_clear(&s->hits[i]);
        for (size_t j = 0; j < s->n_shared[i]; j++)
            free(s->shared[i][j]);
        free(s->shared[i]);
    }
    free(s->hits);
    free(s->shared);
    free(s->n_shared);
    free(s->id);
    free(s);
}

const char *zc_similar_id(const zc_similar *s)
{
    return s ? s->id : NULL;
}
size_t zc_similar_count(const zc_similar *s)
{
    return s ? s->n : 0;
}
const zc_hit *zc_similar_hit(const zc_similar *s, size_t i)
{
    return s && i < s->n ? &s->hits[i] : NULL;
}
size_t zc_similar_shared_count(const zc_similar *s, size_t i)
{
    return s && i < s->n ? s->n_shared[i] : 0;
}
const char *zc_similar_shared(const zc_similar *s, size_t i, size_t j)
{
    return s && i < s->n && j < s->n_shared[i] ? s->shared[i][j] : NULL;
}
