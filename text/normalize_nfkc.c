/*
 * The NFKC (and case folding) pass.
 *
 * utf8proc does the normalization, but only where it can change something:
 * the text is cut into segments that start at "boundary" characters, and a
 * segment made of one boundary character is copied as it is. A character is
 * a boundary (ZC_NC_FAST) when it has combining class 0, no decomposition
 * at all (canonical or compatibility), no case folding (when folding), is
 * not a mark and is not a Hangul vowel or trailing consonant jamo (the only
 * non-marks that compose with the character before them). Then nothing
 * before it can combine with it or be reordered across it, so normalizing
 * the segments one by one gives exactly what normalizing the whole text
 * would. Han ideographs, ASCII and the common CJK punctuation are all
 * boundaries, so ordinary Chinese text never reaches utf8proc.
 *
 * The kept punctuation (，！？：；（）…) is a hard boundary on both sides and
 * is copied as written; its presentation forms (ZC_NC_REMAP) become it.
 */
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "common/err.h"
#include "text/normalize_internal.h"

/* Characters NFKC would turn into ASCII (or "...") that Chinese text
 * should keep: sentence punctuation and the ellipsis of "……". */
static const uint32_t kept[] = {0xFF0C, 0xFF01, 0xFF1F, 0xFF1A, 0xFF1B, 0xFF08, 0xFF09, 0x2026};

static int is_kept(uint32_t cp)
{
    for (size_t i = 0; i < sizeof kept / sizeof *kept; i++)
        if (kept[i] == cp)
            return 1;
    return 0;
}

/* The full compatibility decomposition of cp; returns its length (0 on
 * error or if longer than cap). */
static size_t compat_decomposition(uint32_t cp, utf8proc_int32_t *buf, size_t cap)
{
    int boundclass = 0;
    utf8proc_ssize_t r = utf8proc_decompose_char((utf8proc_int32_t)cp, buf, (utf8proc_ssize_t)cap,
                                                 UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT, &boundclass);
    return r > 0 && (size_t)r <= cap ? (size_t)r : 0;
}

uint32_t zc_norm_remap(uint32_t cp)
{
    /* Vertical forms, CJK compatibility forms and small form variants are
     * presentation variants of CJK punctuation: ︐ ﹐ → ，, ︵ ﹙ → （, ︙ → …. */
    if (cp < 0xFE10 || cp > 0xFE6F)
        return 0;
    utf8proc_int32_t a[8], b[8];
    size_t na = compat_decomposition(cp, a, 8);
    if (na == 0 || (na == 1 && (uint32_t)a[0] == cp))
        return 0;
    for (size_t i = 0; i < sizeof kept / sizeof *kept; i++) {
        size_t nb = compat_decomposition(kept[i], b, 8);
        if (nb == na && memcmp(a, b, na * sizeof *a) == 0)
            return kept[i];
    }
    return 0;
}

static unsigned compute_class(const zc_norm *n, uint32_t cp)
{
    const utf8proc_property_t *p = utf8proc_get_property((utf8proc_int32_t)cp);
    unsigned k = ZC_NC_KNOWN;
    /* Letters, marks and numbers (Lu … No) may be part of an OpenCC phrase;
     * punctuation, symbols, separators, controls and unassigned may not. */
    if (p->category < UTF8PROC_CATEGORY_LU || p->category > UTF8PROC_CATEGORY_NO)
        k |= ZC_NC_BREAK;
    if (n->flags & ZC_NORM_NFKC) {
        if (is_kept(cp))
            return k | ZC_NC_KEEP;
        if (zc_norm_remap(cp))
            return k | ZC_NC_REMAP;
    }
    int mark = p->category == UTF8PROC_CATEGORY_MN || p->category == UTF8PROC_CATEGORY_MC ||
               p->category == UTF8PROC_CATEGORY_ME;
    int jamo_vt = cp >= 0x1160 && cp <= 0x11FF;
    int hangul = cp >= 0xAC00 && cp <= 0xD7A3; /* decomposed algorithmically */
    if (p->combining_class == 0 && !mark && !jamo_vt &&
        (p->decomp_seqindex == UINT16_MAX || hangul) &&
        (!(n->flags & ZC_NORM_CASEFOLD) || p->casefold_seqindex == UINT16_MAX))
        k |= ZC_NC_FAST;
    return k;
}

unsigned zc_norm_class(zc_norm *n, uint32_t cp)
{
    if (cp >= 0x10000)
        return compute_class(n, cp);
    unsigned char *c = &n->cls[cp];
    if (!(*c & ZC_NC_KNOWN))
        *c = (unsigned char)(*c | compute_class(n, cp));
    return *c;
}

/* Appends src[0..len), lower-casing ASCII when folding case (utf8proc
 * folds everything else, and boundary characters have no folding). */
static int put_verbatim(zc_buf *out, const char *src, size_t len, int fold)
{
    if (zc_buf_append(out, src, len))
        return ZC_ERR_NOMEM;
    if (fold) {
        char *d = out->data + out->len - len;
        for (size_t i = 0; i < len; i++)
            if (d[i] >= 'A' && d[i] <= 'Z')
                d[i] = (char)(d[i] + 32);
    }
    return ZC_OK;
}

static int put_cp(zc_buf *out, uint32_t cp)
{
    char u[4];
    return zc_buf_append(out, u, zc_utf8_encode(cp, u));
}

/* Appends the normalization of s[0..len) computed by utf8proc. */
static int normalize_segment(zc_norm *n, const char *s, size_t len, zc_buf *out, zc_error *err)
{
    n->st.nfkc_segments++;
    utf8proc_ssize_t r;
    for (;;) {
        r = utf8proc_decompose((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, n->cps,
                               (utf8proc_ssize_t)n->cps_cap, n->utf8proc_opts);
        if (r < 0)
            return zc_err_set(err, ZC_ERR_ENCODING, "normalizing text: utf8proc: %s",
                              utf8proc_errmsg(r));
        if ((size_t)r <= n->cps_cap)
            break;
        size_t cap = (size_t)r + 64;
        int32_t *c = realloc(n->cps, cap * sizeof *c);
        if (!c)
            return zc_err_set(err, ZC_ERR_NOMEM, "normalizing text: out of memory");
        n->cps = c;
        n->cps_cap = cap;
    }
    r = utf8proc_normalize_utf32(n->cps, r, n->utf8proc_opts);
    if (r < 0)
        return zc_err_set(err, ZC_ERR_ENCODING, "normalizing text: utf8proc: %s",
                          utf8proc_errmsg(r));
    if (zc_buf_reserve(out, (size_t)r * 4))
        return zc_err_set(err, ZC_ERR_NOMEM, "normalizing text: out of memory");
    for (utf8proc_ssize_t i = 0; i < r; i++)
        out->len += zc_utf8_encode((uint32_t)n->cps[i], out->data + out->len);
    out->data[out->len] = '\0';
    return ZC_OK;
}

int zc_norm_nfkc_pass(zc_norm *n, const char *in, size_t len, zc_buf *out, int *same, zc_error *err)
{
    const unsigned char *s = (const unsigned char *)in;
    const int fold = (n->flags & ZC_NORM_CASEFOLD) != 0;
    const int ref = (n->flags & ZC_NORM_REFERENCE) != 0;
    size_t i = 0;
    size_t copied = 0; /* in[0..copied) is in out */
    size_t seg = 0;    /* the current segment starts here */
    int dirty = 0;     /* it holds a character utf8proc may change */
    int rc;

/* Emits in[copied..seg) as it is and the normalized segment in[seg..end). */
#define FLUSH(end)                                                                                 \
    do {                                                                                           \
        if ((rc = put_verbatim(out, in + copied, seg - copied, fold)) ||                           \
            (rc = normalize_segment(n, in + seg, (end)-seg, out, err)))                            \
            goto fail;                                                                             \
        copied = (end);                                                                            \
        dirty = 0;                                                                                 \
    } while (0)

    while (i < len) {
        if (s[i] < 0x80) {
            /* ASCII never changes (but for case, done while copying); the
             * last one of a run may combine with a mark after it. */
            if (ref) {
                dirty = 1;
            } else if (dirty) {
                FLUSH(i);
            }
            while (++i < len && s[i] < 0x80)
                ;
            if (!ref)
                seg = i - 1;
            continue;
        }
        uint32_t cp;
        size_t l = zc_norm_decode(s + i, len - i, &cp);
        if (l == 0) {
            rc = zc_err_set(err, ZC_ERR_ENCODING, "invalid UTF-8 at byte offset %zu", i);
            goto fail;
        }
        unsigned k = cp < 0x10000 ? n->cls[cp] : 0;
        if (!(k & ZC_NC_KNOWN))
            k = zc_norm_class(n, cp);
        if ((k & ZC_NC_FAST) && !ref) {
            if (dirty)
                FLUSH(i);
            seg = i;
        } else if (k & (ZC_NC_KEEP | ZC_NC_REMAP)) {
            if (dirty)
                FLUSH(i);
            if (k & ZC_NC_REMAP) {
                if ((rc = put_verbatim(out, in + copied, i - copied, fold)) ||
                    (rc = put_cp(out, zc_norm_remap(cp))))
                    goto fail;
                copied = i + l;
            }
            seg = i + l;
        } else {
            dirty = 1;
        }
        i += l;
    }
    if (dirty)
        FLUSH(len);
#undef FLUSH
    if (copied == 0 && !fold) {
        *same = 1;
        return ZC_OK;
    }
    if ((rc = put_verbatim(out, in + copied, len - copied, fold)))
        goto fail;
    *same = 0;
    return ZC_OK;
fail:
    if (rc == ZC_ERR_NOMEM)
        zc_err_set(err, ZC_ERR_NOMEM, "normalizing text: out of memory");
    return rc;
}
