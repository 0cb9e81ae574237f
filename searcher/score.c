/* Relevance: what ranks the documents a keyword or phrase matched.
 *
 * Every part is a BM25 weight Xapian computes for each document from the
 * index's statistics (the term's occurrences in the document, the
 * document's length, how many documents hold the term; k1 and b in
 * rank.c), so a report naming a term more often, more densely or in its
 * title weighs more, and two reports tie only when their counts and
 * lengths do. The parts, summed (docs/query.md, "Ranking"):
 *
 *   unigrams  BM25 over the text's Han characters (their unit terms):
 *             with --match any all of them, else those that stand alone
 *             (no bigram below holds them);
 *   bigrams   BM25 over its pairs of adjacent Han characters in the
 *             text (B terms; the title weighs through the title part
 *             alone). Adjacency is proximity at its
 *             closest: a report with the keyword's words side by side
 *             has the bigrams across them, one with them apart has not;
 *   words     BM25 over the text's words (W terms), cut as documents are;
 *   title     BM25 over the title's characters (T terms), each of them.
 *
 * What decided the match weighs a tenth beside them (ZC_W_UNITS_RANK), so
 * that matches none of the parts holds (a keyword's words found apart)
 * still rank by their evidence; a keyword whose words may match apart adds a fixed
 * weight where it occurs whole, so that contiguous occurrences rank first.
 *
 * Question words (是什么, 哪个, 如何, …) and punctuation carry nothing:
 * they are left out of the characters, bigrams and words taken, so that a
 * question ranks by what it asks about; a text of nothing else keeps
 * them. The weights were chosen on half of a question → passage set and
 * checked on the other half (bench/rank.sh, docs/benchmarks.md). */
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/grow.h"
#include "common/utf8.h"
#include "compile_internal.h"
#include "index/schema.h"
#include "text/seg.h"
#include "text/unit.h"

/* The parts' weights. */
#define ZC_W_UNIGRAMS 1.0
#define ZC_W_BIGRAMS 0.5
#define ZC_W_WORDS 0.5
#define ZC_W_TITLE 0.3

/* The words a question asks with, longest first where one holds another. */
static const char *const question_words[] = {
    "为什么", "是什么", "怎么样", "是多少", "有哪些", "是哪个", "是哪些", "是谁", "是否", "什么",
    "哪个",   "哪些",   "哪里",   "哪儿",   "哪位",   "哪种",   "哪一",   "如何", "怎么", "怎样",
    "多少",   "为何",   "几个",   "请问",   "谁",     "吗",     "呢",     "哪",
};

/* The length in bytes of the question word at s (at most len), or 0. */
static size_t question_word_at(const char *s, size_t len)
{
    for (size_t i = 0; i < sizeof question_words / sizeof *question_words; i++) {
        size_t l = strlen(question_words[i]);
        if (l <= len && memcmp(s, question_words[i], l) == 0)
            return l;
    }
    return 0;
}

int zc_score_is_question_word(const char *s, size_t len)
{
    return len > 0 && question_word_at(s, len) == len;
}

/* A part being gathered: its terms' queries, and the terms as shown by
 * --explain. */
typedef struct plist {
    zc_qlist l;
    GString *shown;
} plist;

/* Adds the query of one term (distinct terms only) to p; the term is
 * shown without its first skip bytes (its prefix). */
static int push_term(GHashTable *seen, plist *p, const char *term, size_t len, size_t skip,
                     zc_error *err)
{
    char *k = g_strndup(term, len);
    if (!g_hash_table_add(seen, k))
        return ZC_OK;
    zc_xquery *q = NULL;
    int rc = zc_xquery_term_n(term, len, 1, 0, &q, err);
    if (rc == ZC_OK) {
        g_string_append_c(p->shown, ' ');
        g_string_append_len(p->shown, term + skip, (gssize)(len - skip));
    }
    return rc ? rc : zc_qlist_push(&p->l, q, err);
}

/* The character of a text waiting to be pushed as a unigram, once it is
 * known whether it stands alone. */
typedef struct pending {
    char term[8];
    size_t len;
    uint32_t pos;
    int paired; /* part of a bigram of the text */
} pending;

/* Pushes p's T term, and its unit term if it stands alone or all (the
 * title has no bigram terms: its part weighs every character). */
static int flush(GHashTable *seen, pending *p, int all, plist *uni, plist *title, zc_error *err)
{
    if (!p->len) {
        p->len = 0;
        return ZC_OK;
    }
    char tt[1 + sizeof p->term];
    tt[0] = ZC_PREFIX_TITLE[0];
    memcpy(tt + 1, p->term, p->len);
    int rc = p->paired && !all ? ZC_OK : push_term(seen, uni, p->term, p->len, 0, err);
    if (rc == ZC_OK)
        rc = push_term(seen, title, tt, 1 + p->len, 1, err);
    p->len = 0;
    return rc;
}

/* The ngrams of text t: the B terms of its adjacent Han characters (as
 * the indexer writes them: indexer/bigrams.c) into bi; the unit terms of
 * its Han characters into uni and their T terms into title, of each (all)
 * or of those no bigram holds (a keyword's characters elsewhere in a
 * report say nothing of the keyword; a question's, of what it asks
 * about). With strip, not where a question word stands. */
static int ngrams(const char *t, size_t len, int strip, int all, GHashTable *seen, plist *bi,
                  plist *uni, plist *title, zc_error *err)
{
    zc_unit_iter it;
    zc_unit u;
    char term[1 + 2 * sizeof u.term];
    size_t skip_to = 0;
    pending prev = {0};
    int rc = ZC_OK;
    term[0] = ZC_PREFIX_BIGRAM[0];
    zc_unit_iter_init(&it, t, len);
    while (rc == ZC_OK && zc_unit_next(&it, &u)) {
        size_t q =
            strip && u.byte_off >= skip_to ? question_word_at(t + u.byte_off, len - u.byte_off) : 0;
        if (q)
            skip_to = u.byte_off + q;
        if (u.byte_off < skip_to || !zc_is_han(u.cp)) {
            rc = flush(seen, &prev, all, uni, title, err);
            continue;
        }
        int paired = prev.len && u.pos == prev.pos + 1;
        if (paired) {
            memcpy(term + 1, prev.term, prev.len);
            memcpy(term + 1 + prev.len, u.term, u.term_len);
            rc = push_term(seen, bi, term, 1 + prev.len + u.term_len, 1, err);
            prev.paired = 1;
        }
        if (rc == ZC_OK)
            rc = flush(seen, &prev, all, uni, title, err);
        memcpy(prev.term, u.term, u.term_len);
        prev.len = u.term_len;
        prev.pos = u.pos;
        prev.paired = paired;
    }
    if (rc == ZC_OK)
        rc = flush(seen, &prev, all, uni, title, err);
    return rc;
}

/* The W terms of text's words, cut as the indexer cuts (accurate mode);
 * with strip, not the question words. */
static int words(cc *c, const char *t, size_t len, int strip, GHashTable *seen, plist *p,
                 zc_error *err)
{
    const zc_token *toks = NULL;
    size_t n = 0;
    int rc = zc_seg_cut(c->seg, t, len, ZC_SEG_ACCURATE, 0, &toks, &n, err);
    for (size_t i = 0; rc == ZC_OK && i < n; i++) {
        const char *w = t + toks[i].byte_off;
        size_t wl = toks[i].byte_len;
        if ((strip && zc_score_is_question_word(w, wl)) || !zc_unit_wordlike(w, wl))
            continue;
        zc_xquery *q = NULL;
        rc = zc_compile_word_term(w, wl, &q, err);
        if (rc == ZC_OK && q && g_hash_table_add(seen, g_strndup(w, wl))) {
            g_string_append_c(p->shown, ' ');
            g_string_append_len(p->shown, w, (gssize)wl);
            rc = zc_qlist_push(&p->l, q, err);
        } else {
            zc_xquery_free(q);
        }
    }
    return rc;
}

int zc_score_note(cc *c, const char *what, const char *t, size_t len, const zc_xquery *q,
                  zc_error *err)
{
    zc_compiled *o = c->out;
    if (!q)
        return ZC_OK;
    if (zc_grow((void **)&o->why, o->nwhy, &o->why_cap, sizeof *o->why, 8))
        return zc_err_set(err, ZC_ERR_NOMEM, "out of memory");
    zc_score_part *p = &o->why[o->nwhy];
    p->label = g_strdup_printf("%.*s: %s", (int)len, t, what);
    int rc = zc_xquery_copy(q, &p->q, err);
    if (rc) {
        g_free(p->label);
        return rc;
    }
    o->nwhy++;
    return ZC_OK;
}

void zc_score_notes_clear(zc_compiled *o)
{
    for (size_t i = 0; i < o->nwhy; i++) {
        g_free(o->why[i].label);
        zc_xquery_free(o->why[i].q);
    }
    o->nwhy = 0;
}

/* p's queries ORed, scaled by w, pushed onto rank and noted for
 * --explain as `name` (its terms shown). */
static int part(cc *c, const char *t, size_t len, plist *p, const char *name, double w,
                zc_qlist *rank, zc_error *err)
{
    zc_xquery *q = NULL;
    int rc = zc_qlist_combine(&p->l, ZC_XOP_OR, 0, &q, err);
    if (rc == ZC_OK)
        rc = zc_query_scale(&q, w, err);
    if (rc == ZC_OK && q) {
        char *what = g_strdup_printf("%s (x%g):%s", name, w, p->shown->str);
        rc = zc_score_note(c, what, t, len, q, err);
        g_free(what);
    }
    if (rc == ZC_OK)
        return zc_qlist_push(rank, q, err);
    zc_xquery_free(q);
    return rc;
}

static void plist_reset(plist *p)
{
    zc_qlist_free(&p->l);
    g_string_truncate(p->shown, 0);
}

int zc_score_text(cc *c, const char *t, size_t len, zc_qlist *rank, int *scored, zc_error *err)
{
    plist bi = {{0}, g_string_new("")}, uni = {{0}, g_string_new("")},
          title = {{0}, g_string_new("")}, wd = {{0}, g_string_new("")};
    int strip = 1;
    GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    int all = c->o->match == ZC_MATCH_ANY;
    int rc = ngrams(t, len, 1, all, seen, &bi, &uni, &title, err);
    /* Nothing but question words: those, then. */
    if (rc == ZC_OK && uni.l.n == 0 && bi.l.n == 0) {
        plist_reset(&bi);
        plist_reset(&title);
        g_hash_table_remove_all(seen);
        strip = 0;
        rc = ngrams(t, len, 0, all, seen, &bi, &uni, &title, err);
    }
    g_hash_table_remove_all(seen);
    if (rc == ZC_OK)
        rc = words(c, t, len, strip, seen, &wd, err);
    *scored = uni.l.n + bi.l.n + wd.l.n > 0;
    if (rc == ZC_OK)
        rc = part(c, t, len, &uni, "characters", ZC_W_UNIGRAMS, rank, err);
    if (rc == ZC_OK)
        rc = part(c, t, len, &bi, "bigrams", ZC_W_BIGRAMS, rank, err);
    if (rc == ZC_OK)
        rc = part(c, t, len, &wd, "words", ZC_W_WORDS, rank, err);
    if (rc == ZC_OK)
        rc = part(c, t, len, &title, "title characters", ZC_W_TITLE, rank, err);
    g_hash_table_destroy(seen);
    plist *lists[] = {&bi, &uni, &title, &wd};
    for (size_t i = 0; i < 4; i++) {
        zc_qlist_free(&lists[i]->l);
        g_string_free(lists[i]->shown, TRUE);
    }
    return rc;
}
