/* keywords: the words and phrases that set a document apart from a
 * background (the rest of the index, the same region's other years, or
 * the same year's other regions). Each word term of the document is
 * scored by log-likelihood (G², Dunning; Rayson and Garside's corpus
 * comparison) of its count in the document against its count in the
 * background, over-represented ones only; adjacent telling words that the
 * text repeats together are merged into phrases (keywords_phrases.c). */
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "keywords.h"

static int cmp_score(const void *pa, const void *pb)
{
    const zc_keyword *a = pa, *b = pb;
    if (a->score != b->score)
        return a->score > b->score ? -1 : 1;
    return strcmp(a->term, b->term);
}

/* Of two phrases one inside the other (中国特色 in 中国特色社会主义), the
 * better scored stays; k is sorted by score. */
static void drop_nested(zc_keywords *k)
{
    size_t m = 0;
    for (size_t i = 0; i < k->n; i++) {
        int inside = 0;
        for (size_t j = 0; j < m && !inside; j++)
            inside = k->v[i].phrase && k->v[j].phrase &&
                     (strstr(k->v[j].term, k->v[i].term) || strstr(k->v[i].term, k->v[j].term));
        if (inside)
            free((char *)k->v[i].term);
        else
            k->v[m++] = k->v[i];
    }
    k->n = m;
}

int zc_keywords_find(zc_index *ix, const char *doc, const zc_research_options *o, zc_keywords **out,
                     zc_error *err)
{
    *out = NULL;
    if ((unsigned)o->against > ZC_AGAINST_YEAR)
        return zc_err_set(err, ZC_ERR_INVALID, "keywords of '%s': unknown background %d", doc,
                          (int)o->against);
    zc_xdocid docid = 0;
    zc_rdoc d = {0};
    char *text = NULL;
    size_t tlen = 0;
    zc_kw_bg bg = {0};
    zc_kw_words ws = {0};
    zc_keywords *k = calloc(1, sizeof *k);
    int rc = k ? ZC_OK : zc_err_set(err, ZC_ERR_NOMEM, "out of memory");
    if (rc == ZC_OK)
        rc = zc_research_resolve(ix, doc, &docid, err);
    if (rc == ZC_OK)
        rc = zc_rdoc_read(ix, docid, &d, &text, &tlen, err);
    if (rc == ZC_OK && !(k->id = strdup(d.id)))
        rc = zc_err_set(err, ZC_ERR_NOMEM, "out of memory");
    if (rc == ZC_OK)
        rc = zc_kw_background(ix, &d, o->against, &bg, err);
    if (rc == ZC_OK)
        rc = zc_kw_words_score(ix, &bg, &ws, err);
    if (rc == ZC_OK)
        rc = zc_kw_phrases(ix, &bg, text, tlen, &ws, err);
    size_t limit = o->limit ? o->limit : 30;
    if (rc == ZC_OK) {
        /* What is left: phrases, and words not mostly inside them. */
        k->v = calloc(ws.n ? ws.n : 1, sizeof *k->v);
        if (!k->v)
            rc = zc_err_set(err, ZC_ERR_NOMEM, "out of memory");
        for (size_t i = 0; rc == ZC_OK && i < ws.n; i++) {
            zc_kw_word *w = &ws.v[i];
            if (w->score <= 0 || (!w->phrase && 2 * w->inside >= w->count))
                continue;
            k->v[k->n++] = (zc_keyword){w->text, w->score, w->count, w->background, w->phrase};
            w->text = NULL;
        }
        if (k->n > 1)
            qsort(k->v, k->n, sizeof *k->v, cmp_score);
        drop_nested(k);
        for (size_t i = limit; i < k->n; i++)
            free((char *)k->v[i].term);
        if (k->n > limit)
            k->n = limit;
        k->against = o->against;
    }
    zc_kw_words_free(&ws);
    zc_kw_background_free(&bg);
    zc_rdoc_clear(&d);
    free(text);
    if (rc) {
        zc_keywords_free(k);
        return rc;
    }
    *out = k;
    return ZC_OK;
}

void zc_keywords_free(zc_keywords *k)
{
    if (!k)
        return;
    for (size_t i = 0; i < k->n; i++)
        free((char *)k->v[i].term);
    free(k->v);
    free(k->id);
    free(k);
}

const char *zc_keywords_id(const zc_keywords *k)
{
    return k ? k->id : NULL;
}
size_t zc_keywords_count(const zc_keywords *k)
{
    return k ? k->n : 0;
}
const zc_keyword *zc_keywords_at(const zc_keywords *k, size_t i)
{
    return k && i < k->n ? &k->v[i] : NULL;
}
