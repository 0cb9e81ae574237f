/* Metadata of a report: its title. */
#include <stdlib.h>

#include "common/buf.h"
#include "common/utf8.h"
#include "index_internal.h"

char *zc_idx_title(const char *text, size_t len, size_t max_chars)
{
    size_t i = 0;
    while (i < len) {
        size_t end = i;
        while (end < len && text[end] != '\n')
            end++;
        /* Trim blanks (ASCII and the ideographic space) at both ends. */
        size_t a = i, b = end;
        for (;;) {
            uint32_t cp;
            size_t n = zc_utf8_decode(text + a, b - a, &cp);
            if (a < b && n && zc_is_space(cp))
                a += n;
            else
                break;
        }
        while (b > a) {
            size_t p = b - 1;
            while (p > a && ((unsigned char)text[p] & 0xC0) == 0x80)
                p--;
            uint32_t cp;
            size_t n = zc_utf8_decode(text + p, b - p, &cp);
            if (n && zc_is_space(cp))
                b = p;
            else
                break;
        }
        if (b > a) {
            size_t chars = 0, k = a;
            while (k < b && chars < max_chars) {
                uint32_t cp;
                size_t n = zc_utf8_decode(text + k, b - k, &cp);
                k += n ? n : 1;
                chars++;
            }
            zc_buf t = ZC_BUF_INIT;
            if (zc_buf_append(&t, text + a, k - a))
                return NULL;
            return zc_buf_detach(&t);
        }
        i = end + 1;
    }
    return calloc(1, 1);
}
