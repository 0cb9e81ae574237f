/* kwic: every occurrence of a query, one line each, with its context
 * (docs/cli.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/grow.h"
#include "common/utf8.h"
#include "research.h"

typedef struct walk {
    zc_kwic *k;
    const zc_research_options *o;
    uint64_t seen; /* occurrences so far */
    int page_only; /* keep only the page: the order is the walk's */
} walk;

/* Appends s[a, b) to out with line breaks as blanks. */
static char *put_flat(char *out, const char *s, size_t a, size_t b)
{
    for (size_t i = a; i < b; i++)
        *out++ = s[i] == '\n' || s[i] == '\r' ? ' ' : s[i];
    *out++ = '\0';
    return out;
}

/* The byte where the width characters before b begin. */
static size_t back(const char *s, size_t b, unsigned width)
{
    for (unsigned n = 0; n < width && b > 0; n++) {
        uint32_t cp;
        b = zc_snip_prev_char(s, b, &cp);
    }
    return b;
}

static size_t ahead(const char *s, size_t len, size_t b, unsigned width)
{
    for (unsigned n = 0; n < width && b < len; n++) {
        uint32_t cp;
        size_t k = zc_utf8_decode(s + b, len - b, &cp);
        b += k ? k : 1;
    }
    return b;
}

static int add_line(walk *w, const zc_occ_doc *d, const zc_snip_match *m, zc_error *err)
{
    zc_kwic *k = w->k;
    if (zc_grow((void **)&k->lines, k->n, &k->cap, sizeof *k->lines, 64))
        return zc_err_set(err, ZC_ERR_NOMEM, "out of memory");
    size_t cap = k->cap;
    char **t = realloc(k->texts, cap * sizeof *t);
    if (t)
        k->texts = t;
    size_t *of = t ? realloc(k->doc_of, cap * sizeof *of) : NULL;
    if (of)
        k->doc_of = of;
    if (!t || !of)
        return zc_err_set(err, ZC_ERR_NOMEM, "out of memory");
    size_t l0 = back(d->text, m->b0, w->o->width);
    size_t r1 = ahead(d->text, d->text_len, m->b1, w->o->width);
    char *s = malloc(r1 - l0 + 3);
    if (!s)
        return zc_err_set(err, ZC_ERR_NOMEM, "out of memory");
    char *p = put_flat(s, d->text, l0, m->b0);
    char *match = p;
    p = put_flat(p, d->text, m->b0, m->b1);
    char *right = p;
    put_flat(p, d->text, m->b1, r1);
    k->texts[k->n] = s;
    k->doc_of[k->n] = k->ndocs - 1;
    k->lines[k->n] = (zc_kwic_line){NULL, NULL, NULL, NULL, NULL, s, match, right, m->c0};
    k->n++;
    return ZC_OK;
}

static int on_doc(void *ctx, const zc_occ_doc *d, zc_error *err)
{
    walk *w = ctx;
    zc_kwic *k = w->k;
    k->documents++;
    k->total += d->n;
    uint64_t lo = w->o->offset, hi = w->o->limit ? lo + w->o->limit : UINT64_MAX;
    int any = 0;
    for (size_t i = 0; i < d->n && !any; i++)
        any = !w->page_only || (w->seen + i >= lo && w->seen + i < hi);
    if (any) {
        /* The document's fields, kept once for its lines. */
        if (zc_grow((void **)&k->docs, k->ndocs, &k->docs_cap, sizeof *k->docs, 16))
            return zc_err_set(err, ZC_ERR_NOMEM, "out of memory");
        k->docs[k->ndocs++] = *d->doc;
        zc_rdoc *mine = &k->docs[k->ndocs - 1];
        /* The walk clears its copy: these are ours now. */
        zc_rdoc *theirs = (zc_rdoc *)d->doc;
        *theirs = (zc_rdoc){0};
        if (!*mine->date && mine->year > 0 && mine->year < 10000) {
            char *y = malloc(8);
            if (!y)
                return zc_err_set(err, ZC_ERR_NOMEM, "out of memory");
            snprintf(y, 8, "%d", mine->year);
            free(mine->date);
            mine->date = y;
        }
    }
    for (size_t i = 0; i < d->n; i++, w->seen++) {
        if (w->page_only && (w->seen < lo || w->seen >= hi))
            continue;
        int rc = add_line(w, d, &d->m[i], err);
        if (rc)
            return rc;
    }
    return ZC_OK;
}

/* Compares a and b read backwards, character by character. */
static int cmp_backwards(const char *a, const char *b)
{
    size_t i = strlen(a), j = strlen(b);
    while (i > 0 && j > 0) {
        uint32_t ca, cb;
        i = zc_snip_prev_char(a, i, &ca);
        j = zc_snip_prev_char(b, j, &cb);
        if (ca != cb)
            return ca < cb ? -1 : 1;
    }
    return (i > 0) - (j > 0);
}

typedef struct order {
    const zc_kwic *k;
    zc_kwic_sort sort;
} order;

static int cmp_when(const zc_rdoc *a, const zc_rdoc *b)
{
    char ba[16], bb[16];
    const char *wa = zc_rdoc_when(a, ba), *wb = zc_rdoc_when(b, bb);
    if (!*wa != !*wb)
        return *wa ? -1 : 1; /* the undated last */
    return strcmp(wa, wb);
}

static int cmp_line(const void *pa, const void *pb, void *ctx)
{
    const order *o = ctx;
    size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
    const zc_kwic_line *la = &o->k->lines[a], *lb = &o->k->lines[b];
    const zc_rdoc *da = &o->k->docs[o->k->doc_of[a]], *db = &o->k->docs[o->k->doc_of[b]];
    int c = 0;
    switch (o->sort) {
    case ZC_KWIC_SORT_LEFT: c = cmp_backwards(la->left, lb->left); break;
    case ZC_KWIC_SORT_RIGHT:
        c = strcmp(la->match, lb->match);
        if (!c)
            c = strcmp(la->right, lb->right);
        break;
    case ZC_KWIC_SORT_REGION:
        if (!*da->region != !*db->region)
            c = *da->region ? -1 : 1;
        else
            c = strcmp(da->region, db->region);
        if (!c)
            c = cmp_when(da, db);
        break;
    case ZC_KWIC_SORT_DATE: c = cmp_when(da, db); break;
    default: break;
    }
    return c ? c : (a > b) - (a < b); /* then the walk's order */
}

/* Sorts the lines and keeps the page [offset, offset + limit). */
static int sort_page(zc_kwic *k, const zc_research_options *o, zc_error *err)
{
    size_t *ix = malloc((k->n ? k->n : 1) * sizeof *ix);
    zc_kwic_line *lines = malloc((k->n ? k->n : 1) * sizeof *lines);
    char **texts = malloc((k->n ? k->n : 1) * sizeof *texts);
    size_t *of = malloc((k->n ? k->n : 1) * sizeof *of);
    if (!ix || !lines || !texts || !of) {
        free(ix);
        free(lines);
        free(texts);
        free(of);
        return zc_err_set(err, ZC_ERR_NOMEM, "out of memory");
    }
    for (size_t i = 0; i < k->n; i++)
        ix[i] = i;
    order ord = {k, o->sort};
    if (k->n > 1)
        qsort_r(ix, k->n, sizeof *ix, cmp_line, &ord);
    size_t lo = o->offset < k->n ? o->offset : k->n;
    size_t hi = o->limit && o->limit < k->n - lo ? lo + o->limit : k->n;
    size_t m = 0;
    for (size_t i = 0; i < k->n; i++) {
        size_t j = ix[i];
        if (i >= lo && i < hi) {
            lines[m] = k->lines[j];
            texts[m] = k->texts[j];
            of[m++] = k->doc_of[j];
        } else {
            free(k->texts[j]);
        }
    }
    free(ix);
    free(k->lines);
    free(k->texts);
    free(k->doc_of);
    k->lines = lines;
    k->texts = texts;
    k->doc_of = of;
    k->n = k->cap = m;
    return ZC_OK;
}

int zc_kwic_collect(zc_index *ix, const char *query, const zc_research_options *o, zc_kwic **out,
                    zc_error *err)
{
    *out = NULL;
    if ((unsigned)o->sort > ZC_KWIC_SORT_REGION)
        return zc_err_set(err, ZC_ERR_INVALID, "kwic of '%s': unknown sort %d", query,
                          (int)o->sort);
    zc_kwic *k = calloc(1, sizeof *k);
    int rc =
        k && (k->query = strdup(query)) ? ZC_OK : zc_err_set(err, ZC_ERR_NOMEM, "out of memory");
    walk w = {k, o, 0, o->sort == ZC_KWIC_SORT_DOCUMENT};
    if (rc == ZC_OK)
        rc = zc_occ_walk(ix, query, o, on_doc, &w, err);
    if (rc == ZC_OK && !w.page_only)
        rc = sort_page(k, o, err);
    if (rc == ZC_OK) {
        k->offset = o->offset;
        for (size_t i = 0; i < k->n; i++) {
            const zc_rdoc *d = &k->docs[k->doc_of[i]];
            zc_kwic_line *l = &k->lines[i];
            l->id = d->id;
            l->path = d->path;
            l->title = d->title;
            l->region = d->region;
            l->date = d->date;
        }
    }
    if (rc) {
        zc_kwic_free(k);
        return rc;
    }
    *out = k;
    return ZC_OK;
}

void zc_kwic_free(zc_kwic *k)
{
    if (!k)
        return;
    for (size_t i = 0; i < k->n; i++)
        free(k->texts[i]);
    for (size_t i = 0; i < k->ndocs; i++)
        zc_rdoc_clear(&k->docs[i]);
    free(k->docs);
    free(k->lines);
    free(k->texts);
    free(k->doc_of);
    free(k->query);
    free(k);
}

uint64_t zc_kwic_total(const zc_kwic *k)
{
    return k ? k->total : 0;
}
uint64_t zc_kwic_documents(const zc_kwic *k)
{
    return k ? k->documents : 0;
}
size_t zc_kwic_count(const zc_kwic *k)
{
    return k ? k->n : 0;
}
const zc_kwic_line *zc_kwic_line_at(const zc_kwic *k, size_t i)
{
    return k && i < k->n ? &k->lines[i] : NULL;
}
