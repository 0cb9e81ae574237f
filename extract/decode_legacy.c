/* Reading text that is not UTF-8. GB18030 reads almost any byte sequence
 * without error, Big5 much of GBK, so converting without error says little:
 * the candidate encodings (BOM-less UTF-16, uchardet's answer, GB18030,
 * Big5 as CP950 and as BIG5-HKSCS) read a sample, the one whose text is the
 * most plausible Chinese (plausible.h) reads the file, and decode_check.c
 * checks the whole of it: a change of encoding part way, or text no
 * encoding reads as Chinese, is refused with the byte offset where it
 * starts, never indexed. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <uchardet.h>

#include "common/err.h"
#include "extract/decode_internal.h"
#include "extract/plausible.h"

/* uchardet gets at most this much (its answer does not improve after). */
#define DETECT_BYTES (1024u * 1024u)
/* The candidates are ranked on this much text, from the start of the line
 * holding the first byte that is not ASCII. */
#define RANK_BYTES (16u * 1024u)
/* A sample read as Chinese with this many characters settles the choice. */
#define SURE_CHARS 64
#define FAILED ZC_DECODE_FAILED

typedef zc_decode_cand cand;
typedef zc_decode_cands legacy;

/* GB18030 reads nearly every Big5 file without error (and garbles it), so
 * without a detector's answer the two are told apart by where the
 * double-byte characters fall: common GB2312 hanzi have lead bytes
 * 0xB0–0xF7 and trail bytes ≥ 0xA1; Big5 uses trail bytes 0x40–0x7E for
 * about 40% of its characters and its common hanzi start at lead 0xA4.
 * Only the order of preference between equally plausible readings. */
static int looks_big5(const unsigned char *s, size_t len)
{
    size_t n = len < ZC_DECODE_SAMPLE ? len : ZC_DECODE_SAMPLE, gb = 0, big5 = 0;
    for (size_t i = 0; i + 1 < n;) {
        unsigned a = s[i], b = s[i + 1];
        if (a < 0x81) {
            i++;
            continue;
        }
        if (a >= 0xC7 && a <= 0xF7 && b >= 0xA1)
            gb++;
        else if (a >= 0xA4 && a <= 0xC6 && b >= 0x40 && b <= 0x7E)
            big5++;
        else if (a >= 0xA4 && a <= 0xAF && b >= 0xA1)
            big5++;
        i += 2;
    }
    return big5 > gb;
}

/* uchardet's answer mapped to the decoder we use, or NULL when it is not
 * one of the encodings we trust it for (short Chinese samples are often
 * reported as WINDOWS-1252 or ISO-8859-x: those answers are ignored). */
static const char *detected(const char *raw, size_t len)
{
    uchardet_t ud = uchardet_new();
    if (!ud)
        return NULL;
    const char *res = NULL;
    if (uchardet_handle_data(ud, raw, len < DETECT_BYTES ? len : DETECT_BYTES) == 0) {
        uchardet_data_end(ud);
        const char *cs = uchardet_get_charset(ud);
        if (!strcasecmp(cs, "GB18030") || !strcasecmp(cs, "GBK") || !strcasecmp(cs, "GB2312") ||
            !strcasecmp(cs, "EUC-CN"))
            res = "GB18030";
        else if (!strcasecmp(cs, "BIG5") || !strcasecmp(cs, "CP950"))
            res = "CP950";
        else if (!strcasecmp(cs, "BIG5-HKSCS"))
            res = "BIG5-HKSCS";
        else if (!strcasecmp(cs, "EUC-TW"))
            res = "EUC-TW";
        else if (!strcasecmp(cs, "UTF-16LE"))
            res = "UTF-16LE";
        else if (!strcasecmp(cs, "UTF-16BE"))
            res = "UTF-16BE";
    }
    uchardet_delete(ud);
    return res;
}

static void add_cand(legacy *L, const char *enc)
{
    for (size_t i = 0; i < L->n; i++)
        if (!strcmp(L->c[i].enc, enc))
            return;
    if (L->n == ZC_DECODE_MAX_CANDS)
        return;
    zc_decode_family f = !strncmp(enc, "UTF-16", 6) ? ZC_DECODE_WIDE
                         : !strcmp(enc, "GB18030")  ? ZC_DECODE_GB
                         : !strcmp(enc, "EUC-TW")   ? ZC_DECODE_EUCTW
                                                    : ZC_DECODE_BIG5;
    L->c[L->n++] = (cand){enc, (iconv_t)-1, f, ZC_DECODE_UNSCORED, 0, 0, 0, 0, 0, NULL, 0};
}

static void free_cands(legacy *L)
{
    for (size_t i = 0; i < L->n; i++) {
        if (L->c[i].cd != (iconv_t)-1)
            iconv_close(L->c[i].cd);
        free(L->c[i].text);
    }
}

/* Scores the candidates not scored yet on the ranking sample, in order of
 * preference. Unless `all`, stops at the first that reads it as Chinese
 * beyond doubt: plausible, with SURE_CHARS characters and none of private
 * use (which another encoding might have), as no wrong reading of
 * Chinese text in these encodings does (plausible.h). */
static int rank(legacy *L, int all)
{
    const char *raw = L->raw;
    size_t len = L->len, first = 0;
    while (first < len && (unsigned char)raw[first] < 0x80)
        first++;
    const char *nl = first ? memrchr(raw, '\n', first) : NULL;
    size_t start = nl ? (size_t)(nl - raw) + 1 : 0;
    for (size_t i = 0; i < L->n; i++) {
        cand *c = &L->c[i];
        if (c->score != ZC_DECODE_UNSCORED)
            continue;
        int wide = c->family == ZC_DECODE_WIDE;
        size_t from = wide ? 0 : start, end = len - from > RANK_BYTES ? from + RANK_BYTES : len;
        if (end < len && !wide) { /* whole lines, when there are any */
            const char *cut = memrchr(raw + from, '\n', end - from);
            if (cut)
                end = (size_t)(cut - raw) + 1;
        }
        char *t = NULL;
        size_t tlen = 0, bad = 0;
        int trunc = 0;
        int rc =
            zc_decode_cand_iconv(c, raw + from, end - from, end < len, &t, &tlen, &bad, &trunc);
        if (rc == ZC_ERR_NOMEM)
            return rc;
        zc_plaus p = {0, 0, 0};
        if (rc == ZC_OK) {
            zc_plaus_add(&p, t, tlen);
            c->score = zc_plaus_score(&p);
            c->points = p.points;
            c->chars = p.chars;
            if (from == 0 && end == len) { /* the whole text: kept */
                c->text = t;
                c->tlen = tlen;
                t = NULL;
            }
        } else {
            c->score = FAILED;
            c->bad = from + bad;
            c->truncated = trunc;
        }
        free(t);
        if (!all && rc == ZC_OK && c->score >= ZC_PLAUS_GOOD && p.chars >= SURE_CHARS && !p.odd)
            return ZC_OK;
    }
    return ZC_OK;
}

/* Whether a reads its sample more plausibly than b does, exactly (the
 * score in per mille cannot tell one private-use character in 10,000). */
static int reads_better(const cand *a, const cand *b)
{
    long long pa = a->chars ? a->points : 4, na = a->chars ? (long long)a->chars : 1;
    long long pb = b->chars ? b->points : 4, nb = b->chars ? (long long)b->chars : 1;
    return pa * nb > pb * na;
}

/* The untried candidate with the best sample score (ties: the earlier,
 * preferred one), or -1. */
static long next_cand(const legacy *L)
{
    long best = -1;
    for (size_t i = 0; i < L->n; i++)
        if (!L->c[i].tried && L->c[i].score != FAILED && L->c[i].score != ZC_DECODE_UNSCORED &&
            (best < 0 || reads_better(&L->c[i], &L->c[best])))
            best = (long)i;
    return best;
}

/* Scores every candidate on the whole text, all untried again. */
static int rank_whole(legacy *L)
{
    for (size_t i = 0; i < L->n; i++) {
        cand *c = &L->c[i];
        char *t = NULL;
        size_t tlen = 0;
        c->tried = 0;
        int rc = zc_decode_cand_iconv(c, L->raw, L->len, 0, &t, &tlen, &c->bad, &c->truncated);
        if (rc == ZC_ERR_NOMEM)
            return rc;
        zc_plaus p = {0, 0, 0};
        zc_plaus_add(&p, t, tlen);
        c->score = rc ? FAILED : zc_plaus_score(&p);
        c->points = p.points;
        c->chars = p.chars;
        free(t);
    }
    return ZC_OK;
}

/* ------------------------------------------------------------ entry */

static int no_encoding(const legacy *L, size_t bad8, zc_error *err)
{
    /* The most plausible candidate that failed, else the first tried. */
    long k = -1;
    for (size_t i = 0; i < L->n; i++)
        if (L->c[i].tried && (k < 0 || L->c[i].score > L->c[k].score))
            k = (long)i;
    if (k < 0)
        k = 0;
    if (!L->n)
        return zc_err_set(err, ZC_ERR_ENCODING, "not valid UTF-8 at byte offset %zu", bad8);
    const cand *c = &L->c[k];
    return zc_err_set(err, ZC_ERR_ENCODING,
                      "not valid %s at byte offset %zu%s (nor UTF-8 at byte "
                      "offset %zu)",
                      c->enc, c->bad, c->truncated ? " (truncated character at the end)" : "",
                      bad8);
}

int zc_decode_legacy(const char *raw, size_t len, size_t bad8, char **text, size_t *text_len,
                     const char **enc, zc_error *err)
{
    legacy L = {.raw = raw, .len = len};
    const unsigned char *s = (const unsigned char *)raw;
    /* The order of preference between equally plausible readings:
     * BOM-less UTF-16 (uchardet rarely recognises it), uchardet's answer,
     * then GB18030 or Big5 as the byte statistics say. Big5 is read as
     * CP950 (Microsoft's, the Big5 of most files) before BIG5-HKSCS: they
     * read the common characters alike; CP950 has € and a few symbols the
     * other lacks, and maps others (～ ‧ ￥) as Windows does, while only
     * BIG5-HKSCS has the Hong Kong characters, private use in CP950. */
    const char *wide = zc_decode_guess_wide(s, len, 0);
    if (wide)
        add_cand(&L, wide);
    const char *det = detected(raw, len);
    if (det)
        add_cand(&L, det);
    if (looks_big5(s, len))
        add_cand(&L, "CP950");
    add_cand(&L, "GB18030");
    add_cand(&L, "CP950");
    add_cand(&L, "BIG5-HKSCS");

    int rc = rank(&L, 0), rechecked = 0, rescored = 0;
    long next = -1; /* the candidate to try next, if not the best ranked */
    for (;;) {
        long k = next >= 0 ? next : next_cand(&L);
        next = -1;
        if (k < 0 && rc == ZC_OK) { /* the candidates not ranked yet */
            rc = rank(&L, 1);
            k = next_cand(&L);
        }
        if (rc || k < 0)
            break;
        cand *c = &L.c[k];
        char *t = c->text;
        size_t tlen = c->tlen;
        c->tried = 1;
        c->text = NULL;
        if (!t)
            rc = zc_decode_cand_iconv(c, raw, len, 0, &t, &tlen, &c->bad, &c->truncated);
        if (rc == ZC_ERR_ENCODING) { /* past the sample: the next one */
            rc = ZC_OK;
            continue;
        }
        if (rc)
            break;
        size_t other = 0;
        zc_plaus whole = {0, 0, 0};
        if (c->family == ZC_DECODE_WIDE) { /* no lines to follow: the text as a whole */
            zc_plaus_add(&whole, t, tlen);
            if (whole.chars >= ZC_PLAUS_EVIDENCE && zc_plaus_score(&whole) < ZC_PLAUS_MIN)
                rc = zc_decode_implausible(&L, (size_t)k, 0, zc_plaus_score(&whole), err);
        } else {
            rc = zc_decode_check(&L, (size_t)k, t, tlen, &whole, &other, err);
        }
        if (!rescored && whole.odd && rc != ZC_ERR_NOMEM) {
            /* Private-use characters past the sample: another candidate
             * may read them as characters (CP950 has the Hong Kong ones
             * of BIG5-HKSCS as private use). All are ranked again, on the
             * whole text. */
            free(t);
            rescored = 1;
            rc = rank_whole(&L);
            continue;
        }
        if (rc == ZC_DECODE_READS_OTHER && !rechecked && !L.c[other].tried) {
            /* The sample was too plain to tell: the text reads better in
             * another candidate throughout; that one, once. */
            free(t);
            rechecked = 1;
            next = (long)other;
            rc = ZC_OK;
            continue;
        }
        if (rc == ZC_DECODE_READS_OTHER)
            rc = zc_err_set(err, ZC_ERR_ENCODING, "mixed encodings: parts read as %s, parts as %s",
                            c->enc, L.c[other].enc);
        if (rc == ZC_OK) {
            *text = t;
            *text_len = tlen;
            *enc = c->enc;
            free_cands(&L);
            return ZC_OK;
        }
        free(t);
        free_cands(&L);
        return rc;
    }
    if (rc == ZC_OK)
        rc = no_encoding(&L, bad8, err);
    else if (rc == ZC_ERR_NOMEM)
        rc = zc_err_set(err, rc, "out of memory converting %zu bytes", len);
    free_cands(&L);
    return rc;
}

int zc_decode_utf8_rival(const char *raw, size_t len, int utf8_score, char **text, size_t *text_len,
                         const char **enc)
{
    static const char *const rivals[] = {"GB18030", "CP950", "BIG5-HKSCS"};
    int best = FAILED;
    for (size_t i = 0; i < sizeof rivals / sizeof *rivals; i++) {
        char *t = NULL;
        size_t tlen = 0, bad = 0;
        int trunc = 0;
        int rc = zc_decode_convert(rivals[i], raw, len, &t, &tlen, &bad, &trunc);
        if (rc == ZC_ERR_NOMEM) {
            if (best != FAILED)
                free(*text);
            return -1;
        }
        if (rc)
            continue;
        zc_plaus p = {0, 0, 0};
        zc_plaus_add(&p, t, tlen);
        int s = zc_plaus_score(&p);
        if (s >= ZC_PLAUS_GOOD && s - utf8_score >= ZC_DECODE_MARGIN && s > best) {
            if (best != FAILED)
                free(*text);
            best = s;
            *text = t;
            *text_len = tlen;
            *enc = rivals[i];
        } else {
            free(t);
        }
    }
    return best != FAILED;
}
