/* When a document is from, by the evidence of its text (docs/indexing.md):
 * a dated header or signature, 成文日期, the year in a work report's title,
 * the congress or NPC session it was given at, the year it reviews. */
#include <string.h>

#include "common/utf8.h"
#include "meta.h"

#define HEAD_LINES 40
#define TAIL_LINES 12
#define HEAD_BYTES 6000

/* The value of a digit written in Chinese or ASCII, or -1. */
static int digit_value(uint32_t c)
{
    if (c >= '0' && c <= '9')
        return (int)(c - '0');
    switch (c) {
    case 0x3007: /* 〇 */
    case 0x25CB: /* ○ */
    case 0x96F6: /* 零 */
    case 0x039F: /* Ο, a look-alike */
    case 'O': return 0;
    case 0x4E00: return 1;
    case 0x4E8C: return 2;
    case 0x4E09: return 3;
    case 0x56DB: return 4;
    case 0x4E94: return 5;
    case 0x516D: return 6;
    case 0x4E03: return 7;
    case 0x516B: return 8;
    case 0x4E5D: return 9;
    }
    return -1;
}

/* The character before s[at] and where it starts, or 0. */
static uint32_t cp_before(const char *s, size_t at, size_t *start)
{
    if (at == 0)
        return 0;
    size_t p = at - 1;
    while (p > 0 && ((unsigned char)s[p] & 0xC0) == 0x80)
        p--;
    uint32_t c;
    if (!zc_utf8_decode(s + p, at - p, &c))
        return 0;
    *start = p;
    return c;
}

int zc_meta_year_before(const char *s, size_t at, size_t *start)
{
    int d[4];
    size_t k = 0, p = at, q;
    while (k < 4) {
        uint32_t c = cp_before(s, p, &q);
        if (c == ' ' && k > 0 && k < 4) { /* spaced digits: "2 0 2 4年" */
            size_t q2;
            uint32_t c2 = cp_before(s, q, &q2);
            if (c2 >= '0' && c2 <= '9') {
                p = q;
                continue;
            }
        }
        int v = digit_value(c);
        if (v < 0)
            break;
        d[k++] = v;
        p = q;
    }
    if (k != 4)
        return 0;
    size_t q3;
    if (digit_value(cp_before(s, p, &q3)) >= 0)
        return 0; /* five digits or more: no year */
    int y = d[3] * 1000 + d[2] * 100 + d[1] * 10 + d[0];
    if (y < 1900 || y > 2100)
        return 0;
    if (start)
        *start = p;
    return y;
}

/* A month or day number at s[*i]: 1-2 ASCII digits or a Chinese numeral
 * up to 三十一; -1 if none. */
static int small_at(const char *s, size_t len, size_t *i)
{
    size_t k = *i;
    int v = 0, n = 0;
    while (k < len && n < 2 && s[k] >= '0' && s[k] <= '9')
        v = v * 10 + (s[k++] - '0'), n++;
    while (k < len && s[k] == ' ')
        k++;
    if (n) {
        *i = k;
        return v;
    }
    uint32_t c;
    size_t m;
    int tens = 0, units = -1;
    if ((m = zc_utf8_decode(s + k, len - k, &c)) && c != 0x5341 /* 十 */) {
        units = digit_value(c);
        if (units <= 0)
            return -1;
        k += m;
        m = zc_utf8_decode(s + k, len - k, &c);
        if (!m || c != 0x5341) {
            *i = k;
            return units;
        }
        tens = units, units = 0;
    } else if (m) {
        tens = 1, units = 0;
    } else {
        return -1;
    }
    k += m; /* past 十 */
    if ((m = zc_utf8_decode(s + k, len - k, &c)) && digit_value(c) > 0) {
        units = digit_value(c);
        k += m;
    }
    *i = k;
    return tens * 10 + units;
}

static int word_at(const char *s, size_t len, size_t i, const char *w)
{
    size_t l = strlen(w);
    return i + l <= len && memcmp(s + i, w, l) == 0;
}

/* After "YYYY年" at s[i]: "M月D日" or "M月"; the month and day read (0 when
 * absent); returns where the date ends. */
static size_t month_day(const char *s, size_t len, size_t i, int *month, int *day)
{
    *month = *day = 0;
    size_t k = i;
    int m = small_at(s, len, &k);
    if (m < 1 || m > 12 || !word_at(s, len, k, "月"))
        return i;
    k += 3;
    *month = m;
    size_t k2 = k;
    int d = small_at(s, len, &k2);
    if (d >= 1 && d <= 31 && (word_at(s, len, k2, "日") || word_at(s, len, k2, "号"))) {
        *day = d;
        return k2 + 3;
    }
    return k;
}

/* Characters that may stand around a date alone on its line: dashes,
 * brackets, blanks. */
static int date_frame(uint32_t c)
{
    return c == 0x2014 || c == 0x2015 || c == '-' || c == 0xFF08 || c == 0xFF09 || c == '(' ||
           c == ')' || c == ' ' || c == 0x2500 || c == 0x3000;
}

/* Whether s[a..b) holds only date_frame characters. */
static int only_frame(const char *s, size_t a, size_t b)
{
    while (a < b) {
        uint32_t c;
        size_t m = zc_utf8_decode(s + a, b - a, &c);
        if (!m || !date_frame(c))
            return 0;
        a += m;
    }
    return 1;
}

/* Keys before a date that state when the document was issued. */
static const char *const date_keys[] = {"成文日期", "发文日期", "印发日期", "签发日期",
                                        "发布日期", "日期",     NULL};

/* Whether the line s[a..ystart) is a date key: "成文日期：" and the like. */
static int keyed(const char *s, size_t a, size_t ystart)
{
    for (size_t k = 0; date_keys[k]; k++) {
        size_t l = strlen(date_keys[k]);
        if (ystart - a < l || memcmp(s + a, date_keys[k], l) != 0)
            continue;
        size_t r = a + l;
        if (word_at(s, ystart, r, "："))
            r += 3;
        else if (r < ystart && s[r] == ':')
            r++;
        if (only_frame(s, r, ystart))
            return 1;
    }
    return 0;
}

/* A dated line s[a..b): a full date alone on it but for dashes and
 * brackets ("——2024年3月5日在…" also, with 在 after the date), or after a
 * date key. Fills the date; returns its year or 0. */
static int dated_line(const char *s, size_t a, size_t b, int *month, int *day)
{
    const char *p = s + a;
    size_t limit = b - a > 120 ? a + 120 : b;
    while ((p = memchr(p, 0xE5, (size_t)(s + limit - p)))) {
        size_t i = (size_t)(p - s);
        p++;
        if (!word_at(s, b, i, "年"))
            continue;
        size_t ys;
        int y = zc_meta_year_before(s, i, &ys);
        if (!y)
            continue;
        int m, d;
        size_t end = month_day(s, b, i + 3, &m, &d);
        if (!m)
            continue;
        int lead_ok = only_frame(s, a, ys) || keyed(s, a, ys);
        if (!lead_ok)
            return 0;
        if (only_frame(s, end, b) || (d && word_at(s, b, end, "在"))) {
            *month = m;
            *day = d;
            return y;
        }
        return 0;
    }
    return 0;
}

/* Chinese ordinal "第十九次" / "第二十届" at s[*i] (after 第), 1..99, or -1. */
static int ordinal(const char *s, size_t len, size_t *i)
{
    size_t k = *i;
    int v = small_at(s, len, &k);
    if (v <= 0)
        return -1;
    *i = k;
    return v;
}

/* The years of the CPC national congresses, by number. */
static const short congress_year[] = {0,    1921, 1922, 1923, 1925, 1927, 1928, 1945,
                                      1956, 1969, 1973, 1977, 1982, 1987, 1992, 1997,
                                      2002, 2007, 2012, 2017, 2022, 2027};
/* The year of the first session of each National People's Congress; the
 * sessions follow yearly but for the second NPC (1959, 1960, 1962, 1963). */
static const short npc_year[] = {0,    1954, 1959, 1964, 1975, 1978, 1983, 1988,
                                 1993, 1998, 2003, 2008, 2013, 2018, 2023, 2028};

static int npc_session_year(int term, int session)
{
    if (term < 1 || term >= (int)(sizeof npc_year / sizeof *npc_year) || session < 1 || session > 5)
        return 0;
    if (term == 2 && session >= 3)
        return 1959 + session;
    return npc_year[term] + session - 1;
}

/* A congress ("第N次全国代表大会") or NPC session ("第N届全国人民代表大会第M次
 * 会议") at s[i] (at 第), as its year, or 0. */
static int session_at(const char *s, size_t len, size_t i)
{
    if (!word_at(s, len, i, "第"))
        return 0;
    size_t k = i + 3;
    int n = ordinal(s, len, &k);
    if (n <= 0)
        return 0;
    if (n < 22 && word_at(s, len, k, "次全国代表大会"))
        return congress_year[n];
    if (word_at(s, len, k, "届全国人民代表大会第")) {
        size_t j = k + strlen("届全国人民代表大会第");
        int m = ordinal(s, len, &j);
        return m > 0 && word_at(s, len, j, "次会议") ? npc_session_year(n, m) : 0;
    }
    return 0;
}

/* The congress a title names: "…在中国共产党第十九次全国代表大会上的报告",
 * "（十三大）", or an NPC session. */
static int title_session(const char *s)
{
    size_t len = strlen(s);
    for (size_t i = 0; i < len; i++) {
        int y = session_at(s, len, i);
        if (y)
            return y;
        int paren = word_at(s, len, i, "（") ? 3 : s[i] == '(' ? 1 : 0;
        if (paren) {
            size_t k = i + (size_t)paren;
            int n = ordinal(s, len, &k);
            if (n > 0 && n < 22 && word_at(s, len, k, "大") &&
                (word_at(s, len, k + 3, "）") || (k + 3 < len && s[k + 3] == ')')))
                return congress_year[n];
        }
    }
    return 0;
}

/* The congress or session the speaker gives the report at, from one line
 * s[a..b): the line opens with it ("中国共产党第九次全国代表大会，…",
 * "——在第十届全国人民代表大会第三次会议上"), or the speaker reports to it
 * ("向第十次全国代表大会作报告") or for the central committee elected by
 * the one before ("我代表第十九届中央委员会", "受十二届中央委员会委托"). */
static int line_session(const char *s, size_t a, size_t b)
{
    size_t k = a;
    while (k < b && (date_frame((unsigned char)s[k]) || word_at(s, b, k, "—")))
        k += word_at(s, b, k, "—") ? 3 : 1;
    if (word_at(s, b, k, "在"))
        k += 3;
    if (word_at(s, b, k, "中国共产党"))
        k += strlen("中国共产党");
    int y = session_at(s, b, k);
    if (y)
        return y;
    for (size_t i = a; i < b; i++) {
        if (word_at(s, b, i, "向")) {
            size_t j = i + 3;
            if (word_at(s, b, j, "党的"))
                j += 6;
            if (word_at(s, b, j, "第") && (y = session_at(s, b, j)))
                return y;
        }
        if (word_at(s, b, i, "代表") || word_at(s, b, i, "受")) {
            size_t j = i + (word_at(s, b, i, "代表") ? 6 : 3);
            if (word_at(s, b, j, "中国共产党"))
                j += strlen("中国共产党");
            if (word_at(s, b, j, "第"))
                j += 3;
            int n = ordinal(s, b, &j);
            if (n > 0 && n < 21 && word_at(s, b, j, "届中央委员会"))
                return congress_year[n + 1];
        }
    }
    return 0;
}

/* line_session over the first lines of s[0..len). */
static int session_year(const char *s, size_t len)
{
    size_t i = 0;
    for (int line = 0; i < len && line < HEAD_LINES; line++) {
        const char *nl = memchr(s + i, '\n', len - i);
        size_t end = nl ? (size_t)(nl - s) : len;
        int y = line_session(s, i, end);
        if (y)
            return y;
        i = end + 1;
    }
    return 0;
}

/* The year a report reviews ("一、2024年工作回顾", "2015年工作回顾"): the
 * report is of the next year. The highest in the head, or 0. */
static int review_year(const char *s, size_t len)
{
    int best = 0;
    for (size_t i = 0; i + 3 <= len; i++) {
        if (!word_at(s, len, i, "年"))
            continue;
        int y = zc_meta_year_before(s, i, NULL);
        if (!y)
            continue;
        size_t k = i + 3;
        if (word_at(s, len, k, "的"))
            k += 3;
        if ((word_at(s, len, k, "工作回顾") || word_at(s, len, k, "政府工作回顾")) && y + 1 > best)
            best = y + 1;
    }
    return best;
}

/* The year in a work report's title: "2024年北京市政府工作报告",
 * "陕西省2026年政府工作报告". */
static int title_year(const char *title)
{
    if (!title || !strstr(title, "工作报告"))
        return 0;
    size_t len = strlen(title);
    const char *p = title;
    while ((p = strstr(p, "年"))) {
        int y = zc_meta_year_before(title, (size_t)(p - title), NULL);
        if (y)
            return y;
        p += 3;
        if ((size_t)(p - title) >= len)
            break;
    }
    return 0;
}

int zc_meta_dated(const char *text, size_t len, const char *title, int *month, int *day)
{
    *month = *day = 0;
    /* 1. A dated line near the top: "——2024年3月5日在…", "（2017年10月18日）",
     * "成文日期：2025年8月21日". */
    size_t i = 0;
    for (int line = 0; i < len && line < HEAD_LINES; line++) {
        const char *nl = memchr(text + i, '\n', len - i);
        size_t end = nl ? (size_t)(nl - text) : len;
        int y = dated_line(text, i, end, month, day);
        if (y)
            return y;
        i = end + 1;
    }
    /* 2. A signature's date: one of the last lines, the date alone. */
    size_t e = len;
    for (int line = 0; e > 0 && line < TAIL_LINES; line++) {
        size_t b = e, a = b;
        while (a > 0 && text[a - 1] != '\n')
            a--;
        int y = dated_line(text, a, b, month, day);
        if (y)
            return y;
        e = a ? a - 1 : 0;
    }
    *month = *day = 0;
    size_t head = len < HEAD_BYTES ? len : HEAD_BYTES;
    /* 3. A work report's title year. */
    int y = title_year(title);
    /* 4. The congress or session it was given at. */
    if (!y && title)
        y = title_session(title);
    if (!y)
        y = session_year(text, head);
    /* 5. The year reviewed, plus one. */
    if (!y)
        y = review_year(text, head);
    return y;
}
