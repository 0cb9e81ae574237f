/* From the syntax tree to one Xapian query that both matches and ranks.
 *
 * Matching (docs/query.md) rests on the unit terms alone: a phrase is an
 * OP_PHRASE of its units, so it matches exactly where the text contains it;
 * a keyword is segmented and each word must occur the same way. Ranking
 * rides along in OP_AND_MAYBE branches that never change the match set:
 * BM25 over the word terms (W…), a boost when the whole keyword occurs
 * contiguously, a smaller one when its words occur close together, and one
 * when the title contains it.
 *
 * A rank pass that knows the match set (o->docs, recorded while counting)
 * need not decide the match again: where a phrase of units decided it, the
 * same units ANDed with the matched documents weigh the same without
 * reading positions; the boosts' phrases are ANDed with the matched
 * documents (Xapian drives an AND by its rarest member, so positions are
 * read only there); exclusions are dropped and the whole query is
 * filtered by the set. The weights, and so the order, stay the same. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/err.h"
#include "common/grow.h"
#include "common/utf8.h"
#include "compile_internal.h"
#include "dict/dict.h"
#include "index/index.h"
#include "index/schema.h"
#include "search_internal.h"
#include "text/clean.h"
#include "text/normalize.h"
#include "text/seg.h"
#include "text/unit.h"

/* Ranking. BM25 over the word terms orders documents within tiers set by
 * fixed boosts: a keyword found contiguously, its words close together,
 * the title containing it. A fixed boost (not a scaled BM25 weight, which
 * shrinks with the idf of common characters) keeps the tiers apart in any
 * collection: BM25 rarely gives a few words more than the gaps. */
#define ZC_W_CONTIG 100.0    /* the whole keyword as one phrase */
#define ZC_W_NEAR 30.0       /* its words within a short window */
#define ZC_W_TITLE 20.0      /* the keyword or phrase in the title */
#define ZC_W_TITLE_FIELD 3.0 /* title:, which matches: scales its BM25 */
#define ZC_NEAR_SLACK 8      /* units between words that still count as near */
#define ZC_MAX_SYNONYMS 8    /* synonym groups looked at per word */
/* Boosts left out where each would cost posting lists per unit and rank
 * nothing: the nearness of more words than this (it is then about the
 * keyword found whole, boosted anyway), and the title containing a text
 * longer than titles are. */
#define ZC_NEAR_MAX_WORDS 16
#define ZC_MAX_BOOSTED 32 /* leaves with positional boosts: leaf_boosted() */
#define ZC_TITLE_MAX_UNITS 200

static int oom(zc_error *err)
{
    return zc_err_set(err, ZC_ERR_NOMEM, "out of memory");
}

/* Normalizes a leaf's text as document text is (malloc'd). */
static int norm_leaf(cc *c, const zc_qnode *n, char **out, size_t *len, zc_error *err)
{
    int rc = zc_norm_text(c->norm, n->text, strlen(n->text), out, len, err);
    if (rc == ZC_ERR_ENCODING)
        return zc_err_set(err, ZC_ERR_QUERY,
                          "'%s' at character %zu of the query is not valid "
                          "UTF-8",
                          n->text, n->where + 1);
    return rc;
}

/* ---------------------------------------------------------------- leaves */

/* One word of a keyword: must match (its units, or those of a synonym),
 * and ranks (its W term and its synonyms'). */
typedef struct word_q {
    zc_xquery *match;
    zc_xquery *rank;
    zc_xquery *first; /* its first unit, for the nearness boost */
} word_q;

static int word_variant(cc *c, const char *w, size_t len, int synonym, zc_qlist *match,
                        zc_qlist *rank, zc_error *err)
{
    zc_pattern p = {0};
    zc_xquery *m = NULL, *r = NULL;
    int rc = zc_compile_make_pattern(w, len, &p, err);
    /* The keyword's own units are counted with it; a synonym's add. */
    if (rc == ZC_OK && synonym)
        rc = zc_compile_count_units(c, p.n, err);
    if (rc == ZC_OK)
        rc = zc_compile_substring_of(c, &p, w, len, 1, &m, err);
    /* A single unit ranks by its own term; a Latin letter or digit also
     * has a W term, which weighs more. */
    if (rc == ZC_OK && p.n == 1 && c->o->rank)
        rc = zc_compile_word_term(w, len, &r, err);
    if (rc == ZC_OK && r)
        rc = zc_query_scale(&m, ZC_W_UNITS, err);
    if (rc == ZC_OK && p.n)
        rc = zc_compile_keep_pattern(c, &p, err);
    free(p.terms);
    if (rc == ZC_OK) {
        rc = zc_qlist_push(match, m, err);
        m = NULL;
    }
    if (rc == ZC_OK) {
        rc = zc_qlist_push(rank, r, err);
        r = NULL;
    }
    zc_xquery_free(m);
    zc_xquery_free(r);
    return rc;
}

static int word_query(cc *c, const char *w, size_t len, word_q *out, zc_error *err)
{
    *out = (word_q){0};
    zc_qlist match = {0}, rank = {0};
    uint32_t groups[ZC_MAX_SYNONYMS];
    size_t ng = c->o->synonyms ? zc_dict_synonyms(c->dict, w, len, groups, ZC_MAX_SYNONYMS) : 0;
    int required = c->required;
    if (ng && required) {
        /* A word every match holds, one form or another, is asked once (as
         * in zc_compile_substring_of); keyed apart from the patterns there
         * (zc_compile_pattern_key), whose first byte is never NUL. */
        GByteArray *k = g_byte_array_sized_new((guint)len + 1);
        g_byte_array_append(g_byte_array_append(k, (const guint8 *)"", 1), (const guint8 *)w,
                            (guint)len);
        if (!g_hash_table_add(c->musts, g_byte_array_free_to_bytes(k)))
            return ZC_OK;
    }
    if (ng)
        c->required = 0; /* the word or a synonym */
    int rc = word_variant(c, w, len, 0, &match, &rank, err);
    if (rc == ZC_OK && ng) {
        if (ng > ZC_MAX_SYNONYMS)
            ng = ZC_MAX_SYNONYMS;
        /* Each variant once: the word itself in another case (AI for ai)
         * or a word of two groups would be the same branch twice, which
         * libxapian 1.4 weighs differently as the match prunes (a page of
         * 3 hits and one of 700 disagreed on "AI": docs/xapian.md). */
        const char *seen[1 + ZC_MAX_SYNONYMS * 16];
        size_t nseen = 0;
        seen[nseen++] = NULL; /* w itself */
        for (size_t g = 0; rc == ZC_OK && g < ng; g++) {
            uint32_t size = zc_dict_syn_group_size(c->dict, groups[g]);
            for (uint32_t k = 0; rc == ZC_OK && k < size; k++) {
                const char *s = zc_dict_syn_group_word(c->dict, groups[g], k);
                size_t sl = s ? strlen(s) : 0;
                int dup = !s;
                for (size_t i = 0; !dup && i < nseen; i++) {
                    const char *t = seen[i] ? seen[i] : w;
                    size_t tl = seen[i] ? strlen(seen[i]) : len;
                    dup = tl == sl && strncasecmp(t, s, sl) == 0;
                }
                if (dup)
                    continue;
                if (nseen < sizeof seen / sizeof *seen)
                    seen[nseen++] = s;
                rc = word_variant(c, s, sl, 1, &match, &rank, err);
            }
        }
    }
    c->required = required;
    if (rc == ZC_OK)
        rc = zc_qlist_combine(&match, ZC_XOP_OR, 0, &out->match, err);
    if (rc == ZC_OK)
        rc = zc_qlist_combine(&rank, ZC_XOP_OR, 0, &out->rank, err);
    zc_unit_iter it;
    zc_unit u;
    zc_unit_iter_init(&it, w, len);
    if (rc == ZC_OK && zc_unit_next(&it, &u))
        rc = zc_xquery_term(u.term, 1, 0, &out->first, err);
    zc_qlist_free(&match);
    zc_qlist_free(&rank);
    return rc;
}

static void word_q_free(word_q *w)
{
    zc_xquery_free(w->match);
    zc_xquery_free(w->rank);
    zc_xquery_free(w->first);
}

/* Whether the leaf being compiled gets the positional boosts: only when
 * ranking, not in an exclusion, and for the first ZC_MAX_BOOSTED leaves.
 * Each boost is a phrase checked in every match, so a query of hundreds
 * of keywords would check hundreds per match to order its hits by tiers
 * that so many keywords blur anyway; the rest rank by BM25 alone. */
static int leaf_boosted(cc *c)
{
    return c->o->rank && c->highlight && c->boosted++ < ZC_MAX_BOOSTED;
}

/* The ranking extras of a leaf: the whole text contiguously (only for a
 * keyword of several words), and in the title. */
static int leaf_boosts(cc *c, int boost, const zc_pattern *whole, const char *text, size_t len,
                       int contig, zc_qlist *rank, zc_error *err)
{
    zc_xquery *q = NULL;
    int rc = ZC_OK;
    if (!boost)
        return ZC_OK;
    if (contig) {
        rc = zc_compile_substring_of(c, whole, text, len, 0, &q, err);
        if (rc == ZC_OK)
            rc = zc_query_boost(&q, ZC_W_CONTIG, err);
        if (rc == ZC_OK)
            rc = zc_qlist_push(rank, q, err);
    }
    q = NULL;
    if (whole->n > ZC_TITLE_MAX_UNITS)
        return rc;
    if (rc == ZC_OK)
        rc = zc_compile_phrase_of(c, whole, ZC_PREFIX_TITLE, &q, err);
    if (rc == ZC_OK)
        rc = zc_query_boost(&q, ZC_W_TITLE, err);
    if (rc == ZC_OK)
        rc = zc_qlist_push(rank, q, err);
    return rc;
}

/* Ends a leaf: *out = m AND_MAYBE (OR of rank), or nothing if rc (an
 * earlier error) or this fails; consumes m and empties rank. */
static int leaf_done(int rc, zc_xquery *m, zc_qlist *rank, zc_xquery **out, zc_error *err)
{
    zc_xquery *r = NULL;
    if (rc == ZC_OK)
        rc = zc_qlist_combine(rank, ZC_XOP_OR, 0, &r, err);
    /* Nothing left to match (a copy of what every match holds, compiled
     * before): the copy weighs nothing either, and its ranking must not
     * become a condition. */
    if (!m) {
        zc_xquery_free(r);
        r = NULL;
    }
    if (rc == ZC_OK)
        rc = zc_query_merge(ZC_XOP_AND_MAYBE, &m, r, err);
    else
        zc_xquery_free(r);
    zc_qlist_free(rank);
    if (rc) {
        zc_xquery_free(m);
        return rc;
    }
    *out = m;
    return ZC_OK;
}

/* A keyword: each of its words must occur (or, with `any`, one of them). */
static int compile_keyword(cc *c, const zc_qnode *n, zc_xquery **out, zc_error *err)
{
    char *t = NULL;
    size_t len = 0;
    int rc = norm_leaf(c, n, &t, &len, err);
    if (rc)
        return rc;
    zc_pattern whole = {0};
    rc = zc_compile_make_pattern(t, len, &whole, err);
    if (rc == ZC_OK && whole.n == 0)
        rc = zc_err_set(err, ZC_ERR_QUERY,
                        "'%s' at character %zu of the query has nothing "
                        "to search for",
                        n->text, n->where + 1);
    /* Counted as typed, copies of words included: a keyword too long is
     * refused before it is segmented. */
    if (rc == ZC_OK)
        rc = zc_compile_count_units(c, whole.n, err);
    /* A keyword that is itself in a synonym group is one word: 规上 must
     * not be cut before it is expanded. */
    uint32_t g;
    zc_span *words = NULL;
    size_t nw = 0;
    if (rc == ZC_OK && c->o->synonyms && zc_dict_synonyms(c->dict, t, len, &g, 1) > 0) {
        words = malloc(sizeof *words);
        if (!words)
            rc = oom(err);
        else
            words[nw++] = (zc_span){0, len};
    } else if (rc == ZC_OK) {
        rc = zc_query_keyword_words(c->seg, c->dict, t, len, &words, &nw, err);
    }
    zc_qlist match = {0}, rank = {0}, near = {0};
    c->shortcut = c->single && nw == 1;
    int required = c->required;
    if (c->o->any && nw > 1)
        c->required = 0; /* any one of the words */
    for (size_t i = 0; rc == ZC_OK && i < nw; i++) {
        word_q wq;
        rc = word_query(c, t + words[i].off, words[i].len, &wq, err);
        if (rc == ZC_OK) {
            rc = zc_qlist_push(&match, wq.match, err);
            wq.match = NULL;
        }
        if (rc == ZC_OK) {
            rc = zc_qlist_push(&rank, wq.rank, err);
            wq.rank = NULL;
        }
        if (rc == ZC_OK) {
            rc = zc_qlist_push(&near, wq.first, err);
            wq.first = NULL;
        }
        word_q_free(&wq);
    }
    free(words);
    c->required = required;
    /* The words as cut, though a copy of one that every match holds
     * already may have compiled to nothing. */
    size_t nwords = rc == ZC_OK ? nw : 0;
    zc_xquery *m = NULL, *nq = NULL;
    if (rc == ZC_OK)
        rc = zc_qlist_combine(&match, c->o->any ? ZC_XOP_OR : ZC_XOP_AND, 0, &m, err);
    int boost = leaf_boosted(c);
    if (rc == ZC_OK && nwords > 1 && nwords <= ZC_NEAR_MAX_WORDS && boost) {
        rc = zc_qlist_combine(&near, ZC_XOP_NEAR, (unsigned)(whole.n + ZC_NEAR_SLACK), &nq, err);
        if (rc == ZC_OK)
            rc = zc_compile_within_docs(c, &nq, err);
        if (rc == ZC_OK)
            rc = zc_query_boost(&nq, ZC_W_NEAR, err);
        if (rc == ZC_OK)
            rc = zc_qlist_push(&rank, nq, err);
    }
    c->shortcut = 1; /* the boosts only rank: an OR costs nothing there */
    if (rc == ZC_OK)
        rc = leaf_boosts(c, boost, &whole, t, len, nwords > 1, &rank, err);
    if (rc == ZC_OK && nwords > 1)
        rc = zc_compile_keep_pattern(c, &whole, err);
    zc_qlist_free(&match);
    zc_qlist_free(&near);
    free(whole.terms);
    free(t);
    return leaf_done(rc, m, &rank, out, err);
}

/* A phrase: its units contiguously; ranks also by the W terms of its words
 * and by the title. */
static int compile_phrase(cc *c, const zc_qnode *n, zc_xquery **out, zc_error *err)
{
    char *t = NULL;
    size_t len = 0;
    int rc = norm_leaf(c, n, &t, &len, err);
    if (rc)
        return rc;
    zc_clean_blanks(t, &len);
    zc_pattern p = {0};
    zc_xquery *m = NULL;
    zc_qlist rank = {0};
    rc = zc_compile_make_pattern(t, len, &p, err);
    if (rc == ZC_OK && p.n == 0)
        rc = zc_err_set(err, ZC_ERR_QUERY, "empty phrase at character %zu of the query",
                        n->where + 1);
    if (rc == ZC_OK)
        rc = zc_compile_count_units(c, p.n, err);
    c->shortcut = c->single;
    if (rc == ZC_OK)
        rc = zc_compile_substring_of(c, &p, t, len, 1, &m, err);
    const zc_token *toks = NULL;
    size_t ntok = 0;
    if (rc == ZC_OK)
        rc = zc_seg_cut(c->seg, t, len, ZC_SEG_ACCURATE, 0, &toks, &ntok, err);
    for (size_t i = 0; rc == ZC_OK && c->o->rank && i < ntok; i++) {
        zc_xquery *w = NULL;
        rc = zc_compile_word_term(t + toks[i].byte_off, toks[i].byte_len, &w, err);
        if (rc == ZC_OK)
            rc = zc_qlist_push(&rank, w, err);
    }
    if (rc == ZC_OK)
        rc = leaf_boosts(c, leaf_boosted(c), &p, t, len, 0, &rank, err);
    if (rc == ZC_OK)
        rc = zc_compile_keep_pattern(c, &p, err);
    free(p.terms);
    free(t);
    return leaf_done(rc, m, &rank, out, err);
}

/* title:TEXT: the title contains TEXT (units of the title, T prefix). */
static int compile_title(cc *c, const zc_qnode *n, zc_xquery **out, zc_error *err)
{
    char *t = NULL;
    size_t len = 0;
    int rc = norm_leaf(c, n, &t, &len, err);
    if (rc)
        return rc;
    zc_pattern p = {0};
    rc = zc_compile_make_pattern(t, len, &p, err);
    if (rc == ZC_OK && p.n == 0)
        rc = zc_err_set(err, ZC_ERR_QUERY, "title: at character %zu of the query needs text",
                        n->where + 1);
    if (rc == ZC_OK)
        rc = zc_compile_count_units(c, p.n, err);
    if (rc == ZC_OK)
        rc = zc_compile_phrase_of(c, &p, ZC_PREFIX_TITLE, out, err);
    if (rc == ZC_OK)
        rc = zc_query_scale(out, ZC_W_TITLE_FIELD, err);
    free(p.terms);
    free(t);
    return rc;
}

/* ----------------------------------------------------------------- the tree */

static int compile_node(cc *c, const zc_qnode *n, int depth, zc_xquery **out, zc_error *err);

static int is_filter(const zc_qnode *n)
{
    return n->kind == ZC_Q_REGION || n->kind == ZC_Q_YEAR || n->kind == ZC_Q_SOURCE;
}

/* AND: the positive kids must match, NOT kids must not, filters restrict
 * without weighing. With `any`, the positive kids are alternatives. */
static int compile_and(cc *c, const zc_qnode *n, int depth, zc_xquery **out, zc_error *err)
{
    zc_qlist pos = {0}, neg = {0}, filt = {0};
    int rc = ZC_OK, required = c->required;
    if (c->o->any)
        c->required = 0; /* the positive kids are alternatives */
    for (size_t i = 0; rc == ZC_OK && i < n->n; i++) {
        const zc_qnode *k = n->kids[i];
        zc_xquery *q = NULL;
        if (k->kind == ZC_Q_NOT && c->o->docs)
            continue; /* the matched documents exclude it already */
        if (k->kind == ZC_Q_NOT) {
            /* Excluded text is not highlighted, nor required of a match. */
            int req = c->required, hl = c->highlight;
            c->required = 0;
            c->highlight = 0;
            rc = compile_node(c, k->kids[0], depth + 1, &q, err);
            c->required = req;
            c->highlight = hl;
            if (rc == ZC_OK)
                rc = zc_qlist_push(&neg, q, err);
        } else {
            rc = compile_node(c, k, depth + 1, &q, err);
            if (rc == ZC_OK)
                rc = zc_qlist_push(is_filter(k) ? &filt : &pos, q, err);
        }
    }
    c->required = required;
    zc_xquery *q = NULL, *x = NULL, *f = NULL;
    if (rc == ZC_OK)
        rc = zc_qlist_combine(&pos, c->o->any ? ZC_XOP_OR : ZC_XOP_AND, 0, &q, err);
    if (rc == ZC_OK)
        rc = zc_qlist_combine(&neg, ZC_XOP_OR, 0, &x, err);
    if (rc == ZC_OK)
        rc = zc_qlist_combine(&filt, ZC_XOP_AND, 0, &f, err);
    /* Only filters (and exclusions): every document they let through. */
    if (rc == ZC_OK && !q)
        rc = zc_index_every_document(&q, err);
    if (rc == ZC_OK) {
        rc = zc_query_merge(ZC_XOP_AND_NOT, &q, x, err);
        x = NULL;
    }
    if (rc == ZC_OK) {
        rc = zc_query_merge(ZC_XOP_FILTER, &q, f, err);
        f = NULL;
    }
    zc_xquery_free(x);
    zc_xquery_free(f);
    zc_qlist_free(&pos);
    zc_qlist_free(&neg);
    zc_qlist_free(&filt);
    if (rc) {
        zc_xquery_free(q);
        return rc;
    }
    *out = q;
    return ZC_OK;
}

static int compile_node(cc *c, const zc_qnode *n, int depth, zc_xquery **out, zc_error *err)
{
    *out = NULL;
    if (depth > 200)
        return zc_err_set(err, ZC_ERR_QUERY, "query nested too deeply");
    c->leaf = n;
    switch (n->kind) {
    case ZC_Q_KEYWORD: return compile_keyword(c, n, out, err);
    case ZC_Q_PHRASE: return compile_phrase(c, n, out, err);
    case ZC_Q_TITLE: return compile_title(c, n, out, err);
    case ZC_Q_REGION: {
        char *t = NULL;
        size_t len;
        int rc = norm_leaf(c, n, &t, &len, err);
        if (rc == ZC_OK)
            rc = zc_query_region_filter(c->dict, t, n->where, out, err);
        free(t);
        return rc;
    }
    case ZC_Q_YEAR: return zc_query_year_filter(n->year_lo, n->year_hi, out, err);
    case ZC_Q_SOURCE: return zc_query_source_filter(n->text, out, err);
    case ZC_Q_AND: return compile_and(c, n, depth, out, err);
    case ZC_Q_OR: {
        zc_qlist l = {0};
        int rc = ZC_OK, required = c->required;
        c->required = 0; /* alternatives */
        for (size_t i = 0; rc == ZC_OK && i < n->n; i++) {
            zc_xquery *q = NULL;
            rc = compile_node(c, n->kids[i], depth + 1, &q, err);
            if (rc == ZC_OK)
                rc = zc_qlist_push(&l, q, err);
        }
        c->required = required;
        if (rc) {
            zc_qlist_free(&l);
            return rc;
        }
        return zc_qlist_combine(&l, ZC_XOP_OR, 0, out, err);
    }
    case ZC_Q_NOT:
        /* The parser puts NOT only under AND. */
        return zc_err_set(err, ZC_ERR_QUERY,
                          "nothing to exclude from at character %zu of "
                          "the query",
                          n->where + 1);
    }
    return zc_err_set(err, ZC_ERR_INVALID, "unknown query node");
}

/* A keyword or phrase alone, with filters at most. */
static int one_leaf(const zc_qnode *root)
{
    if (root->kind == ZC_Q_KEYWORD || root->kind == ZC_Q_PHRASE)
        return 1;
    if (root->kind != ZC_Q_AND)
        return 0;
    size_t leaves = 0;
    for (size_t i = 0; i < root->n; i++) {
        const zc_qnode *k = root->kids[i];
        if (k->kind == ZC_Q_KEYWORD || k->kind == ZC_Q_PHRASE)
            leaves++;
        else if (!is_filter(k))
            return 0;
    }
    return leaves == 1;
}

void zc_query_patterns_truncate(zc_compiled *c, size_t n)
{
    while (c->npats > n)
        free(c->pats[--c->npats].terms);
}

int zc_query_compile(const zc_qnode *root, const zc_compile_opts *o, zc_compiled *out,
                     zc_error *err)
{
    *out = (zc_compiled){0};
    zc_seg *seg = NULL;
    int rc = zc_seg_new(o->dict, &seg, err);
    cc c = {o,
            o->dict,
            o->norm,
            seg,
            out,
            one_leaf(root),
            0,
            1,
            NULL,
            0,
            0,
            0,
            0,
            1,
            g_hash_table_new_full(g_bytes_hash, g_bytes_equal, (GDestroyNotify)g_bytes_unref, NULL),
            g_hash_table_new_full(g_bytes_hash, g_bytes_equal, (GDestroyNotify)g_bytes_unref, NULL),
            0,
            0,
            0,
            NULL};
    zc_xquery *q = NULL;
    if (rc == ZC_OK && is_filter(root)) {
        /* A filter alone: every document it lets through, unranked. */
        zc_qnode and = {.kind = ZC_Q_AND, .kids = (zc_qnode **)&root, .n = 1};
        rc = compile_and(&c, &and, 0, &q, err);
    } else if (rc == ZC_OK) {
        rc = compile_node(&c, root, 0, &q, err);
        /* Alternatives check positions faster knowing the units every
         * match contains, which the first pass collected. */
        if (rc == ZC_OK && c.alternatives && c.nctx > 0) {
            zc_xquery_free(q);
            q = NULL;
            g_hash_table_remove_all(c.kept);
            g_hash_table_remove_all(c.musts);
            zc_query_patterns_truncate(out, 0);
            c.units = c.checks = c.boosted = 0;
            c.frozen = 1;
            rc = compile_node(&c, root, 0, &q, err);
        }
    }
    free(c.ctx);
    g_hash_table_destroy(c.kept);
    g_hash_table_destroy(c.musts);
    zc_seg_free(seg);
    if (rc == ZC_OK && o->docs) {
        zc_xquery *f = NULL;
        rc = zc_xquery_pair(ZC_XOP_FILTER, q, o->docs, &f, err);
        zc_xquery_free(q);
        q = f;
    }
    if (rc) {
        zc_xquery_free(q);
        zc_compiled_free(out);
        return rc;
    }
    out->query = q;
    return ZC_OK;
}

void zc_compiled_free(zc_compiled *c)
{
    if (!c)
        return;
    zc_xquery_free(c->query);
    zc_query_patterns_truncate(c, 0);
    free(c->pats);
    *c = (zc_compiled){0};
}
