#include "markdown.h"

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

/* A link or image at s ("[text](url)", "![alt](url)"): appends the text,
 * returns the bytes consumed, or 0 if it is none. */
static size_t link(const char *s, size_t len, zc_buf *out)
{
    size_t k = s[0] == '!' ? 1 : 0;
    if (k >= len || s[k] != '[')
        return 0;
    const char *close = memchr(s + k, ']', len - k);
    if (!close || (size_t)(close - s) + 1 >= len || close[1] != '(')
        return 0;
    const char *paren = memchr(close, ')', len - (size_t)(close - s));
    if (!paren)
        return 0;
    if (zc_buf_append(out, s + k + 1, (size_t)(close - s) - k - 1))
        return 0;
    return (size_t)(paren - s) + 1;
}

/* An HTML tag at s: appends a line break for block tags, returns the bytes
 * consumed, or 0 if it is none. */
static size_t tag(const char *s, size_t len, zc_buf *out)
{
    size_t k = 1;
    if (k < len && s[k] == '/')
        k++;
    size_t name = k;
    while (k < len && ((s[k] >= 'a' && s[k] <= 'z') || (s[k] >= 'A' && s[k] <= 'Z') ||
                       (s[k] >= '0' && s[k] <= '9')))
        k++;
    if (k == name && !(k < len && s[k] == '!'))
        return 0;
    const char *gt = memchr(s + k, '>', len - k);
    const char *nl = memchr(s + k, '\n', len - k);
    if (!gt || (nl && nl < gt))
        return 0;
    if (block_tag(s + name, k - name) && zc_buf_putc(out, '\n'))
        return 0;
    return (size_t)(gt - s) + 1;
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
        while (k < end) {
            char c = md[k];
            size_t used = 0;
            if (c == '<')
                used = tag(md + k, end - k, out);
            else if (c == '&')
                used = entity(md + k, end - k, out);
            else if (c == '[' || (c == '!' && k + 1 < end && md[k + 1] == '['))
                used = link(md + k, end - k, out);
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
