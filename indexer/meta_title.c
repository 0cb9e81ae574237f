/* A document's kind (公文种类) from its title and first lines
 * (docs/indexing.md), and what a title line must not be. */
#include <string.h>

#include "common/utf8.h"
#include "meta.h"

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
