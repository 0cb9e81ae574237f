#include "extract/markdown.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/utf8.h"
#include "zhengce.h"

/* Tags after which a reader sees a new line. */
static int block_tag(const char *name, size_t n)
{
    static const char *const tags[] = {"p",     "br",      "div",        "li", "tr",  "ul", "ol",
                                       "table", "section", "article",    "h1", "h2",  "h3", "h4",
                                       "h5",    "h6",      "blockquote", "hr", "pre", "td", "th"};
    for (size_t i = 0; i < sizeof tags / sizeof *tags; i++)
        if (strlen(tags[i]) == n && strncasecmp(name, tags[i], n) == 0)
            return 1;
    return 0;
}

/* An entity at s ("&amp;", "&#8220;"): appends its character, returns the
 * bytes consumed, or 0 if it is none. */
static size_t entity(const char *s, size_t len, zc_buf *out)
{
    static const struct {
        const char *name;
        const char *text;
    } named[] = {{"&nbsp;", " "},  {"&amp;", "&"},   {"&lt;", "<"},     {"&gt;", ">"},
                 {"&quot;", "\""}, {"&apos;", "'"},  {"&#39;", "'"},    {"&ldquo;", "“"},
                 {"&rdquo;", "”"}, {"&mdash;", "—"}, {"&hellip;", "…"}, {"&middot;", "·"}};
    for (size_t i = 0; i < sizeof named / sizeof *named; i++) {
        size_t n = strlen(named[i].name);
        if (n <= len && strncmp(s, named[i].name, n) == 0)
            return zc_buf_puts(out, named[i].text) ? 0 : n;
    }
    if (len > 3 && s[1] == '#') {
        int hex = s[2] == 'x' || s[2] == 'X';
        size_t k = hex ? 3 : 2;
        unsigned long v = 0;
        size_t digits = 0;
        while (k < len && k < 12 && s[k] != ';') {
            char c = s[k];
            int d = c >= '0' && c <= '9'          ? c - '0'
                    : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10
                    : hex && c >= 'A' && c <= 'F' ? c - 'A' + 10
                                                  : -1;
            if (d < 0)
                return 0;
            v = v * (hex ? 16 : 10) + (unsigned long)d;
            k++, digits++;
        }
        if (k < len && s[k] == ';' && digits && v > 0 && v <= 0x10FFFF &&
            !(v >= 0xD800 && v <= 0xDFFF)) {
            char buf[4];
            return zc_buf_append(out, buf, zc_utf8_encode((uint32_t)v, buf)) ? 0 : k + 1;
        }
    }
    return 0;
}

/* Where the searches of one line for a closing mark stand. Each search
 * starts where the last one for the same mark ended, so that a line full
 * of "[" or "<" is read once, not once per mark. */
typedef struct marks {
    /* For ']', ')' and '>': where the last search started, and the first
     * mark at or after it (end if none); from the start to that mark there
     * is none. */
    size_t from[3], at[3];
    int known[3];
} marks;

/* The first c (marks index i) at or after k in md[..end), or end. */
static size_t next_mark(const char *md, size_t end, size_t k, char c, int i, marks *m)
{
    if (!m->known[i] || k < m->from[i] || k > m->at[i]) {
        const char *p = memchr(md + k, c, end - k);
        m->from[i] = k;
        m->at[i] = p ? (size_t)(p - md) : end;
        m->known[i] = 1;
    }
    return m->at[i];
}

/* A link or image at md[k] ("[text](url)", "![alt](url)"): appends the
 * text, returns the bytes consumed, or 0 if it is none. */
static size_t link(const char *md, size_t k, size_t end, marks *m, zc_buf *out)
{
    size_t open = md[k] == '!' ? k + 1 : k;
    if (open >= end || md[open] != '[')
        return 0;
    size_t close = next_mark(md, end, open, ']', 0, m);
    if (close + 1 >= end || md[close + 1] != '(')
        return 0;
    size_t paren = next_mark(md, end, close, ')', 1, m);
    if (paren >= end)
        return 0;
    if (zc_buf_append(out, md + open + 1, close - open - 1))
        return 0;
    return paren + 1 - k;
}

/* An HTML tag at md[k]: appends a line break for block tags, returns the
 * bytes consumed, or 0 if it is none. */
static size_t tag(const char *md, size_t k, size_t end, marks *m, zc_buf *out)
{
    size_t i = k + 1;
    if (i < end && md[i] == '/')
        i++;
    size_t name = i;
    while (i < end && ((md[i] >= 'a' && md[i] <= 'z') || (md[i] >= 'A' && md[i] <= 'Z') ||
                       (md[i] >= '0' && md[i] <= '9')))
        i++;
    if (i == name && !(i < end && md[i] == '!'))
        return 0;
    size_t gt = next_mark(md, end, i, '>', 2, m);
    if (gt >= end)
        return 0;
    if (block_tag(md + name, i - name) && zc_buf_putc(out, '\n'))
        return 0;
    return gt + 1 - k;
}

/* Whether c may start a tag, an entity, a link or image, or emphasis. */
static inline int maybe_markup(char c)
{
    return c == '<' || c == '&' || c == '[' || c == '!' || c == '*' || c == '_';
}

int zc_markdown_text(const char *md, size_t len, zc_buf *out)
{
    size_t i = 0;
    while (i < len) {
        const char *nl = memchr(md + i, '\n', len - i);
        size_t end = nl ? (size_t)(nl - md) : len, k = i;
        /* Code fences go; what they enclose stays. */
        if (end - i >= 3 && (strncmp(md + i, "```", 3) == 0 || strncmp(md + i, "~~~", 3) == 0)) {
            i = end + 1;
            if (zc_buf_putc(out, '\n'))
                return ZC_ERR_NOMEM;
            continue;
        }
        while (k < end && (md[k] == ' ' || md[k] == '\t'))
            k++;
        while (k < end && (md[k] == '#' || md[k] == '>'))
            k++;
        marks m = {{0, 0, 0}, {0, 0, 0}, {0, 0, 0}};
        while (k < end) {
            char c = md[k];
            size_t used = 0;
            if (c == '<')
                used = tag(md, k, end, &m, out);
            else if (c == '&')
                used = entity(md + k, end - k, out);
            else if (c == '[' || (c == '!' && k + 1 < end && md[k + 1] == '['))
                used = link(md, k, end, &m, out);
            else if ((c == '*' || c == '_') && k + 1 < end && md[k + 1] == c)
                used = 2; /* emphasis marks */
            if (used) {
                k += used;
                continue;
            }
            /* Plain text up to the next character that may start markup,
             * in one piece. */
            size_t run = k + 1;
            while (run < end && !maybe_markup(md[run]))
                run++;
            if (zc_buf_append(out, md + k, run - k))
                return ZC_ERR_NOMEM;
            k = run;
        }
        if (end < len && zc_buf_putc(out, '\n'))
            return ZC_ERR_NOMEM;
        i = end + 1;
    }
    if (!out->data && zc_buf_reserve(out, 0))
        return ZC_ERR_NOMEM;
    return ZC_OK;
}
