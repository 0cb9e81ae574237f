/* Whether a search will match few documents, known before it runs, from
 * the posting lists of its terms alone.
 *
 * A large index counts a search in parts, one thread each (parts.c). For
 * a search that matches a few dozen documents the second thread costs
 * more than it saves: its start, its handle, its own compile of the query,
 * its own walk down every posting list and the merge of two rankings
 * (about 0.3 ms, as much as such a count takes in one thread). Each bound
 * costs a few term lookups (6-8 microseconds each on the news archive).
 *
 * What every match of an exact phrase must hold, whatever its positions,
 * is each bigram term of its adjacent Han characters (indexer/bigrams.c:
 * the text's pairs within a line), or else its word term, which stands
 * for the phrase (compile_units.c): so the documents of its rarest bigram
 * plus those of its word term bound its matches. An AND is bounded by any
 * of its required kids, an OR by the sum of its kids. Anything else (a
 * keyword that synonyms or the looser modes widen, a filter, a title) has
 * no bound here, and the search splits as before: the bound only ever
 * decides how a count runs, never what it finds. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "compile_internal.h"
#include "index/index.h"
#include "index/schema.h"

/* No bound known. */
#define NONE UINT64_MAX

/* Term frequencies one search looks up at most: each is a walk down the
 * posting lists' B-tree, a few block reads (Xapian keeps no cache). */
#define ZC_BOUND_LOOKUPS 8

typedef struct bound_ctx {
    zc_index *ix;
    zc_norm *norm;
    int synonyms;
    uint64_t few;
    unsigned lookups;
} bound_ctx;

/* term's document frequency into *n; 0 when the lookups are spent or it
 * fails (no bound then). */
static int freq(bound_ctx *b, const char *term, uint64_t *n)
{
    if (b->lookups >= ZC_BOUND_LOOKUPS)
        return 0;
    b->lookups++;
    zc_error err;
    return zc_xdb_term_freq(b->ix->db, term, n, &err) == ZC_OK;
}

/* A phrase's bound: its rarest bigram's documents plus its word term's. */
static uint64_t phrase_bound(bound_ctx *b, const char *text)
{
    char *t = NULL;
    size_t len = 0;
    zc_error err;
    if (zc_norm_text(b->norm, text, strlen(text), &t, &len, &err) != ZC_OK)
        return NONE;
    zc_pattern p = {0};
    uint64_t best = NONE;
    if (zc_compile_make_pattern(t, len, &p, &err) == ZC_OK) {
        char term[24];
        for (size_t i = 0; best >= b->few && i + 1 < p.n; i++) {
            uint64_t n;
            if (!zc_compile_bigram_term(&p, i, term))
                continue;
            if (!freq(b, term, &n))
                break;
            if (n < best)
                best = n;
        }
    }
    /* Two Han characters are their bigram term alone; a longer phrase may
     * match by its word term too (as the indexer writes it: Latin letters
     * lower-cased). */
    if (best < b->few && p.n > 2) {
        uint64_t w = NONE;
        if (len <= ZC_MAX_WORD_TERM) {
            char term[ZC_MAX_WORD_TERM + 2];
            term[0] = ZC_PREFIX_WORD[0];
            for (size_t k = 0; k < len; k++)
                term[1 + k] = (t[k] >= 'A' && t[k] <= 'Z') ? (char)(t[k] + 32) : t[k];
            term[1 + len] = '\0';
            if (!freq(b, term, &w))
                w = NONE;
        } else {
            w = 0; /* too long to have one */
        }
        best = w == NONE ? NONE : best + w;
    }
    free(p.terms);
    free(t);
    return best;
}

static uint64_t node_bound(bound_ctx *b, const zc_qnode *n)
{
    switch (n->kind) {
    case ZC_Q_PHRASE: return phrase_bound(b, n->text);
    case ZC_Q_KEYWORD: /* as written, unless synonyms may stand in */
        return n->loose || b->synonyms ? NONE : phrase_bound(b, n->text);
    case ZC_Q_AND: {
        uint64_t best = NONE;
        for (size_t i = 0; i < n->n && best >= b->few; i++) {
            if (n->kids[i]->kind == ZC_Q_NOT)
                continue;
            uint64_t k = node_bound(b, n->kids[i]);
            if (k < best)
                best = k;
        }
        return best;
    }
    case ZC_Q_OR: {
        uint64_t sum = 0;
        for (size_t i = 0; i < n->n && sum < b->few; i++) {
            uint64_t k = node_bound(b, n->kids[i]);
            if (k == NONE)
                return NONE;
            sum += k;
        }
        return sum;
    }
    default: return NONE;
    }
}

int zc_bound_few(zc_index *ix, const zc_qnode *tree, const zc_search_options *o, int match,
                 uint64_t few)
{
    zc_norm *norm = NULL;
    zc_error err;
    if (!tree || match != ZC_MATCH_EXACT || few == 0 || zc_index_norm(ix, &norm, &err) != ZC_OK)
        return 0;
    bound_ctx b = {ix, norm, o->synonyms, few, 0};
    return node_bound(&b, tree) < few;
}
