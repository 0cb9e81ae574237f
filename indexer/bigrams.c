/* Character bigram terms: each two adjacent Han characters of a text. */
#include "bigrams.h"

#include <string.h>

#include "common/utf8.h"
#include "index/schema.h"
#include "text/unit.h"

int zc_bigrams_add(zc_postings *post, const char *text, size_t len, unsigned wdf)
{
    zc_unit_iter it;
    zc_unit u;
    char term[1 + 2 * sizeof u.term];
    size_t prev_len = 0; /* the previous unit's term, when a Han character */
    uint32_t prev_pos = 0;
    term[0] = ZC_PREFIX_BIGRAM[0];
    zc_unit_iter_init(&it, text, len);
    while (zc_unit_next(&it, &u)) {
        if (!zc_is_han(u.cp)) {
            prev_len = 0;
            continue;
        }
        if (prev_len && u.pos == prev_pos + 1) {
            memcpy(term + 1 + prev_len, u.term, u.term_len);
            for (unsigned k = 0; k < wdf; k++)
                if (zc_postings_add_count(post, term, 1 + prev_len + u.term_len))
                    return ZC_ERR_NOMEM;
        }
        memcpy(term + 1, u.term, u.term_len);
        prev_len = u.term_len;
        prev_pos = u.pos;
    }
    return ZC_OK;
}
