/* A document's title among its first lines, its kind (公文种类) from the
 * title and first lines (docs/indexing.md), and what a title line must not
 * be. */
#include <ctype.h>
#include <glib.h>
#include <string.h>

#include "common/utf8.h"
#include "meta.h"
#include "text/clean.h"

/* The kinds, by the word a title ends with (after a bracketed note such as
 * "（征求意见稿）"); the first that matches wins, so the longer first. */
static const struct {
    const char *suffix;
    const char *type;
} kinds[] = {
    {"政府工作报告", "政府工作报告"},
    {"工作报告", "报告"},
    {"统计公报", "公报"},
    {"公报", "公报"},
    {"公告", "公告"},
    {"通告", "公告"},
    {"意见", "意见"},
    {"通知", "通知"},
    {"决定", "决定"},
    {"决议", "决议"},
    {"规划", "规划"},
    {"纲要", "规划"},
    {"实施办法", "办法"},
    {"管理办法", "办法"},
    {"办法", "办法"},
    {"实施细则", "规定"},
    {"细则", "规定"},
    {"规定", "规定"},
    {"条例", "条例"},
    {"方案", "方案"},
    {"批复", "批复"},
    {"讲话", "讲话"},
    {"报告", "报告"},
};

static int ends_with(const char *s, size_t n, const char *w)
{
    size_t l = strlen(w);
    return n >= l && memcmp(s + n - l, w, l) == 0;
}

/* The length of s[0..n) without a closing note in brackets:
 * "…办法（征求意见稿）", "…(试行)", "… (十九大)". */
static size_t without_note(const char *s, size_t n)
{
    while (n > 0 && s[n - 1] == ' ')
        n--;
    if (ends_with(s, n, "）") || (n && s[n - 1] == ')')) {
        for (size_t i = n; i-- > 0;) {
            if (s[i] == '(' || (i + 3 <= n && memcmp(s + i, "（", 3) == 0)) {
                if (n - i <= 40) {
                    n = i;
                    while (n > 0 && s[n - 1] == ' ')
                        n--;
                }
                break;
            }
        }
    }
    return n;
}

const char *zc_meta_type_of_title(const char *title)
{
    if (!title || !*title)
        return NULL;
    size_t n = without_note(title, strlen(title));
    for (size_t k = 0; k < sizeof kinds / sizeof *kinds; k++)
        if (ends_with(title, n, kinds[k].suffix))
            return kinds[k].type;
    return NULL;
}

static int at(const char *s, size_t n, const char *w)
{
    size_t l = strlen(w);
    return n >= l && memcmp(s, w, l) == 0;
}

const char *zc_meta_type(const char *text, size_t len, const char *title)
{
    const char *t = zc_meta_type_of_title(title);
    if (t)
        return t;
    /* The first lines: the speaker reports on the government's work, or
     * a subtitle says where the report or speech was given. */
    size_t i = 0;
    for (int line = 0; i < len && line < 20; line++) {
        const char *nl = memchr(text + i, '\n', len - i);
        size_t end = nl ? (size_t)(nl - text) : len;
        const char *s = text + i;
        size_t n = end - i;
        if (zc_meta_has(s, n, "向大会报告政府工作") || zc_meta_has(s, n, "向大会作政府工作报告") ||
            zc_meta_has(s, n, "向大会报告工作"))
            return "政府工作报告";
        if (zc_meta_has(s, n, "向大会作报告") || zc_meta_has(s, n, "全国代表大会作报告"))
            return "报告";
        if ((ends_with(s, n, "上的报告") || ends_with(s, n, "上的政治报告")) && n <= 300)
            return "报告";
        if (ends_with(s, n, "上的讲话") && n <= 300)
            return "讲话";
        i = end + 1;
    }
    return NULL;
}

int zc_meta_is_heading(const char *s, size_t n)
{
    uint32_t c;
    size_t k = 0, m;
    /* "一、", "（一）", "(1)", "1.", "第一章", "第二部分" */
    int numerals = 0;
    while (k < n && (m = zc_utf8_decode(s + k, n - k, &c)) &&
           (c == 0x4E00 || c == 0x4E8C || c == 0x4E09 || c == 0x56DB || c == 0x4E94 ||
            c == 0x516D || c == 0x4E03 || c == 0x516B || c == 0x4E5D || c == 0x5341 ||
            (c >= '0' && c <= '9'))) {
        k += m;
        numerals++;
    }
    if (numerals && numerals <= 3 && k < n &&
        (at(s + k, n - k, "、") || s[k] == '.' || at(s + k, n - k, "．")))
        return 1;
    if (at(s, n, "（") || (n && s[0] == '(')) {
        size_t j = s[0] == '(' ? 1 : 3, digits = 0;
        while (j < n && (m = zc_utf8_decode(s + j, n - j, &c)) &&
               (c == 0x4E00 || c == 0x4E8C || c == 0x4E09 || c == 0x56DB || c == 0x4E94 ||
                c == 0x516D || c == 0x4E03 || c == 0x516B || c == 0x4E5D || c == 0x5341 ||
                (c >= '0' && c <= '9'))) {
            j += m;
            digits++;
        }
        if (digits && digits <= 3 && j < n && (s[j] == ')' || at(s + j, n - j, "）")))
            return 1;
    }
    if (n > 3 && memcmp(s, "第", 3) == 0) {
        size_t j = 3, digits = 0;
        while (j < n && (m = zc_utf8_decode(s + j, n - j, &c)) &&
               (c == 0x4E00 || c == 0x4E8C || c == 0x4E09 || c == 0x56DB || c == 0x4E94 ||
                c == 0x516D || c == 0x4E03 || c == 0x516B || c == 0x4E5D || c == 0x5341 ||
                c == 0x767E || (c >= '0' && c <= '9'))) {
            j += m;
            digits++;
        }
        if (digits && j < n &&
            (at(s + j, n - j, "章") || at(s + j, n - j, "节") || at(s + j, n - j, "条") ||
             at(s + j, n - j, "部分")))
            return 1;
    }
    return 0;
}

/* ------------------------------------------------------------------ title */

static size_t count_chars(const char *s, size_t n)
{
    return zc_utf8_count(s, n);
}

/* Trims blanks at both ends of s[*a..*b). */
static void trim(const char *s, size_t *a, size_t *b)
{
    uint32_t cp;
    size_t n;
    while (*a < *b && (n = zc_utf8_decode(s + *a, *b - *a, &cp)) && zc_is_space(cp))
        *a += n;
    while (*b > *a) {
        size_t p = *b - 1;
        while (p > *a && ((unsigned char)s[p] & 0xC0) == 0x80)
            p--;
        if ((n = zc_utf8_decode(s + p, *b - p, &cp)) && zc_is_space(cp))
            *b = p;
        else
            break;
    }
}

/* Whether a line reads as a sentence of body text rather than a heading. */
static int is_sentence(const char *s, size_t n)
{
    static const char *const enders[] = {"。", "！", "？", "；", "：", "……"};
    for (size_t i = 0; i < sizeof enders / sizeof *enders; i++) {
        size_t l = strlen(enders[i]);
        if (n >= l && memcmp(s + n - l, enders[i], l) == 0)
            return 1;
    }
    return 0;
}

/* Where the line at text[i] ends, and its blank-trimmed extent. */
static size_t line_at(const char *text, size_t len, size_t i, size_t *a, size_t *b)
{
    const char *nl = memchr(text + i, '\n', len - i);
    size_t end = nl ? (size_t)(nl - text) : len;
    *a = i;
    *b = end;
    trim(text, a, b);
    return end;
}

/* Whether a line may be a title: not boilerplate, a caption, a heading,
 * a subtitle ("——…"), a byline or a sentence; 4 to 80 characters. */
static int may_be_title(const char *s, size_t n)
{
    if (!n || zc_clean_is_boilerplate(s, n) || zc_clean_is_caption(s, n) ||
        zc_meta_is_heading(s, n) || is_sentence(s, n))
        return 0;
    if (!strncmp(s, "——", 6) || !strncmp(s, "—", 3))
        return 0;
    /* a byline ("文/海关总署", "文／记者某某"): who wrote, not what */
    if ((n > 4 && !memcmp(s, "文/", 4)) || (n > 6 && !memcmp(s, "文／", 6)))
        return 0;
    /* a note: the whole line in brackets, "（译自…）", "（2017年10月18日）" */
    if ((!strncmp(s, "(", 1) && s[n - 1] == ')') ||
        (!strncmp(s, "（", 3) && n >= 3 && !memcmp(s + n - 3, "）", 3)))
        return 0;
    /* the speaker's first words ("现在我代表中央委员会作关于…", cut at a
     * note mark): the body, not a title */
    if (!strncmp(s, "现在", 6) || g_strstr_len(s, (gssize)n, "我代表") ||
        g_strstr_len(s, (gssize)n, "我受"))
        return 0;
    /* a fragment: it starts with punctuation (a table's cell separator
     * too) */
    uint32_t c0;
    if (zc_utf8_decode(s, n, &c0) &&
        (c0 == 0xFF0C || c0 == 0x3001 || c0 == 0xFF1B || c0 == 0x3002 || c0 == 0xFF1A ||
         (c0 < 0x80 && ispunct((int)c0) && c0 != '(' && c0 != '"')))
        return 0;
    /* a number, a date or a code alone ("2019") names nothing: a title
     * has words */
    size_t han = 0;
    for (size_t i = 0, k; i < n && han < 2; i += k) {
        uint32_t cp;
        if (!(k = zc_utf8_decode(s + i, n - i, &cp)))
            return 0;
        han += zc_is_han(cp) != 0;
    }
    if (han < 2)
        return 0;
    size_t chars = count_chars(s, n);
    return chars >= 4 && chars <= 80;
}

/* The length of a form's field label that starts a line before the
 * title on it ("公文标题××的通知", "标题：××"), with its colon, or 0: a
 * label is no part of the title. The labels of a processing form's title
 * field may stand bare before a title whose kind word ends the line;
 * shorter ones ("标题", "题目") count only with a colon. */
static size_t label_len(const char *s, size_t n)
{
    static const char *const labels[] = {"公文标题", "文件标题", "来文标题", "文件名称",
                                         "标题",     "题目",     "名称"};
    for (size_t i = 0; i < sizeof labels / sizeof *labels; i++) {
        size_t l = strlen(labels[i]);
        if (n <= l || memcmp(s, labels[i], l))
            continue;
        if (n > l + 3 && !memcmp(s + l, "：", 3))
            return l + 3;
        if (s[l] == ':')
            return l + 1;
        if (i >= 3)
            continue; /* a short label needs its colon */
        char *rest = g_strndup(s + l, n - l);
        int titled = zc_meta_type_of_title(rest) != NULL;
        g_free(rest);
        return titled ? l : 0;
    }
    return 0;
}

#define TITLE_LINES 15

char *zc_meta_title(const char *text, size_t len, size_t max_chars)
{
    /* The lines before the body: the first line with a kind's word at its
     * end is the title ("2026年政府工作报告" after a column name); else the
     * first that may be one. A title cut before its last characters
     * ("政府工作报" / "告") is joined again, and a main title on two lines
     * before its "——在…上的报告" subtitle is one title. */
    size_t starts[TITLE_LINES], ends[TITLE_LINES];
    int ok[TITLE_LINES], n = 0;
    size_t i = 0, first_a = 0, first_b = 0;
    for (int lines = 0; i < len && lines < 40 && n < TITLE_LINES; lines++) {
        size_t a, b;
        size_t end = line_at(text, len, i, &a, &b);
        i = end + 1;
        if (a == b || zc_clean_is_boilerplate(text + a, b - a) ||
            zc_clean_is_caption(text + a, b - a))
            continue;
        a += label_len(text + a, b - a);
        trim(text, &a, &b);
        if (!first_b) {
            first_a = a;
            first_b = b;
        }
        if (is_sentence(text + a, b - a) && count_chars(text + a, b - a) > 30)
            break; /* the body */
        starts[n] = a;
        ends[n] = b;
        ok[n] = may_be_title(text + a, b - a);
        n++;
    }
    for (int k = 0; k < n; k++) {
        if (!ok[k])
            continue;
        const char *s = text + starts[k];
        size_t l = ends[k] - starts[k];
        /* cut before its last characters */
        if (k + 1 < n && count_chars(text + starts[k + 1], ends[k + 1] - starts[k + 1]) <= 3) {
            char *joined = g_strdup_printf(
                "%.*s%.*s", (int)l, s, (int)(ends[k + 1] - starts[k + 1]), text + starts[k + 1]);
            char *alone = g_strndup(s, l);
            int whole = !zc_meta_type_of_title(alone) && zc_meta_type_of_title(joined);
            g_free(alone);
            if (whole)
                return joined;
            g_free(joined);
        }
    }
    for (int k = 0; k < n; k++) {
        if (!ok[k])
            continue;
        char *t = g_strndup(text + starts[k], ends[k] - starts[k]);
        if (zc_meta_type_of_title(t))
            return t;
        g_free(t);
    }
    for (int k = 0; k < n; k++) {
        if (!ok[k])
            continue;
        /* a main title on two lines, then its subtitle */
        if (k + 2 < n && ok[k + 1] && !strncmp(text + starts[k + 2], "——", 6))
            return g_strdup_printf("%.*s %.*s", (int)(ends[k] - starts[k]), text + starts[k],
                                   (int)(ends[k + 1] - starts[k + 1]), text + starts[k + 1]);
        return g_strndup(text + starts[k], ends[k] - starts[k]);
    }
    /* No title line: the first line when it is under 4 characters and no
     * heading or sentence ("标题"); else none (the file's name stands in). */
    (void)max_chars;
    if (first_b && count_chars(text + first_a, first_b - first_a) < 4 &&
        !is_sentence(text + first_a, first_b - first_a) &&
        !zc_meta_is_heading(text + first_a, first_b - first_a))
        return g_strndup(text + first_a, first_b - first_a);
    return g_strdup("");
}
