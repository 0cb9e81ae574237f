/* Decoding raw report bytes to UTF-8: BOM, UTF-8 validity, BOM-less
 * UTF-16, conversion with iconv; decode_legacy.c chooses among the legacy
 * Chinese encodings. */
#include "extract/decode.h"

#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/err.h"
#include "common/utf8.h"
#include "extract/decode_internal.h"
#include "extract/plausible.h"

#define SAMPLE_BYTES ZC_DECODE_SAMPLE
/* Valid UTF-8 up to this size is checked for plausibility (legacy bytes
 * form valid UTF-8 by chance only in a few characters). */
#define SHORT_UTF8 4096u

void zc_decoded_free(zc_decoded *d)
{
    if (!d)
        return;
    free(d->text);
    memset(d, 0, sizeof *d);
}

/* ------------------------------------------------------------ UTF-8 */

/* UTF-8 runs in text that is not valid UTF-8: a legacy file forms a valid
 * three-byte sequence by chance now and then (GBK: about one per four bad
 * bytes, never more than two in a row in the PKU test set), real UTF-8
 * text forms long runs of them. */
#define UTF8_RUN 6

typedef struct utf8_stats {
    size_t valid;   /* valid multi-byte sequences */
    size_t invalid; /* bytes that start no valid sequence */
    size_t run_off; /* start of the first run of UTF8_RUN valid 3-4 byte sequences */
    int has_run;
} utf8_stats;

/* Length of the valid UTF-8 sequence at s (n bytes available), 0 if none. */
static size_t seq_len(const unsigned char *s, size_t n)
{
    unsigned c = s[0];
    size_t want = c >= 0xC2 && c <= 0xDF   ? 2
                  : c >= 0xE0 && c <= 0xEF ? 3
                  : c >= 0xF0 && c <= 0xF4 ? 4
                                           : 0;
    if (!want || want > n)
        return 0;
    for (size_t k = 1; k < want; k++)
        if ((s[k] & 0xC0) != 0x80)
            return 0;
    if ((c == 0xE0 && s[1] < 0xA0) || (c == 0xED && s[1] >= 0xA0) || (c == 0xF0 && s[1] < 0x90) ||
        (c == 0xF4 && s[1] >= 0x90))
        return 0;
    return want;
}

static void scan_utf8(const unsigned char *s, size_t len, utf8_stats *st)
{
    size_t i = 0, run = 0, run_start = 0;
    memset(st, 0, sizeof *st);
    while (i < len) {
        if (s[i] < 0x80) {
            i++;
            continue;
        }
        size_t n = seq_len(s + i, len - i);
        if (n) {
            st->valid++;
            if (n >= 3) {
                if (run++ == 0)
                    run_start = i;
                if (run == UTF8_RUN && !st->has_run) {
                    st->has_run = 1;
                    st->run_off = run_start;
                }
            }
            i += n;
        } else {
            st->invalid++;
            run = 0;
            i++;
        }
    }
}

/* ------------------------------------------------------------ checks */

/* Decoded text that is mostly control characters is binary: in the first
 * SAMPLE_BYTES, more than 1% (and at least 8) C0 controls other than TAB,
 * LF, VT, FF, CR, or DEL. */
static int is_control(unsigned char c)
{
    return (c < 0x20 && (c < 0x09 || c > 0x0D)) || c == 0x7F;
}

static int check_controls(const char *text, size_t len, zc_error *err)
{
    const unsigned char *t = (const unsigned char *)text;
    size_t n = len < SAMPLE_BYTES ? len : SAMPLE_BYTES, ctl = 0, i = 0;
    const uint64_t ones = UINT64_C(0x0101010101010101), high = UINT64_C(0x8080808080808080);
    for (; i + 8 <= n; i += 8) {
        uint64_t w, x;
        memcpy(&w, t + i, 8);
        x = w ^ (0x7F * ones);
        /* Words without a byte below 0x20 or equal to 0x7F are skipped;
         * the test may flag a clean word, never miss a control byte. */
        if (!(((w - 0x20 * ones) & ~w & high) | ((x - ones) & ~x & high)))
            continue;
        for (size_t k = 0; k < 8; k++)
            ctl += is_control(t[i + k]);
    }
    for (; i < n; i++)
        ctl += is_control(t[i]);
    if (ctl >= 8 && ctl * 100 > n)
        return zc_err_set(err, ZC_ERR_ENCODING,
                          "binary file (%zu control characters in the first %zu bytes)", ctl, n);
    return ZC_OK;
}

static int is_wide_name(const char *enc)
{
    return !strncasecmp(enc, "UTF-16", 6) || !strncasecmp(enc, "UTF16", 5) ||
           !strncasecmp(enc, "UTF-32", 6) || !strncasecmp(enc, "UTF32", 5) ||
           !strncasecmp(enc, "UCS-2", 5) || !strncasecmp(enc, "UCS-4", 5) ||
           !strncasecmp(enc, "UCS2", 4) || !strncasecmp(enc, "UCS4", 4);
}

static void set_encoding(zc_decoded *out, const char *name)
{
    snprintf(out->encoding, sizeof out->encoding, "%s", name);
}

/* Finishes a successful conversion: NUL and control checks, fill out. */
static int accept(char *text, size_t len, const char *enc, zc_decoded *out, zc_error *err)
{
    const char *nul = memchr(text, '\0', len);
    int rc = ZC_OK;
    if (nul)
        rc = zc_err_set(err, ZC_ERR_ENCODING, "binary file (NUL character in %s text)", enc);
    else
        rc = check_controls(text, len, err);
    if (rc) {
        free(text);
        return rc;
    }
    out->text = text;
    out->len = len;
    set_encoding(out, enc);
    return ZC_OK;
}

static int copy_utf8(const char *s, size_t len, zc_decoded *out, zc_error *err)
{
    char *t = malloc(len + 1);
    if (!t)
        return zc_err_set(err, ZC_ERR_NOMEM, "out of memory (%zu bytes)", len + 1);
    memcpy(t, s, len);
    t[len] = '\0';
    return accept(t, len, "UTF-8", out, err);
}

/* Converts with iconv; skip = bytes before `in` in the raw input (a BOM),
 * so offsets in messages count from the start of the file. On success the
 * text still has to pass accept(). */
static int convert_msg(const char *enc, const char *in, size_t len, size_t skip, char **t,
                       size_t *tlen, zc_error *err)
{
    size_t bad = 0;
    int trunc = 0;
    int rc = zc_decode_convert(enc, in, len, t, tlen, &bad, &trunc);
    if (rc == ZC_ERR_ENCODING)
        return zc_err_set(err, rc, "not valid %s at byte offset %zu%s", enc, bad + skip,
                          trunc ? " (truncated character at the end)" : "");
    if (rc == ZC_ERR_INVALID)
        return zc_err_set(err, rc, "unknown encoding '%s'", enc);
    if (rc)
        return zc_err_set(err, rc, "out of memory converting %zu bytes from %s", len, enc);
    return ZC_OK;
}

static int convert_or_fail(const char *enc, const char *in, size_t len, size_t skip,
                           zc_decoded *out, zc_error *err)
{
    char *t = NULL;
    size_t tlen = 0;
    int rc = convert_msg(enc, in, len, skip, &t, &tlen, err);
    return rc ? rc : accept(t, tlen, enc, out, err);
}

/* Valid UTF-8 of a few KB: taken as it is unless its characters are
 * implausible and a legacy encoding reads the bytes as Chinese. */
static int short_utf8(const char *raw, size_t len, zc_decoded *out, zc_error *err)
{
    zc_plaus p = {0, 0, 0};
    zc_plaus_add(&p, raw, len);
    int score = zc_plaus_score(&p);
    if (score < ZC_PLAUS_MIN) {
        char *t = NULL;
        size_t tlen = 0;
        const char *enc = NULL;
        int r = zc_decode_utf8_rival(raw, len, score, &t, &tlen, &enc);
        if (r > 0)
            return accept(t, tlen, enc, out, err);
        if (r < 0)
            return zc_err_set(err, ZC_ERR_NOMEM, "out of memory (%zu bytes)", len);
    }
    return copy_utf8(raw, len, out, err);
}

/* ------------------------------------------------------------ entry */

static int decode_forced(const char *raw, size_t len, const char *forced, zc_decoded *out,
                         zc_error *err)
{
    const char *enc = forced;
    if (!strcasecmp(forced, "GBK") || !strcasecmp(forced, "GB2312") ||
        !strcasecmp(forced, "CP936") || !strcasecmp(forced, "EUC-CN"))
        enc = "GB18030";
    if (!strcasecmp(forced, "UTF-8") || !strcasecmp(forced, "UTF8")) {
        size_t skip = len >= 3 && !memcmp(raw, "\xEF\xBB\xBF", 3) ? 3 : 0, bad;
        const char *nul = memchr(raw, '\0', len);
        if (nul)
            return zc_err_set(err, ZC_ERR_ENCODING, "binary file (NUL byte at offset %zu)",
                              (size_t)(nul - raw));
        if (!zc_utf8_valid(raw + skip, len - skip, &bad))
            return zc_err_set(err, ZC_ERR_ENCODING, "not valid UTF-8 at byte offset %zu",
                              bad + skip);
        return copy_utf8(raw + skip, len - skip, out, err);
    }
    /* Reject an unknown name even for empty input. */
    iconv_t cd = iconv_open("UTF-8", enc);
    if (cd == (iconv_t)-1)
        return zc_err_set(err, ZC_ERR_INVALID, "unknown encoding '%s'", forced);
    iconv_close(cd);
    if (!is_wide_name(enc)) {
        const char *nul = memchr(raw, '\0', len);
        if (nul)
            return zc_err_set(err, ZC_ERR_ENCODING, "binary file (NUL byte at offset %zu)",
                              (size_t)(nul - raw));
    }
    return convert_or_fail(enc, raw, len, 0, out, err);
}

int zc_decode(const char *raw, size_t len, const char *forced_encoding, zc_decoded *out,
              zc_error *err)
{
    memset(out, 0, sizeof *out);
    if (!raw && len)
        return zc_err_set(err, ZC_ERR_INVALID, "no input");
    if (!raw)
        raw = "";
    if (forced_encoding && *forced_encoding)
        return decode_forced(raw, len, forced_encoding, out, err);

    const unsigned char *s = (const unsigned char *)raw;
    /* 1. Byte-order marks (UTF-32LE's starts like UTF-16LE's: test first). */
    if (len >= 4 && !memcmp(s, "\xFF\xFE\0\0", 4))
        return convert_or_fail("UTF-32LE", raw + 4, len - 4, 4, out, err);
    if (len >= 4 && !memcmp(s, "\0\0\xFE\xFF", 4))
        return convert_or_fail("UTF-32BE", raw + 4, len - 4, 4, out, err);
    if (len >= 2 && s[0] == 0xFF && s[1] == 0xFE)
        return convert_or_fail("UTF-16LE", raw + 2, len - 2, 2, out, err);
    if (len >= 2 && s[0] == 0xFE && s[1] == 0xFF)
        return convert_or_fail("UTF-16BE", raw + 2, len - 2, 2, out, err);
    size_t skip = len >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3) ? 3 : 0;

    /* 2. NUL bytes: wide text without a BOM, or binary. */
    const char *nul = memchr(raw + skip, '\0', len - skip);
    if (nul) {
        const char *wide = skip ? NULL : zc_decode_guess_wide(s, len, 1);
        if (wide)
            return convert_or_fail(wide, raw, len, 0, out, err);
        return zc_err_set(err, ZC_ERR_ENCODING, "binary file (NUL byte at offset %zu)",
                          (size_t)(nul - raw));
    }

    /* 3. The common case. */
    size_t bad8 = 0;
    if (zc_utf8_valid(raw + skip, len - skip, &bad8)) {
        if (!skip && len <= SHORT_UTF8)
            return short_utf8(raw, len, out, err);
        return copy_utf8(raw + skip, len - skip, out, err);
    }
    bad8 += skip;
    if (skip) /* a UTF-8 BOM says what the file meant to be */
        return zc_err_set(err, ZC_ERR_ENCODING, "not valid UTF-8 at byte offset %zu", bad8);

    /* A UTF-8 file with some broken bytes, or UTF-8 text mixed with
     * another encoding, is reported as such rather than read as GB18030,
     * which would accept it and garble every UTF-8 character. */
    utf8_stats st;
    scan_utf8(s, len, &st);
    char *t = NULL;
    size_t tlen = 0;
    const char *enc = NULL;
    if (st.valid >= st.invalid && !st.has_run) {
        /* Without a run of UTF-8 characters the valid sequences may be
         * GBK or Big5 characters that form UTF-8 by chance, which a few
         * characters often do: a legacy reading that is plausible
         * Chinese throughout wins. */
        zc_error e;
        zc_plaus p = {0, 0, 0};
        int rc = zc_decode_legacy(raw, len, bad8, &t, &tlen, &enc, &e);
        if (rc == ZC_ERR_NOMEM)
            return zc_err_set(err, rc, "%s", e.message);
        if (rc == ZC_OK)
            zc_plaus_add(&p, t, tlen);
        if (rc == ZC_OK && zc_plaus_score(&p) >= ZC_PLAUS_GOOD)
            return accept(t, tlen, enc, out, err);
        free(t);
    }
    if (st.valid >= st.invalid)
        return zc_err_set(err, ZC_ERR_ENCODING,
                          "not valid UTF-8 at byte offset %zu (%zu bad byte%s)", bad8, st.invalid,
                          st.invalid == 1 ? "" : "s");
    if (st.has_run)
        return zc_err_set(err, ZC_ERR_ENCODING,
                          "mixed encodings: UTF-8 text at byte offset %zu, but not valid UTF-8 "
                          "at byte offset %zu",
                          st.run_off, bad8);

    /* 4. Legacy encodings. */
    int rc = zc_decode_legacy(raw, len, bad8, &t, &tlen, &enc, err);
    return rc ? rc : accept(t, tlen, enc, out, err);
}
