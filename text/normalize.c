/* The normalizer object and its entry points; the passes live in
 * normalize_nfkc.c and normalize_t2s.c. */
#include "text/normalize.h"

#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "common/err.h"
#include "text/normalize_internal.h"

/* OpenCC's traditional → simplified configuration, in its data directory. */
#define ZC_NORM_T2S_CONFIG "t2s.json"

#define ZC_NORM_ALL_FLAGS (ZC_NORM_NFKC | ZC_NORM_T2S | ZC_NORM_CASEFOLD | ZC_NORM_REFERENCE)

/* Scratch buffers bigger than this are released after each text, so that
 * one huge document does not pin its size for the normalizer's lifetime. */
#define ZC_NORM_KEEP_SCRATCH ((size_t)8 << 20)

/* The fast path of the T2S pass knows the phrase table behind t2s.json;
 * is config that file? */
static int is_default_t2s(const char *config)
{
    const char *slash = strrchr(config, '/');
    return strcmp(slash ? slash + 1 : config, ZC_NORM_T2S_CONFIG) == 0;
}

int zc_norm_new_config(int flags, const char *opencc_config, zc_norm **out, zc_error *err)
{
    if (!out)
        return zc_err_set(err, ZC_ERR_INVALID, "zc_norm_new: no output pointer");
    *out = NULL;
    if (flags & ~ZC_NORM_ALL_FLAGS)
        return zc_err_set(err, ZC_ERR_INVALID, "zc_norm_new: unknown flags 0x%x",
                          (unsigned)(flags & ~ZC_NORM_ALL_FLAGS));
    zc_norm *n = calloc(1, sizeof *n);
    if (!n || !(n->cls = calloc(0x10000, 1))) {
        free(n);
        return zc_err_set(err, ZC_ERR_NOMEM, "zc_norm_new: out of memory");
    }
    n->flags = flags;
    n->utf8proc_opts = UTF8PROC_STABLE | UTF8PROC_COMPOSE;
    if (flags & ZC_NORM_NFKC)
        n->utf8proc_opts |= UTF8PROC_COMPAT;
    if (flags & ZC_NORM_CASEFOLD)
        n->utf8proc_opts |= UTF8PROC_CASEFOLD;
    if (flags & ZC_NORM_T2S) {
        const char *config = opencc_config ? opencc_config : ZC_NORM_T2S_CONFIG;
        n->t2s_fast = is_default_t2s(config);
        int rc = zc_norm_t2s_open(n, config, err);
        if (rc) {
            zc_norm_free(n);
            return rc;
        }
    }
    *out = n;
    return ZC_OK;
}

int zc_norm_new(int flags, zc_norm **out, zc_error *err)
{
    return zc_norm_new_config(flags, NULL, out, err);
}

void zc_norm_free(zc_norm *n)
{
    if (!n)
        return;
    zc_norm_t2s_close(n);
    for (int p = 0; p < ZC_NORM_PLANES; p++) {
        free(n->sup_trig[p]);
        free(n->sup_probed[p]);
    }
    zc_buf_free(&n->tmp);
    zc_buf_free(&n->probe);
    free(n->cps);
    free(n->cls);
    free(n);
}

int zc_norm_flags(const zc_norm *n)
{
    return n ? n->flags : 0;
}

void zc_norm_get_stats(const zc_norm *n, zc_norm_stats *st)
{
    if (n && st)
        *st = n->st;
}

static void trim_scratch(zc_norm *n)
{
    if (n->tmp.cap > ZC_NORM_KEEP_SCRATCH)
        zc_buf_free(&n->tmp);
    if (n->cps_cap * sizeof *n->cps > ZC_NORM_KEEP_SCRATCH) {
        free(n->cps);
        n->cps = NULL;
        n->cps_cap = 0;
    }
}

static int run_passes(zc_norm *n, const char *in, size_t len, zc_buf *out, zc_error *err)
{
    const int nfkc = (n->flags & (ZC_NORM_NFKC | ZC_NORM_CASEFOLD)) != 0;
    const int t2s = (n->flags & ZC_NORM_T2S) != 0;
    int rc, same = 1;
    if (nfkc) {
        zc_buf *dst = t2s ? &n->tmp : out;
        if (t2s)
            zc_buf_clear(dst);
        if ((rc = zc_norm_nfkc_pass(n, in, len, dst, &same, err)))
            return rc;
        if (!same && t2s) {
            in = n->tmp.data;
            len = n->tmp.len;
        }
    } else {
        size_t bad;
        if (!zc_utf8_valid(in, len, &bad))
            return zc_err_set(err, ZC_ERR_ENCODING, "invalid UTF-8 at byte offset %zu", bad);
    }
    if (t2s)
        return zc_norm_t2s_pass(n, in, len, out, err);
    if (same && zc_buf_append(out, in, len))
        return zc_err_set(err, ZC_ERR_NOMEM, "normalizing text: out of memory");
    return ZC_OK;
}

int zc_norm_append(zc_norm *n, const char *in, size_t len, zc_buf *out, zc_error *err)
{
    if (!n || !out || (!in && len))
        return zc_err_set(err, ZC_ERR_INVALID, "zc_norm_append: bad arguments");
    if (!in)
        in = "";
    n->st.bytes_in += len;
    size_t out0 = out->len;
    int rc = run_passes(n, in, len, out, err);
    if (rc) {
        out->len = out0;
        if (out->data)
            out->data[out0] = '\0';
    }
    trim_scratch(n);
    return rc;
}

int zc_norm_text(zc_norm *n, const char *in, size_t len, char **out, size_t *out_len, zc_error *err)
{
    if (!out)
        return zc_err_set(err, ZC_ERR_INVALID, "zc_norm_text: no output pointer");
    *out = NULL;
    if (out_len)
        *out_len = 0;
    zc_buf b = ZC_BUF_INIT;
    int rc = zc_norm_append(n, in, len, &b, err);
    if (rc) {
        zc_buf_free(&b);
        return rc;
    }
    if (out_len)
        *out_len = b.len;
    *out = zc_buf_detach(&b);
    if (!*out)
        return zc_err_set(err, ZC_ERR_NOMEM, "normalizing text: out of memory");
    return ZC_OK;
}
