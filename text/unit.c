#include "text/unit.h"

#include "common/utf8.h"

void zc_unit_iter_init(zc_unit_iter *it, const char *s, size_t len)
{
    it->s = s;
    it->len = len;
    it->off = 0;
    it->char_off = 0;
    it->pos = 0;
    it->gap = 0;
    it->prev_cls = 0;
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

/* The run class of the next unit at or after byte off: what is no unit
 * (zero-width characters, NUL) is passed over, a line break or the end of
 * the text ends a run (0). */
static __attribute__((noinline)) int next_class(const zc_unit_iter *it, size_t off)
{
    while (off < it->len) {
        uint32_t cp;
        size_t n = peek(it, off, &cp);
        if (cp != 0 && !zc_is_zero_width(cp))
            return zc_unit_run_class(cp);
        off += n;
    }
    return 0;
}

/* The run flags of a unit of class cls whose text ends at byte end, and
 * the class remembered for the next unit. */
static inline unsigned run_flags(zc_unit_iter *it, int cls, size_t end)
{
    unsigned f = 0;
    if (cls) {
        if (it->gap || it->prev_cls != cls)
            f |= ZC_UNIT_RUN_START;
        unsigned char c = end < it->len ? (unsigned char)it->s[end] : 0;
        int next = c > 0 && c < 0x80 ? zc_unit_run_class(c)
                   : end < it->len   ? next_class(it, end)
                                     : 0;
        if (next != cls)
            f |= ZC_UNIT_RUN_END;
    }
    it->prev_cls = cls;
    return f;
}

/* Starts a unit at it->off: its offsets and its position. */
static void begin(zc_unit_iter *it, zc_unit *u)
{
    u->byte_off = it->off;
    u->char_off = it->char_off;
    it->pos += it->gap ? 2 : 1;
    it->gap = 0;
    u->pos = it->pos;
}

/* A 3-byte code point that is a plain unit: not a blank, line break or
 * zero-width character. This is the 3-byte part of zc_is_space,
 * zc_is_newline and zc_is_zero_width (common/utf8.c), inlined because it
 * runs on every CJK character; tests/test_units.c checks it against them
 * on every code point. */
static int plain3(uint32_t cp)
{
    if (cp - 0x2000u <= 0x60u) /* General Punctuation: quotes, dashes, … are plain */
        return !(cp <= 0x200D || cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp >= 0x205F);
    return cp != 0x1680 && cp != 0x3000 && cp != 0xFEFF;
}

/* Emits a one-character unit of term bytes t[0..n) and code point cp at
 * it->off. Everything is read before u is written: stores into u->term
 * may alias *it as far as the compiler knows. */
static void emit1(zc_unit_iter *it, zc_unit *u, const unsigned char *t, size_t n, uint32_t cp,
                  unsigned run)
{
    size_t off = it->off, char_off = it->char_off;
    uint32_t pos = it->pos + (it->gap ? 2 : 1);
    unsigned char b0 = t[0], b1 = n > 1 ? t[1] : 0, b2 = n > 2 ? t[2] : 0;
    it->off = off + n;
    it->char_off = char_off + 1;
    it->pos = pos;
    it->gap = 0;
    u->byte_off = off;
    u->byte_len = n;
    u->char_off = char_off;
    u->char_len = 1;
    u->pos = pos;
    u->cp = cp;
    u->run = run;
    u->term_len = n;
    u->term[0] = (char)b0;
    u->term[1] = (char)b1;
    u->term[2] = (char)b2;
    u->term[3] = '\0';
}

/* The general case: any character, blank runs, line breaks, invalid
 * bytes. Kept out of line so that the fast paths need no stack frame. */
static __attribute__((noinline)) int next_general(zc_unit_iter *it, zc_unit *u)
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
        int cls = zc_unit_run_class(cp);
        u->run = run_flags(it, cls, it->off + n);
        begin(it, u);
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

int zc_unit_next(zc_unit_iter *it, zc_unit *u)
{
    if (it->off >= it->len)
        return 0;
    const unsigned char *s = (const unsigned char *)it->s;
    size_t off = it->off;
    unsigned c = s[off];
    /* Fast paths for the bulk of the text, whose term is its own bytes:
     * printable ASCII (folded), and valid 3-byte sequences (leads E1..EC,
     * EE, EF cannot be overlong or surrogates) that are plain units. */
    if (c > 0x20 && c < 0x80) {
        unsigned char f = (unsigned char)zc_unit_fold(c);
        int cls = zc_unit_run_class(c);
        emit1(it, u, &f, 1, f, cls || it->prev_cls ? run_flags(it, cls, off + 1) : 0);
        return 1;
    }
    if (c - 0xE1u <= 0xEFu - 0xE1u && c != 0xED && it->len - off >= 3) {
        unsigned c1 = s[off + 1], c2 = s[off + 2];
        uint32_t cp = (uint32_t)(c & 0x0F) << 12 | (uint32_t)(c1 & 0x3F) << 6 | (c2 & 0x3F);
        if ((c1 & 0xC0) == 0x80 && (c2 & 0xC0) == 0x80 && plain3(cp)) {
            it->prev_cls = 0;
            emit1(it, u, s + off, 3, cp, 0);
            return 1;
        }
    }
    return next_general(it, u);
}

int zc_unit_whole_runs(const char *s, size_t len, size_t off, size_t n)
{
    if (n == 0 || off + n > len)
        return 1;
    int first = zc_unit_run_class((unsigned char)s[off]);
    int last = zc_unit_run_class((unsigned char)s[off + n - 1]);
    for (size_t b = off; first && b > 0;) {
        /* The character before b, read as the units read forwards. */
        size_t k = 1;
        while (k < 4 && k < b && ((unsigned char)s[b - k] & 0xC0) == 0x80)
            k++;
        uint32_t cp;
        if (((unsigned char)s[b - k] & 0xC0) == 0x80 || zc_utf8_decode(s + b - k, k, &cp) != k)
            break; /* an invalid byte: U+FFFD, no letter or digit */
        b -= k;
        if (cp != 0 && !zc_is_zero_width(cp)) {
            if (zc_unit_run_class(cp) == first)
                return 0;
            break;
        }
    }
    zc_unit_iter it = {.s = s, .len = len};
    return !last || next_class(&it, off + n) != last;
}

int zc_unit_wordlike(const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t k = zc_utf8_decode(s + i, n - i, &cp);
        if (!k)
            return 0;
        if (zc_unit_run_class(cp) || zc_is_han(cp))
            return 1;
        i += k;
    }
    return 0;
}

int zc_unit_han_pair(const char *s, size_t n)
{
    uint32_t a, b;
    size_t k = zc_utf8_decode(s, n, &a);
    if (!k || k >= n || !zc_is_han(a))
        return 0;
    return zc_utf8_decode(s + k, n - k, &b) == n - k && zc_is_han(b);
}
