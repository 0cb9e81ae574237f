/* Private to the query compiler (compile.c, compile_leaves.c,
 * compile_units.c, qlist.c).
 *
 * One walk of the tree builds both queries a search runs, side by side:
 * the match side, which decides the match (counted exactly, unweighted),
 * and the rank side, which ranks the matches (the page of hits). Each step
 * gives a zc_qpair; the rank side is NULL where it is not built. */
#ifndef ZC_SEARCHER_COMPILE_INTERNAL_H
#define ZC_SEARCHER_COMPILE_INTERNAL_H

#include <stddef.h>

#include <glib.h>

#include "common/err.h"
#include "dict/dict.h"
#include "search_internal.h"
#include "text/normalize.h"
#include "text/seg.h"
#include "xapian-c/xapian_c.h"

/* A word's own units, when it also has a W term: their weight. */
#define ZC_W_UNITS 0.2
/* What decided a leaf's match (its units' BM25) weighs in its rank
 * where score.c's parts rank it. */
#define ZC_W_UNITS_RANK 0.1

/* What compiling a node gives: the match side m and the rank side r. */
typedef struct zc_qpair {
    zc_xquery *m, *r;
} zc_qpair;

/* What compiling one query carries along. */
typedef struct zc_compile_ctx {
    const zc_compile_opts *o;
    /* Build the rank side for what is compiled now: o->rank, but not
     * inside an exclusion the matched documents leave out already. */
    int rank;
    /* The documents the rank side runs within (the count's matches, filled
     * after this compile: zc_xdocs), or NULL where they are not kept. */
    const zc_xquery *docs;
    const zc_dict *dict;
    zc_norm *norm;
    zc_seg *seg;
    zc_compiled *out;
    int single;   /* the query is one keyword or phrase (and filters) */
    int shortcut; /* zc_compile_substring_of may use word terms */
    int required; /* what is compiled now must hold in every match */
    /* Units every match contains (those of the required phrases), and
     * whether an alternative (a synonym, an OR) was compiled: see
     * zc_compile_with_context. */
    char (*ctx)[8];
    size_t nctx, ctx_cap;
    int frozen;           /* ctx is complete: use it, don't grow it */
    int alternatives;     /* an alternative phrase was seen */
    int highlight;        /* keep patterns for snippets (not inside an exclusion) */
    GHashTable *kept;     /* the patterns kept, by their terms: no duplicates */
    GHashTable *musts;    /* patterns every match contains, compiled once */
    size_t units;         /* units searched for so far (ZC_QUERY_MAX_UNITS) */
    size_t checks;        /* phrases searched for on their own (ZC_QUERY_MAX_CHECKS) */
    size_t boosted;       /* leaves given the positional boosts (compile.c) */
    const zc_qnode *leaf; /* the leaf being compiled, for messages */
} cc;

/* The units every match contains that an alternative's phrase is ANDed
 * with (zc_compile_with_context): a few are enough to skip most documents,
 * and each costs a posting list per alternative. */
#define ZC_MAX_CONTEXT 8

/* A growable list of queries. */
typedef struct zc_qlist {
    zc_xquery **v;
    size_t n, cap;
} zc_qlist;

/* A list per side, pushed to together. */
typedef struct zc_qpairs {
    zc_qlist m, r;
} zc_qpairs;

/* qlist.c: lists of queries and small query rewrites. */
void zc_qlist_free_all(zc_xquery **v, size_t n);
int zc_qlist_push(zc_qlist *l, zc_xquery *q, zc_error *err);
void zc_qlist_free(zc_qlist *l);
int zc_qlist_combine(zc_qlist *l, zc_xop op, unsigned param, zc_xquery **out, zc_error *err);
int zc_query_merge(zc_xop op, zc_xquery **q, zc_xquery *other, zc_error *err);
int zc_query_boost(zc_xquery **q, double weight, zc_error *err);
int zc_query_scale(zc_xquery **q, double factor, zc_error *err);
/* The same on both sides of a pair. */
void zc_qpair_free(zc_qpair *q);
int zc_qpairs_push(zc_qpairs *l, zc_qpair *q, zc_error *err);
void zc_qpairs_free(zc_qpairs *l);
int zc_qpairs_combine(zc_qpairs *l, zc_xop op, unsigned param, zc_qpair *out, zc_error *err);
int zc_qpair_merge(zc_xop op, zc_qpair *q, zc_qpair *other, zc_error *err);
int zc_qpair_scale(zc_qpair *q, double factor, zc_error *err);
/* q on the match side, and a copy of it on the rank side when that is
 * built (c->rank); takes q, also when it fails. */
int zc_qpair_both(const cc *c, zc_xquery *q, zc_qpair *out, zc_error *err);

/* compile_leaves.c: keywords, phrases, titles. */
int zc_compile_keyword(cc *c, const zc_qnode *n, zc_qpair *out, zc_error *err);
int zc_compile_phrase(cc *c, const zc_qnode *n, zc_qpair *out, zc_error *err);
int zc_compile_title(cc *c, const zc_qnode *n, zc_qpair *out, zc_error *err);
int zc_compile_norm_leaf(cc *c, const zc_qnode *n, char **out, size_t *len, zc_error *err);

/* compile_units.c: the units of a text as queries. */
int zc_compile_within_docs(cc *c, zc_xquery **q, zc_error *err);
int zc_compile_note_context(cc *c, const zc_pattern *p, zc_error *err);
int zc_compile_with_context(cc *c, zc_xquery **q, zc_error *err);
int zc_compile_make_pattern(const char *text, size_t len, zc_pattern *p, zc_error *err);
GBytes *zc_compile_pattern_key(const zc_pattern *p);
/* The bigram term (index/schema.h) of units i and i+1 of p into out, when
 * both are Han characters; its length, else 0. */
size_t zc_compile_bigram_term(const zc_pattern *p, size_t i, char out[24]);
int zc_compile_keep_pattern(cc *c, zc_pattern *p, zc_error *err);
int zc_compile_count_units(cc *c, size_t n, zc_error *err);
int zc_compile_count_check(cc *c, zc_error *err);
int zc_compile_phrase_of(cc *c, const zc_pattern *p, const char *prefix, int match, zc_qpair *out,
                         zc_error *err);
int zc_compile_units_in_docs(cc *c, const zc_pattern *p, zc_xquery **out, zc_error *err);
int zc_compile_word_term(const char *w, size_t len, zc_xquery **out, zc_error *err);
int zc_compile_substring_of(cc *c, const zc_pattern *p, const char *text, size_t len, int match,
                            zc_qpair *out, zc_error *err);

/* score.c: the relevance parts of a keyword or phrase's text t (rank
 * side), pushed onto rank; *scored: whether there are any (a text of
 * punctuation, or of Latin letters no word term holds, has none). */
int zc_score_text(cc *c, const char *t, size_t len, zc_qlist *rank, int *scored, zc_error *err);
int zc_score_is_question_word(const char *s, size_t len);
/* Notes a part of the rank query for --explain (zc_compiled.why): label
 * "t: what", and a copy of q (NULL: nothing noted). */
int zc_score_note(cc *c, const char *what, const char *t, size_t len, const zc_xquery *q,
                  zc_error *err);

#endif
