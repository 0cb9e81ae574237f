/* The leaves of the tree: keywords, phrases and titles, each compiled to
 * what decides its match and what ranks it (compile.c has the tree).
 *
 * A keyword must occur as written: the phrase of its units, or, where a
 * word of it has synonyms, one of the phrases with each such word replaced
 * by a form of its group in its place. A ~keyword (or any keyword with
 * --match words) is segmented and each of its words must occur anywhere,
 * or with --match any one of them; a phrase must occur as typed; a title:
 * its text in the title. Ranking adds the parts of score.c, on the rank
 * side alone (compile_internal.h). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/err.h"
#include "common/utf8.h"
#include "compile_internal.h"
#include "dict/dict.h"
#include "index/schema.h"
#include "search_internal.h"
#include "text/clean.h"
#include "text/normalize.h"
#include "text/seg.h"
#include "text/unit.h"

/* Ranking (score.c): BM25 over the text's character bigrams and words,
 * its characters and the title, summed; and where a keyword's words may
 * match apart, a fixed boost for finding it whole, so that contiguous
 * occurrences rank before scattered ones, each group in order of the
 * BM25 parts. */
#define ZC_W_CONTIG 100.0    /* the whole keyword as one phrase */
#define ZC_W_TITLE_FIELD 3.0 /* title:, which matches: scales its BM25 */
#define ZC_MAX_SYNONYMS 8    /* synonym groups looked at per word */
/* Ranking parts are left out past this many leaves: leaf_boosted(). */
#define ZC_MAX_BOOSTED 32

static int oom(zc_error *err)
{
    return zc_err_set(err, ZC_ERR_NOMEM, "out of memory");
}

/* Normalizes a leaf's text as document text is (malloc'd). */
int zc_compile_norm_leaf(cc *c, const zc_qnode *n, char **out, size_t *len, zc_error *err)
{
    int rc = zc_norm_text(c->norm, n->text, strlen(n->text), out, len, err);
    if (rc == ZC_ERR_ENCODING)
        return zc_err_set(err, ZC_ERR_QUERY,
                          "'%s' at character %zu of the query is not valid "
                          "UTF-8",
                          n->text, n->where + 1);
    return rc;
}

/* One word of a keyword: must match (its units, or those of a synonym),
 * and ranks (its W term and its synonyms'). */
typedef struct word_q {
    zc_qpair match;
    zc_xquery *rank; /* rank side only */
} word_q;

static int word_variant(cc *c, const char *w, size_t len, int synonym, zc_qpairs *match,
                        zc_qlist *rank, zc_error *err)
{
    zc_pattern p = {0};
    zc_qpair m = {0};
    zc_xquery *r = NULL;
    int rc = zc_compile_make_pattern(w, len, &p, err);
    /* The keyword's own units are counted with it; a synonym's add. */
    if (rc == ZC_OK && synonym)
        rc = zc_compile_count_units(c, p.n, err);
    if (rc == ZC_OK)
        rc = zc_compile_substring_of(c, &p, w, len, 1, &m, err);
    /* A single unit ranks by its own term; a Latin letter or digit also
     * has a W term, which weighs more. */
    if (rc == ZC_OK && p.n == 1 && c->rank)
        rc = zc_compile_word_term(w, len, &r, err);
    if (rc == ZC_OK && r)
        rc = zc_query_scale(&m.r, ZC_W_UNITS, err);
    if (rc == ZC_OK && p.n)
        rc = zc_compile_keep_pattern(c, &p, err);
    free(p.terms);
    if (rc == ZC_OK)
        rc = zc_qpairs_push(match, &m, err);
    if (rc == ZC_OK) {
        rc = zc_qlist_push(rank, r, err);
        r = NULL;
    }
    zc_qpair_free(&m);
    zc_xquery_free(r);
    return rc;
}

static int word_query(cc *c, const char *w, size_t len, word_q *out, zc_error *err)
{
    *out = (word_q){0};
    zc_qpairs match = {0};
    zc_qlist rank = {0};
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
        rc = zc_qpairs_combine(&match, ZC_XOP_OR, 0, &out->match, err);
    if (rc == ZC_OK)
        rc = zc_qlist_combine(&rank, ZC_XOP_OR, 0, &out->rank, err);
    zc_qpairs_free(&match);
    zc_qlist_free(&rank);
    return rc;
}

static void word_q_free(word_q *w)
{
    zc_qpair_free(&w->match);
    zc_xquery_free(w->rank);
}

/* Whether the leaf being compiled gets the ranking parts: only on the rank
 * side, not in an exclusion, and for the first ZC_MAX_BOOSTED leaves. Each
 * adds posting lists (and the contiguity boost a phrase checked in every
 * match), so a query of hundreds of keywords would read hundreds per
 * match; the rest rank by what decided their match. */
static int leaf_boosted(cc *c)
{
    return c->rank && c->highlight && c->boosted++ < ZC_MAX_BOOSTED;
}

/* The ranking parts of a leaf (rank side): the whole text contiguously
 * (only for a keyword whose words may match apart), and score.c's; *boost
 * is left 1 where score.c's rank it. */
static int leaf_boosts(cc *c, int *boost, const zc_pattern *whole, const char *text, size_t len,
                       int contig, zc_qlist *rank, zc_error *err)
{
    zc_qpair q = {0};
    int rc = ZC_OK;
    if (!*boost)
        return ZC_OK;
    if (contig) {
        rc = zc_compile_substring_of(c, whole, text, len, 0, &q, err);
        if (rc == ZC_OK)
            rc = zc_query_boost(&q.r, ZC_W_CONTIG, err);
        if (rc == ZC_OK)
            rc = zc_score_note(c, "whole, contiguous (fixed)", text, len, q.r, err);
        if (rc == ZC_OK)
            rc = zc_qlist_push(rank, q.r, err);
        q.r = NULL;
        zc_qpair_free(&q);
    }
    return rc ? rc : zc_score_text(c, text, len, rank, boost, err);
}

/* Ends a leaf: *out = m, its rank side AND_MAYBE (OR of rank), or nothing
 * if rc (an earlier error) or this fails; consumes m and empties rank. */
static int leaf_done(int rc, zc_qpair *m, int scored, zc_qlist *rank, zc_qpair *out, zc_error *err)
{
    zc_xquery *r = NULL;
    if (rc == ZC_OK)
        rc = zc_qlist_combine(rank, ZC_XOP_OR, 0, &r, err);
    /* Where score.c ranks the leaf, what decided its match weighs
     * ZC_W_UNITS_RANK beside; elsewhere it is all the ranking. */
    if (rc == ZC_OK && scored)
        rc = zc_query_scale(&m->r, ZC_W_UNITS_RANK, err);
    /* Nothing left to match (a copy of what every match holds, compiled
     * before): the copy weighs nothing either, and its ranking must not
     * become a condition. */
    if (!m->r) {
        zc_xquery_free(r);
        r = NULL;
    }
    if (rc == ZC_OK)
        rc = zc_query_merge(ZC_XOP_AND_MAYBE, &m->r, r, err);
    else
        zc_xquery_free(r);
    zc_qlist_free(rank);
    if (rc) {
        zc_qpair_free(m);
        return rc;
    }
    *out = *m;
    *m = (zc_qpair){0};
    return ZC_OK;
}

/* The forms a word of a keyword may take: itself, and with synonyms on,
 * the other forms of its groups, each once (the word in another case, or
 * a form of two groups, would be the same branch twice). Their text into
 * fs/fl (at most cap); their number. */
static size_t word_forms(cc *c, const char *w, size_t len, const char **fs, size_t *fl, size_t cap)
{
    fs[0] = w;
    fl[0] = len;
    size_t n = 1;
    uint32_t groups[ZC_MAX_SYNONYMS];
    size_t ng = c->o->synonyms ? zc_dict_synonyms(c->dict, w, len, groups, ZC_MAX_SYNONYMS) : 0;
    if (ng > ZC_MAX_SYNONYMS)
        ng = ZC_MAX_SYNONYMS;
    for (size_t g = 0; g < ng; g++) {
        uint32_t size = zc_dict_syn_group_size(c->dict, groups[g]);
        for (uint32_t k = 0; k < size && n < cap; k++) {
            const char *f = zc_dict_syn_group_word(c->dict, groups[g], k);
            size_t l = f ? strlen(f) : 0;
            int dup = !f;
            for (size_t i = 0; !dup && i < n; i++)
                dup = fl[i] == l && strncasecmp(fs[i], f, l) == 0;
            if (!dup) {
                fs[n] = f;
                fl[n++] = l;
            }
        }
    }
    return n;
}

/* Forms kept per word of a keyword (word_forms). */
#define ZC_MAX_FORMS (1 + ZC_MAX_SYNONYMS * 16)

/* A keyword as written (ZC_MATCH_EXACT): the phrase of its units, or the
 * phrases of its variants, each word with synonyms replaced in its place
 * by a form of its group (a variant is an alternative, searched for on its
 * own, within the query's limits). Ranks by score.c's parts. */
static int keyword_exact(cc *c, const char *t, size_t len, const zc_span *words, size_t nw,
                         zc_pattern *whole, zc_qpair *out, zc_error *err)
{
    const char **fs = malloc((nw + 1) * ZC_MAX_FORMS * sizeof *fs);
    size_t *fl = malloc((nw + 1) * ZC_MAX_FORMS * sizeof *fl);
    size_t *nf = calloc(nw + 1, sizeof *nf), *at = calloc(nw + 1, sizeof *at);
    char *v = malloc(len * 2 + 1);
    zc_qpairs match = {0};
    zc_qlist rank = {0};
    int rc = fs && fl && nf && at && v ? ZC_OK : oom(err);
    /* The words with synonyms are expanded in order while the variants
     * stay within what the query may still search for (docs/query.md):
     * phrases on their own, and characters, each variant as long as the
     * longest forms make it at most. A word past that is as written. */
    size_t variants = 1, longest = whole->n;
    size_t checks = c->checks < ZC_QUERY_MAX_CHECKS ? ZC_QUERY_MAX_CHECKS - c->checks : 0;
    size_t units = c->units < ZC_QUERY_MAX_UNITS ? ZC_QUERY_MAX_UNITS - c->units : 0;
    for (size_t i = 0; rc == ZC_OK && i < nw; i++) {
        nf[i] = word_forms(c, t + words[i].off, words[i].len, fs + i * ZC_MAX_FORMS,
                           fl + i * ZC_MAX_FORMS, ZC_MAX_FORMS);
        size_t own = zc_utf8_count(t + words[i].off, words[i].len), most = own;
        for (size_t j = 1; j < nf[i]; j++) {
            size_t n = zc_utf8_count(fs[i * ZC_MAX_FORMS + j], fl[i * ZC_MAX_FORMS + j]);
            most = n > most ? n : most;
        }
        size_t v = variants * nf[i], l = longest + most - own;
        if (nf[i] > 1 && (v > checks || (v - 1) * l > units))
            nf[i] = 1;
        else
            variants = v, longest = l;
    }
    int required = c->required;
    if (variants > 1)
        c->required = 0; /* one variant or another */
    c->shortcut = c->single && variants == 1;
    size_t cap = len * 2 + 1;
    for (size_t k = 0; rc == ZC_OK && k < variants; k++) {
        /* The k-th variant: the forms at[] of the words, the text between
         * the words (none: they cover the keyword) as it is. */
        size_t vl = 0, prev = 0;
        for (size_t i = 0; rc == ZC_OK && i <= nw; i++) {
            size_t off = i < nw ? words[i].off : len;
            const char *f = i < nw ? fs[i * ZC_MAX_FORMS + at[i]] : NULL;
            size_t need = vl + (off - prev) + (f ? fl[i * ZC_MAX_FORMS + at[i]] : 0) + 1;
            if (need > cap) {
                char *nv = realloc(v, need * 2);
                if (!nv) {
                    rc = oom(err);
                    break;
                }
                v = nv;
                cap = need * 2;
            }
            memcpy(v + vl, t + prev, off - prev);
            vl += off - prev;
            if (f) {
                memcpy(v + vl, f, fl[i * ZC_MAX_FORMS + at[i]]);
                vl += fl[i * ZC_MAX_FORMS + at[i]];
                prev = off + words[i].len;
            }
        }
        /* The next variant: the words' forms counted mixed-radix. */
        for (size_t i = nw; i-- > 0;) {
            if (++at[i] < nf[i])
                break;
            at[i] = 0;
        }
        zc_pattern p = {0};
        zc_qpair m = {0};
        if (rc == ZC_OK)
            rc = zc_compile_make_pattern(v, vl, &p, err);
        /* The keyword's own units are counted with it; a variant's add. */
        if (rc == ZC_OK && k > 0)
            rc = zc_compile_count_units(c, p.n, err);
        if (rc == ZC_OK && p.n)
            rc = zc_compile_substring_of(c, &p, v, vl, 1, &m, err);
        if (rc == ZC_OK && p.n)
            rc = zc_compile_keep_pattern(c, &p, err);
        free(p.terms);
        if (rc == ZC_OK)
            rc = zc_qpairs_push(&match, &m, err);
        zc_qpair_free(&m);
    }
    c->required = required;
    zc_qpair m = {0};
    if (rc == ZC_OK)
        rc = zc_qpairs_combine(&match, ZC_XOP_OR, 0, &m, err);
    c->shortcut = 1; /* the boosts only rank: an OR costs nothing there */
    /* Ranking: score.c's parts over the keyword as typed (its words,
     * bigrams and characters); found as written, it needs no contiguity
     * boost. */
    int boost = leaf_boosted(c);
    if (rc == ZC_OK)
        rc = leaf_boosts(c, &boost, whole, t, len, 0, &rank, err);
    zc_qpairs_free(&match);
    free(fs);
    free(fl);
    free(nf);
    free(at);
    free(v);
    return leaf_done(rc, &m, boost, &rank, out, err);
}

/* A keyword: as written (keyword_exact), or each of its words must occur
 * (~keyword, --match words), or with --match any one of them. */
int zc_compile_keyword(cc *c, const zc_qnode *n, zc_qpair *out, zc_error *err)
{
    char *t = NULL;
    size_t len = 0;
    int rc = zc_compile_norm_leaf(c, n, &t, &len, err);
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
    if (rc == ZC_OK && !n->loose && c->o->match == ZC_MATCH_EXACT) {
        rc = keyword_exact(c, t, len, words, nw, &whole, out, err);
        free(words);
        free(whole.terms);
        free(t);
        return rc;
    }
    zc_qpairs match = {0};
    zc_qlist rank = {0};
    c->shortcut = c->single && nw == 1;
    int required = c->required;
    if ((c->o->match == ZC_MATCH_ANY) && nw > 1)
        c->required = 0; /* any one of the words */
    for (size_t i = 0; rc == ZC_OK && i < nw; i++) {
        word_q wq;
        rc = word_query(c, t + words[i].off, words[i].len, &wq, err);
        if (rc == ZC_OK)
            rc = zc_qpairs_push(&match, &wq.match, err);
        if (rc == ZC_OK) {
            rc = zc_qlist_push(&rank, wq.rank, err);
            wq.rank = NULL;
        }
        word_q_free(&wq);
    }
    free(words);
    c->required = required;
    /* The words as cut, though a copy of one that every match holds
     * already may have compiled to nothing. */
    size_t nwords = rc == ZC_OK ? nw : 0;
    zc_qpair m = {0};
    if (rc == ZC_OK)
        rc = zc_qpairs_combine(&match, (c->o->match == ZC_MATCH_ANY) ? ZC_XOP_OR : ZC_XOP_AND, 0,
                               &m, err);
    int boost = leaf_boosted(c);
    c->shortcut = 1; /* the boosts only rank: an OR costs nothing there */
    if (rc == ZC_OK)
        rc = leaf_boosts(c, &boost, &whole, t, len, nwords > 1, &rank, err);
    if (rc == ZC_OK && nwords > 1)
        rc = zc_compile_keep_pattern(c, &whole, err);
    zc_qpairs_free(&match);
    free(whole.terms);
    free(t);
    return leaf_done(rc, &m, boost, &rank, out, err);
}

/* A phrase: its units contiguously; ranks as a keyword does (score.c). */
int zc_compile_phrase(cc *c, const zc_qnode *n, zc_qpair *out, zc_error *err)
{
    char *t = NULL;
    size_t len = 0;
    int rc = zc_compile_norm_leaf(c, n, &t, &len, err);
    if (rc)
        return rc;
    zc_clean_blanks(t, &len);
    zc_pattern p = {0};
    zc_qpair m = {0};
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
    int boost = leaf_boosted(c);
    if (rc == ZC_OK)
        rc = leaf_boosts(c, &boost, &p, t, len, 0, &rank, err);
    if (rc == ZC_OK)
        rc = zc_compile_keep_pattern(c, &p, err);
    free(p.terms);
    free(t);
    return leaf_done(rc, &m, boost, &rank, out, err);
}

/* title:TEXT: the title contains TEXT (units of the title, T prefix). */
int zc_compile_title(cc *c, const zc_qnode *n, zc_qpair *out, zc_error *err)
{
    char *t = NULL;
    size_t len = 0;
    int rc = zc_compile_norm_leaf(c, n, &t, &len, err);
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
        rc = zc_compile_phrase_of(c, &p, ZC_PREFIX_TITLE, 1, out, err);
    if (rc == ZC_OK)
        rc = zc_qpair_scale(out, ZC_W_TITLE_FIELD, err);
    if (rc)
        zc_qpair_free(out);
    free(p.terms);
    free(t);
    return rc;
}
