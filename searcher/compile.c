/* From the syntax tree to the Xapian queries a search runs, in one walk.
 *
 * Matching (docs/query.md) rests on the unit terms alone: a phrase is an
 * OP_PHRASE of its units, so it matches exactly where the text contains it;
 * a keyword is segmented and each word must occur the same way. That is
 * the match side, which the count runs unweighted. The rank side ranks
 * what matched: the same leaves, with ranking riding along in OP_AND_MAYBE
 * branches that never change the match set: BM25 over the word terms
 * (W…), a boost when the whole keyword occurs contiguously, a smaller one
 * when its words occur close together, and one when the title contains it
 * (compile_leaves.c).
 *
 * The rank side runs after the count, within the documents the count
 * recorded (o->docs: a set the count fills, so that the query is compiled
 * once, before it). It need not decide the match again: where a phrase of
 * units decided it, the same units ANDed with the matched documents weigh
 * the same without reading positions; the boosts' phrases are ANDed with
 * the matched documents (Xapian drives an AND by its rarest member, so
 * positions are read only there); exclusions are dropped and the whole
 * query is filtered by the set. The weights, and so the order, stay the
 * same. Where the documents cannot be kept (shards, servers), the rank
 * side is the match side with the ranking added. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "compile_internal.h"
#include "dict/dict.h"
#include "index/index.h"
#include "index/schema.h"
#include "search_internal.h"
#include "text/normalize.h"
#include "text/seg.h"

static int compile_node(cc *c, const zc_qnode *n, int depth, zc_qpair *out, zc_error *err);

static int is_filter(const zc_qnode *n)
{
    return n->kind == ZC_Q_REGION || n->kind == ZC_Q_YEAR || n->kind == ZC_Q_SOURCE ||
           n->kind == ZC_Q_TYPE || n->kind == ZC_Q_ISSUER || n->kind == ZC_Q_DOCNO ||
           n->kind == ZC_Q_DATE;
}

/* An exclusion (a NOT kid): matched on the match side; on the rank side
 * too, unless that runs within the matched documents, which exclude it
 * already. Its text is not highlighted, nor required of a match. */
static int compile_not(cc *c, const zc_qnode *k, int depth, zc_qpair *out, zc_error *err)
{
    int req = c->required, hl = c->highlight, rank = c->rank;
    c->required = 0;
    c->highlight = 0;
    if (c->docs)
        c->rank = 0;
    int rc = compile_node(c, k, depth, out, err);
    c->required = req;
    c->highlight = hl;
    c->rank = rank;
    return rc;
}

/* AND: the positive kids must match, NOT kids must not, filters restrict
 * without weighing. With `any`, the positive kids are alternatives. */
static int compile_and(cc *c, const zc_qnode *n, int depth, zc_qpair *out, zc_error *err)
{
    zc_qpairs pos = {0}, neg = {0}, filt = {0};
    int rc = ZC_OK, required = c->required;
    if ((c->o->match == ZC_MATCH_ANY))
        c->required = 0; /* the positive kids are alternatives */
    for (size_t i = 0; rc == ZC_OK && i < n->n; i++) {
        const zc_qnode *k = n->kids[i];
        zc_qpair q = {0};
        if (k->kind == ZC_Q_NOT) {
            rc = compile_not(c, k->kids[0], depth + 1, &q, err);
            if (rc == ZC_OK)
                rc = zc_qpairs_push(&neg, &q, err);
        } else {
            rc = compile_node(c, k, depth + 1, &q, err);
            if (rc == ZC_OK)
                rc = zc_qpairs_push(is_filter(k) ? &filt : &pos, &q, err);
        }
    }
    c->required = required;
    zc_qpair q = {0}, x = {0}, f = {0};
    if (rc == ZC_OK)
        rc = zc_qpairs_combine(&pos, (c->o->match == ZC_MATCH_ANY) ? ZC_XOP_OR : ZC_XOP_AND, 0, &q,
                               err);
    if (rc == ZC_OK)
        rc = zc_qpairs_combine(&neg, ZC_XOP_OR, 0, &x, err);
    if (rc == ZC_OK)
        rc = zc_qpairs_combine(&filt, ZC_XOP_AND, 0, &f, err);
    /* Only filters (and exclusions): every document they let through. */
    if (rc == ZC_OK && !q.m)
        rc = zc_index_every_document(&q.m, err);
    if (rc == ZC_OK && c->rank && !q.r)
        rc = zc_index_every_document(&q.r, err);
    if (rc == ZC_OK)
        rc = zc_qpair_merge(ZC_XOP_AND_NOT, &q, &x, err);
    if (rc == ZC_OK)
        rc = zc_qpair_merge(ZC_XOP_FILTER, &q, &f, err);
    zc_qpair_free(&x);
    zc_qpair_free(&f);
    zc_qpairs_free(&pos);
    zc_qpairs_free(&neg);
    zc_qpairs_free(&filt);
    if (rc) {
        zc_qpair_free(&q);
        return rc;
    }
    *out = q;
    return ZC_OK;
}

static int compile_or(cc *c, const zc_qnode *n, int depth, zc_qpair *out, zc_error *err)
{
    zc_qpairs l = {0};
    int rc = ZC_OK, required = c->required;
    c->required = 0; /* alternatives */
    for (size_t i = 0; rc == ZC_OK && i < n->n; i++) {
        zc_qpair q = {0};
        rc = compile_node(c, n->kids[i], depth + 1, &q, err);
        if (rc == ZC_OK)
            rc = zc_qpairs_push(&l, &q, err);
    }
    c->required = required;
    if (rc) {
        zc_qpairs_free(&l);
        return rc;
    }
    c->out->rank_every |= l.r.n > 1;
    return zc_qpairs_combine(&l, ZC_XOP_OR, 0, out, err);
}

/* One end of a date: range: "2025", "2025-03", "2025-03-05" (also with
 * / or .), as the ZC_SLOT_WHEN key of its first (hi: last) day; 0 when it
 * is no date. */
static int date_end(const char *s, size_t n, int hi, char out[9])
{
    int part[3] = {0, 0, 0}, k = 0;
    size_t i = 0;
    while (k < 3) {
        size_t d = 0;
        int v = 0;
        while (i < n && s[i] >= '0' && s[i] <= '9' && d < (k ? 2u : 4u))
            v = v * 10 + (s[i++] - '0'), d++;
        if (!d || (k == 0 && d != 4))
            return 0;
        part[k++] = v;
        if (i == n)
            break;
        if (s[i] != '-' && s[i] != '/' && s[i] != '.')
            return 0;
        i++;
    }
    if (i != n || part[0] < 1000 || part[1] > 12 || part[2] > 31 || (k > 1 && !part[1]) ||
        (k > 2 && !part[2]))
        return 0;
    unsigned mo = k > 1 ? (unsigned)part[1] : hi ? 99u : 0u;
    unsigned dy = k > 2 ? (unsigned)part[2] : hi ? 99u : 0u;
    snprintf(out, 9, "%04u%02u%02u", (unsigned)part[0] % 10000u, mo % 100u, dy % 100u);
    return 1;
}

/* date:A..B, date:A.., date:..B, date:A over the sort key of each
 * document's date (its year alone when that is all it has). */
static int date_filter(const zc_qnode *n, zc_xquery **q, zc_error *err)
{
    const char *t = n->text;
    size_t len = strlen(t);
    const char *dots = strstr(t, "..");
    char lo[9], hi[9];
    int has_lo, has_hi;
    if (dots) {
        size_t a = (size_t)(dots - t);
        has_lo = a > 0;
        has_hi = len - a - 2 > 0;
        if ((has_lo && !date_end(t, a, 0, lo)) ||
            (has_hi && !date_end(dots + 2, len - a - 2, 1, hi)) || (!has_lo && !has_hi))
            has_lo = has_hi = -1;
    } else {
        has_lo = has_hi = date_end(t, len, 0, lo) && date_end(t, len, 1, hi) ? 1 : -1;
    }
    if (has_lo < 0)
        return zc_err_set(err, ZC_ERR_QUERY,
                          "date:%s at character %zu of the query: write a date or a range of "
                          "dates as 2025, 2025-03, 2025-03-05, 2025-03..2025-06 or 2025-03..",
                          t, n->where + 1);
    if (has_lo && has_hi && strcmp(lo, hi) > 0)
        return zc_err_set(err, ZC_ERR_QUERY,
                          "date:%s at character %zu of the query: the range is reversed", t,
                          n->where + 1);
    return zc_xquery_value_range(ZC_SLOT_WHEN, has_lo ? lo : NULL, has_lo ? 8 : 0,
                                 has_hi ? hi : NULL, has_hi ? 8 : 0, q, err);
}

/* A filter: the same query on both sides. */
static int compile_filter(cc *c, const zc_qnode *n, zc_qpair *out, zc_error *err)
{
    zc_xquery *q = NULL;
    int rc = ZC_OK;
    if (n->kind == ZC_Q_REGION) {
        char *t = NULL;
        size_t len;
        rc = zc_compile_norm_leaf(c, n, &t, &len, err);
        if (rc == ZC_OK)
            rc = zc_query_region_filter(c->dict, t, n->where, &q, err);
        free(t);
    } else if (n->kind == ZC_Q_YEAR) {
        rc = zc_query_year_filter(n->year_lo, n->year_hi, &q, err);
    } else if (n->kind == ZC_Q_DATE) {
        rc = date_filter(n, &q, err);
    } else if (n->kind == ZC_Q_DOCNO) {
        char *t = NULL;
        size_t len;
        rc = zc_compile_norm_leaf(c, n, &t, &len, err);
        zc_schema_docno d;
        char term[160];
        if (rc == ZC_OK && !zc_schema_docno_parse(t, len, &d))
            rc = zc_err_set(err, ZC_ERR_QUERY,
                            "docno:%s at character %zu of the query: write a document number as "
                            "国发〔2025〕3号, 国发[2025]3号 or 国发2025 (code and year)",
                            n->text, n->where + 1);
        if (rc == ZC_OK && !zc_schema_docno_term(&d, d.number != 0, term, sizeof term))
            rc = zc_err_set(err, ZC_ERR_QUERY, "docno:%s: too long", n->text);
        if (rc == ZC_OK)
            rc = zc_xquery_term(term, 1, 0, &q, err);
        free(t);
    } else if (n->kind == ZC_Q_TYPE || n->kind == ZC_Q_ISSUER) {
        char *t = NULL;
        size_t len;
        rc = zc_compile_norm_leaf(c, n, &t, &len, err);
        if (rc == ZC_OK) {
            char term[256];
            snprintf(term, sizeof term, "%s%.*s",
                     n->kind == ZC_Q_TYPE ? ZC_PREFIX_TYPE : ZC_PREFIX_ISSUER,
                     (int)(len < 200 ? len : 200), t);
            rc = zc_xquery_term(term, 1, 0, &q, err);
        }
        free(t);
    } else {
        rc = zc_query_source_filter(n->text, &q, err);
    }
    return rc ? rc : zc_qpair_both(c, q, out, err);
}

static int compile_node(cc *c, const zc_qnode *n, int depth, zc_qpair *out, zc_error *err)
{
    *out = (zc_qpair){0};
    if (depth > 200)
        return zc_err_set(err, ZC_ERR_QUERY, "query nested too deeply");
    c->leaf = n;
    switch (n->kind) {
    case ZC_Q_KEYWORD: return zc_compile_keyword(c, n, out, err);
    case ZC_Q_PHRASE: return zc_compile_phrase(c, n, out, err);
    case ZC_Q_TITLE: return zc_compile_title(c, n, out, err);
    case ZC_Q_REGION:
    case ZC_Q_YEAR:
    case ZC_Q_SOURCE:
    case ZC_Q_TYPE:
    case ZC_Q_ISSUER:
    case ZC_Q_DOCNO:
    case ZC_Q_DATE: return compile_filter(c, n, out, err);
    case ZC_Q_AND: return compile_and(c, n, depth, out, err);
    case ZC_Q_OR: return compile_or(c, n, depth, out, err);
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

/* Walks the tree into q (both sides). */
static int walk(cc *c, const zc_qnode *root, zc_qpair *q, zc_error *err)
{
    if (is_filter(root)) {
        /* A filter alone: every document it lets through, unranked. */
        zc_qnode and = {.kind = ZC_Q_AND, .kids = (zc_qnode **)&root, .n = 1};
        return compile_and(c, &and, 0, q, err);
    }
    int rc = compile_node(c, root, 0, q, err);
    /* Alternatives check positions faster knowing the units every match
     * contains, which the first walk collected: walk again with them. */
    if (rc == ZC_OK && c->alternatives && c->nctx > 0) {
        zc_qpair_free(q);
        g_hash_table_remove_all(c->kept);
        g_hash_table_remove_all(c->musts);
        zc_query_patterns_truncate(c->out, 0);
        zc_score_notes_clear(c->out);
        c->units = c->checks = c->boosted = 0;
        c->frozen = 1;
        rc = compile_node(c, root, 0, q, err);
    }
    return rc;
}

int zc_query_compile(const zc_qnode *root, const zc_compile_opts *o, zc_compiled *out,
                     zc_error *err)
{
    *out = (zc_compiled){0};
    if (o->tally)
        ++*o->tally;
    zc_seg *seg = NULL;
    zc_xquery *docs = NULL;
    int rc = zc_seg_new(o->dict, &seg, err);
    /* The set the count fills, referred to before it is: one compile. */
    if (rc == ZC_OK && o->rank && o->docs)
        rc = zc_xdocs_new(&out->docs, err);
    if (rc == ZC_OK && out->docs)
        rc = zc_xdocs_query(out->docs, &docs, err);
    cc c = {
        .o = o,
        .rank = o->rank,
        .docs = docs,
        .dict = o->dict,
        .norm = o->norm,
        .seg = seg,
        .out = out,
        .single = one_leaf(root),
        .required = 1,
        .highlight = 1,
        .kept =
            g_hash_table_new_full(g_bytes_hash, g_bytes_equal, (GDestroyNotify)g_bytes_unref, NULL),
        .musts =
            g_hash_table_new_full(g_bytes_hash, g_bytes_equal, (GDestroyNotify)g_bytes_unref, NULL),
    };
    zc_qpair q = {0};
    if (rc == ZC_OK)
        rc = walk(&c, root, &q, err);
    free(c.ctx);
    g_hash_table_destroy(c.kept);
    g_hash_table_destroy(c.musts);
    zc_seg_free(seg);
    if (rc == ZC_OK && docs) {
        zc_xquery *f = NULL;
        rc = zc_xquery_pair(ZC_XOP_FILTER, q.r, docs, &f, err);
        zc_xquery_free(q.r);
        q.r = f;
    }
    zc_xquery_free(docs);
    if (rc) {
        zc_qpair_free(&q);
        zc_compiled_free(out);
        return rc;
    }
    out->match = q.m;
    out->rank = q.r;
    /* Every word an alternative: the ranking of an OR (rank.c). */
    out->rank_every |= o->match == ZC_MATCH_ANY;
    return ZC_OK;
}

/* *q AND_NOT the filler documents (index/schema.h). Over several shards
 * libxapian 1.4 matched a word's `PHRASE AND (everything AND_NOT W)`
 * (zc_compile_substring_of) at the filler of a shard without positions
 * (one of no documents, as `index --shard-of` may leave), though no
 * document there holds the phrase's terms: a count one too high, and a
 * hit without fields. The filler weighs nothing and matches nothing else,
 * so leaving it out changes no other match or weight. */
static int without_filler(zc_xquery **q, zc_error *err)
{
    zc_xquery *filler = NULL, *r = NULL;
    int rc = zc_xquery_term(ZC_TERM_FILLER, 1, 0, &filler, err);
    if (rc == ZC_OK)
        rc = zc_xquery_pair(ZC_XOP_AND_NOT, *q, filler, &r, err);
    zc_xquery_free(filler);
    zc_xquery_free(*q);
    *q = r;
    return rc;
}

int zc_search_compile(zc_index *ix, const zc_qnode *tree, const zc_search_options *o, int match,
                      int rank, unsigned *tally, zc_compiled *out, zc_error *err)
{
    *out = (zc_compiled){0};
    if (!tree)
        return zc_index_every_document(&out->match, err);
    const zc_dict *dict = NULL;
    zc_norm *norm = NULL;
    zc_xquery *f = NULL;
    int rc = zc_index_dict(ix, &dict, err);
    if (rc == ZC_OK)
        rc = zc_index_norm(ix, &norm, err);
    /* The matches can be kept where the count can record them: one local
     * database (zc_xenquire_record_docs). */
    zc_compile_opts co = {dict, norm, o->synonyms, match, rank, zc_xdb_is_local(ix->db), tally};
    if (rc == ZC_OK)
        rc = zc_query_compile(tree, &co, out, err);
    if (rc == ZC_OK)
        rc = zc_query_option_filter(o, dict, norm, &f, err);
    for (int side = 0; rc == ZC_OK && side < 2; side++) {
        zc_xquery **q = side ? &out->rank : &out->match, *r = NULL;
        if (*q && f) {
            rc = zc_xquery_pair(ZC_XOP_FILTER, *q, f, &r, err);
            zc_xquery_free(*q);
            *q = r;
        }
        if (rc == ZC_OK && *q && zc_xdb_shard_count(ix->db) > 1)
            rc = without_filler(q, err);
    }
    zc_xquery_free(f);
    if (rc)
        zc_compiled_free(out);
    return rc;
}

void zc_compiled_free(zc_compiled *c)
{
    if (!c)
        return;
    zc_xquery_free(c->match);
    zc_xquery_free(c->rank);
    zc_xdocs_free(c->docs);
    zc_query_patterns_truncate(c, 0);
    free(c->pats);
    zc_score_notes_clear(c);
    free(c->why);
    *c = (zc_compiled){0};
}
