/* What the cleaning passes (clean.c) and the line classifiers
 * (clean_lines.c) share. Inline: the scanner calls these for nearly every
 * character. */
#ifndef ZC_INDEXER_CLEAN_INTERNAL_H
#define ZC_INDEXER_CLEAN_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "common/utf8.h"

/* Invisible characters that only get in the way of matching. */
static inline int zc_clean_is_dropped(uint32_t c)
{
    return c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F) || zc_is_zero_width(c) ||
           c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E) ||
           (c >= 0x2061 && c <= 0x2064) || (c >= 0x2066 && c <= 0x2069) || c == 0x180E;
}

/* The character at s (an invalid byte reads as one byte). */
static inline uint32_t zc_clean_cp_at(const char *s, size_t len, size_t *n)
{
    uint32_t c;
    *n = zc_utf8_decode(s, len, &c);
    if (!*n)
        *n = 1;
    return c;
}

static inline int zc_clean_starts(const char *s, const char *p)
{
    return !strncmp(s, p, strlen(p));
}

/* A size widget word on a line of its own ("大", "中", "小", "A+" …),
 * between "【字号：" and "】". */
int zc_clean_is_size_word(const char *s, size_t len);

/* A metadata key alone on its line ("来源：", "责任编辑："), its value on
 * the next line. */
int zc_clean_is_bare_key(const char *s, size_t len);

#endif
