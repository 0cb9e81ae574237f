/* Decoding a report's raw bytes to UTF-8.
 *
 * Order of decisions (docs/cleaning.md has the details):
 *   1. a byte-order mark (UTF-8, UTF-16LE/BE, UTF-32LE/BE) decides;
 *   2. NUL bytes: UTF-16/32 without a BOM if their pattern says so,
 *      otherwise a binary file;
 *   3. valid UTF-8 is taken as is (validation and one copy; a file of a
 *      few KB whose characters are implausible as Chinese may be GBK);
 *   4. otherwise GB18030 (covers GBK and GB2312), Big5 (CP950 and
 *      BIG5-HKSCS), BOM-less UTF-16 and uchardet's answer each read a
 *      sample; the most plausible Chinese (plausible.h) reads the file,
 *      converted with iconv, and is checked throughout (decode_legacy.c,
 *      decode_check.c). Bytes that do not decode, a change of encoding
 *      part way and text no encoding reads as Chinese are errors naming
 *      the byte offset; bytes are never dropped or replaced.
 * Decoded text with many control characters is rejected as binary. */
#ifndef ZC_EXTRACT_DECODE_H
#define ZC_EXTRACT_DECODE_H

#include <stddef.h>

#include "zhengce.h"

typedef struct zc_decoded {
    char *text;        /* malloc'd UTF-8, NUL-terminated, never NULL on success */
    size_t len;        /* bytes, without the terminator */
    char encoding[32]; /* the source encoding, e.g. "UTF-8", "GB18030" */
} zc_decoded;

/* Decodes raw[0..len) to UTF-8 (any BOM removed). forced_encoding, if not
 * NULL, is an iconv name to convert from instead of detecting (GBK and
 * GB2312 are read as GB18030; a forced encoding is not checked for
 * plausibility). Errors: ZC_ERR_ENCODING ("binary file (NUL byte at offset
 * N)", "not valid GB18030 at byte offset N (...)", "mixed encodings: ...
 * from byte offset N", "implausible text: ..."),
 * ZC_ERR_INVALID (an encoding iconv does not know), ZC_ERR_NOMEM. Messages
 * do not name the file: the caller prefixes it. out is zeroed on error. */
int zc_decode(const char *raw, size_t len, const char *forced_encoding, zc_decoded *out,
              zc_error *err);

/* Releases d->text and zeroes d (d may be NULL). */
void zc_decoded_free(zc_decoded *d);

#endif
