/* keywords: the document's word terms scored against the background, and
 * the phrases its telling words make where the text has them side by side
 * (新型 工业 强市 → 新型工业强市), counted as written by the occurrence
 * walk (occur.c) in the document and the background alike. */
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/grow.h"
#include "index/index.h"
#include "index/schema.h"
#include "keywords.h"
#include "text/seg.h"

enum {
    TOP_WORDS = 40,   /* the telling words phrases are made of */
    MAX_RUN = 6,      /* words in a phrase at most */
    TOP_PHRASES = 30, /* phrases counted exactly */
    TOKENS_PART = 4096
};

typedef struct collect {
    zc_index *ix;
    zc_kw_words *ws;
    double n1;
    int oom;
} collect;

static int on_term(void *ctx, const char *t, size_t len, unsigned wdf)
{
    collect *c = ctx;
    c->n1 += wdf;
    if (len < 2 || !zc_research_word_ok(c->ix, t + 1, len - 1))
        return 0;
    zc_kw_words *ws = c->ws;
    if (zc_grow((void **)&ws->v, ws->n, &ws->cap, sizeof *ws->v, 256))
        return c->oom = 1;
    ws->v[ws->n] = (zc_kw_word){strndup(t + 1, len - 1), wdf, 0, 0, 0.0, 0};
    if (!ws->v[ws->n].text)
        return c->oom = 1;
    ws->n++;
    return 0;
}

int zc_kw_words_score(zc_index *ix, const zc_kw_bg *bg, zc_kw_words *ws, zc_error *err)
{
    collect c = {ix, ws, 0, 0};
    int rc = zc_xdb_each_doc_term(ix->db, bg->self, ZC_PREFIX_WORD, on_term, &c, err);
    if (rc == ZC_OK && c.oom)
        rc = zc_err_set(err, ZC_ERR_NOMEM, "out of memory");
    if (rc)
        return rc;
    /* The background's word tokens, in the document's ratio of word
     * tokens to index terms. */
    ws->n1 = c.n1;
    ws->n2 = bg->self_len > 0 ? bg->len * c.n1 / bg->self_len : 0;
    /* A word once in a long document tells nothing. */
    uint64_t least = c.n1 >= 300 ? 2 : 1;
    char term[ZC_MAX_WORD_TERM + 8];
    for (size_t i = 0; rc == ZC_OK && i < ws->n; i++) {
        zc_kw_word *w = &ws->v[i];
        size_t l = strlen(w->text);
        if (w->count < least || l + 2 > sizeof term)
            continue;
        term[0] = ZC_PREFIX_WORD[0];
        memcpy(term + 1, w->text, l + 1);
        rc = zc_kw_background_count(ix, bg, term, l + 1, w->count, &w->background, err);
        w->score = zc_kw_g2(w->count, w->background, ws->n1, ws->n2);
    }
    return rc;
}

/* A run of adjacent telling words, as the text has it. */
typedef struct run {
    size_t b0, b1;
    size_t word[MAX_RUN];
    size_t n;
} run;

typedef struct runs {
    run *v;
    size_t n, cap;
} runs;

static int cmp_word_score(const void *pa, const void *pb)
{
    const zc_kw_word *a = *(zc_kw_word *const *)pa, *b = *(zc_kw_word *const *)pb;
    return (a->score < b->score) - (a->score > b->score);
}

/* Ends the current run (cur) into rs when it has two words or more. */
static int close_run(runs *rs, run *cur)
{
    int rc = 0;
    if (cur->n >= 2) {
        if (zc_grow((void **)&rs->v, rs->n, &rs->cap, sizeof *rs->v, 64))
            rc = 1;
        else
            rs->v[rs->n++] = *cur;
    }
    cur->n = 0;
    return rc;
}

/* The runs of the top words in text. */
static int find_runs(zc_index *ix, const char *text, size_t len, GHashTable *top, runs *rs,
                     zc_error *err)
{
    const zc_dict *dict = NULL;
    zc_seg *seg = NULL;
    int rc = zc_index_dict(ix, &dict, err);
    if (rc == ZC_OK)
        rc = zc_seg_new(dict, &seg, err);
    zc_seg_cursor at = ZC_SEG_CURSOR_INIT;
    run cur = {0};
    char buf[ZC_MAX_WORD_TERM + 1];
    while (rc == ZC_OK && at.pos < len) {
        const zc_token *toks;
        size_t n = 0;
        rc = zc_seg_cut_part(seg, text, len, ZC_SEG_ACCURATE, 0, &at, TOKENS_PART, &toks, &n, err);
        for (size_t i = 0; rc == ZC_OK && i < n; i++) {
            const zc_token *t = &toks[i];
            gpointer v = NULL;
            if (t->byte_len <= ZC_MAX_WORD_TERM) {
                memcpy(buf, text + t->byte_off, t->byte_len);
                buf[t->byte_len] = '\0';
                v = g_hash_table_lookup(top, buf);
            }
            int adjacent = cur.n && cur.b1 == t->byte_off && cur.n < MAX_RUN;
            if (!v || !adjacent)
                if (close_run(rs, &cur))
                    rc = zc_err_set(err, ZC_ERR_NOMEM, "out of memory");
            if (v) {
                if (!cur.n)
                    cur.b0 = t->byte_off;
                cur.word[cur.n++] = (size_t)GPOINTER_TO_SIZE(v) - 1;
                cur.b1 = t->byte_off + t->byte_len;
            }
        }
    }
    if (rc == ZC_OK && close_run(rs, &cur))
        rc = zc_err_set(err, ZC_ERR_NOMEM, "out of memory");
    zc_seg_free(seg);
    return rc;
}

typedef struct phrase_count {
    const zc_kw_bg *bg;
    uint64_t a, b;
} phrase_count;

static int on_doc(void *ctx, const zc_occ_doc *d, zc_error *err)
{
    (void)err;
    phrase_count *pc = ctx;
    if (d->doc->docid == pc->bg->self)
        pc->a += d->n;
    else if (zc_kw_in(pc->bg, d->doc->docid))
        pc->b += d->n;
    return ZC_OK;
}

/* A phrase kept: its words' occurrences in its runs are inside it. */
static int keep_phrase(zc_kw_words *ws, const char *p, const runs *rs, const char *text, uint64_t a,
                       uint64_t b, double score, size_t *word_ix)
{
    size_t pl = strlen(p);
    for (size_t r = 0; r < rs->n; r++)
        if (rs->v[r].b1 - rs->v[r].b0 == pl && memcmp(text + rs->v[r].b0, p, pl) == 0)
            for (size_t j = 0; j < rs->v[r].n; j++)
                ws->v[word_ix[rs->v[r].word[j]]].inside++;
    if (zc_grow((void **)&ws->v, ws->n, &ws->cap, sizeof *ws->v, 64))
        return 1;
    ws->v[ws->n] = (zc_kw_word){strdup(p), a, b, 0, score, 1};
    if (!ws->v[ws->n].text)
        return 1;
    ws->n++;
    return 0;
}

static gint by_count(gconstpointer pa, gconstpointer pb, gpointer counts)
{
    guint a = GPOINTER_TO_UINT(g_hash_table_lookup(counts, *(char *const *)pa));
    guint b = GPOINTER_TO_UINT(g_hash_table_lookup(counts, *(char *const *)pb));
    return a != b ? (a > b ? -1 : 1) : strcmp(*(char *const *)pa, *(char *const *)pb);
}

int zc_kw_phrases(zc_index *ix, const zc_kw_bg *bg, const char *text, size_t len, zc_kw_words *ws,
                  zc_error *err)
{
    /* The top words, by score; top maps each to 1 + its place in ws. */
    size_t nw = ws->n;
    zc_kw_word **by = malloc((nw ? nw : 1) * sizeof *by);
    size_t *word_ix = malloc((nw ? nw : 1) * sizeof *word_ix);
    GHashTable *top = g_hash_table_new(g_str_hash, g_str_equal);
    GHashTable *counts = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    runs rs = {0};
    int rc = by && word_ix ? ZC_OK : zc_err_set(err, ZC_ERR_NOMEM, "out of memory");
    for (size_t i = 0; rc == ZC_OK && i < nw; i++)
        by[i] = &ws->v[i];
    if (rc == ZC_OK && nw > 1)
        qsort(by, nw, sizeof *by, cmp_word_score);
    for (size_t i = 0; rc == ZC_OK && i < nw && i < TOP_WORDS && by[i]->score > 0; i++) {
        word_ix[i] = (size_t)(by[i] - ws->v);
        g_hash_table_insert(top, by[i]->text, GSIZE_TO_POINTER(i + 1));
    }
    if (rc == ZC_OK)
        rc = find_runs(ix, text, len, top, &rs, err);
    /* Each distinct run's text, with how often the text has it. */
    for (size_t r = 0; rc == ZC_OK && r < rs.n; r++) {
        char *p = g_strndup(text + rs.v[r].b0, rs.v[r].b1 - rs.v[r].b0);
        guint c = GPOINTER_TO_UINT(g_hash_table_lookup(counts, p));
        g_hash_table_replace(counts, p, GUINT_TO_POINTER(c + 1));
    }
    GPtrArray *cands = g_ptr_array_new();
    if (rc == ZC_OK) {
        GHashTableIter it;
        gpointer k, v;
        g_hash_table_iter_init(&it, counts);
        while (g_hash_table_iter_next(&it, &k, &v))
            if (GPOINTER_TO_UINT(v) >= 2)
                g_ptr_array_add(cands, k);
        g_ptr_array_sort_with_data(cands, by_count, counts);
    }
    zc_research_options o = ZC_RESEARCH_OPTIONS_INIT;
    o.synonyms = 0;
    for (guint i = 0; rc == ZC_OK && i < cands->len && i < TOP_PHRASES; i++) {
        const char *p = g_ptr_array_index(cands, i);
        char *q = g_strdup_printf("\"%s\"", p);
        phrase_count pc = {bg, 0, 0};
        rc = zc_occ_walk(ix, q, &o, on_doc, &pc, err);
        g_free(q);
        double score = zc_kw_g2(pc.a, pc.b, ws->n1, ws->n2);
        if (rc == ZC_OK && score > 0 && keep_phrase(ws, p, &rs, text, pc.a, pc.b, score, word_ix))
            rc = zc_err_set(err, ZC_ERR_NOMEM, "out of memory");
    }
    g_ptr_array_free(cands, TRUE);
    g_hash_table_destroy(counts);
    g_hash_table_destroy(top);
    free(rs.v);
    free(by);
    free(word_ix);
    return rc;
}

void zc_kw_words_free(zc_kw_words *ws)
{
    for (size_t i = 0; i < ws->n; i++)
        free(ws->v[i].text);
    free(ws->v);
    *ws = (zc_kw_words){0};
}
