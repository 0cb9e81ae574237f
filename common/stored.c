/* The stored text: one zstd frame that records its content size and a
 * checksum of the content (zstd's own, 4 bytes of XXH64): a byte changed
 * anywhere in the value fails to unpack instead of giving a garbled
 * snippet. Texts stored without the checksum, by earlier versions, still
 * read, unchecked. */
#include "common/stored.h"

#include <stdlib.h>
#include <zstd.h>

/* Level 3 (zstd's default): the ratio of zlib's level 6 within about 7 %
 * on news text, at several times the speed. */
#define ZC_STORED_LEVEL 3

int zc_stored_packer_new(zc_stored_packer **out, zc_error *err)
{
    ZSTD_CCtx *c = ZSTD_createCCtx();
    *out = NULL;
    if (!c)
        return zc_err_set(err, ZC_ERR_NOMEM, "out of memory");
    size_t r = ZSTD_CCtx_setParameter(c, ZSTD_c_compressionLevel, ZC_STORED_LEVEL);
    if (!ZSTD_isError(r))
        r = ZSTD_CCtx_setParameter(c, ZSTD_c_checksumFlag, 1);
    if (ZSTD_isError(r)) {
        ZSTD_freeCCtx(c);
        return zc_err_set(err, ZC_ERR_BACKEND, "cannot set up zstd: %s", ZSTD_getErrorName(r));
    }
    *out = (zc_stored_packer *)c;
    return ZC_OK;
}

void zc_stored_packer_free(zc_stored_packer *p)
{
    ZSTD_freeCCtx((ZSTD_CCtx *)p);
}

int zc_stored_pack(zc_stored_packer *p, const char *text, size_t len, zc_buf *out, zc_error *err)
{
    zc_buf_clear(out);
    size_t cap = ZSTD_compressBound(len);
    if (zc_buf_reserve(out, cap))
        return zc_err_set(err, ZC_ERR_NOMEM, "out of memory");
    size_t n = ZSTD_compress2((ZSTD_CCtx *)p, out->data, cap, text, len);
    if (ZSTD_isError(n))
        return zc_err_set(err, ZC_ERR_NOMEM, "cannot compress document text: %s",
                          ZSTD_getErrorName(n));
    out->len = n;
    return ZC_OK;
}

int zc_stored_unpacker_new(zc_stored_unpacker **out, zc_error *err)
{
    *out = (zc_stored_unpacker *)ZSTD_createDCtx();
    return *out ? ZC_OK : zc_err_set(err, ZC_ERR_NOMEM, "out of memory");
}

void zc_stored_unpacker_free(zc_stored_unpacker *u)
{
    ZSTD_freeDCtx((ZSTD_DCtx *)u);
}

int zc_stored_unpack(zc_stored_unpacker *u, const char *data, size_t len, char **text,
                     size_t *text_len, zc_error *err)
{
    *text = NULL;
    if (text_len)
        *text_len = 0;
    unsigned long long size = data ? ZSTD_getFrameContentSize(data, len) : ZSTD_CONTENTSIZE_ERROR;
    if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN || size >= SIZE_MAX)
        return zc_err_set(err, ZC_ERR_CORRUPT, "stored text is damaged (no zstd frame header)");
    char *t = malloc((size_t)size + 1);
    if (!t)
        return zc_err_set(err, ZC_ERR_NOMEM, "out of memory");
    size_t n = u ? ZSTD_decompressDCtx((ZSTD_DCtx *)u, t, (size_t)size, data, len)
                 : ZSTD_decompress(t, (size_t)size, data, len);
    if (ZSTD_isError(n) || n != size) {
        free(t);
        return zc_err_set(err, ZC_ERR_CORRUPT, "stored text is damaged (zstd: %s)",
                          ZSTD_isError(n) ? ZSTD_getErrorName(n) : "size differs from its header");
    }
    t[n] = '\0';
    *text = t;
    if (text_len)
        *text_len = n;
    return ZC_OK;
}
