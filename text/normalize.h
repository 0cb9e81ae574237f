/*
 * Input normalization: the step between decoding and cleaning, run on
 * documents (indexer) and on queries (searcher) alike, so that both sides
 * meet in one form: full-width ＡＢＣ１２３ is ABC123, `經濟` is `经济`.
 *
 * Three foldings, chosen by flags (docs/normalization.md has the details):
 *
 *   ZC_NORM_NFKC      Unicode NFKC (utf8proc): full-width Latin, digits and
 *                     symbols become ASCII, U+3000 and NBSP become a space,
 *                     compatibility ideographs and Kangxi radicals become
 *                     unified ideographs, ① becomes 1, ㎡ becomes m2.
 *                     Kept as written, because reports and snippets should
 *                     read as Chinese: the sentence punctuation ，！？：；（）
 *                     (U+FF0C FF01 FF1F FF1A FF1B FF08 FF09) and the ellipsis
 *                     … (U+2026, NFKC would make "......" of "……"). Vertical
 *                     and small presentation forms of these (U+FE10–FE6F,
 *                     e.g. ﹐ ︵ ︙) become the kept character.
 *   ZC_NORM_T2S       Traditional → simplified with OpenCC's t2s.json
 *                     (phrase-level: 乾隆 stays, 幹部 → 干部). Japanese
 *                     shinjitai such as 経 is not folded: t2s leaves it.
 *   ZC_NORM_CASEFOLD  Unicode full case folding (utf8proc): A → a, Σ → σ,
 *                     ß → ss. Off by default: the unit splitter folds ASCII.
 *
 * NFKC and case folding run first (one pass), then T2S. Line breaks are
 * never changed, created or removed; the output is valid UTF-8. t2s alone is
 * not idempotent (塔什庫爾乾紅 → 塔什库尔乾红, whose 乾 converts again), so
 * what it changed is converted again until it stays the same: normalizing
 * twice gives the same text as normalizing once.
 *
 * Threads: a zc_norm caches lazily built tables, so it must be used by one
 * thread at a time; separate zc_norm objects are independent (each has its
 * own OpenCC converter) and can be used concurrently.
 */
#ifndef ZC_TEXT_NORMALIZE_H
#define ZC_TEXT_NORMALIZE_H

#include <stddef.h>

#include "common/buf.h"
#include "zhengce.h"

typedef struct zc_norm zc_norm;

enum zc_norm_flags {
    ZC_NORM_NFKC = 1,
    ZC_NORM_T2S = 2,
    ZC_NORM_CASEFOLD = 4,
    ZC_NORM_DEFAULT = ZC_NORM_NFKC | ZC_NORM_T2S,
    /* Same output, computed without the fast paths: utf8proc over whole
     * stretches between kept punctuation and OpenCC over the whole text.
     * Slow; for tests and benchmarks that check the fast paths. */
    ZC_NORM_REFERENCE = 0x100
};

/* Creates a normalizer. With ZC_NORM_T2S the OpenCC converter is opened at
 * once (a few ms), so a missing or broken OpenCC configuration is reported
 * here (ZC_ERR_NOT_FOUND / ZC_ERR_BACKEND) and not in the middle of
 * indexing. Unknown flag bits are ZC_ERR_INVALID. */
int zc_norm_new(int flags, zc_norm **out, zc_error *err);

/* The same with another OpenCC configuration than "t2s.json" (a file name,
 * looked up by OpenCC in its data directory, or a path), e.g. "tw2s.json".
 * NULL means "t2s.json". */
int zc_norm_new_config(int flags, const char *opencc_config, zc_norm **out, zc_error *err);

void zc_norm_free(zc_norm *n);

int zc_norm_flags(const zc_norm *n);

/* Normalizes in[0..len) into a malloc'd, NUL-terminated string (*out, its
 * length in *out_len, which may be NULL). Text with embedded NUL bytes is
 * fine (they are kept). Invalid UTF-8 is ZC_ERR_ENCODING, with the byte
 * offset of the first bad sequence in the message; *out is then NULL. */
int zc_norm_text(zc_norm *n, const char *in, size_t len, char **out, size_t *out_len,
                 zc_error *err);

/* The same, appending to out. On error out is left as it was. in must not
 * point into out. */
int zc_norm_append(zc_norm *n, const char *in, size_t len, zc_buf *out, zc_error *err);

/* What the fast paths did so far (for benchmarks and tuning). */
typedef struct zc_norm_stats {
    size_t bytes_in;      /* bytes given to zc_norm_text / _append */
    size_t nfkc_segments; /* stretches passed to utf8proc */
    size_t t2s_chunks;    /* 64-code-point blocks probed with OpenCC */
    double t2s_probe_ms;  /* time spent probing them */
    double t2s_open_ms;   /* time spent opening OpenCC */
    size_t t2s_calls;     /* conversions run by OpenCC on the text */
    size_t t2s_bytes;     /* bytes those conversions covered */
} zc_norm_stats;

void zc_norm_get_stats(const zc_norm *n, zc_norm_stats *st);

#endif
