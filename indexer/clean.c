/* Cleaning decoded text before it is indexed and stored. */
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/utf8.h"
#include "index_internal.h"

size_t zc_clean_text(char *text, size_t len)
{
    size_t r = 0, w = 0;
    while (r < len) {
        unsigned char c = (unsigned char)text[r];
        if (c == '\r') {
            /* CR LF and lone CR both end a line. */
            text[w++] = '\n';
            r += (r + 1 < len && text[r + 1] == '\n') ? 2 : 1;
            continue;
        }
        if (c == '\0') {
            r++;
            continue;
        }
        if (c < 0x80) {
            text[w++] = text[r++];
            continue;
        }
        uint32_t cp;
        size_t n = zc_utf8_decode(text + r, len - r, &cp);
        if (n == 0)
            n = 1; /* callers validate first; keep the byte as it is */
        else if (zc_is_zero_width(cp)) {
            r += n;
            continue;
        }
        memmove(text + w, text + r, n);
        w += n;
        r += n;
    }
    if (w < len)
        text[w] = '\0';
    return w;
}
