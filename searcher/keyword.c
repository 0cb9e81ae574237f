/* The words of a keyword: each must occur in a matching document. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/utf8.h"
#include "dict/dict.h"
#include "search_internal.h"
#include "text/seg.h"

/* Longest token (in characters) that keyword_words() tries to cut. */
#define ZC_MAX_CUT 32

/* Cuts the token tok[0..L) into words: dictionary words found inside it
 * (subs[0..nsubs), byte ranges relative to tok) and, between them, runs of
 * two characters or more that are no dictionary word (强市 in 新型工业强市).
 * The cut covers most of the token with dictionary words, then has the
 * fewest pieces (a run costs 1 + 2 per character), with at least one
 * dictionary word; a single character is never a piece. Returns the number
 * of pieces written to out (their byte ranges), or 0 to keep the token. */
static size_t cut_token(const char *tok, size_t L, const zc_span *subs, size_t nsubs, zc_span *out)
{
    size_t at[ZC_MAX_CUT + 1], nc = 0; /* byte offset of each character */
    for (size_t i = 0; i < L && nc <= ZC_MAX_CUT; nc++) {
        at[nc] = i;
        uint32_t cp;
        size_t k = zc_utf8_decode(tok + i, L - i, &cp);
        i += k ? k : 1;
    }
    if (nc > ZC_MAX_CUT || nc < 4)
        return 0;
    at[nc] = L;
    /* cost[k][h]: cheapest cut of the first k characters, h: with a
     * dictionary word among its pieces; from/fromh: the step there. */
    enum { NONE = 1000000 };
    unsigned cost[ZC_MAX_CUT + 1][2];
    unsigned char from[ZC_MAX_CUT + 1][2], fromh[ZC_MAX_CUT + 1][2];
    for (size_t k = 0; k <= nc; k++)
        cost[k][0] = cost[k][1] = NONE;
    cost[0][0] = 0;
    for (size_t b = 2; b <= nc; b++) {
        for (size_t a = 0; a + 2 <= b; a++) {
            int dict = 0;
            for (size_t s = 0; s < nsubs && !dict; s++)
                dict = subs[s].off == at[a] && subs[s].off + subs[s].len == at[b];
            if (!dict && a == 0 && b == nc)
                continue; /* the token itself */
            unsigned step = dict ? 1 : 1 + 2 * (unsigned)(b - a);
            for (int h = 0; h < 2; h++) {
                if (cost[a][h] == NONE)
                    continue;
                int nh = h || dict;
                if (cost[a][h] + step < cost[b][nh]) {
                    cost[b][nh] = cost[a][h] + step;
                    from[b][nh] = (unsigned char)a;
                    fromh[b][nh] = (unsigned char)h;
                }
            }
        }
    }
    if (cost[nc][1] == NONE)
        return 0;
    size_t n = 0;
    zc_span rev[ZC_MAX_CUT];
    for (size_t b = nc, h = 1; b > 0;) {
        size_t a = from[b][h];
        rev[n++] = (zc_span){at[a], at[b] - at[a]};
        h = fromh[b][h];
        b = a;
    }
    for (size_t i = 0; i < n; i++)
        out[i] = rev[n - 1 - i];
    return n;
}

/* The words of a keyword (search_internal.h): its accurate-mode tokens, each
 * cut further into the words inside it (cut_token: 新型工业强市 → 新型 工业 强市, 新余高新区
 * → 新余 高新区, while 高新区 and 锂电池 stay whole). A document then needs
 * each word, not the compound, and those with the compound rank first. A
 * token that has synonyms stays whole, so that it can be expanded. */
int zc_query_keyword_words(zc_seg *seg, const zc_dict *dict, const char *t, size_t len,
                           zc_span **out, size_t *n, zc_error *err)
{
    const zc_token *toks;
    size_t ntok;
    *out = NULL;
    *n = 0;
    int rc = zc_seg_cut(seg, t, len, ZC_SEG_SEARCH, 0, &toks, &ntok, err);
    if (rc)
        return rc;
    /* Each token has at most as many pieces as characters. */
    zc_span *w = malloc((zc_utf8_count(t, len) + 1) * sizeof *w);
    zc_span *subs = malloc((ntok + 1) * sizeof *subs);
    if (!w || !subs) {
        free(w);
        free(subs);
        return zc_err_set(err, ZC_ERR_NOMEM, "out of memory");
    }
    size_t nsubs = 0;
    for (size_t i = 0; i < ntok; i++) {
        const zc_token *k = &toks[i];
        if (k->flags & ZC_TOK_SUB) { /* a word inside the next main token */
            subs[nsubs++] = (zc_span){k->byte_off, k->byte_len};
            continue;
        }
        for (size_t s = 0; s < nsubs; s++)
            subs[s].off -= k->byte_off;
        uint32_t g;
        size_t got = 0;
        if (zc_dict_synonyms(dict, t + k->byte_off, k->byte_len, &g, 1) == 0)
            got = cut_token(t + k->byte_off, k->byte_len, subs, nsubs, w + *n);
        for (size_t p = 0; p < got; p++)
            w[*n + p].off += k->byte_off;
        if (got == 0)
            w[got++ + *n] = (zc_span){k->byte_off, k->byte_len};
        *n += got;
        nsubs = 0;
    }
    free(subs);
    *out = w;
    return ZC_OK;
}
