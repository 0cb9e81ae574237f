/* A growable byte buffer, always NUL-terminated. */
#ifndef ZC_COMMON_BUF_H
#define ZC_COMMON_BUF_H

#include <stddef.h>

typedef struct zc_buf {
    char *data; /* NULL until the first append */
    size_t len;
    size_t cap;
} zc_buf;

#define ZC_BUF_INIT                                                                                \
    {                                                                                              \
        NULL, 0, 0                                                                                 \
    }

/* Each returns ZC_OK or ZC_ERR_NOMEM (the buffer is unchanged then). */
int zc_buf_reserve(zc_buf *b, size_t extra);
int zc_buf_append(zc_buf *b, const void *data, size_t len);
int zc_buf_puts(zc_buf *b, const char *s);
/* Inline: normalization, cleaning and markup extraction write much of
 * their output a byte at a time. */
static inline int zc_buf_putc(zc_buf *b, char c)
{
    if (b->len + 2 > b->cap) {
        int rc = zc_buf_reserve(b, 1);
        if (rc)
            return rc;
    }
    b->data[b->len++] = c;
    b->data[b->len] = '\0';
    return 0;
}
int zc_buf_printf(zc_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void zc_buf_clear(zc_buf *b);
/* Hands the data to the caller (malloc'd; "" if empty) and resets b. */
char *zc_buf_detach(zc_buf *b);
void zc_buf_free(zc_buf *b);

#endif
