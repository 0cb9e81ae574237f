/* The plausibility of decoded text as Chinese (plausible.h). */
#include "extract/plausible.h"

#include <stdint.h>

#define NOT_WEIGHED 99

static int weight(uint32_t c)
{
    if (c >= 0x4E00 && c <= 0x9FFF) {
        unsigned level = zc_plaus_han_level[c - 0x4E00];
        return level == 2 ? 4 : level == 1 ? 2 : 1;
    }
    if (c < 0xA0)
        return -4; /* C1 controls (ASCII is not weighed) */
    if (c < 0xC0 || c == 0xD7 || c == 0xF7)
        return 4; /* Latin-1 punctuation and signs: ° ± · × ÷ */
    if (c < 0x250)
        return NOT_WEIGHED; /* Latin letters with diacritics: pinyin, names */
    if (c >= 0x2000 && c <= 0x200F)
        return NOT_WEIGHED;             /* spaces, zero-width characters */
    if ((c >= 0x2010 && c <= 0x205E) || /* dashes, quotes, ellipsis, ‰, ※ */
        (c >= 0x2100 && c <= 0x22FF) || /* ℃ №, Roman numerals, arrows, maths */
        (c >= 0x2460 && c <= 0x24FF) || /* ① ⑴ ⒈ */
        (c >= 0x25A0 && c <= 0x26FF) || /* ■ ○ ★ */
        (c >= 0x3000 && c <= 0x303F) || /* 、。「」《》 */
        (c >= 0xFE30 && c <= 0xFE6F) || /* vertical and small forms */
        (c >= 0xFF01 && c <= 0xFF5E) || /* full-width ASCII */
        (c >= 0xFFE0 && c <= 0xFFE6))   /* ￥ ￡ */
        return 4;
    if (c >= 0x2500 && c <= 0x259F)
        return NOT_WEIGHED; /* box drawing, block elements: tables */
    if (c == 0xFEFF)
        return NOT_WEIGHED;
    if ((c >= 0xE000 && c <= 0xF8FF) || c >= 0xF0000 || c == 0xFFFD ||
        (c >= 0xFDD0 && c <= 0xFDEF) || (c & 0xFFFE) == 0xFFFE)
        return -4; /* private use, replacement, noncharacters */
    return 0;
}

void zc_plaus_add(zc_plaus *p, const char *str, size_t len)
{
    const unsigned char *s = (const unsigned char *)str;
    long long points = 0;
    size_t chars = 0, odd = 0;
    for (size_t i = 0; i < len;) {
        unsigned c = s[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        /* The text is valid UTF-8; the bounds only guard a cut sequence. */
        uint32_t cp;
        if (c >= 0xE4 && c <= 0xE9 && i + 3 <= len) { /* most of it: U+4000–U+9FFF */
            cp = (c & 0x0Fu) << 12 | (s[i + 1] & 0x3Fu) << 6 | (s[i + 2] & 0x3Fu);
            if (cp >= 0x4E00) {
                static const signed char han[3] = {1, 2, 4};
                points += han[zc_plaus_han_level[cp - 0x4E00]];
                chars++;
                i += 3;
                continue;
            }
        }
        if (c < 0xE0 && i + 2 <= len) {
            cp = (c & 0x1Fu) << 6 | (s[i + 1] & 0x3Fu);
            i += 2;
        } else if (c >= 0xE0 && c < 0xF0 && i + 3 <= len) {
            cp = (c & 0x0Fu) << 12 | (s[i + 1] & 0x3Fu) << 6 | (s[i + 2] & 0x3Fu);
            i += 3;
        } else if (c >= 0xF0 && i + 4 <= len) {
            cp = (c & 0x07u) << 18 | (s[i + 1] & 0x3Fu) << 12 | (s[i + 2] & 0x3Fu) << 6 |
                 (s[i + 3] & 0x3Fu);
            i += 4;
        } else {
            break;
        }
        int w = weight(cp);
        if (w != NOT_WEIGHED) {
            points += w;
            chars++;
            odd += w < 0;
        }
    }
    p->points += points;
    p->chars += chars;
    p->odd += odd;
}

int zc_plaus_score(const zc_plaus *p)
{
    return p->chars ? (int)(p->points * 1000 / (4 * (long long)p->chars)) : 1000;
}
