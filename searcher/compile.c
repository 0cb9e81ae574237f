/* From the syntax tree to one Xapian query that both matches and ranks.
 *
 * Matching (DESIGN §4) rests on the unit terms alone: a phrase is an
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

#include "common/err.h"
#include "common/grow.h"
#include "common/utf8.h"
#include "dict/dict.h"
#include "dict/normalize.h"
#include "dict/seg.h"
#include "dict/unit.h"
#include "indexer/clean.h"
#include "indexer/schema.h"
#include "search_internal.h"

/* Ranking. BM25 over the word terms orders documents within tiers set by
 * fixed boosts: a keyword found contiguously, its words close together,
 * the title containing it. A fixed boost (not a scaled BM25 weight, which
 * shrinks with the idf of common characters) keeps the tiers apart in any
 * collection: BM25 rarely gives a few words more than the gaps. */
#define ZC_W_UNITS 0.2    /* a word's own units, when it also has a W term */
#define ZC_W_CONTIG 100.0 /* the whole keyword as one phrase */
#define ZC_W_NEAR 30.0    /* its words within a short window */
#define ZC_W_TITLE 20.0   /* the keyword or phrase in the title */
#define ZC_W_TITLE_FIELD 3.0 /* title:, which matches: scales its BM25 */
#define ZC_NEAR_SLACK 8   /* units between words that still count as near */
#define ZC_MAX_SYNONYMS 8 /* synonym groups looked at per word */

typedef struct cc {
    const zc_compile_opts *o;
    const zc_dict *dict;
    zc_norm *norm;
    zc_seg *seg;
    zc_compiled *out;
    int single;   /* the query is one keyword or phrase (and filters) */
    int shortcut; /* substring_of may use word terms (see there) */
    int required; /* what is compiled now must hold in every match */
    /* Units every match contains (those of the required phrases), and
     * whether an alternative (a synonym, an OR) was compiled: see
     * with_context. */
    char (*ctx)[8];
    size_t nctx, ctx_cap;
    int frozen;       /* ctx is complete: use it, don't grow it */
    int alternatives; /* an alternative phrase was seen */
} cc;

/* ------------------------------------------------------------ small pieces */

static int oom(zc_error *err) { return zc_err_set(err, ZC_ERR_NOMEM, "out of memory"); }

/* Frees every query of v[0..n) and v itself. */
static void free_all(zc_xquery **v, size_t n)
{
    for (size_t i = 0; v && i < n; i++)
        zc_xquery_free(v[i]);
    free(v);
}

/* A growable list of queries. */
typedef struct qlist {
    zc_xquery **v;
    size_t n, cap;
} qlist;

static int ql_push(qlist *l, zc_xquery *q, zc_error *err)
{
    if (!q)
        return ZC_OK;
    if (zc_grow((void **)&l->v, l->n, &l->cap, sizeof *l->v, 8)) {
        zc_xquery_free(q);
        return oom(err);
    }
    l->v[l->n++] = q;
    return ZC_OK;
}

static void ql_free(qlist *l)
{
    free_all(l->v, l->n);
    *l = (qlist){0};
}

/* Combines the list with op into *out (NULL when the list is empty; the
 * only entry itself when there is one) and empties the list. */
static int ql_combine(qlist *l, zc_xop op, unsigned param, zc_xquery **out, zc_error *err)
{
    *out = NULL;
    int rc = ZC_OK;
    if (l->n == 1) {
        *out = l->v[0];
        l->n = 0;
    } else if (l->n > 1) {
        rc = zc_xquery_combine(op, l->v, l->n, param, out, err);
    }
    ql_free(l);
    return rc;
}

/* *q = op(*q, other), consuming other; either may be NULL. */
static int merge(zc_xop op, zc_xquery **q, zc_xquery *other, zc_error *err)
{
    if (!other)
        return ZC_OK;
    if (!*q) {
        *q = other;
        return ZC_OK;
    }
    zc_xquery *r = NULL;
    int rc = zc_xquery_pair(op, *q, other, &r, err);
    zc_xquery_free(*q);
    zc_xquery_free(other);
    *q = r;
    return rc;
}

/* Replaces *q by the fixed boost weight on what it matches. */
static int boosted(zc_xquery **q, double weight, zc_error *err)
{
    if (!*q)
        return ZC_OK;
    zc_xquery *r = NULL;
    int rc = zc_xquery_fixed_weight(*q, weight, &r, err);
    zc_xquery_free(*q);
    *q = r;
    return rc;
}

static int scaled(zc_xquery **q, double factor, zc_error *err)
{
    if (!*q || factor == 1.0)
        return ZC_OK;
    zc_xquery *r = NULL;
    int rc = zc_xquery_scale_weight(*q, factor, &r, err);
    zc_xquery_free(*q);
    *q = r;
    return rc;
}

/* With the matched documents known: *q AND them (see the top). */
static int within_docs(cc *c, zc_xquery **q, zc_error *err)
{
    if (!c->o->docs || !*q)
        return ZC_OK;
    zc_xquery *r = NULL;
    int rc = zc_xquery_pair(ZC_XOP_AND, *q, c->o->docs, &r, err);
    zc_xquery_free(*q);
    *q = r;
    return rc;
}

/* ------------------------------------------------------------------ units */

/* Notes the units of a phrase every match must contain. */
static int note_context(cc *c, const zc_pattern *p, zc_error *err)
{
    for (size_t i = 0; i < p->n; i++) {
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
static int with_context(cc *c, zc_xquery **q, zc_error *err)
{
    if (!c->frozen || c->nctx == 0 || !*q)
        return ZC_OK;
    qlist l = {0};
    int rc = ZC_OK;
    for (size_t i = 0; rc == ZC_OK && i < c->nctx; i++) {
        zc_xquery *t = NULL;
        rc = zc_xquery_term(c->ctx[i], 1, 0, &t, err);
        if (rc == ZC_OK)
            rc = ql_push(&l, t, err);
    }
    zc_xquery *all = NULL, *r = NULL;
    if (rc == ZC_OK)
        rc = ql_combine(&l, ZC_XOP_AND, 0, &all, err);
    else
        ql_free(&l);
    if (rc == ZC_OK)
        rc = scaled(&all, 0.0, err);
    if (rc == ZC_OK)
        rc = zc_xquery_pair(ZC_XOP_AND, *q, all, &r, err);
    zc_xquery_free(all);
    zc_xquery_free(*q);
    *q = r;
    return rc;
}

/* The pattern of text's units (empty when text has none). */
static int make_pattern(const char *text, size_t len, zc_pattern *p, zc_error *err)
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

/* Keeps p for highlighting (takes it over), unless an equal one is kept. */
static int keep_pattern(cc *c, zc_pattern *p, zc_error *err)
{
    zc_compiled *o = c->out;
    for (size_t i = 0; i < o->npats; i++) {
        if (o->pats[i].n == p->n && memcmp(o->pats[i].terms, p->terms, p->n * 8) == 0) {
            free(p->terms);
            p->terms = NULL;
            return ZC_OK;
        }
    }
    if (zc_grow((void **)&o->pats, o->npats, &o->pats_cap, sizeof *o->pats, 8)) {
        free(p->terms);
        p->terms = NULL;
        return oom(err);
    }
    o->pats[o->npats++] = *p;
    p->terms = NULL;
    return ZC_OK;
}

/* OP_PHRASE of the pattern's units, each with prefix (NULL: body units);
 * a single unit is just its term. */
static int phrase_of(cc *c, const zc_pattern *p, const char *prefix, zc_xquery **out,
                     zc_error *err)
{
    *out = NULL;
    if (p->n == 0)
        return zc_xquery_match_nothing(out, err);
    size_t pl = prefix ? strlen(prefix) : 0;
    qlist l = {0};
    int rc = ZC_OK;
    for (size_t i = 0; rc == ZC_OK && i < p->n; i++) {
        char term[16];
        if (pl)
            memcpy(term, prefix, pl);
        strcpy(term + pl, p->terms[i]);
        zc_xquery *t = NULL;
        rc = zc_xquery_term(term, 1, (unsigned)(i + 1), &t, err);
        if (rc == ZC_OK)
            rc = ql_push(&l, t, err);
    }
    if (rc) {
        ql_free(&l);
        return rc;
    }
    rc = ql_combine(&l, ZC_XOP_PHRASE, (unsigned)p->n, out, err);
    if (rc == ZC_OK && p->n > 1)
        rc = within_docs(c, out, err);
    return rc;
}

/* The pattern's units ANDed with the matched documents: what a rank pass
 * puts where the phrase decided the match (same terms, same weights). */
static int units_in_docs(cc *c, const zc_pattern *p, zc_xquery **out, zc_error *err)
{
    *out = NULL;
    if (p->n < 2)
        return phrase_of(c, p, NULL, out, err);
    qlist l = {0};
    zc_xquery *d = NULL;
    int rc = zc_xquery_copy(c->o->docs, &d, err);
    if (rc == ZC_OK)
        rc = ql_push(&l, d, err);
    for (size_t i = 0; rc == ZC_OK && i < p->n; i++) {
        zc_xquery *t = NULL;
        rc = zc_xquery_term(p->terms[i], 1, (unsigned)(i + 1), &t, err);
        if (rc == ZC_OK)
            rc = ql_push(&l, t, err);
    }
    if (rc) {
        ql_free(&l);
        return rc;
    }
    return ql_combine(&l, ZC_XOP_AND, 0, out, err);
}

/* The W term of a word (ASCII lower-cased, as the indexer writes it), or
 * NULL when the word has none: lone Han characters rank by their unit. */
static int word_term(const char *w, size_t len, zc_xquery **out, zc_error *err)
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
 * text for sure, so positions are read only where that term is absent:
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
 * match: this decides a leaf's match (not a boost); a rank pass that knows
 * the matched documents weighs it without reading positions when every
 * match must hold it (c->required: not an alternative of OR, a synonym
 * or --any). */
static int substring_of(cc *c, const zc_pattern *p, const char *text, size_t len, int match,
                        zc_xquery **out, zc_error *err)
{
    *out = NULL;
    zc_xquery *ph = NULL, *w = NULL, *all = NULL, *not_w = NULL, *rest = NULL;
    /* Knowing the matched documents, the units need not be adjacent:
     * the same terms weigh the same, and no position is read. */
    int rc = c->o->docs && match && c->required ? units_in_docs(c, p, &ph, err)
                                                : phrase_of(c, p, NULL, &ph, err);
    if (rc == ZC_OK && match && !c->o->docs && c->required && !c->frozen)
        rc = note_context(c, p, err);
    if (rc == ZC_OK && match && !c->o->docs && !c->required && p->n > 1) {
        c->alternatives = 1;
        rc = with_context(c, &ph, err);
    }
    if (rc == ZC_OK && c->shortcut && p->n > 1 && text)
        rc = word_term(text, len, &w, err);
    if (rc || !w) {
        *out = ph;
        return rc;
    }
    rc = zc_xquery_match_all(&all, err);
    if (rc == ZC_OK)
        rc = zc_xquery_pair(ZC_XOP_AND_NOT, all, w, &not_w, err);
    if (rc == ZC_OK)
        rc = zc_xquery_pair(ZC_XOP_AND, ph, not_w, &rest, err);
    if (rc == ZC_OK && c->o->rank)
        rc = scaled(&rest, ZC_W_UNITS, err);
    if (rc == ZC_OK)
        rc = zc_xquery_pair(ZC_XOP_OR, w, rest, out, err);
    zc_xquery_free(ph);
    zc_xquery_free(w);
    zc_xquery_free(all);
    zc_xquery_free(not_w);
    zc_xquery_free(rest);
    return rc;
}

/* Normalizes a leaf's text as document text is (malloc'd). */
static int norm_leaf(cc *c, const zc_qnode *n, char **out, size_t *len, zc_error *err)
{
    int rc = zc_norm_text(c->norm, n->text, strlen(n->text), out, len, err);
    if (rc == ZC_ERR_ENCODING)
        return zc_err_set(err, ZC_ERR_QUERY, "'%s' at character %zu of the query is not valid "
                                             "UTF-8", n->text, n->where + 1);
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

static int word_variant(cc *c, const char *w, size_t len, qlist *match, qlist *rank,
                        zc_error *err)
{
    zc_pattern p = {0};
    zc_xquery *m = NULL, *r = NULL;
    int rc = make_pattern(w, len, &p, err);
    if (rc == ZC_OK)
        rc = substring_of(c, &p, w, len, 1, &m, err);
    /* A single unit ranks by its own term; a Latin letter or digit also
     * has a W term, which weighs more. */
    if (rc == ZC_OK && p.n == 1 && c->o->rank)
        rc = word_term(w, len, &r, err);
    if (rc == ZC_OK && r)
        rc = scaled(&m, ZC_W_UNITS, err);
    if (rc == ZC_OK && p.n)
        rc = keep_pattern(c, &p, err);
    free(p.terms);
    if (rc == ZC_OK) {
        rc = ql_push(match, m, err);
        m = NULL;
    }
    if (rc == ZC_OK) {
        rc = ql_push(rank, r, err);
        r = NULL;
    }
    zc_xquery_free(m);
    zc_xquery_free(r);
    return rc;
}

static int word_query(cc *c, const char *w, size_t len, word_q *out, zc_error *err)
{
    *out = (word_q){0};
    qlist match = {0}, rank = {0};
    uint32_t groups[ZC_MAX_SYNONYMS];
    size_t ng = c->o->synonyms ? zc_dict_synonyms(c->dict, w, len, groups, ZC_MAX_SYNONYMS) : 0;
    int required = c->required;
    if (ng)
        c->required = 0; /* the word or a synonym */
    int rc = word_variant(c, w, len, &match, &rank, err);
    if (rc == ZC_OK && ng) {
        if (ng > ZC_MAX_SYNONYMS)
            ng = ZC_MAX_SYNONYMS;
        for (size_t g = 0; rc == ZC_OK && g < ng; g++) {
            uint32_t size = zc_dict_syn_group_size(c->dict, groups[g]);
            for (uint32_t k = 0; rc == ZC_OK && k < size; k++) {
                const char *s = zc_dict_syn_group_word(c->dict, groups[g], k);
                if (s && (strlen(s) != len || memcmp(s, w, len) != 0))
                    rc = word_variant(c, s, strlen(s), &match, &rank, err);
            }
        }
    }
    c->required = required;
    if (rc == ZC_OK)
        rc = ql_combine(&match, ZC_XOP_OR, 0, &out->match, err);
    if (rc == ZC_OK)
        rc = ql_combine(&rank, ZC_XOP_OR, 0, &out->rank, err);
    zc_unit_iter it;
    zc_unit u;
    zc_unit_iter_init(&it, w, len);
    if (rc == ZC_OK && zc_unit_next(&it, &u))
        rc = zc_xquery_term(u.term, 1, 0, &out->first, err);
    ql_free(&match);
    ql_free(&rank);
    return rc;
}

static void word_q_free(word_q *w)
{
    zc_xquery_free(w->match);
    zc_xquery_free(w->rank);
    zc_xquery_free(w->first);
}

/* The ranking extras of a leaf: the whole text contiguously (only for a
 * keyword of several words), and in the title. */
static int leaf_boosts(cc *c, const zc_pattern *whole, const char *text, size_t len,
                       int contig, qlist *rank, zc_error *err)
{
    zc_xquery *q = NULL;
    int rc = ZC_OK;
    if (!c->o->rank)
        return ZC_OK;
    if (contig) {
        rc = substring_of(c, whole, text, len, 0, &q, err);
        if (rc == ZC_OK)
            rc = boosted(&q, ZC_W_CONTIG, err);
        if (rc == ZC_OK)
            rc = ql_push(rank, q, err);
    }
    q = NULL;
    if (rc == ZC_OK)
        rc = phrase_of(c, whole, ZC_PREFIX_TITLE, &q, err);
    if (rc == ZC_OK)
        rc = boosted(&q, ZC_W_TITLE, err);
    if (rc == ZC_OK)
        rc = ql_push(rank, q, err);
    return rc;
}

/* Ends a leaf: *out = m AND_MAYBE (OR of rank), or nothing if rc (an
 * earlier error) or this fails; consumes m and empties rank. */
static int leaf_done(int rc, zc_xquery *m, qlist *rank, zc_xquery **out, zc_error *err)
{
    zc_xquery *r = NULL;
    if (rc == ZC_OK)
        rc = ql_combine(rank, ZC_XOP_OR, 0, &r, err);
    if (rc == ZC_OK)
        rc = merge(ZC_XOP_AND_MAYBE, &m, r, err);
    else
        zc_xquery_free(r);
    ql_free(rank);
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
    rc = make_pattern(t, len, &whole, err);
    if (rc == ZC_OK && whole.n == 0)
        rc = zc_err_set(err, ZC_ERR_QUERY, "'%s' at character %zu of the query has nothing "
                                           "to search for", n->text, n->where + 1);
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
    qlist match = {0}, rank = {0}, near = {0};
    c->shortcut = c->single && nw == 1;
    int required = c->required;
    if (c->o->any && nw > 1)
        c->required = 0; /* any one of the words */
    for (size_t i = 0; rc == ZC_OK && i < nw; i++) {
        word_q wq;
        rc = word_query(c, t + words[i].off, words[i].len, &wq, err);
        if (rc == ZC_OK) {
            rc = ql_push(&match, wq.match, err);
            wq.match = NULL;
        }
        if (rc == ZC_OK) {
            rc = ql_push(&rank, wq.rank, err);
            wq.rank = NULL;
        }
        if (rc == ZC_OK) {
            rc = ql_push(&near, wq.first, err);
            wq.first = NULL;
        }
        word_q_free(&wq);
    }
    free(words);
    c->required = required;
    size_t nwords = match.n;
    zc_xquery *m = NULL, *nq = NULL;
    if (rc == ZC_OK)
        rc = ql_combine(&match, c->o->any ? ZC_XOP_OR : ZC_XOP_AND, 0, &m, err);
    if (rc == ZC_OK && nwords > 1 && c->o->rank) {
        rc = ql_combine(&near, ZC_XOP_NEAR, (unsigned)(whole.n + ZC_NEAR_SLACK), &nq, err);
        if (rc == ZC_OK)
            rc = within_docs(c, &nq, err);
        if (rc == ZC_OK)
            rc = boosted(&nq, ZC_W_NEAR, err);
        if (rc == ZC_OK)
            rc = ql_push(&rank, nq, err);
    }
    c->shortcut = 1; /* the boosts only rank: an OR costs nothing there */
    if (rc == ZC_OK)
        rc = leaf_boosts(c, &whole, t, len, nwords > 1, &rank, err);
    if (rc == ZC_OK && nwords > 1)
        rc = keep_pattern(c, &whole, err);
    ql_free(&match);
    ql_free(&near);
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
    qlist rank = {0};
    rc = make_pattern(t, len, &p, err);
    if (rc == ZC_OK && p.n == 0)
        rc = zc_err_set(err, ZC_ERR_QUERY, "empty phrase at character %zu of the query",
                        n->where + 1);
    c->shortcut = c->single;
    if (rc == ZC_OK)
        rc = substring_of(c, &p, t, len, 1, &m, err);
    const zc_token *toks = NULL;
    size_t ntok = 0;
    if (rc == ZC_OK)
        rc = zc_seg_cut(c->seg, t, len, ZC_SEG_ACCURATE, 0, &toks, &ntok, err);
    for (size_t i = 0; rc == ZC_OK && c->o->rank && i < ntok; i++) {
        zc_xquery *w = NULL;
        rc = word_term(t + toks[i].byte_off, toks[i].byte_len, &w, err);
        if (rc == ZC_OK)
            rc = ql_push(&rank, w, err);
    }
    if (rc == ZC_OK)
        rc = leaf_boosts(c, &p, t, len, 0, &rank, err);
    if (rc == ZC_OK)
        rc = keep_pattern(c, &p, err);
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
    rc = make_pattern(t, len, &p, err);
    if (rc == ZC_OK && p.n == 0)
        rc = zc_err_set(err, ZC_ERR_QUERY, "title: at character %zu of the query needs text",
                        n->where + 1);
    if (rc == ZC_OK)
        rc = phrase_of(c, &p, ZC_PREFIX_TITLE, out, err);
    if (rc == ZC_OK)
        rc = scaled(out, ZC_W_TITLE_FIELD, err);
    free(p.terms);
    free(t);
    return rc;
}

/* ----------------------------------------------------------------- the tree */

static int compile_node(cc *c, const zc_qnode *n, int depth, zc_xquery **out, zc_error *err);

static int is_filter(const zc_qnode *n) { return n->kind == ZC_Q_REGION || n->kind == ZC_Q_YEAR; }

/* AND: the positive kids must match, NOT kids must not, filters restrict
 * without weighing. With `any`, the positive kids are alternatives. */
static int compile_and(cc *c, const zc_qnode *n, int depth, zc_xquery **out, zc_error *err)
{
    qlist pos = {0}, neg = {0}, filt = {0};
    int rc = ZC_OK, required = c->required;
    if (c->o->any)
        c->required = 0; /* the positive kids are alternatives */
    for (size_t i = 0; rc == ZC_OK && i < n->n; i++) {
        const zc_qnode *k = n->kids[i];
        zc_xquery *q = NULL;
        if (k->kind == ZC_Q_NOT && c->o->docs)
            continue; /* the matched documents exclude it already */
        if (k->kind == ZC_Q_NOT) {
            /* Excluded text is not highlighted. */
            size_t keep = c->out->npats;
            rc = compile_node(c, k->kids[0], depth + 1, &q, err);
            zc_query_patterns_truncate(c->out, keep);
            if (rc == ZC_OK)
                rc = ql_push(&neg, q, err);
        } else {
            rc = compile_node(c, k, depth + 1, &q, err);
            if (rc == ZC_OK)
                rc = ql_push(is_filter(k) ? &filt : &pos, q, err);
        }
    }
    c->required = required;
    zc_xquery *q = NULL, *x = NULL, *f = NULL;
    if (rc == ZC_OK)
        rc = ql_combine(&pos, c->o->any ? ZC_XOP_OR : ZC_XOP_AND, 0, &q, err);
    if (rc == ZC_OK)
        rc = ql_combine(&neg, ZC_XOP_OR, 0, &x, err);
    if (rc == ZC_OK)
        rc = ql_combine(&filt, ZC_XOP_AND, 0, &f, err);
    /* Only filters (and exclusions): every document they let through. */
    if (rc == ZC_OK && !q)
        rc = zc_xquery_match_all(&q, err);
    if (rc == ZC_OK) {
        rc = merge(ZC_XOP_AND_NOT, &q, x, err);
        x = NULL;
    }
    if (rc == ZC_OK) {
        rc = merge(ZC_XOP_FILTER, &q, f, err);
        f = NULL;
    }
    zc_xquery_free(x);
    zc_xquery_free(f);
    ql_free(&pos);
    ql_free(&neg);
    ql_free(&filt);
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
    case ZC_Q_AND: return compile_and(c, n, depth, out, err);
    case ZC_Q_OR: {
        qlist l = {0};
        int rc = ZC_OK, required = c->required;
        c->required = 0; /* alternatives */
        for (size_t i = 0; rc == ZC_OK && i < n->n; i++) {
            zc_xquery *q = NULL;
            rc = compile_node(c, n->kids[i], depth + 1, &q, err);
            if (rc == ZC_OK)
                rc = ql_push(&l, q, err);
        }
        c->required = required;
        if (rc) {
            ql_free(&l);
            return rc;
        }
        return ql_combine(&l, ZC_XOP_OR, 0, out, err);
    }
    case ZC_Q_NOT:
        /* The parser puts NOT only under AND. */
        return zc_err_set(err, ZC_ERR_QUERY, "nothing to exclude from at character %zu of "
                                             "the query", n->where + 1);
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
    cc c = {o, o->dict, o->norm, seg, out, one_leaf(root), 0, 1, NULL, 0, 0, 0, 0};
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
            zc_query_patterns_truncate(out, 0);
            c.frozen = 1;
            rc = compile_node(&c, root, 0, &q, err);
        }
    }
    free(c.ctx);
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
