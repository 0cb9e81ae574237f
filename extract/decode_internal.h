/* What decode.c and decode_legacy.c share. Internal to the decoder. */
#ifndef ZC_EXTRACT_DECODE_INTERNAL_H
#define ZC_EXTRACT_DECODE_INTERNAL_H

#include <iconv.h>
#include <stddef.h>

#include "extract/plausible.h"
#include "zhengce.h"

/* Bytes looked at by the statistical guesses and the binary test: enough
 * to be sure, small enough to stay cheap on 100 MB files. */
#define ZC_DECODE_SAMPLE (64u * 1024u)

/* Converts in[0..len) with cd (to UTF-8, state reset first) into a malloc'd,
 * NUL-terminated buffer. On a bad or truncated sequence returns
 * ZC_ERR_ENCODING with *bad_off its offset in `in` and *truncated set for a
 * character cut at the end, unless `partial`, which takes a cut character
 * at the end as the end of the text (a sample cut from a longer file). */
int zc_decode_iconv(iconv_t cd, const char *in, size_t len, int partial, char **out,
                    size_t *out_len, size_t *bad_off, int *truncated);

/* The same with an iconv of its own from `from`; ZC_ERR_INVALID if iconv
 * does not know it. */
int zc_decode_convert(const char *from, const char *in, size_t len, char **out, size_t *out_len,
                      size_t *bad_off, int *truncated);

/* BOM-less UTF-16/32: the iconv name, or NULL when s does not look so. */
const char *zc_decode_guess_wide(const unsigned char *s, size_t len, int has_nul);

/* Text that is not UTF-8 (bad8: the first byte that is not), read in the
 * most plausible of the legacy encodings (decode_legacy.c). On success
 * *text (malloc'd) and *enc (a static name) are set; errors as zc_decode's,
 * without the file name. */
int zc_decode_legacy(const char *raw, size_t len, size_t bad8, char **text, size_t *text_len,
                     const char **enc, zc_error *err);

/* ------------------------------------------------------------ legacy */

/* How an encoding's characters are laid out, for cutting its bytes
 * between characters: GB18030 (one, two or four bytes: the second of four
 * is a digit), Big5 (one or two), EUC-TW (0x8E starts four), UTF-16 (not
 * cut). */
typedef enum zc_decode_family {
    ZC_DECODE_GB,
    ZC_DECODE_BIG5,
    ZC_DECODE_EUCTW,
    ZC_DECODE_WIDE
} zc_decode_family;

/* A candidate encoding of a text that is not UTF-8. */
typedef struct zc_decode_cand {
    const char *enc;
    iconv_t cd; /* opened when first needed: loading a converter costs more
                 * than converting a small file */
    zc_decode_family family;
    int score;        /* of the ranking sample: ZC_DECODE_UNSCORED, or
                       * ZC_DECODE_FAILED if it does not convert */
    long long points; /* the sample's plausibility: points over chars */
    size_t chars;
    int tried;     /* the whole text was converted */
    size_t bad;    /* where the sample or the whole text stopped converting */
    int truncated; /* a character cut at the end */
    char *text;    /* the whole text read in it, when the sample was all of it */
    size_t tlen;
} zc_decode_cand;

#define ZC_DECODE_MAX_CANDS 6
#define ZC_DECODE_FAILED (-100000)
#define ZC_DECODE_UNSCORED (-200000)
/* One encoding reads a text better than another when its plausibility
 * score is higher by this much (per mille). */
#define ZC_DECODE_MARGIN 200

typedef struct zc_decode_cands {
    const char *raw;
    size_t len;
    zc_decode_cand c[ZC_DECODE_MAX_CANDS];
    size_t n;
} zc_decode_cands;

/* Converts in[0..len) in c (see zc_decode_iconv), opening its converter
 * first if need be: ZC_ERR_ENCODING if it cannot be opened. */
int zc_decode_cand_iconv(zc_decode_cand *c, const char *in, size_t len, int partial, char **out,
                         size_t *out_len, size_t *bad_off, int *truncated);

/* Checks text[0..tlen), candidate k's reading (not UTF-16) of the raw
 * text, throughout (decode_check.c): ZC_OK; ZC_ERR_ENCODING for mixed encodings or
 * implausible text, the message naming the byte offset; ZC_ERR_NOMEM; or
 * ZC_DECODE_READS_OTHER with *other the candidate that reads the text
 * better throughout. The scores of the text read are added to *whole
 * (those before the error, on an error). */
#define ZC_DECODE_READS_OTHER (-1)
int zc_decode_check(zc_decode_cands *L, size_t k, const char *text, size_t tlen, zc_plaus *whole,
                    size_t *other, zc_error *err);

/* The message for text no candidate reads as Chinese: k read it best, the
 * text from byte offset off scores score. Returns ZC_ERR_ENCODING. */
int zc_decode_implausible(const zc_decode_cands *L, size_t k, size_t off, int score, zc_error *err);

/* Short valid UTF-8 whose characters are not plausible Chinese: GBK or
 * Big5 bytes can form valid UTF-8 by chance in a few characters. Sets
 * *text and *enc and returns 1 when a legacy encoding reads raw[0..len)
 * as plausible Chinese, clearly better than UTF-8 does (utf8_score); else
 * returns 0, or -1 when out of memory. */
int zc_decode_utf8_rival(const char *raw, size_t len, int utf8_score, char **text, size_t *text_len,
                         const char **enc);

#endif
