/* Internals shared by normalize.c, normalize_nfkc.c and normalize_t2s.c. */
#ifndef ZC_TEXT_NORMALIZE_INTERNAL_H
#define ZC_TEXT_NORMALIZE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "common/buf.h"
#include "common/utf8.h"
#include "text/normalize.h"

/* Per-code-point class bits, cached for the BMP in zc_norm.cls (0 = not yet
 * computed). NFKC and T2S facts are filled in independently. */
enum {
    ZC_NC_KNOWN = 0x01,  /* the NFKC/break bits below are computed */
    ZC_NC_FAST = 0x02,   /* unchanged by NFKC (+ case folding) and no neighbour
                          * combines with it: a normalization boundary */
    ZC_NC_KEEP = 0x04,   /* kept as written (，！？：；（）…): a hard boundary */
    ZC_NC_REMAP = 0x08,  /* a presentation form of a kept character */
    ZC_NC_BREAK = 0x10,  /* not a letter, mark or number: OpenCC phrases
                          * never contain it, so T2S runs stop here */
    ZC_NC_PROBED = 0x20, /* the T2S bit below is known */
    ZC_NC_TRIG = 0x40    /* T2S may change a run containing it */
};

/* Code points per OpenCC probe: one conversion call tests this many. */
#define ZC_NORM_CHUNK 64
#define ZC_NORM_PLANES 17

struct zc_norm {
    int flags;
    int utf8proc_opts;  /* options for utf8proc_decompose/normalize */
    unsigned char *cls; /* 65536 class bytes for the BMP */
    int32_t *cps;       /* scratch code points for utf8proc */
    size_t cps_cap;
    zc_buf tmp;   /* NFKC output when T2S follows */
    zc_buf probe; /* scratch text for OpenCC probes */
    void *opencc; /* opencc_t, NULL without T2S */
    int t2s_fast; /* the T2S fast path applies (t2s.json) */
    /* Supplementary planes: trigger bits and probed-chunk bits, allocated
     * per plane when first met (index 0 unused: the BMP lives in cls). */
    uint64_t *sup_trig[ZC_NORM_PLANES];
    uint64_t *sup_probed[ZC_NORM_PLANES];
    zc_norm_stats st;
};

/* Class bits of cp for the NFKC pass (ZC_NC_FAST/KEEP/REMAP/BREAK). */
unsigned zc_norm_class(zc_norm *n, uint32_t cp);

/* The kept character a ZC_NC_REMAP code point becomes. */
uint32_t zc_norm_remap(uint32_t cp);

/* Decodes one code point of valid-or-not UTF-8 at s[0..len) (len >= 1,
 * s[0] >= 0x80); returns its length, 0 if invalid. */
static inline size_t zc_norm_decode(const unsigned char *s, size_t len, uint32_t *cp)
{
    unsigned c = s[0];
    if (c >= 0xE1 && c <= 0xEF && c != 0xED && len >= 3 && (s[1] & 0xC0) == 0x80 &&
        (s[2] & 0xC0) == 0x80) {
        /* The common case for Chinese text, inlined: with these lead bytes
         * no overlong form or surrogate is possible. */
        *cp = ((uint32_t)(c & 0x0F) << 12) | ((uint32_t)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
        return 3;
    }
    return zc_utf8_decode((const char *)s, len, cp);
}

/* Pass 1: NFKC and/or case folding of in[0..len) appended to out. Sets
 * *same when the text came out unchanged (then nothing was appended).
 * Validates the UTF-8. */
int zc_norm_nfkc_pass(zc_norm *n, const char *in, size_t len, zc_buf *out, int *same,
                      zc_error *err);

/* Pass 2: T2S of valid UTF-8 in[0..len) appended to out. */
int zc_norm_t2s_open(zc_norm *n, const char *config, zc_error *err);
void zc_norm_t2s_close(zc_norm *n);
int zc_norm_t2s_pass(zc_norm *n, const char *in, size_t len, zc_buf *out, zc_error *err);

#endif
