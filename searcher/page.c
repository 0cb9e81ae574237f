/* The page of hits: the ranking's candidates (rank.c), in final order,
 * filled with their fields and snippets. A search split into parts
 * (parts.c) has one ranked set per part: they merge here, and each part's
 * hits are read in a thread of that part, on the handle its set came
 * from. */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/stored.h"
#include "index/docrec.h"
#include "index/index.h"
#include "index/schema.h"
#include "search_internal.h"

/* One candidate for the page, from one part's set. */
typedef struct cand {
    double w;
    char *id, *when; /* relevance: the id; date order: the value sorted by */
    size_t wlen, part, i;
} cand;

static int tied_weights(double a, double b)
{
    double scale = fabs(a) > fabs(b) ? fabs(a) : fabs(b);
    return fabs(a - b) <= 1e-9 * scale;
}

/* Relevance, weights within a relative 1e-9 being equal (distinct scores
 * differ far more; rounding noise far less: rank.c); then ids ascending;
 * then where it came from. */
static int cmp_cand_rel(const void *pa, const void *pb)
{
    const cand *a = pa, *b = pb;
    if (!tied_weights(a->w, b->w))
        return a->w > b->w ? -1 : 1;
    int c = strcmp(a->id ? a->id : "", b->id ? b->id : "");
    if (c)
        return c;
    return a->part != b->part ? (a->part > b->part) - (a->part < b->part)
                              : (a->i > b->i) - (a->i < b->i);
}

/* The sort value descending (newest first, or oldest first by the
 * complement: zc_when_slot), then relevance, then docid: as Xapian sorts one
 * set (the parts are docid ranges in order, and a set is in docid order
 * within a value and a weight). */
static int cmp_cand_when(const void *pa, const void *pb)
{
    const cand *a = pa, *b = pb;
    size_t l = a->wlen < b->wlen ? a->wlen : b->wlen;
    int c = l ? memcmp(a->when, b->when, l) : 0;
    if (c == 0 && a->wlen != b->wlen)
        c = a->wlen < b->wlen ? -1 : 1;
    if (c)
        return -c;
    if (a->w != b->w)
        return a->w > b->w ? -1 : 1;
    return a->part != b->part ? (a->part > b->part) - (a->part < b->part)
                              : (a->i > b->i) - (a->i < b->i);
}

/* Reads the ids of the candidates (sorted by weight) that tie with a
 * neighbour: only those are ordered by id, and a value read costs a walk
 * down the B-tree, so the others are left without. In a sorted run a
 * candidate tied with any other is tied with a neighbour. */
static int ids_of_ties(zc_xmset *const *pages, cand *v, size_t m, zc_error *err)
{
    for (size_t j = 0; j < m; j++) {
        int tie = (j > 0 && tied_weights(v[j].w, v[j - 1].w)) ||
                  (j + 1 < m && tied_weights(v[j].w, v[j + 1].w));
        size_t len;
        if (tie) {
            int rc = zc_xmset_get_value(pages[v[j].part], v[j].i, ZC_SLOT_ID, &v[j].id, &len, err);
            if (rc)
                return rc;
        }
    }
    return ZC_OK;
}

/* The page [offset, offset+limit) of the candidates of the sets, merged
 * (first: the rank of a single set's first item): hit k is item at[k] of
 * pages[of[k]]. */
static int merge_pages(zc_xmset *const *pages, size_t n, unsigned first, const zc_search_options *o,
                       size_t **of, size_t **at, size_t *count, zc_error *err)
{
    size_t total = 0;
    for (size_t k = 0; k < n; k++)
        total += zc_xmset_size(pages[k]);
    cand *v = calloc(total ? total : 1, sizeof *v);
    int rc = v ? ZC_OK : zc_err_set(err, ZC_ERR_NOMEM, "out of memory");
    size_t m = 0;
    int by_when = o->sort != ZC_SORT_RELEVANCE;
    for (size_t k = 0; rc == ZC_OK && k < n; k++) {
        for (size_t i = 0; rc == ZC_OK && i < zc_xmset_size(pages[k]); i++, m++) {
            v[m] = (cand){zc_xmset_weight(pages[k], i), NULL, NULL, 0, k, i};
            if (by_when)
                rc = zc_xmset_get_value(pages[k], i, zc_when_slot(o), &v[m].when, &v[m].wlen, err);
        }
    }
    if (rc == ZC_OK)
        qsort(v, m, sizeof *v, by_when ? cmp_cand_when : cmp_cand_rel);
    if (rc == ZC_OK && !by_when) {
        rc = ids_of_ties(pages, v, m, err);
        if (rc == ZC_OK)
            qsort(v, m, sizeof *v, cmp_cand_rel);
    }
    size_t skip = o->offset - first < m ? o->offset - first : m;
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
        free(v[k].when);
    }
    free(v);
    return rc;
}

/* A copy of a record's field ("" when the document has none). */
static int dup_field(const char *s, const char **out)
{
    char *d = strdup(s);
    *out = d;
    return d ? ZC_OK : ZC_ERR_NOMEM;
}

static int fill_hit(const zc_xmset *m, size_t i, zc_stored_unpacker *u, const zc_pattern *pats,
                    size_t npats, const zc_search_options *o, zc_hit *h, zc_error *err)
{
    h->score = zc_xmset_weight(m, i);
    char *value = NULL, *text = NULL;
    size_t vlen = 0, tlen = 0;
    zc_docrec rec;
    int rc = zc_xmset_get_value(m, i, ZC_SLOT_RECORD, &value, &vlen, err);
    if (rc == ZC_OK)
        rc = zc_docrec_parse(value, vlen, &rec, err);
    /* In the record's order (index/docrec.h). */
    const char **const to[ZC_DOCREC_FIELDS] = {&h->id,   &h->path, &h->title,  &h->region,
                                               &h->type, &h->date, &h->issuer, &h->docno};
    for (size_t k = 0; rc == ZC_OK && k < ZC_DOCREC_FIELDS; k++)
        if (dup_field(rec.field[k], to[k]))
            rc = zc_err_set(err, ZC_ERR_NOMEM, "out of memory");
    if (rc == ZC_OK) {
        h->year = rec.year;
        rc = zc_stored_unpack(u, rec.stored, rec.stored_len, &text, &tlen, err);
    }
    free(value);
    zc_snippet s = {0};
    if (rc == ZC_OK)
        rc = zc_snip_make(text, tlen, pats, npats, o->snippet_len, &s, err);
    free(text);
    h->snippet = s.text;
    h->highlights = s.hl;
    h->n_highlights = s.n_hl;
    return rc;
}

/* Fills the hits of one result set (one part), in a thread of their own
 * for a part other than the first. */
typedef struct filler {
    const zc_xmset *set;
    zc_index *view; /* the handle set came from */
    size_t part;
    const size_t *of, *at;
    size_t n;
    const zc_compiled *pc;
    const zc_search_options *o;
    zc_hit *hits;
    int rc;
    zc_error err;
} filler;

static void *fill_part(void *arg)
{
    filler *f = arg;
    zc_stored_unpacker *u = NULL;
    f->rc = zc_index_unpacker(f->view, &u, &f->err);
    for (size_t i = 0; f->rc == ZC_OK && i < f->n; i++) {
        if (f->of[i] != f->part)
            continue;
        f->rc =
            fill_hit(f->set, f->at[i], u, f->pc->pats, f->pc->npats, f->o, &f->hits[i], &f->err);
        if (f->rc == ZC_ERR_CORRUPT) { /* a stored text: which one, and what to do */
            zc_error why = f->err;
            zc_err_set(&f->err, f->rc,
                       "index '%s': document %s (%s): %s; rebuild the index with `zhengce index "
                       "--full`",
                       f->view->path, f->hits[i].id ? f->hits[i].id : "?",
                       f->hits[i].path ? f->hits[i].path : "?", why.message);
        }
    }
    return NULL;
}

int zc_page_hits(zc_xmset *const *sets, zc_index *const *views, size_t nsets, unsigned first,
                 const zc_search_options *o, const zc_compiled *pc, zc_results *r, zc_error *err)
{
    /* Hit k of the page is item at[k] of sets[of[k]]. */
    size_t *of = NULL, *at = NULL, n = 0;
    int rc = merge_pages(sets, nsets, first, o, &of, &at, &n, err);
    if (rc == ZC_OK && n && !(r->hits = calloc(n, sizeof *r->hits)))
        rc = zc_err_set(err, ZC_ERR_NOMEM, "out of memory");
    filler f[ZC_PARTS_MAX];
    pthread_t tid[ZC_PARTS_MAX];
    int started[ZC_PARTS_MAX] = {0};
    size_t nf = rc == ZC_OK && n ? (nsets < ZC_PARTS_MAX ? nsets : ZC_PARTS_MAX) : 0;
    for (size_t k = 0; k < nf; k++) {
        f[k] = (filler){sets[k], views[k], k, of, at, n, pc, o, r->hits, ZC_OK, {0}};
        if (k == 0)
            continue;
        size_t mine = 0;
        for (size_t i = 0; i < n; i++)
            mine += of[i] == k;
        if (mine) /* without a thread, the first part's thread reads it */
            started[k] = pthread_create(&tid[k], NULL, fill_part, &f[k]) == 0;
    }
    if (nf)
        fill_part(&f[0]);
    for (size_t k = 1; k < nf; k++) {
        if (started[k])
            pthread_join(tid[k], NULL);
        else
            fill_part(&f[k]);
    }
    for (size_t k = 0; k < nf; k++) {
        if (f[k].rc && rc == ZC_OK) {
            rc = f[k].rc;
            if (err)
                *err = f[k].err;
        }
    }
    /* No hits made when the merge failed (a value unreadable: the index
     * changed under the search), though it said how many there were. */
    for (size_t i = 0; r->hits && i < n; i++)
        r->hits[i].rank = o->offset + (unsigned)i + 1;
    if (r->hits)
        r->n = n; /* a hit not filled (after an error) has nothing to free */
    free(of);
    free(at);
    return rc;
}
