/*
 * Numbers, Latin words and Chinese numerals.
 *
 * Within a block, every punctuation mark is a token (a run of one dash or
 * dot character is one: ——, ……), and every maximal run of letters, digits
 * and the connectors joined into them (5.8, PM2.5, 1,000, 3/4, COVID-19,
 * -5) is one token. A numeric one takes the character after it when that
 * makes a standard unit of Chinese text:
 *   %, ‰                    5.8%     (already inside the run)
 *   百 千 万 亿 (up to two)   3万, 1.5亿, 3千万   (not 千 of 千米, 千瓦 ...)
 *   年 after four digits     2025年   (not 年代, 年度)
 *   月(份) 1-12, 日/号 1-31   12月, 31日
 *   时 0-24, 分 秒 0-60       9时, 30分   (not 时间, 分钟 ...)
 * Durations and counts stay apart (10 年, 3 个), as does 元 (3万 元).
 *
 * Chinese numerals (二十一, 第三, 百分之三十, 二○○一年, 十二月, 三十一日)
 * are offered to the route as candidate words rather than forced: their
 * characters also occur inside ordinary words (一些, 万一, 统一).
 */
#include "text/seg_internal.h"

static int is_fullwidth_digit(uint32_t cp)
{
    return cp >= 0xFF10 && cp <= 0xFF19;
}

static int digit_value(uint32_t cp)
{
    if (cp >= '0' && cp <= '9')
        return (int)(cp - '0');
    if (is_fullwidth_digit(cp))
        return (int)(cp - 0xFF10);
    return -1;
}

int zc_num_may_join(uint32_t cp)
{
    switch (cp) {
    case '-':
    case '+':
    case 0xFF0D:
    case 0xFF0B:
    case 0x2212:
    case 0x2010:
    case 0x2011:
    case '.':
    case 0xFF0E:
    case '@':
    case 0xFF20:
    case '_':
    case '/':
    case 0xFF0F:
    case ':':
    case 0xFF1A:
    case 0xD7:
    case ',':
    case '%':
    case 0xFF05:
    case 0x2030:
    case 0x25CB: return 1;
    }
    return 0;
}

int zc_num_is_sign(uint32_t cp)
{
    return cp == '-' || cp == '+' || cp == 0xFF0D || cp == 0xFF0B || cp == 0x2212;
}

int zc_num_joins(uint32_t cp, int prev_cls, uint32_t next_cp, int next_cls, const uint32_t *after,
                 size_t n_after)
{
    (void)next_cp;
    switch (cp) {
    case '.':
    case 0xFF0E: /* decimals, versions, domains */
    case '@':
    case 0xFF20:
    case '_': return (prev_cls & ZC_CL_ALNUM) && (next_cls & ZC_CL_ALNUM);
    case '-':
    case 0xFF0D:
    case 0x2010:
    case 0x2011: /* COVID-19, Wi-Fi; not 2020-2025 */
        return (prev_cls & ZC_CL_ALNUM) && (next_cls & ZC_CL_ALNUM) &&
               ((prev_cls | next_cls) & ZC_CL_ALPHA);
    case '/':
    case 0xFF0F:
    case ':':
    case 0xFF1A:
    case 0xD7: /* 3/4, 10:30, 2×100 */ return (prev_cls & ZC_CL_DIGIT) && (next_cls & ZC_CL_DIGIT);
    case ',': /* thousands: 1,000 (exactly three digits follow) */
        if (!(prev_cls & ZC_CL_DIGIT) || n_after < 3)
            return 0;
        for (size_t i = 0; i < 3; i++)
            if (digit_value(after[i]) < 0)
                return 0;
        return n_after == 3 || digit_value(after[3]) < 0;
    case '%':
    case 0xFF05:
    case 0x2030: return (prev_cls & ZC_CL_DIGIT) != 0;
    }
    return 0;
}

int zc_num_is_cn_digit(uint32_t cp)
{
    switch (cp) {
    case 0x96F6:
    case 0x3007:
    case 0x25CB: /* 零 〇 ○ */
    case 0x4E00:
    case 0x4E8C:
    case 0x4E09:
    case 0x56DB:
    case 0x4E94: /* 一二三四五 */
    case 0x516D:
    case 0x4E03:
    case 0x516B:
    case 0x4E5D: /* 六七八九 */ return 1;
    }
    return 0;
}

/* 十 百 千 万 亿 两 */
int zc_num_is_cn_numeral(uint32_t cp)
{
    return zc_num_is_cn_digit(cp) || cp == 0x5341 || cp == 0x767E || cp == 0x5343 || cp == 0x4E07 ||
           cp == 0x4EBF || cp == 0x4E24;
}

static int in_list(uint32_t cp, const uint32_t *list)
{
    for (; *list; list++)
        if (cp == *list)
            return 1;
    return 0;
}

/* 千 is not a magnitude before these: 千米 千克 千瓦 千伏 千帕 千卡 千焦 千赫 */
static const uint32_t kilo_units[] = {0x7C73, 0x514B, 0x74E6, 0x4F0F, 0x5E15,
                                      0x5361, 0x7126, 0x8D6B, 0};
static const uint32_t not_after_year[] = {0x4EE3, 0x5EA6, 0};                 /* 代 度 */
static const uint32_t not_after_hour[] = {0x95F4, 0x5019, 0x671F, 0x4EE3, 0}; /* 间 候 期 代 */
static const uint32_t not_after_min[] = {0x949F, 0x4E4B, 0};                  /* 钟 之 */

/* The forced end of the numeric token b[i, j). */
static size_t number_end(const zc_block *b, size_t i, size_t j)
{
    uint32_t last = b->cp[j - 1];
    if (last == '%' || last == 0xFF05 || last == 0x2030 || j >= b->n)
        return j;
    /* The value, if the token is a plain run of digits. */
    long v = 0;
    size_t digits = 0;
    for (size_t k = i; k < j; k++) {
        int dv = digit_value(b->cp[k]);
        if (dv < 0) {
            v = -1;
            break;
        }
        if (v < 100000)
            v = v * 10 + dv;
        digits++;
    }
    uint32_t c = b->cp[j];
    uint32_t c2 = j + 1 < b->n ? b->cp[j + 1] : 0;
    /* Magnitudes, after any number. */
    size_t m = j;
    while (m < b->n && m < j + 2) {
        uint32_t x = b->cp[m];
        uint32_t nx = m + 1 < b->n ? b->cp[m + 1] : 0;
        if (x == 0x4E07 || x == 0x4EBF || x == 0x767E || (x == 0x5343 && !in_list(nx, kilo_units)))
            m++;
        else
            break;
    }
    if (m > j)
        return m;
    if (v < 0)
        return j;
    switch (c) {
    case 0x5E74: /* 年 */ return digits == 4 && !in_list(c2, not_after_year) ? j + 1 : j;
    case 0x6708: /* 月 */
        if (v < 1 || v > 12)
            return j;
        return c2 == 0x4EFD /* 份 */ ? j + 2 : j + 1;
    case 0x65E5:
    case 0x53F7: /* 日 号 */ return v >= 1 && v <= 31 ? j + 1 : j;
    case 0x65F6: /* 时 */ return v <= 24 && !in_list(c2, not_after_hour) ? j + 1 : j;
    case 0x5206:
    case 0x79D2: /* 分 秒 */ return v <= 60 && !in_list(c2, not_after_min) ? j + 1 : j;
    }
    return j;
}

int zc_num_merges(uint32_t cp)
{
    switch (cp) {
    case 0x2014:
    case 0x2015:
    case 0x2026:
    case 0x2500:
    case 0x22EF:
    case 0xFF0D:
    case '-':
    case '.':
    case '~':
    case '=':
    case '*':
    case '#':
    case '_': return 1;
    }
    return 0;
}

void zc_num_atoms(zc_block *b)
{
    size_t n = b->n;
    for (size_t i = 0; i < n;) {
        if (b->cls[i] == ZC_CL_HAN) {
            b->atom[i] = 0;
            b->inner[i] = 0;
            i++;
            continue;
        }
        size_t j = i + 1, e;
        int kind;
        if (b->cls[i] == ZC_CL_OTHER) {
            if (zc_num_merges(b->cp[i]))
                while (j < n && b->cp[j] == b->cp[i] && b->cls[j] == ZC_CL_OTHER)
                    j++;
            e = j;
            kind = ZC_EDGE_PUNCT;
        } else {
            int alpha = b->cls[i] & ZC_CL_ALPHA;
            while (j < n && b->cls[j] != ZC_CL_HAN && b->cls[j] != ZC_CL_OTHER) {
                alpha |= b->cls[j] & ZC_CL_ALPHA;
                j++;
            }
            e = alpha ? j : number_end(b, i, j);
            kind = alpha ? ZC_EDGE_LATIN : ZC_EDGE_NUMBER;
        }
        b->atom[i] = (uint32_t)e;
        b->atom_kind[i] = (uint8_t)kind;
        b->inner[i] = 0;
        for (size_t k = i + 1; k < e; k++) {
            b->atom[k] = 0;
            b->inner[k] = 1;
        }
        i = e;
    }
    /* The runs of Chinese numerals, from the end. */
    for (size_t i = n; i-- > 0;) {
        uint32_t c = b->cp[i];
        int numeral = zc_num_is_cn_numeral(c);
        uint16_t next_num = i + 1 < n ? b->num_end[i + 1] : (uint16_t)n;
        uint16_t next_digit = i + 1 < n ? b->digit_end[i + 1] : (uint16_t)n;
        uint16_t next_point = i + 1 < n ? b->point_end[i + 1] : (uint16_t)n;
        b->num_end[i] = numeral ? next_num : (uint16_t)i;
        b->digit_end[i] = zc_num_is_cn_digit(c) ? next_digit : (uint16_t)i;
        /* 点 only between numerals: 三点五 */
        int point = c == 0x70B9 && i + 1 < n && zc_num_is_cn_numeral(b->cp[i + 1]);
        b->point_end[i] = numeral || point ? next_point : (uint16_t)i;
    }
}

/* The value of a small Chinese numeral (一..九, 十, 十一.., 二十.., 三十一),
 * or -1. */
static int cn_small_value(const uint32_t *cp, size_t len)
{
    static const uint32_t d[] = {0x4E00, 0x4E8C, 0x4E09, 0x56DB, 0x4E94,
                                 0x516D, 0x4E03, 0x516B, 0x4E5D};
    int v[3];
    for (size_t i = 0; i < len && i < 3; i++) {
        v[i] = cp[i] == 0x5341 ? 10 : -1;
        for (int k = 0; k < 9; k++)
            if (cp[i] == d[k])
                v[i] = k + 1;
        if (v[i] < 0)
            return -1;
    }
    switch (len) {
    case 1: return v[0];
    case 2:
        if (v[0] == 10 && v[1] < 10)
            return 10 + v[1];
        if (v[0] < 10 && v[1] == 10)
            return v[0] * 10;
        return -1;
    case 3: return v[0] < 10 && v[1] == 10 && v[2] < 10 ? v[0] * 10 + v[2] : -1;
    }
    return -1;
}

size_t zc_num_cn_ends(const zc_block *b, size_t i, uint32_t *ends)
{
    const uint32_t *cp = b->cp;
    size_t n = b->n, k = 0;
    if (cp[i] == 0x7B2C) { /* 第 + numeral: 第三, 第十四, 第600 */
        size_t j = i + 1 < n ? b->num_end[i + 1] : i + 1;
        if (j > i + 1)
            ends[k++] = (uint32_t)j;
        else if (j < n && b->atom[j] && b->atom_kind[j] == ZC_EDGE_NUMBER &&
                 digit_value(cp[j]) >= 0)
            ends[k++] = b->atom[j];
        return k;
    }
    if (cp[i] == 0x767E && i + 3 < n && cp[i + 1] == 0x5206 && cp[i + 2] == 0x4E4B) {
        /* 百分之 + numeral, with 点 + numeral (not right after 之) */
        size_t j = zc_num_is_cn_numeral(cp[i + 3]) ? b->point_end[i + 3] : i + 3;
        if (j > i + 3)
            ends[k++] = (uint32_t)j;
        /* and fall through: 百 is a numeral itself */
    }
    if (!zc_num_is_cn_numeral(cp[i]))
        return k;
    size_t j = b->num_end[i];
    int digits_only = b->digit_end[i] == j;
    size_t len = j - i;
    if (len >= 2)
        ends[k++] = (uint32_t)j;
    if (j >= n)
        return k;
    uint32_t c2 = j + 1 < n ? cp[j + 1] : 0;
    int v = cn_small_value(cp + i, len);
    switch (cp[j]) {
    case 0x5E74: /* 年 of a year spelt digit by digit: 二○○一年 */
        if (len >= 2 && digits_only && !in_list(c2, not_after_year))
            ends[k++] = (uint32_t)j + 1;
        break;
    case 0x6708: /* 月 */
        if (v >= 1 && v <= 12)
            ends[k++] = (uint32_t)(c2 == 0x4EFD ? j + 2 : j + 1);
        break;
    case 0x65E5:
    case 0x53F7: /* 日 号 */
        if (v >= 1 && v <= 31)
            ends[k++] = (uint32_t)j + 1;
        break;
    }
    return k;
}
