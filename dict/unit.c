#include "unit.h"

#include "common/utf8.h"

void zc_unit_iter_init(zc_unit_iter *it, const char *s, size_t len)
{
    it->s = s;
    it->len = len;
    it->off = 0;
    it->char_off = 0;
    it->pos = 0;
    it->gap = 0;
}

uint32_t zc_unit_fold(uint32_t cp)
{
    return (cp >= 'A' && cp <= 'Z') ? cp + 32 : cp;
}

/* Reads one code point at it->off; invalid bytes read as U+FFFD, length 1. */
static size_t peek(const zc_unit_iter *it, size_t off, uint32_t *cp)
{
    unsigned char c = (unsigned char)it->s[off];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    size_t n = zc_utf8_decode(it->s + off, it->len - off, cp);
    return n ? n : 1;
}

int zc_unit_next(zc_unit_iter *it, zc_unit *u)
{
    while (it->off < it->len) {
        uint32_t cp;
        size_t n = peek(it, it->off, &cp);
        if (zc_is_newline(cp)) {
            it->gap = 1;
            it->off += n;
            it->char_off++;
            continue;
        }
        if (zc_is_zero_width(cp) || cp == 0) {
            it->off += n;
            it->char_off++;
            continue;
        }
        u->byte_off = it->off;
        u->char_off = it->char_off;
        it->pos += it->gap ? 2 : 1;
        it->gap = 0;
        u->pos = it->pos;
        if (zc_is_space(cp)) {
            /* A run of blanks is one unit. */
            size_t chars = 0;
            while (it->off < it->len) {
                uint32_t c2;
                size_t n2 = peek(it, it->off, &c2);
                if (!zc_is_space(c2))
                    break;
                it->off += n2;
                chars++;
            }
            it->char_off += chars;
            u->cp = ' ';
            u->char_len = chars;
        } else {
            it->off += n;
            it->char_off++;
            u->cp = zc_unit_fold(cp);
            u->char_len = 1;
        }
        u->byte_len = it->off - u->byte_off;
        u->term_len = zc_utf8_encode(u->cp, u->term);
        u->term[u->term_len] = '\0';
        return 1;
    }
    return 0;
}
