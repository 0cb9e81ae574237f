/* Licence footers and site footers at the end of a text (docs/cleaning.md):
 * what a page appends to the document, which is no part of it and must not
 * be indexed, nor give a title, a year or a region. */
#include <string.h>

#include "clean.h"
#include "clean_internal.h"

/* Words that make a statement about the work a licence statement. */
static const char *const licence_words[] = {
    "公有领域",      "著作权",           "版权",  "许可协议", "知识共享",
    "public domain", "creative commons", "cc by", "gnu",      NULL};

/* How a licence statement opens: it speaks of the work itself. */
static const char *const licence_openers[] = {
    "本作品", "这部作品", "此作品", "本条目", "本页面", "本文采用", "本文遵循", "本文依据", NULL};

/* Lines that open a site's footer: ownership, sponsor and registration. */
static const char *const footer_openers[] = {"版权所有", "copyright", "©",          "主办单位",
                                             "主办：",   "承办单位",  "网站标识码", "技术支持",
                                             "网站地图", "icp备",     NULL};

/* A licence footer is the end of a text: the statement and its notes, a
 * few kilobytes at most. */
#define LICENCE_TAIL ((size_t)6000)
/* What a licence statement's words may be spread over (the statement is
 * often cut into lines at its links). */
#define LICENCE_WINDOW ((size_t)900)

static const char *find_in(const char *s, size_t n, const char *w)
{
    size_t wl = strlen(w);
    for (size_t i = 0; i + wl <= n; i++)
        if (s[i] == w[0] && memcmp(s + i, w, wl) == 0)
            return s + i;
    return NULL;
}

static int starts_any(const char *s, size_t n, const char *const *list)
{
    for (size_t k = 0; list[k]; k++) {
        size_t l = strlen(list[k]);
        if (n >= l && memcmp(s, list[k], l) == 0)
            return 1;
    }
    return 0;
}

static int has_any(const char *s, size_t n, const char *const *list)
{
    for (size_t k = 0; list[k]; k++)
        if (find_in(s, n, list[k]))
            return 1;
    return 0;
}

/* Whether the line at s[0..n) is a sentence of body text: long and
 * finished. */
static int is_body_line(const char *s, size_t n)
{
    static const char *const enders[] = {"。", "！", "？", "”", NULL};
    if (n < 120)
        return 0;
    for (size_t k = 0; enders[k]; k++) {
        size_t l = strlen(enders[k]);
        if (memcmp(s + n - l, enders[k], l) == 0)
            return 1;
    }
    return 0;
}

size_t zc_clean_footer_start(const char *text, size_t len)
{
    size_t from = len > LICENCE_TAIL ? len - LICENCE_TAIL : 0;
    /* Lines start after a "\n" (or at 0). */
    size_t i = from;
    if (i > 0) {
        const char *nl = memchr(text + i - 1, '\n', len - i + 1);
        if (!nl)
            return len;
        i = (size_t)(nl - text) + 1;
    }
    size_t footer = len;
    while (i < len) {
        const char *nl = memchr(text + i, '\n', len - i);
        size_t end = nl ? (size_t)(nl - text) : len;
        const char *s = text + i;
        size_t n = end - i;
        if (i > 0 && starts_any(s, n, licence_openers)) {
            size_t w = len - i < LICENCE_WINDOW ? len - i : LICENCE_WINDOW;
            if (has_any(s, w, licence_words))
                return i; /* all that follows is the statement and its notes */
        }
        /* (in the second half only: a notice may begin "主办单位：…") */
        if (footer == len && i >= len / 2 && n <= 200 && starts_any(s, n, footer_openers))
            footer = i;
        else if (footer < len && is_body_line(s, n))
            footer = len; /* body text after it: not the footer */
        i = end + 1;
    }
    return footer;
}
