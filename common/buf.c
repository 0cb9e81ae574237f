#include "buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zhengce.h"

int zc_buf_reserve(zc_buf *b, size_t extra)
{
    if (b->len + extra + 1 <= b->cap)
        return ZC_OK;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + extra + 1) {
        if (cap > ((size_t)-1) / 2)
            return ZC_ERR_NOMEM;
        cap *= 2;
    }
    char *d = realloc(b->data, cap);
    if (!d)
        return ZC_ERR_NOMEM;
    b->data = d;
    b->cap = cap;
    return ZC_OK;
}

int zc_buf_append(zc_buf *b, const void *data, size_t len)
{
    if (zc_buf_reserve(b, len))
        return ZC_ERR_NOMEM;
    if (len)
        memcpy(b->data + b->len, data, len);
    b->len += len;
    b->data[b->len] = '\0';
    return ZC_OK;
}

int zc_buf_puts(zc_buf *b, const char *s)
{
    return zc_buf_append(b, s, strlen(s));
}

int zc_buf_printf(zc_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || zc_buf_reserve(b, (size_t)n))
        return ZC_ERR_NOMEM;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return ZC_OK;
}

void zc_buf_clear(zc_buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

char *zc_buf_detach(zc_buf *b)
{
    char *d = b->data ? b->data : calloc(1, 1);
    b->data = NULL;
    b->len = b->cap = 0;
    return d;
}

void zc_buf_free(zc_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}
