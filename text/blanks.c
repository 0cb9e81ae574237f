/* The cleaner's rule for blanks, which queries need too: a run of blanks
 * stays, as one space, only between two characters that are not CJK. */
#include <stdint.h>
#include <string.h>

#include "common/utf8.h"
#include "text/clean.h"
#include "text/clean_internal.h"

void zc_clean_blanks(char *s, size_t *len)
{
    size_t n = *len, w = 0;
    int pending = 0, prev_cjk = 1; /* the start: no blank before anything */
    for (size_t i = 0; i < n;) {
        uint32_t c;
        size_t k = zc_utf8_decode(s + i, n - i, &c);
        if (!k)
            k = 1, c = 0xFFFD;
        if (zc_is_space(c)) {
            pending = 1;
            i += k;
            continue;
        }
        int cjk = zc_clean_is_cjk(c);
        if (pending && !cjk && !prev_cjk)
            s[w++] = ' ';
        pending = 0;
        memmove(s + w, s + i, k);
        w += k;
        i += k;
        prev_cjk = cjk;
    }
    *len = w;
    s[w] = '\0';
}
