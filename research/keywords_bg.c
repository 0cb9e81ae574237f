/* keywords: the background a document is compared with, and the
 * log-likelihood that scores a count against it. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/grow.h"
#include "index/index.h"
#include "index/schema.h"
#include "keywords.h"

double zc_kw_g2(uint64_t a, uint64_t b, double n1, double n2)
{
    if (a == 0 || n1 <= 0 || n2 <= 0 || (double)a / n1 <= (double)b / n2)
        return 0.0;
    double e1 = n1 * (double)(a + b) / (n1 + n2), e2 = n2 * (double)(a + b) / (n1 + n2);
    double g = (double)a * log((double)a / e1);
    if (b)
        g += (double)b * log((double)b / e2);
    return 2.0 * g;
}

int zc_kw_in(const zc_kw_bg *bg, zc_xdocid d)
{
    if (!bg->set)
        return d != bg->self;
    size_t lo = 0, hi = bg->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (bg->set[mid] < d)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < bg->n && bg->set[lo] == d;
}

typedef struct ids {
    zc_xdocid *v;
    size_t n, cap;
    int oom;
} ids;

static int add_id(void *ctx, zc_xdocid d, unsigned wdf)
{
    (void)wdf;
    ids *s = ctx;
    if (zc_grow((void **)&s->v, s->n, &s->cap, sizeof *s->v, 64))
        return s->oom = 1;
    s->v[s->n++] = d;
    return 0;
}

/* The docids of term, in order. */
static int postings(zc_index *ix, const char *term, ids *out, zc_error *err)
{
    int rc = zc_xdb_each_posting(ix->db, term, add_id, out, err);
    if (rc == ZC_OK && out->oom)
        rc = zc_err_set(err, ZC_ERR_NOMEM, "out of memory");
    return rc;
}

/* a minus b (both sorted), without self. */
static size_t minus(zc_xdocid *a, size_t na, const zc_xdocid *b, size_t nb, zc_xdocid self)
{
    size_t m = 0, j = 0;
    for (size_t i = 0; i < na; i++) {
        while (j < nb && b[j] < a[i])
            j++;
        if ((j < nb && b[j] == a[i]) || a[i] == self)
            continue;
        a[m++] = a[i];
    }
    return m;
}

/* The deepest region code of a facet key, as "XR<code>". */
static int region_term(const zc_rdoc *d, char *out, size_t cap)
{
    zc_schema_facets f;
    zc_schema_facet_parse(d->facets, strlen(d->facets), &f);
    for (int k = 2; k >= 0; k--)
        if (f.code_len[k]) {
            snprintf(out, cap, "%s%.*s", ZC_PREFIX_REGION, (int)f.code_len[k], f.code[k]);
            return 1;
        }
    return 0;
}

int zc_kw_background(zc_index *ix, const zc_rdoc *d, zc_against against, zc_kw_bg *bg,
                     zc_error *err)
{
    *bg = (zc_kw_bg){.self = d->docid, .against = against};
    uint64_t l1 = 0;
    zc_xdb_stats st;
    int rc = zc_xdb_doc_length(ix->db, d->docid, &l1, err);
    if (rc == ZC_OK)
        rc = zc_xdb_stats_get(ix->db, &st, err);
    if (rc)
        return rc;
    bg->self_len = (double)l1;
    if (against == ZC_AGAINST_ALL) {
        bg->len = (double)st.total_length - (double)l1;
        if (st.doc_count < 3) /* itself and the filler */
            return zc_err_set(err, ZC_ERR_NOT_FOUND,
                              "index '%s' has no other document to compare %s with", ix->path,
                              d->id);
        return ZC_OK;
    }
    char rterm[64], yterm[32];
    int has_region = region_term(d, rterm, sizeof rterm);
    snprintf(yterm, sizeof yterm, "%s%d", ZC_PREFIX_YEAR, d->year);
    if (against == ZC_AGAINST_REGION && !has_region)
        return zc_err_set(err, ZC_ERR_NOT_FOUND,
                          "document %s has no region: compare it with the whole index", d->id);
    if (against == ZC_AGAINST_YEAR && !d->year)
        return zc_err_set(err, ZC_ERR_NOT_FOUND,
                          "document %s has no year: compare it with the whole index", d->id);
    ids in = {0}, out = {0};
    const char *keep = against == ZC_AGAINST_REGION ? rterm : yterm;
    const char *drop =
        against == ZC_AGAINST_REGION ? (d->year ? yterm : NULL) : (has_region ? rterm : NULL);
    rc = postings(ix, keep, &in, err);
    if (rc == ZC_OK && drop)
        rc = postings(ix, drop, &out, err);
    if (rc == ZC_OK)
        in.n = minus(in.v, in.n, out.v, out.n, d->docid);
    free(out.v);
    double len = 0;
    for (size_t i = 0; rc == ZC_OK && i < in.n; i++) {
        uint64_t l = 0;
        rc = zc_xdb_doc_length(ix->db, in.v[i], &l, err);
        len += (double)l;
    }
    if (rc == ZC_OK && in.n == 0)
        rc = zc_err_set(err, ZC_ERR_NOT_FOUND,
                        against == ZC_AGAINST_REGION
                            ? "index '%s' has no document of the region of %s from another year"
                            : "index '%s' has no document of the year of %s from another region",
                        ix->path, d->id);
    if (rc) {
        free(in.v);
        return rc;
    }
    bg->set = in.v;
    bg->n = in.n;
    bg->len = len;
    return ZC_OK;
}

typedef struct sum {
    const zc_kw_bg *bg;
    uint64_t n;
} sum;

static int add_wdf(void *ctx, zc_xdocid d, unsigned wdf)
{
    sum *s = ctx;
    if (zc_kw_in(s->bg, d))
        s->n += wdf;
    return 0;
}

int zc_kw_background_count(zc_index *ix, const zc_kw_bg *bg, const char *term, size_t len,
                           uint64_t a, uint64_t *out, zc_error *err)
{
    *out = 0;
    char t[ZC_MAX_WORD_TERM + 8];
    if (len >= sizeof t)
        return ZC_OK;
    memcpy(t, term, len);
    t[len] = '\0';
    if (!bg->set) {
        uint64_t docs, occ;
        int rc = zc_xdb_term_stats(ix->db, t, &docs, &occ, err);
        *out = occ > a ? occ - a : 0;
        return rc;
    }
    sum s = {bg, 0};
    int rc = zc_xdb_each_posting(ix->db, t, add_wdf, &s, err);
    *out = s.n;
    return rc;
}

void zc_kw_background_free(zc_kw_bg *bg)
{
    free(bg->set);
    *bg = (zc_kw_bg){0};
}
