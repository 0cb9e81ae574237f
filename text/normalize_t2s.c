/*
 * The traditional → simplified pass, with OpenCC.
 *
 * OpenCC converts about 3–4 MB/s, far too slow to run on every document, and
 * most of ours are simplified already. So it only sees the stretches of text
 * where it can change something:
 *
 * - OpenCC segments text by maximal matching over its dictionaries, whose
 *   keys (single characters and phrases) are all made of letters, so a
 *   conversion never reaches across a punctuation mark, symbol, space or
 *   control character (ZC_NC_BREAK). The text between two such characters,
 *   a "run", converts the same alone as inside the whole text.
 * - A run can change only if it holds a "trigger": a character t2s changes
 *   on its own, or one that stays alone but changes inside a phrase (反覆 →
 *   反复). The first kind is found by asking OpenCC: the first time a
 *   character of a 64-code-point block is met, the whole block is converted
 *   once, one character per line, and the characters that came out
 *   different are marked. The second kind cannot be seen through OpenCC's
 *   C API (it gives no access to its dictionaries), so it is listed below.
 * - Runs with a trigger are converted; nearby ones are merged into one call
 *   to save per-call overhead (the text between them converts to itself).
 *
 * t2s is not idempotent: a phrase can leave a character that converts on
 * its own (塔什庫爾乾 → 塔什库尔乾 → 塔什库尔干). Normalizing must be, or a
 * query typed in simplified would miss the document, so what OpenCC changed
 * is scanned again, and converted again, until it stays the same (at most
 * ZC_T2S_ROUNDS conversions).
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <opencc.h>
#include <utf8proc.h>

#include "common/clock.h"
#include "common/err.h"
#include "text/normalize_internal.h"

/* Characters t2s leaves alone on their own but changes in some phrase of
 * OpenCC's TSPhrases where no other character would trigger conversion
 * (反覆 回覆 答覆, 藉口 藉此, 明瞭 瞭解, 沈默 沈船, 衹得, 牴牾), found by comparing
 * each phrase of the dictionary (OpenCC 1.1.6) with the per-character
 * conversion of its characters. */
static const uint32_t phrase_pivots[] = {0x8986, 0x85C9, 0x77AD, 0x6C88, 0x8879, 0x7274};

/* Merge two runs to convert into one OpenCC call when at most this many
 * bytes lie between them (a call costs about as much as a few characters);
 * keep calls under ZC_T2S_MAX_SPAN (OpenCC's memory grows with the input:
 * a std::string per segment). */
#define ZC_T2S_GAP 32
#define ZC_T2S_MAX_SPAN ((size_t)64 << 10)
#define ZC_T2S_ROUNDS 4

/* OpenCC keeps the message of its last error in one process-wide string,
 * written when a call fails: opening (the only call expected to fail) and
 * reading the message are serialized so that two normalizers failing at
 * once in two threads do not race on it. */
static pthread_mutex_t opencc_error_lock = PTHREAD_MUTEX_INITIALIZER;

static int opencc_failure(zc_error *err, const char *what)
{
    pthread_mutex_lock(&opencc_error_lock);
    const char *why = opencc_error();
    zc_err_set(err, ZC_ERR_BACKEND, "%s: OpenCC: %s", what, why && *why ? why : "unknown error");
    pthread_mutex_unlock(&opencc_error_lock);
    return ZC_ERR_BACKEND;
}

int zc_norm_t2s_open(zc_norm *n, const char *config, zc_error *err)
{
    double t0 = zc_clock_ms();
    pthread_mutex_lock(&opencc_error_lock);
    opencc_t oc = opencc_open(config);
    if (oc == (opencc_t)-1) {
        const char *why = opencc_error();
        if (!why || !*why)
            why = "unknown error";
        /* OpenCC says "... not found or not accessible" for a missing file. */
        int code = strstr(why, "not found") ? ZC_ERR_NOT_FOUND : ZC_ERR_BACKEND;
        zc_err_set(err, code, "opening OpenCC configuration '%s': %s", config, why);
        pthread_mutex_unlock(&opencc_error_lock);
        return code;
    }
    pthread_mutex_unlock(&opencc_error_lock);
    n->opencc = oc;
    n->st.t2s_open_ms += zc_clock_ms() - t0;
    return ZC_OK;
}

void zc_norm_t2s_close(zc_norm *n)
{
    if (n->opencc)
        opencc_close((opencc_t)n->opencc);
    n->opencc = NULL;
}

/* OpenCC's conversion of s[0..len) (valid UTF-8, no NUL: OpenCC stops at a
 * NUL byte) as a malloc'd string (free with opencc_convert_utf8_free). */
static int opencc_run(zc_norm *n, const char *s, size_t len, char **out, size_t *out_len,
                      zc_error *err)
{
    *out = NULL; /* set on every path: optimizers cannot see that errors return nonzero */
    *out_len = 0;
    n->st.t2s_calls++;
    n->st.t2s_bytes += len;
    char *o = opencc_convert_utf8((opencc_t)n->opencc, s, len);
    if (!o)
        return opencc_failure(err, "converting traditional to simplified");
    *out_len = strlen(o);
    if (!zc_utf8_valid(o, *out_len, NULL)) {
        opencc_convert_utf8_free(o);
        return zc_err_set(err, ZC_ERR_BACKEND, "OpenCC returned invalid UTF-8");
    }
    *out = o;
    return ZC_OK;
}

static int t2s_scan(zc_norm *n, const char *in, size_t len, zc_buf *out, int round, zc_error *err);

/* Appends the conversion of s[0..len), converting what changed again
 * until it stays the same. */
static int convert(zc_norm *n, const char *s, size_t len, zc_buf *out, int round, zc_error *err)
{
    char *o;
    size_t ol;
    int rc = opencc_run(n, s, len, &o, &ol, err);
    if (rc)
        return rc;
    if (round + 1 < ZC_T2S_ROUNDS && (ol != len || memcmp(o, s, len) != 0))
        rc = t2s_scan(n, o, ol, out, round + 1, err);
    else if (zc_buf_append(out, o, ol))
        rc = zc_err_set(err, ZC_ERR_NOMEM, "normalizing text: out of memory");
    opencc_convert_utf8_free(o);
    return rc;
}

static int is_pivot(uint32_t cp)
{
    for (size_t i = 0; i < sizeof phrase_pivots / sizeof *phrase_pivots; i++)
        if (phrase_pivots[i] == cp)
            return 1;
    return 0;
}

/* Does OpenCC change the line q[0..ql) into p[0..pl)? */
static int differs(const char *p, size_t pl, const char *q, size_t ql)
{
    return pl != ql || memcmp(p, q, ql) != 0;
}

/* Finds which characters of the block starting at base OpenCC changes and
 * records them (with the pivots) as triggers. */
static int probe_chunk(zc_norm *n, uint32_t base, zc_error *err)
{
    double t0 = zc_clock_ms();
    uint32_t cps[ZC_NORM_CHUNK];
    unsigned char trig[ZC_NORM_CHUNK] = {0};
    size_t m = 0;
    zc_buf *b = &n->probe;
    zc_buf_clear(b);
    for (uint32_t cp = base; cp < base + ZC_NORM_CHUNK; cp++) {
        utf8proc_category_t cat = utf8proc_category((utf8proc_int32_t)cp);
        /* ASCII and controls are never converted; '\n' separates. */
        if (cp < 0x80 || cat == UTF8PROC_CATEGORY_CN || cat == UTF8PROC_CATEGORY_CC ||
            cat == UTF8PROC_CATEGORY_CS)
            continue;
        char u[4];
        size_t ul = zc_utf8_encode(cp, u);
        if (zc_buf_append(b, u, ul) || zc_buf_putc(b, '\n'))
            return zc_err_set(err, ZC_ERR_NOMEM, "normalizing text: out of memory");
        cps[m++] = cp;
    }
    if (m) {
        char *o = opencc_convert_utf8((opencc_t)n->opencc, b->data, b->len);
        if (!o)
            return opencc_failure(err, "probing OpenCC");
        const char *p = o, *q = b->data;
        size_t j;
        for (j = 0; j < m; j++) {
            const char *pe = strchr(p, '\n'), *qe = strchr(q, '\n');
            if (!pe)
                break;
            trig[cps[j] - base] = (unsigned char)differs(p, (size_t)(pe - p), q, (size_t)(qe - q));
            p = pe + 1;
            q = qe + 1;
        }
        int aligned = j == m && *p == '\0';
        opencc_convert_utf8_free(o);
        /* Lines that do not line up (a mapping with a line break in it?):
         * ask again one character at a time. */
        for (j = 0; !aligned && j < m; j++) {
            char u[4];
            size_t ul = zc_utf8_encode(cps[j], u);
            o = opencc_convert_utf8((opencc_t)n->opencc, u, ul);
            if (!o)
                return opencc_failure(err, "probing OpenCC");
            trig[cps[j] - base] = (unsigned char)differs(o, strlen(o), u, ul);
            opencc_convert_utf8_free(o);
        }
    }
    for (uint32_t i = 0; i < ZC_NORM_CHUNK; i++)
        trig[i] |= (unsigned char)is_pivot(base + i);
    if (base < 0x10000) {
        for (uint32_t i = 0; i < ZC_NORM_CHUNK; i++)
            n->cls[base + i] |= (unsigned char)(ZC_NC_PROBED | (trig[i] ? ZC_NC_TRIG : 0));
    } else {
        unsigned plane = base >> 16;
        uint32_t off = base & 0xFFFF;
        for (uint32_t i = 0; i < ZC_NORM_CHUNK; i++)
            if (trig[i])
                n->sup_trig[plane][(off + i) >> 6] |= (uint64_t)1 << ((off + i) & 63);
        uint32_t c = off / ZC_NORM_CHUNK;
        n->sup_probed[plane][c >> 6] |= (uint64_t)1 << (c & 63);
    }
    n->st.t2s_chunks++;
    n->st.t2s_probe_ms += zc_clock_ms() - t0;
    return ZC_OK;
}

/* Class bits of cp with the T2S facts (ZC_NC_BREAK, ZC_NC_TRIG) known. */
static int t2s_class(zc_norm *n, uint32_t cp, unsigned *k, zc_error *err)
{
    int rc;
    if (cp < 0x10000) {
        unsigned c = zc_norm_class(n, cp);
        if (!(c & ZC_NC_PROBED)) {
            if ((rc = probe_chunk(n, cp & ~(uint32_t)(ZC_NORM_CHUNK - 1), err)))
                return rc;
            c = n->cls[cp];
        }
        *k = c;
        return ZC_OK;
    }
    unsigned plane = cp >> 16;
    uint32_t off = cp & 0xFFFF, c = off / ZC_NORM_CHUNK;
    if (!n->sup_probed[plane]) {
        n->sup_trig[plane] = calloc(0x10000 / 64, sizeof(uint64_t));
        n->sup_probed[plane] = calloc(0x10000 / ZC_NORM_CHUNK / 64, sizeof(uint64_t));
        if (!n->sup_trig[plane] || !n->sup_probed[plane]) {
            free(n->sup_trig[plane]);
            free(n->sup_probed[plane]);
            n->sup_trig[plane] = n->sup_probed[plane] = NULL;
            return zc_err_set(err, ZC_ERR_NOMEM, "normalizing text: out of memory");
        }
    }
    if (!(n->sup_probed[plane][c >> 6] & ((uint64_t)1 << (c & 63))) &&
        (rc = probe_chunk(n, cp & ~(uint32_t)(ZC_NORM_CHUNK - 1), err)))
        return rc;
    *k = zc_norm_class(n, cp) & ZC_NC_BREAK;
    if (n->sup_trig[plane][off >> 6] & ((uint64_t)1 << (off & 63)))
        *k |= ZC_NC_TRIG;
    return ZC_OK;
}

/* One conversion of the whole text, cut only at NUL bytes. */
static int t2s_whole_once(zc_norm *n, const char *in, size_t len, zc_buf *out, zc_error *err)
{
    size_t i = 0;
    while (i < len) {
        const char *z = memchr(in + i, '\0', len - i);
        size_t end = z ? (size_t)(z - in) : len;
        if (end > i) {
            char *o;
            size_t ol;
            int rc = opencc_run(n, in + i, end - i, &o, &ol, err);
            if (rc)
                return rc;
            rc = zc_buf_append(out, o, ol);
            opencc_convert_utf8_free(o);
            if (rc)
                return zc_err_set(err, ZC_ERR_NOMEM, "normalizing text: out of memory");
        }
        if (end < len && zc_buf_putc(out, '\0'))
            return zc_err_set(err, ZC_ERR_NOMEM, "normalizing text: out of memory");
        i = end + 1;
    }
    return ZC_OK;
}

/* The whole text converted again and again until it stays the same. */
static int t2s_whole(zc_norm *n, const char *in, size_t len, zc_buf *out, zc_error *err)
{
    zc_buf cur = ZC_BUF_INIT, next = ZC_BUF_INIT;
    int rc = ZC_OK;
    for (int round = 0; round < ZC_T2S_ROUNDS && !rc; round++) {
        zc_buf_clear(&next);
        if ((rc = t2s_whole_once(n, in, len, &next, err)))
            break;
        int same = next.len == len && (len == 0 || memcmp(next.data, in, len) == 0);
        zc_buf t = cur;
        cur = next;
        next = t;
        in = cur.data ? cur.data : "";
        len = cur.len;
        if (same)
            break;
    }
    if (!rc && zc_buf_append(out, in, len))
        rc = zc_err_set(err, ZC_ERR_NOMEM, "normalizing text: out of memory");
    zc_buf_free(&cur);
    zc_buf_free(&next);
    return rc;
}

#define NONE ((size_t)-1)

/* Converts the runs of in[0..len) that hold a trigger (round: how many
 * conversions produced in). */
static int t2s_scan(zc_norm *n, const char *in, size_t len, zc_buf *out, int round, zc_error *err)
{
    const unsigned char *s = (const unsigned char *)in;
    size_t i = 0, copied = 0;
    size_t run = NONE;            /* start of the current run */
    int run_trig = 0;             /* it holds a trigger */
    size_t sp = NONE, sp_end = 0; /* the stretch waiting for OpenCC */
    int rc;

#define FLUSH_SPAN()                                                                               \
    do {                                                                                           \
        if (zc_buf_append(out, in + copied, sp - copied)) {                                        \
            rc = zc_err_set(err, ZC_ERR_NOMEM, "normalizing text: out of memory");                 \
            goto fail;                                                                             \
        }                                                                                          \
        if ((rc = convert(n, in + sp, sp_end - sp, out, round, err)))                              \
            goto fail;                                                                             \
        copied = sp_end;                                                                           \
        sp = NONE;                                                                                 \
    } while (0)
#define ADD_SPAN(a, b)                                                                             \
    do {                                                                                           \
        if (sp != NONE && (a)-sp_end <= ZC_T2S_GAP && (b)-sp <= ZC_T2S_MAX_SPAN) {                 \
            sp_end = (b);                                                                          \
        } else {                                                                                   \
            if (sp != NONE)                                                                        \
                FLUSH_SPAN();                                                                      \
            sp = (a);                                                                              \
            sp_end = (b);                                                                          \
        }                                                                                          \
    } while (0)
#define END_RUN(at)                                                                                \
    do {                                                                                           \
        if (run != NONE && run_trig)                                                               \
            ADD_SPAN(run, (at));                                                                   \
        run = NONE;                                                                                \
    } while (0)

    while (i < len) {
        if (s[i] < 0x80) {
            END_RUN(i);
            do {
                if (s[i] == 0 && sp != NONE)
                    FLUSH_SPAN();
            } while (++i < len && s[i] < 0x80);
            continue;
        }
        uint32_t cp;
        size_t l = zc_norm_decode(s + i, len - i, &cp);
        if (l == 0) {
            rc = zc_err_set(err, ZC_ERR_ENCODING, "invalid UTF-8 at byte offset %zu", i);
            goto fail;
        }
        unsigned k = cp < 0x10000 ? n->cls[cp] : 0;
        if ((k & (ZC_NC_KNOWN | ZC_NC_PROBED)) != (ZC_NC_KNOWN | ZC_NC_PROBED) &&
            (rc = t2s_class(n, cp, &k, err)))
            goto fail;
        if (k & ZC_NC_BREAK) {
            END_RUN(i);
            if (k & ZC_NC_TRIG) /* a symbol OpenCC changes: none in t2s */
                ADD_SPAN(i, i + l);
        } else {
            if (run == NONE) {
                run = i;
                run_trig = 0;
            }
            if (k & ZC_NC_TRIG)
                run_trig = 1;
        }
        i += l;
    }
    END_RUN(len);
    if (sp != NONE)
        FLUSH_SPAN();
    if (zc_buf_append(out, in + copied, len - copied))
        return zc_err_set(err, ZC_ERR_NOMEM, "normalizing text: out of memory");
    return ZC_OK;
#undef END_RUN
#undef ADD_SPAN
#undef FLUSH_SPAN
fail:
    return rc;
}

int zc_norm_t2s_pass(zc_norm *n, const char *in, size_t len, zc_buf *out, zc_error *err)
{
    if ((n->flags & ZC_NORM_REFERENCE) || !n->t2s_fast)
        return t2s_whole(n, in, len, out, err);
    return t2s_scan(n, in, len, out, 0, err);
}
