/* Relevance: what ranks the documents a keyword or phrase matched.
 *
 * Every part is a BM25 weight Xapian computes for each document from the
 * index's statistics (the term's occurrences in the document, the
 * document's length, how many documents hold the term; k1 and b in
 * rank.c), so a report naming a term more often, more densely or in its
 * title weighs more, and two reports tie only when their counts and
 * lengths do. The parts, summed (docs/query.md, "Ranking"):
 *
 *   unigrams  BM25 over the text's Han characters (their unit terms);
 *   bigrams   BM25 over its pairs of adjacent Han characters (B terms),
 *             whose counts hold the title's occurrences ZC_TITLE_BIGRAM_WDF
 *             times (the title's field weight, as BM25F adds a field's
 *             occurrences into one count). Adjacency is proximity at its
 *             closest: a report with the keyword's words side by side
 *             has the bigrams across them, one with them apart has not;
 *   words     BM25 over the text's words (W terms), cut as documents are;
 *   title     BM25 over the title's characters (T terms).
 *
 * What decided the match weighs nothing beside them (compile_leaves.c,
 * ZC_W_UNITS_RANK); a keyword whose words may match apart adds a fixed
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

/* Adds the query of one term (distinct terms only) to l. */
static int push_term(GHashTable *seen, zc_qlist *l, const char *term, size_t len, zc_error *err)
{
    char *k = g_strndup(term, len);
    if (!g_hash_table_add(seen, k))
        return ZC_OK;
    zc_xquery *q = NULL;
    int rc = zc_xquery_term_n(term, len, 1, 0, &q, err);
    return rc ? rc : zc_qlist_push(l, q, err);
}

/* The B terms of text's adjacent Han characters, but where a question
 * word stands (as the indexer writes them: indexer/bigrams.c), into l;
 * the unit terms of its Han characters, but those, into uni. */
static int ngrams(const char *t, size_t len, int strip, GHashTable *seen, zc_qlist *l,
                  zc_qlist *uni, zc_qlist *tuni, zc_error *err)
{
    zc_unit_iter it;
    zc_unit u;
    char term[1 + 2 * sizeof u.term];
    size_t prev_len = 0, skip_to = 0;
    uint32_t prev_pos = 0;
    int rc = ZC_OK;
    term[0] = ZC_PREFIX_BIGRAM[0];
    zc_unit_iter_init(&it, t, len);
    while (rc == ZC_OK && zc_unit_next(&it, &u)) {
        size_t q =
            strip && u.byte_off >= skip_to ? question_word_at(t + u.byte_off, len - u.byte_off) : 0;
        if (q)
            skip_to = u.byte_off + q;
        if (u.byte_off < skip_to || !zc_is_han(u.cp)) {
            prev_len = 0;
            continue;
        }
        if (prev_len && u.pos == prev_pos + 1) {
            memcpy(term + 1 + prev_len, u.term, u.term_len);
            rc = push_term(seen, l, term, 1 + prev_len + u.term_len, err);
        }
        if (rc == ZC_OK)
            rc = push_term(seen, uni, u.term, u.term_len, err);
        if (rc == ZC_OK) {
            char tt[16];
            tt[0] = ZC_PREFIX_TITLE[0];
            memcpy(tt + 1, u.term, u.term_len);
            rc = push_term(seen, tuni, tt, 1 + u.term_len, err);
        }
        memcpy(term + 1, u.term, u.term_len);
        prev_len = u.term_len;
        prev_pos = u.pos;
    }
    return rc;
}

/* The W terms of text's words, cut as the indexer cuts (accurate mode),
 * but question words. */
static int words(cc *c, const char *t, size_t len, int strip, GHashTable *seen, zc_qlist *l,
                 zc_error *err)
{
    const zc_token *toks = NULL;
    size_t n = 0;
    int rc = zc_seg_cut(c->seg, t, len, ZC_SEG_ACCURATE, 0, &toks, &n, err);
    for (size_t i = 0; rc == ZC_OK && i < n; i++) {
        const char *w = t + toks[i].byte_off;
        size_t wl = toks[i].byte_len;
        if (strip && zc_score_is_question_word(w, wl))
            continue;
        zc_xquery *q = NULL;
        rc = zc_compile_word_term(w, wl, &q, err);
        if (rc == ZC_OK && q) {
            char *k = g_strndup(w, wl);
            if (g_hash_table_add(seen, k))
                rc = zc_qlist_push(l, q, err);
            else
                zc_xquery_free(q);
        }
    }
    return rc;
}

/* l's queries ORed, scaled by w, pushed onto rank. */
static int part(zc_qlist *l, double w, zc_qlist *rank, zc_error *err)
{
    zc_xquery *q = NULL;
    int rc = zc_qlist_combine(l, ZC_XOP_OR, 0, &q, err);
    if (rc == ZC_OK)
        rc = zc_query_scale(&q, w, err);
    if (rc == ZC_OK)
        return zc_qlist_push(rank, q, err);
    zc_xquery_free(q);
    return rc;
}

int zc_score_text(cc *c, const char *t, size_t len, zc_qlist *rank, int *scored, zc_error *err)
{
    zc_qlist bi = {0}, wd = {0}, uni = {0}, tuni = {0};
    int strip = 1;
    GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    int rc = ngrams(t, len, 1, seen, &bi, &uni, &tuni, err);
    /* Nothing but question words: those, then. */
    if (rc == ZC_OK && uni.n == 0) {
        zc_qlist_free(&bi);
        zc_qlist_free(&tuni);
        g_hash_table_remove_all(seen);
        strip = 0;
        rc = ngrams(t, len, 0, seen, &bi, &uni, &tuni, err);
    }
    if (rc == ZC_OK)
        rc = part(&tuni, ZC_W_TITLE, rank, err);
    if (rc == ZC_OK)
        rc = part(&bi, ZC_W_BIGRAMS, rank, err);
    if (rc == ZC_OK)
        rc = part(&uni, ZC_W_UNIGRAMS, rank, err);
    g_hash_table_remove_all(seen);
    if (rc == ZC_OK)
        rc = words(c, t, len, strip, seen, &wd, err);
    *scored = uni.n + wd.n > 0;
    if (rc == ZC_OK)
        rc = part(&wd, ZC_W_WORDS, rank, err);
    g_hash_table_destroy(seen);
    zc_qlist_free(&bi);
    zc_qlist_free(&uni);
    zc_qlist_free(&tuni);
    zc_qlist_free(&wd);
    return rc;
}
