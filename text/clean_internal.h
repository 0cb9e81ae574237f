/* What the cleaning passes (clean.c), the line classifiers (clean_lines.c)
 * and the rule for blanks (blanks.c) share. Inline: the scanner calls these for nearly every
 * character. */
#ifndef ZC_TEXT_CLEAN_INTERNAL_H
#define ZC_TEXT_CLEAN_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "common/utf8.h"

/* Characters that make a blank next to them meaningless: Han, kana, CJK
 * punctuation and full-width forms, and the quotes, dashes and ellipsis
 * Chinese text shares with Western text. Hangul is not here: Korean
 * separates words with spaces. */
static inline int zc_clean_is_cjk(uint32_t c)
{
    if (c < 0x2000)
        return c == 0xB7;
    return zc_is_han(c) || (c >= 0x2018 && c <= 0x201F) || c == 0x2014 || c == 0x2015 ||
           c == 0x2026 || (c >= 0x2E80 && c <= 0x2FFF) || (c >= 0x3000 && c <= 0x33FF) ||
           (c >= 0xFE10 && c <= 0xFE1F) || (c >= 0xFE30 && c <= 0xFE4F) ||
           (c >= 0xFF00 && c <= 0xFFEF);
}

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

/* Where the footer appended to cleaned text (lines separated by "\n")
 * starts, or len when it has none (text/boilerplate.c): a licence
 * statement about the work ("本作品…属于公有领域", "这部作品在…发表…公有领域",
 * "本文采用知识共享…") near the end, with all that follows it; else a
 * site footer ("版权所有", "主办单位", "网站标识码", "ICP备" …) that no
 * line of body text follows. */
size_t zc_clean_footer_start(const char *text, size_t len);

#endif
