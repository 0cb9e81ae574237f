/* Conversion with iconv, and the guess of BOM-less UTF-16/32: the steps
 * both the decoder (decode.c) and the choice among legacy encodings
 * (decode_legacy.c, decode_check.c) build on. */
#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "extract/decode_internal.h"

/* ------------------------------------------------------------ iconv */

int zc_decode_iconv(iconv_t cd, const char *in, size_t len, int partial, char **out,
                    size_t *out_len, size_t *bad_off, int *truncated)
{
    /* 2 bytes → at most 3 covers the CJK encodings and UTF-16; grow for
     * the rest (e.g. single-byte encodings of three-byte characters). */
    size_t cap = len + len / 2 + 16;
    char *buf = malloc(cap);
    if (!buf)
        return ZC_ERR_NOMEM;
    iconv(cd, NULL, NULL, NULL, NULL);
    char *ip = (char *)in;
    size_t ileft = len, used = 0;
    int flushing = 0, rc = ZC_OK;
    for (;;) {
        char *op = buf + used;
        size_t oleft = cap - used - 1; /* room for the terminator */
        size_t r =
            flushing ? iconv(cd, NULL, NULL, &op, &oleft) : iconv(cd, &ip, &ileft, &op, &oleft);
        used = (size_t)(op - buf);
        if (r != (size_t)-1) {
            if (flushing)
                break;
            flushing = 1; /* emit any shift state / pending characters */
            continue;
        }
        if (errno == E2BIG) {
            size_t ncap = cap + cap / 2 + 64;
            char *nb = ncap > cap ? realloc(buf, ncap) : NULL;
            if (!nb) {
                rc = ZC_ERR_NOMEM;
                break;
            }
            buf = nb;
            cap = ncap;
            continue;
        }
        if (partial && errno == EINVAL)
            break; /* the sample ends inside a character */
        *bad_off = (size_t)(ip - in);
        *truncated = errno == EINVAL;
        rc = ZC_ERR_ENCODING;
        break;
    }
    if (rc) {
        free(buf);
        return rc;
    }
    buf[used] = '\0';
    *out = buf;
    *out_len = used;
    return ZC_OK;
}

int zc_decode_convert(const char *from, const char *in, size_t len, char **out, size_t *out_len,
                      size_t *bad_off, int *truncated)
{
    iconv_t cd = iconv_open("UTF-8", from);
    if (cd == (iconv_t)-1)
        return errno == EINVAL ? ZC_ERR_INVALID : ZC_ERR_NOMEM;
    int rc = zc_decode_iconv(cd, in, len, 0, out, out_len, bad_off, truncated);
    iconv_close(cd);
    return rc;
}

/* ------------------------------------------------------------ guesses */

/* A UTF-16 code unit that plausibly occurs in Chinese or Latin text. */
static int plausible_unit(unsigned u)
{
    return (u >= 0x20 && u < 0x7F) || u == '\n' || u == '\r' || u == '\t' ||
           (u >= 0xA0 && u < 0x250) ||    /* Latin */
           (u >= 0x2000 && u < 0x2070) || /* general punctuation */
           (u >= 0x2460 && u < 0x2800) || /* circled numbers, boxes, shapes */
           (u >= 0x3000 && u < 0x3100) || /* CJK punctuation, kana */
           (u >= 0x3400 && u < 0xA000) || /* CJK ideographs */
           (u >= 0xD800 && u < 0xE000) || /* surrogates (pairs: checked by iconv) */
           (u >= 0xF900 && u < 0xFB00) || (u >= 0xFE30 && u < 0xFE50) ||
           (u >= 0xFF00 && u < 0xFFF0) || u == 0xFEFF;
}

/* Share (per mille) of plausible units when s is read as UTF-16 (be: big
 * endian) or, if wide, as UTF-32. */
static unsigned plausible_share(const unsigned char *s, size_t len, int be, int wide)
{
    size_t step = wide ? 4 : 2, n = len - len % step, good = 0, units = 0;
    for (size_t i = 0; i < n; i += step) {
        uint32_t u;
        if (wide)
            u = be ? (uint32_t)s[i] << 24 | (uint32_t)s[i + 1] << 16 | (uint32_t)s[i + 2] << 8 |
                         s[i + 3]
                   : (uint32_t)s[i + 3] << 24 | (uint32_t)s[i + 2] << 16 | (uint32_t)s[i + 1] << 8 |
                         s[i];
        else
            u = be ? (uint32_t)s[i] << 8 | s[i + 1] : (uint32_t)s[i + 1] << 8 | s[i];
        units++;
        good += (u < 0x10000 ? plausible_unit(u) : u < 0x110000);
    }
    return units ? (unsigned)(good * 1000 / units) : 0;
}

/* BOM-less UTF-16/32: returns the iconv name or NULL. With NUL bytes (Latin
 * characters, digits, line breaks in UTF-16) the NULs must sit on one side
 * of the code units; without, nearly all units must be CJK or ASCII. */
const char *zc_decode_guess_wide(const unsigned char *s, size_t len, int has_nul)
{
    size_t n = len < ZC_DECODE_SAMPLE ? len : ZC_DECODE_SAMPLE;
    if (len % 2 || n < 2)
        return NULL;
    if (has_nul && len % 4 == 0) {
        if (plausible_share(s, n, 0, 1) >= 950)
            return "UTF-32LE";
        if (plausible_share(s, n, 1, 1) >= 950)
            return "UTF-32BE";
    }
    unsigned le = plausible_share(s, n, 0, 0), be = plausible_share(s, n, 1, 0);
    if (has_nul) {
        size_t even = 0, odd = 0, high = 0;
        for (size_t i = 0; i < n; i++) {
            if (!s[i])
                *(i % 2 ? &odd : &even) += 1;
            high += s[i] >= 0x80;
        }
        /* Latin text in UTF-16LE has its NULs in the high (odd) bytes. Read
         * as UTF-16, ASCII text looks like CJK: so there must be many NULs
         * (Latin text), or some (line breaks, digits) and bytes ≥ 0x80
         * (CJK text), not a stray NUL in ASCII. */
        size_t units = n / 2, side = odd > even ? odd : even;
        int enough = side * 4 >= units || (side * 200 >= units && high * 10 >= n);
        if (enough && odd >= 9 * even && le >= 900)
            return "UTF-16LE";
        if (enough && even >= 9 * odd && be >= 900)
            return "UTF-16BE";
        return NULL;
    }
    if (le >= 950 && le > be)
        return "UTF-16LE";
    if (be >= 950 && be > le)
        return "UTF-16BE";
    return NULL;
}

int zc_decode_cand_iconv(zc_decode_cand *c, const char *in, size_t len, int partial, char **out,
                         size_t *out_len, size_t *bad_off, int *truncated)
{
    if (c->cd == (iconv_t)-1 && (c->cd = iconv_open("UTF-8", c->enc)) == (iconv_t)-1) {
        *bad_off = 0;
        *truncated = 0;
        return ZC_ERR_ENCODING;
    }
    return zc_decode_iconv(c->cd, in, len, partial, out, out_len, bad_off, truncated);
}
