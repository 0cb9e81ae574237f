/* The units of a text as Xapian queries: phrases, word terms, and the
 * forms the rank side takes when it runs within the matched documents. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/grow.h"
#include "common/utf8.h"
#include "compile_internal.h"
#include "index/schema.h"
#include "text/unit.h"

static int oom(zc_error *err)
{
    return zc_err_set(err, ZC_ERR_NOMEM, "out of memory");
}

/* A rank side query that runs within the matched documents: *q AND them
 * (see compile.c). */
int zc_compile_within_docs(cc *c, zc_xquery **q, zc_error *err)
{
    if (!c->docs || !*q)
        return ZC_OK;
    zc_xquery *r = NULL;
    int rc = zc_xquery_pair(ZC_XOP_AND, *q, c->docs, &r, err);
    zc_xquery_free(*q);
    *q = r;
    return rc;
}

/* Notes the units of a phrase every match must contain (the first
 * ZC_MAX_CONTEXT distinct ones). */
int zc_compile_note_context(cc *c, const zc_pattern *p, zc_error *err)
{
    for (size_t i = 0; i < p->n && c->nctx < ZC_MAX_CONTEXT; i++) {
        size_t k = 0;
        while (k < c->nctx && strcmp(c->ctx[k], p->terms[i]) != 0)
            k++;
        if (k < c->nctx)
            continue;
        if (zc_grow((void **)&c->ctx, c->nctx, &c->ctx_cap, sizeof *c->ctx, 16))
            return oom(err);
        memcpy(c->ctx[c->nctx++], p->terms[i], sizeof *c->ctx);
    }
    return ZC_OK;
}

/* An alternative's phrase (a synonym, a side of OR) ANDed with the units
 * every match contains, weightless. Xapian checks the positions of a
 * phrase inside an OR on its own, running ahead through every document
 * with its units; with the others' units in the same AND it looks only
 * where the whole query can match ("国家 中共中央 正常", where 中共中央
 * has the synonym 党中央, counts in a third of the time). */
int zc_compile_with_context(cc *c, zc_xquery **q, zc_error *err)
{
    if (!c->frozen || c->nctx == 0 || !*q)
        return ZC_OK;
    zc_qlist l = {0};
    int rc = ZC_OK;
    for (size_t i = 0; rc == ZC_OK && i < c->nctx; i++) {
        zc_xquery *t = NULL;
        rc = zc_xquery_term(c->ctx[i], 1, 0, &t, err);
        if (rc == ZC_OK)
            rc = zc_qlist_push(&l, t, err);
    }
    zc_xquery *all = NULL, *r = NULL;
    if (rc == ZC_OK)
        rc = zc_qlist_combine(&l, ZC_XOP_AND, 0, &all, err);
    else
        zc_qlist_free(&l);
    if (rc == ZC_OK)
        rc = zc_query_scale(&all, 0.0, err);
    if (rc == ZC_OK)
        rc = zc_xquery_pair(ZC_XOP_AND, *q, all, &r, err);
    zc_xquery_free(all);
    zc_xquery_free(*q);
    *q = r;
    return rc;
}

/* The pattern of text's units (empty when text has none). */
int zc_compile_make_pattern(const char *text, size_t len, zc_pattern *p, zc_error *err)
{
    p->n = 0;
    p->terms = malloc((len + 1) * sizeof *p->terms);
    if (!p->terms)
        return oom(err);
    zc_unit_iter it;
    zc_unit u;
    zc_unit_iter_init(&it, text, len);
    while (zc_unit_next(&it, &u))
        memcpy(p->terms[p->n++], u.term, sizeof u.term);
    return ZC_OK;
}

/* p's terms as one key: each up to its NUL (the bytes after it in a
 * term's 8 are whatever the unit splitter left there) and a NUL. */
GBytes *zc_compile_pattern_key(const zc_pattern *p)
{
    GByteArray *k = g_byte_array_sized_new((guint)(p->n * 4));
    for (size_t i = 0; i < p->n; i++)
        g_byte_array_append(k, (const guint8 *)p->terms[i],
                            (guint)strnlen(p->terms[i], sizeof *p->terms) + 1);
    return g_byte_array_free_to_bytes(k);
}

/* Keeps p for highlighting (takes it over), unless an equal one is kept
 * or it is excluded text. The kept ones are looked up by their terms, so
 * that a query of many words compiles in linear time. */
int zc_compile_keep_pattern(cc *c, zc_pattern *p, zc_error *err)
{
    zc_compiled *o = c->out;
    GBytes *key = NULL;
    int dup = !c->highlight;
    if (!dup) {
        key = zc_compile_pattern_key(p);
        dup = g_hash_table_contains(c->kept, key);
    }
    if (dup || zc_grow((void **)&o->pats, o->npats, &o->pats_cap, sizeof *o->pats, 8)) {
        if (key)
            g_bytes_unref(key);
        free(p->terms);
        p->terms = NULL;
        return dup ? ZC_OK : oom(err);
    }
    g_hash_table_add(c->kept, key);
    o->pats[o->npats++] = *p;
    p->terms = NULL;
    return ZC_OK;
}

/* Counts one more phrase that is searched for on its own: a side of OR,
 * a synonym, a word with --any, an exclusion. Each is looked for in every
 * document that has its units, whatever the rest of the query holds, so
 * these cost the most (docs/query.md). */
int zc_compile_count_check(cc *c, zc_error *err)
{
    if (++c->checks <= ZC_QUERY_MAX_CHECKS)
        return ZC_OK;
    return zc_err_set(err, ZC_ERR_QUERY,
                      "query too long at character %zu: more than %d of its words and phrases "
                      "are searched for on their own (sides of OR, synonyms, exclusions, words "
                      "with --any)",
                      c->leaf ? c->leaf->where + 1 : 1, ZC_QUERY_MAX_CHECKS);
}

/* Counts n units more that the query searches for: each is a posting list
 * a match reads (docs/query.md). Past the limit, the query is refused,
 * naming the keyword or phrase that crosses it. */
int zc_compile_count_units(cc *c, size_t n, zc_error *err)
{
    c->units += n;
    if (c->units <= ZC_QUERY_MAX_UNITS)
        return ZC_OK;
    return zc_err_set(err, ZC_ERR_QUERY,
                      "query too long at character %zu: its keywords and phrases search for "
                      "more than %d characters (synonyms included)",
                      c->leaf ? c->leaf->where + 1 : 1, ZC_QUERY_MAX_UNITS);
}

/* The term the i-th unit of p is searched for as, after prefix ("" for
 * the body): its unit term, or at an edge of p a letter or digit that must
 * start or end its run there, an edge term (index/schema.h); its length. */
static size_t pattern_term(const zc_pattern *p, size_t i, const char *prefix, char out[24])
{
    const char *t = p->terms[i];
    size_t len = strnlen(t, sizeof *p->terms);
    unsigned edges = 0;
    if (len == 1 && zc_unit_run_class((unsigned char)t[0])) {
        if (i == 0)
            edges |= ZC_UNIT_RUN_START;
        if (i + 1 == p->n)
            edges |= ZC_UNIT_RUN_END;
    }
    if (edges)
        return zc_schema_run_term(out, prefix, t, len, edges);
    size_t pl = strlen(prefix);
    memcpy(out, prefix, pl);
    memcpy(out + pl, t, len);
    out[pl + len] = '\0';
    return pl + len;
}

/* OP_PHRASE of the pattern's units, each with prefix (NULL: body units);
 * a single unit is just its term. */
static int phrase(const zc_pattern *p, const char *prefix, zc_xquery **out, zc_error *err)
{
    *out = NULL;
    if (p->n == 0)
        return zc_xquery_match_nothing(out, err);
    zc_qlist l = {0};
    int rc = ZC_OK;
    for (size_t i = 0; rc == ZC_OK && i < p->n; i++) {
        char term[24];
        pattern_term(p, i, prefix ? prefix : "", term);
        zc_xquery *t = NULL;
        rc = zc_xquery_term(term, 1, (unsigned)(i + 1), &t, err);
        if (rc == ZC_OK)
            rc = zc_qlist_push(&l, t, err);
    }
    if (rc) {
        zc_qlist_free(&l);
        return rc;
    }
    return zc_qlist_combine(&l, ZC_XOP_PHRASE, (unsigned)p->n, out, err);
}

/* A unit term's bytes at most (zc_unit.term). */
#define ZC_TERM_BYTES sizeof(((zc_unit *)0)->term)

/* Whether the unit term t is a Han character. */
static int han_term(const char *t)
{
    uint32_t cp;
    size_t len = strnlen(t, ZC_TERM_BYTES);
    return len && zc_utf8_decode(t, len, &cp) == len && zc_is_han(cp);
}

size_t zc_compile_bigram_term(const zc_pattern *p, size_t i, char out[24])
{
    if (!han_term(p->terms[i]) || !han_term(p->terms[i + 1]))
        return 0;
    size_t a = strnlen(p->terms[i], ZC_TERM_BYTES), b = strnlen(p->terms[i + 1], ZC_TERM_BYTES);
    out[0] = ZC_PREFIX_BIGRAM[0];
    memcpy(out + 1, p->terms[i], a);
    memcpy(out + 1 + a, p->terms[i + 1], b);
    out[1 + a + b] = '\0';
    return 1 + a + b;
}

/* The documents whose text holds the pattern's units contiguously, for
 * the match side. A B term is every two Han characters adjacent in a
 * line of the text (indexer/bigrams.c), so two Han characters are their
 * bigram term alone, no position read; a longer pattern is its phrase
 * ANDed, weightless, with the bigrams of its adjacent Han characters,
 * rarer than its characters, so that Xapian checks positions only where
 * they all are (it checks a phrase's positions after the rest of an AND). */
static int match_phrase(const zc_pattern *p, zc_xquery **out, zc_error *err)
{
    char term[24];
    if (p->n == 2 && zc_compile_bigram_term(p, 0, term))
        return zc_xquery_term(term, 1, 0, out, err);
    int rc = phrase(p, NULL, out, err);
    zc_qlist l = {0};
    for (size_t i = 0; rc == ZC_OK && p->n > 2 && i + 1 < p->n; i++) {
        zc_xquery *t = NULL;
        if (zc_compile_bigram_term(p, i, term) &&
            (rc = zc_xquery_term(term, 1, 0, &t, err)) == ZC_OK)
            rc = zc_qlist_push(&l, t, err);
    }
    if (rc || l.n == 0) {
        zc_qlist_free(&l);
        return rc;
    }
    zc_xquery *all = NULL, *r = NULL;
    rc = zc_qlist_combine(&l, ZC_XOP_AND, 0, &all, err);
    if (rc == ZC_OK)
        rc = zc_query_scale(&all, 0.0, err);
    if (rc == ZC_OK)
        rc = zc_xquery_pair(ZC_XOP_AND, *out, all, &r, err);
    zc_xquery_free(all);
    zc_xquery_free(*out);
    *out = r;
    return rc;
}

/* The rank side of a phrase whose match side is m (NULL: none): the same,
 * within the matched documents. */
static int phrase_ranked(cc *c, const zc_pattern *p, const char *prefix, const zc_xquery *m,
                         zc_xquery **out, zc_error *err)
{
    (void)m; /* the match side may be bigram terms, which weigh otherwise */
    int rc = phrase(p, prefix, out, err);
    if (rc == ZC_OK && p->n > 1)
        rc = zc_compile_within_docs(c, out, err);
    return rc;
}

/* The phrase of the pattern's units (prefix: see phrase()) on both sides;
 * match 0: on the rank side alone (a boost). */
int zc_compile_phrase_of(cc *c, const zc_pattern *p, const char *prefix, int match, zc_qpair *out,
                         zc_error *err)
{
    *out = (zc_qpair){0};
    int rc = match ? phrase(p, prefix, &out->m, err) : ZC_OK;
    if (rc == ZC_OK && c->rank)
        rc = phrase_ranked(c, p, prefix, out->m, &out->r, err);
    if (rc)
        zc_qpair_free(out);
    return rc;
}

/* The pattern's units ANDed with the matched documents: what the rank side
 * puts where the phrase decided the match (same terms, same weights). */
int zc_compile_units_in_docs(cc *c, const zc_pattern *p, zc_xquery **out, zc_error *err)
{
    *out = NULL;
    if (p->n < 2)
        return phrase(p, NULL, out, err);
    zc_qlist l = {0};
    zc_xquery *d = NULL;
    int rc = zc_xquery_copy(c->docs, &d, err);
    if (rc == ZC_OK)
        rc = zc_qlist_push(&l, d, err);
    for (size_t i = 0; rc == ZC_OK && i < p->n; i++) {
        char term[24];
        pattern_term(p, i, "", term);
        zc_xquery *t = NULL;
        rc = zc_xquery_term(term, 1, (unsigned)(i + 1), &t, err);
        if (rc == ZC_OK)
            rc = zc_qlist_push(&l, t, err);
    }
    if (rc) {
        zc_qlist_free(&l);
        return rc;
    }
    return zc_qlist_combine(&l, ZC_XOP_AND, 0, out, err);
}

/* The W term of a word (ASCII lower-cased, as the indexer writes it), or
 * NULL when the word has none: lone Han characters rank by their unit. */
int zc_compile_word_term(const char *w, size_t len, zc_xquery **out, zc_error *err)
{
    *out = NULL;
    if (len == 0 || len > ZC_MAX_WORD_TERM)
        return ZC_OK;
    uint32_t cp;
    if (zc_utf8_count(w, len) < 2 && zc_utf8_decode(w, len, &cp) && zc_is_han(cp))
        return ZC_OK;
    char term[ZC_MAX_WORD_TERM + 2];
    term[0] = ZC_PREFIX_WORD[0];
    for (size_t k = 0; k < len; k++)
        term[1 + k] = (w[k] >= 'A' && w[k] <= 'Z') ? (char)(w[k] + 32) : w[k];
    return zc_xquery_term_n(term, len + 1, 1, 0, out, err);
}

/* The documents whose text contains the pattern's units contiguously
 * (text: the same characters, whose word term may stand in).
 *
 * An OP_PHRASE of the units is exact, but Xapian then reads the position
 * lists of every document holding all the units, and a search counts
 * every match. A document indexed with the word term W<text> contains the
 * text for sure (a word that is part of a run of letters or digits has no
 * word term: indexer/analyze.c), so positions are read only where that
 * term is absent:
 *
 *     W  OR  (PHRASE AND (everything AND_NOT W))
 *
 * The exclusion sits inside the AND, where Xapian tests it before the
 * positional check (as a plain AND_NOT it comes after). W also ranks by
 * BM25; the phrase branch, the text inside other words, weighs less.
 *
 * Only for a query of one word (c->shortcut): in an AND of several phrases
 * Xapian checks positions only for documents that have every unit of all
 * of them, which an OR inside the AND would undo.
 *
 * match: this decides a leaf's match (built on both sides), not a boost
 * (the rank side alone). Within the matched documents the rank side weighs
 * it without reading positions when every match must hold it (c->required:
 * not an alternative of OR, a synonym or --any). */
int zc_compile_substring_of(cc *c, const zc_pattern *p, const char *text, size_t len, int match,
                            zc_qpair *out, zc_error *err)
{
    *out = (zc_qpair){0};
    zc_qpair ph = {0};
    zc_xquery *w = NULL, *all = NULL, *not_w = NULL, *rest = NULL;
    int rc = ZC_OK;
    if (match && c->required) {
        /* What every match must contain once need not be asked again:
         * Xapian would check each copy's positions in every candidate
         * ("新能源新能源…" as one keyword or many), and ranking would
         * weigh a word typed twice twice. */
        if (!g_hash_table_add(c->musts, zc_compile_pattern_key(p)))
            return ZC_OK;
    }
    if (match && !c->required && p->n > 1)
        rc = zc_compile_count_check(c, err);
    if (rc == ZC_OK && match)
        rc = match_phrase(p, &ph.m, err);
    /* The rank side within the matched documents: where every match holds
     * the units adjacent, they need not be asked so again (the same terms
     * weigh the same, and no position is read). */
    if (rc == ZC_OK && c->rank && c->docs)
        rc = match && c->required ? zc_compile_units_in_docs(c, p, &ph.r, err)
                                  : phrase_ranked(c, p, NULL, ph.m, &ph.r, err);
    if (rc == ZC_OK && match && c->required && !c->frozen)
        rc = zc_compile_note_context(c, p, err);
    if (rc == ZC_OK && match && !c->required && p->n > 1) {
        c->alternatives = 1;
        rc = zc_compile_with_context(c, &ph.m, err);
    }
    /* Not knowing them, it is the match side's phrase. */
    if (rc == ZC_OK && c->rank && !c->docs)
        rc = phrase(p, NULL, &ph.r, err);
    char bt[24];
    /* (two Han characters need no shortcut: their bigram term is as cheap) */
    if (rc == ZC_OK && c->shortcut && p->n > 1 && text &&
        !(p->n == 2 && zc_compile_bigram_term(p, 0, bt)))
        rc = zc_compile_word_term(text, len, &w, err);
    if (rc || !w) {
        if (rc)
            zc_qpair_free(&ph);
        *out = ph;
        return rc;
    }
    rc = zc_xquery_match_all(&all, err);
    if (rc == ZC_OK)
        rc = zc_xquery_pair(ZC_XOP_AND_NOT, all, w, &not_w, err);
    if (rc == ZC_OK && ph.m)
        rc = zc_xquery_pair(ZC_XOP_AND, ph.m, not_w, &rest, err);
    if (rc == ZC_OK && ph.m)
        rc = zc_xquery_pair(ZC_XOP_OR, w, rest, &out->m, err);
    zc_xquery_free(rest);
    rest = NULL;
    if (rc == ZC_OK && ph.r)
        rc = zc_xquery_pair(ZC_XOP_AND, ph.r, not_w, &rest, err);
    if (rc == ZC_OK && ph.r)
        rc = zc_query_scale(&rest, ZC_W_UNITS, err);
    if (rc == ZC_OK && ph.r)
        rc = zc_xquery_pair(ZC_XOP_OR, w, rest, &out->r, err);
    zc_qpair_free(&ph);
    zc_xquery_free(w);
    zc_xquery_free(all);
    zc_xquery_free(not_w);
    zc_xquery_free(rest);
    if (rc)
        zc_qpair_free(out);
    return rc;
}
