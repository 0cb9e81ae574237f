/*
 * The segmenter's driver: scans the text once, splitting it at blanks
 * (skipped, counted as units) and line breaks into blocks, classifies each
 * character (Han, letter, digit, a connector joined into a number, or
 * punctuation), routes each block (route.c), hands runs of single Han
 * characters to the HMM (hmm.c) and writes the tokens. Blocks run across
 * punctuation so that route.c can fetch the dictionary for a whole
 * paragraph at once.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/grow.h"
#include "common/utf8.h"
#include "text/seg_internal.h"

enum { K_SPACE = 16, K_SKIP = 32 }; /* beside the ZC_CL_* classes */

static inline int ascii_kind(uint32_t c)
{
    if (c >= '0' && c <= '9')
        return ZC_CL_DIGIT;
    if ((c | 32) >= 'a' && (c | 32) <= 'z')
        return ZC_CL_ALPHA;
    if (c == ' ' || c == '\t')
        return K_SPACE;
    if (c == '\n' || c == '\r' || c == 0x0B || c == 0x0C || c == 0)
        return K_SKIP;
    return ZC_CL_OTHER;
}

static inline int kind_of(uint32_t cp)
{
    if (cp < 0x80)
        return ascii_kind(cp);
    if (cp >= 0x4E00 && cp <= 0x9FFF)
        return ZC_CL_HAN;
    if (zc_is_space(cp))
        return K_SPACE;
    if (zc_is_newline(cp) || zc_is_zero_width(cp))
        return K_SKIP;
    if (zc_is_han(cp))
        return ZC_CL_HAN;
    if (cp >= 0xFF10 && cp <= 0xFF19)
        return ZC_CL_DIGIT;
    if ((cp >= 0xFF21 && cp <= 0xFF3A) || (cp >= 0xFF41 && cp <= 0xFF5A))
        return ZC_CL_ALPHA;
    /* Other alphabets: Latin-1 and Latin Extended letters, Greek, Cyrillic,
     * kana, Hangul syllables. */
    if ((cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7) ||
        (cp >= 0x370 && cp <= 0x3FF && cp != 0x37E && cp != 0x387) ||
        (cp >= 0x400 && cp <= 0x4FF) ||
        (cp >= 0x3041 && cp <= 0x30FF && cp != 0x30FB && cp != 0x30A0) ||
        (cp >= 0xAC00 && cp <= 0xD7A3))
        return ZC_CL_ALPHA;
    return ZC_CL_OTHER;
}

/* Decodes the character at pos (ASCII and three-byte forms inline). */
static inline size_t decode(const char *t, size_t len, size_t pos, uint32_t *cp)
{
    const unsigned char *s = (const unsigned char *)t + pos;
    if (s[0] < 0x80) {
        *cp = s[0];
        return 1;
    }
    if ((s[0] & 0xF0) == 0xE0 && len - pos >= 3 && (s[1] & 0xC0) == 0x80 && (s[2] & 0xC0) == 0x80) {
        uint32_t v =
            ((uint32_t)(s[0] & 0x0F) << 12) | ((uint32_t)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
        if (v >= 0x800 && (v < 0xD800 || v > 0xDFFF)) {
            *cp = v;
            return 3;
        }
        return 0;
    }
    return zc_utf8_decode(t + pos, len - pos, cp);
}

int zc_seg_new(const zc_dict *d, zc_seg **out, zc_error *err)
{
    *out = NULL;
    zc_seg *s = calloc(1, sizeof *s);
    size_t m = ZC_SEG_BLOCK_MAX + 1;
    /* One allocation for the block arrays, widest first to keep alignment. */
    size_t bytes = m * (sizeof(double) + 8 * sizeof(uint32_t) + sizeof(float) + 4 * 2 + 4 + 4 * 4);
    void *mem = s ? calloc(1, bytes) : NULL;
    if (!mem) {
        free(s);
        return zc_err_set(err, ZC_ERR_NOMEM, "out of memory creating a segmenter");
    }
    char *p = mem;
    zc_block *b = &s->b;
    b->best = (double *)p, p += m * sizeof(double);
    b->cp = (uint32_t *)p, p += m * 4;
    b->off = (uint32_t *)p, p += m * 4;
    b->atom = (uint32_t *)p, p += m * 4;
    b->next = (uint32_t *)p, p += m * 4;
    s->hmm_ends = (uint32_t *)p, p += m * 4;
    b->node2 = (uint32_t *)p, p += m * 4;
    b->wnode = (uint32_t *)p, p += m * 4;
    b->single = (float *)p, p += m * 4;
    b->cid = (uint16_t *)p, p += m * 2;
    b->num_end = (uint16_t *)p, p += m * 2;
    b->digit_end = (uint16_t *)p, p += m * 2;
    b->point_end = (uint16_t *)p, p += m * 2;
    b->cls = (uint8_t *)p, p += m;
    b->atom_kind = (uint8_t *)p, p += m;
    b->inner = (uint8_t *)p, p += m;
    b->kind = (uint8_t *)p, p += m;
    s->hmm_path = (uint8_t *)p;
    s->block_mem = mem;
    s->d = d;
    s->atom_logp = log(ZC_SEG_ATOM_FREQ) - d->log_total;
    s->strong_logp = log(ZC_SEG_STRONG_FREQ) - d->log_total;
    s->unknown_logp = -d->log_total;
    *out = s;
    return ZC_OK;
}

void zc_seg_free(zc_seg *s)
{
    if (!s)
        return;
    free(s->block_mem);
    free(s->toks);
    zc_udict_free(&s->user);
    free(s);
}

size_t zc_seg_bad_offset(const zc_seg *s)
{
    return s->bad_offset;
}

static int push(zc_seg *s, size_t byte_off, size_t byte_len, size_t unit_off, size_t unit_len,
                uint32_t flags, uint32_t node)
{
    if (zc_grow((void **)&s->toks, s->n_toks, &s->cap_toks, sizeof *s->toks, 256))
        return ZC_ERR_NOMEM;
    zc_token *t = &s->toks[s->n_toks++];
    t->byte_off = byte_off;
    t->unit_off = unit_off;
    t->byte_len = (uint32_t)byte_len;
    t->unit_len = (uint32_t)unit_len;
    t->flags = flags;
    t->entry = node == ZC_ROUTE_NODE_UNKNOWN ? ZC_TOK_ENTRY_UNKNOWN
               : node == ZC_DICT_NONE        ? ZC_TOK_NO_ENTRY
                                             : zc_dict_node_entry(s->d, node);
    return ZC_OK;
}

/* Where the block being written sits in the text. */
typedef struct out_ctx {
    size_t byte_base, unit_base;
    zc_seg_mode mode;
} out_ctx;

/* Writes token [a, e) of the block (node: the trie node of its text, as in
 * zc_block.wnode); in search mode, first the dictionary words of two and
 * three characters inside a longer word. */
static int emit(zc_seg *s, const out_ctx *o, size_t a, size_t e, uint32_t flags, uint32_t node)
{
    const zc_block *b = &s->b;
    int rc = ZC_OK;
    if (o->mode == ZC_SEG_SEARCH && e - a > 2 && !(flags & (ZC_TOK_NUMBER | ZC_TOK_LATIN))) {
        for (size_t w = 2; w <= 3 && w < e - a && rc == ZC_OK; w++)
            for (size_t k = a; k + w <= e && rc == ZC_OK; k++)
                if (zc_route_span_logp(s, b, k, k + w) <= 0)
                    rc = push(s, o->byte_base + b->off[k], b->off[k + w] - b->off[k],
                              o->unit_base + k, w, ZC_TOK_SUB | (flags & ZC_TOK_HMM),
                              ZC_ROUTE_NODE_UNKNOWN);
    }
    if (rc == ZC_OK)
        rc = push(s, o->byte_base + b->off[a], b->off[e] - b->off[a], o->unit_base + a, e - a,
                  flags, node);
    return rc;
}

static int is_strong(const zc_seg *s, size_t k)
{
    const zc_block *b = &s->b;
    float lp = b->single[k];
    uint32_t cp = b->cp[k];
    return (lp <= 0 && lp >= s->strong_logp) || zc_num_is_cn_numeral(cp);
}

/*
 * A run [a, e) of characters the route left single. As jieba does, a run
 * that is itself a dictionary word stays in characters; otherwise the HMM
 * cuts it. Characters that are frequent words of their own (的, 是, 一,
 * 这) and numerals are never glued into an unknown word: the HMM, trained
 * on whole sentences, readily merges them with a neighbour (这是, 二是).
 */
static int flush_run(zc_seg *s, const out_ctx *o, size_t a, size_t e, int hmm)
{
    zc_block *b = &s->b;
    int rc = ZC_OK;
    if (!hmm || e - a < 2 || zc_route_span_logp(s, b, a, e) <= 0) {
        for (size_t k = a; k < e && rc == ZC_OK; k++)
            rc = emit(s, o, k, k + 1, 0, b->wnode[k]);
        return rc;
    }
    for (size_t k = a; k < e && rc == ZC_OK;) {
        size_t j = k;
        while (j < e && !is_strong(s, j))
            j++;
        if (j - k < 2) {
            rc = emit(s, o, k, k + 1, 0, b->wnode[k]);
            k++;
            continue;
        }
        size_t nw = zc_hmm_cut(s->d, b->cid + k, j - k, s->hmm_path, s->hmm_ends);
        size_t prev = k;
        for (size_t w = 0; w < nw && rc == ZC_OK; w++) {
            size_t end = k + s->hmm_ends[w];
            rc = emit(s, o, prev, end, end - prev > 1 ? ZC_TOK_HMM : 0,
                      end - prev > 1 ? ZC_ROUTE_NODE_UNKNOWN : b->wnode[prev]);
            prev = end;
        }
        k = j;
    }
    return rc;
}

static const uint32_t kind_flags[] = {
    [ZC_EDGE_WORD] = 0,
    [ZC_EDGE_NUMBER] = ZC_TOK_NUMBER,
    [ZC_EDGE_LATIN] = ZC_TOK_LATIN,
    [ZC_EDGE_CNUM] = ZC_TOK_NUMBER,
    [ZC_EDGE_PUNCT] = ZC_TOK_PUNCT,
};

static int cut_block(zc_seg *s, const out_ctx *o, int flags)
{
    zc_block *b = &s->b;
    zc_num_atoms(b);
    zc_route(s, b);
    /* Each word's entry is read as it is written (push), one far load
     * after another: asked for along the whole route first, they arrive
     * together. */
    for (size_t i = 0; i < b->n;) {
        size_t e = b->next[i];
        zc_dict_node_entry_prefetch(s->d, b->wnode[i]);
        i = e > i && e <= b->n ? e : i + 1;
    }
    int hmm = !(flags & ZC_SEG_NO_HMM), rc = ZC_OK;
    size_t run = SIZE_MAX;
    for (size_t i = 0; i < b->n && rc == ZC_OK;) {
        size_t e = b->next[i];
        if (e <= i || e > b->n) /* cannot happen; never loop on it */
            e = i + 1;
        if (e == i + 1 && b->kind[i] == ZC_EDGE_WORD && b->cls[i] == ZC_CL_HAN) {
            if (run == SIZE_MAX)
                run = i;
            i = e;
            continue;
        }
        if (run != SIZE_MAX)
            rc = flush_run(s, o, run, i, hmm);
        run = SIZE_MAX;
        if (rc == ZC_OK)
            rc = emit(s, o, i, e, kind_flags[b->kind[i]],
                      e == b->next[i] ? b->wnode[i] : ZC_ROUTE_NODE_UNKNOWN);
        i = e;
    }
    if (rc == ZC_OK && run != SIZE_MAX)
        rc = flush_run(s, o, run, b->n, hmm);
    return rc;
}

static int bad_utf8(zc_seg *s, size_t pos, zc_error *err)
{
    s->bad_offset = pos;
    s->n_toks = 0;
    return zc_err_set(err, ZC_ERR_ENCODING, "invalid UTF-8 at byte %zu", pos);
}

/* The class of the character after pos (OTHER at the end, on a separator
 * or on bad bytes, which the main loop reports when it gets there). */
static int peek(const char *t, size_t len, size_t pos, uint32_t *cp)
{
    *cp = 0;
    if (pos >= len || decode(t, len, pos, cp) == 0)
        return ZC_CL_OTHER;
    int k = kind_of(*cp);
    return k & (K_SPACE | K_SKIP) ? ZC_CL_OTHER : k;
}

/* Whether the non-word character cp at pos belongs to the block that
 * precedes it (prev: the class before it); returns the class to give it,
 * or 0. */
static int joins(const char *t, size_t len, size_t pos, size_t cl, uint32_t cp, int prev,
                 uint32_t prev_cp)
{
    if (!zc_num_may_join(cp))
        return 0;
    uint32_t ncp;
    int ncls = peek(t, len, pos + cl, &ncp);
    if (zc_num_is_sign(cp) && (ncls & ZC_CL_DIGIT) && !(prev & ZC_CL_ALNUM))
        return ZC_CL_CONN;
    if (cp == 0x25CB) /* ○ as a zero: 二○○一 */
        return zc_num_is_cn_digit(prev_cp) || zc_num_is_cn_digit(ncp) ? ZC_CL_HAN : 0;
    uint32_t after[4];
    size_t na = 0;
    if (cp == ',') {
        for (size_t p = pos + cl; na < 4 && p < len; na++) {
            size_t k = decode(t, len, p, &after[na]);
            if (!k)
                break;
            p += k;
        }
    }
    return zc_num_joins(cp, prev, ncp, ncls, after, na) ? ZC_CL_CONN : 0;
}

int zc_seg_cut_part(zc_seg *s, const char *text, size_t len, zc_seg_mode mode, int flags,
                    zc_seg_cursor *c, size_t min_tokens, const zc_token **toks, size_t *n,
                    zc_error *err)
{
    zc_block *b = &s->b;
    size_t pos = c->pos, units = c->units;
    int prev = c->prev; /* class of the last character, OTHER after blanks */
    uint32_t prev_cp = c->prev_cp;
    int rc = ZC_OK;
    s->n_toks = 0;
    *toks = NULL;
    *n = 0;
    while (pos < len && rc == ZC_OK && s->n_toks < min_tokens) {
        uint32_t cp;
        size_t cl = decode(text, len, pos, &cp);
        if (cl == 0)
            return bad_utf8(s, pos, err);
        int k = kind_of(cp);
        if (k == K_SPACE) {
            pos += cl;
            while (pos < len && (cl = decode(text, len, pos, &cp)) != 0 && zc_is_space(cp))
                pos += cl;
            units++;
            prev = ZC_CL_OTHER;
            prev_cp = ' ';
            continue;
        }
        if (k == K_SKIP) {
            pos += cl;
            prev = ZC_CL_OTHER;
            prev_cp = 0;
            continue;
        }
        /* A block: the characters up to the next blank or line break. */
        size_t start = pos, last_punct = 0;
        b->n = 0;
        for (;;) {
            if (k == ZC_CL_OTHER && (k = joins(text, len, pos, cl, cp, prev, prev_cp)) == 0) {
                k = ZC_CL_OTHER;
                last_punct = b->n;
            }
            b->cp[b->n] = cp;
            b->cid[b->n] = (uint16_t)zc_dict_char_id(s->d, cp);
            b->off[b->n] = (uint32_t)(pos - start);
            b->cls[b->n] = (uint8_t)k;
            b->n++;
            pos += cl;
            prev = k;
            prev_cp = cp;
            if (pos >= len)
                break;
            if (b->n == ZC_SEG_BLOCK_MAX) {
                /* Cut after the last punctuation mark, if there is one
                 * near the end; the rest is read again. */
                if (last_punct >= ZC_SEG_BLOCK_MAX / 2 && last_punct + 1 < b->n) {
                    b->n = last_punct + 1;
                    pos = start + b->off[b->n];
                    prev = ZC_CL_OTHER;
                    prev_cp = b->cp[last_punct];
                }
                break;
            }
            cl = decode(text, len, pos, &cp);
            if (cl == 0)
                break; /* reported by the main loop */
            k = kind_of(cp);
            if (k & (K_SPACE | K_SKIP))
                break;
        }
        b->off[b->n] = (uint32_t)(pos - start);
        out_ctx o = {start, units, mode};
        rc = cut_block(s, &o, flags);
        units += b->n;
    }
    if (rc) {
        s->n_toks = 0;
        return zc_err_set(err, rc, "out of memory segmenting %zu bytes", len);
    }
    *c = (zc_seg_cursor){pos, units, prev, prev_cp};
    *toks = s->toks;
    *n = s->n_toks;
    return ZC_OK;
}

int zc_seg_cut(zc_seg *s, const char *text, size_t len, zc_seg_mode mode, int flags,
               const zc_token **toks, size_t *n, zc_error *err)
{
    zc_seg_cursor c = ZC_SEG_CURSOR_INIT;
    return zc_seg_cut_part(s, text, len, mode, flags, &c, SIZE_MAX, toks, n, err);
}
