/* Markdown to text: md4c parses (CommonMark, with GitHub's tables), the
 * callbacks below keep the words. */
#include "extract/markdown.h"

#include <libxml/HTMLparser.h>
#include <md4c.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/utf8.h"
#include "zhengce.h"

/* What md4c reads beyond CommonMark: GitHub's tables; headings without a
 * blank after the marks ("#标题", common in Chinese writing); no indented
 * code blocks (an indented paragraph of a report is prose, not code); and
 * no HTML blocks: a line that starts with a tag is a paragraph whose tags
 * are inline HTML, so that the Markdown around and after them is read too
 * (web pages turned into Markdown mix the two line by line, with no blank
 * line after the HTML). Not GitHub's strikethrough: "4~6℃" and "4~5级"
 * are ranges, and a single '~' pair would strike out the text between. */
#define MD_FLAGS                                                                                   \
    (MD_FLAG_TABLES | MD_FLAG_PERMISSIVEATXHEADERS | MD_FLAG_NOINDENTEDCODEBLOCKS |                \
     MD_FLAG_NOHTMLBLOCKS)

/* md4c takes a document's size as an unsigned int: longer texts are read a
 * piece at a time, each ending at a line break where there is one. */
#define MD_PIECE ((size_t)1 << 30)

/* md4c 0.4.8 (Debian 12) compares a few bytes past the end of the text it
 * is given while it looks for the end of inline HTML there (a comment's
 * "-->" and the like): each piece is parsed from a copy followed by this
 * many zero bytes, which end no HTML. */
#define MD_PAD 64

/* A table whose header has many columns makes md4c report every cell of
 * every shorter row: a few kilobytes of "|" then many one-character rows
 * ask for millions of cells. More cells than this many per byte of the
 * document stop the walk, and the document is read again as if it had no
 * tables (its rows are then text lines, pipes and all). */
#define CELLS_PER_BYTE 8

typedef struct walker {
    const char *md; /* the document (this piece of it) */
    size_t len;
    size_t pos; /* where the source has been read up to */
    zc_buf *out;
    int nomem;
    int link;      /* inside a link: its text may be an autolink */
    int item;      /* a list item waits for its marker */
    int cell;      /* a table cell waits for its separator */
    int row_cells; /* cells of the current row with text */
    size_t cells, max_cells;
    int too_many; /* more cells than max_cells */
} walker;

/* What every callback returns: non-zero stops md4c. It does not always say
 * so in md_parse's result (a table row is finished first), hence the
 * flags. */
static int stop(const walker *w)
{
    return w->nomem || w->too_many;
}

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

static void put(walker *w, const char *s, size_t n)
{
    if (!w->nomem && n && zc_buf_append(w->out, s, n))
        w->nomem = 1;
}

/* Whether s points into the document: md4c hands out its own strings for
 * what it makes up (soft breaks, the indentation of code, NUL characters);
 * everything else is a slice of the source. */
static int in_source(const walker *w, const char *s)
{
    return (uintptr_t)s - (uintptr_t)w->md <= w->len;
}

/* Moves the read position to off, writing the line breaks of the source
 * skipped on the way (markup, link addresses, blank lines) as written: the
 * text keeps the source's lines, so that no phrase joins two of them. */
static void skip_to(walker *w, size_t off)
{
    for (; w->pos < off; w->pos++)
        if (w->md[w->pos] == '\n' || w->md[w->pos] == '\r')
            put(w, w->md + w->pos, 1);
}

/* The marker of the list item whose text starts at off: "-", "*", "+",
 * "3." or "3)" before it on its line, then blanks; n its length, 0 if the
 * text does not follow its marker so. */
static size_t item_marker(const walker *w, size_t off, size_t *start)
{
    size_t k = off;
    while (k > 0 && (w->md[k - 1] == ' ' || w->md[k - 1] == '\t'))
        k--;
    if (k == off || k == 0)
        return 0;
    size_t end = k--, b = k;
    char c = w->md[k];
    if (c == '.' || c == ')') {
        while (b > 0 && k - b < 9 && w->md[b - 1] >= '0' && w->md[b - 1] <= '9')
            b--;
        if (b == k)
            return 0;
    } else if (c != '-' && c != '*' && c != '+') {
        return 0;
    }
    if (b > 0 && !memchr(" \t\n\r>", w->md[b - 1], 5))
        return 0;
    *start = b;
    return end - b;
}

/* Before output that starts at source offset off: the line breaks skipped,
 * then what a list item or table cell waits for. A list item keeps its
 * marker (so that the cleaner sees a list item, which nothing joins into);
 * the cells of a row are kept apart by " | ", and a row starts with "| "
 * (a table row to the cleaner). */
static void begin(walker *w, size_t off)
{
    skip_to(w, off);
    if (w->item) {
        size_t start, n = item_marker(w, off, &start);
        if (n)
            put(w, w->md + start, n);
        else
            put(w, "-", 1);
        put(w, " ", 1);
        w->item = 0;
    }
    if (w->cell) {
        if (w->row_cells++)
            put(w, " | ", 3);
        else
            put(w, "| ", 2);
        w->cell = 0;
    }
}

/* Appends the character of the entity s[0..n) ("&amp;", "&#8220;",
 * "&#x4e2d;"): HTML's named entities (libxml2's table) and numeric ones.
 * Returns 0 if it is none of them. */
static int entity(walker *w, const char *s, size_t n)
{
    uint32_t v = 0;
    if (n < 4 || s[0] != '&' || s[n - 1] != ';')
        return 0;
    if (s[1] == '#') {
        int hex = s[2] == 'x' || s[2] == 'X';
        size_t k = hex ? 3 : 2;
        if (k >= n - 1 || n - 1 - k > 7)
            return 0;
        for (; k < n - 1; k++) {
            char c = s[k];
            int d = c >= '0' && c <= '9'          ? c - '0'
                    : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10
                    : hex && c >= 'A' && c <= 'F' ? c - 'A' + 10
                                                  : -1;
            if (d < 0)
                return 0;
            v = v * (hex ? 16 : 10) + (uint32_t)d;
        }
        /* NUL, surrogates and what is beyond Unicode stay as written. */
        if (v == 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
            return 0;
    } else {
        char name[40];
        if (n - 2 >= sizeof name)
            return 0;
        memcpy(name, s + 1, n - 2);
        name[n - 2] = '\0';
        const htmlEntityDesc *e = htmlEntityLookup((const xmlChar *)name);
        if (!e)
            return 0;
        v = e->value;
    }
    char buf[4];
    put(w, buf, zc_utf8_encode(v, buf));
    return 1;
}

/* Inline raw HTML (a tag or comment, s[0..n), perhaps one line of it): it
 * goes, a block tag leaving a line break. */
static void html_inline(walker *w, const char *s, size_t n)
{
    if (n == 0 || s[0] != '<') /* the next line of a tag */
        return;
    size_t i = 1;
    if (i < n && s[i] == '/')
        i++;
    size_t name = i;
    while (i < n && ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
                     (s[i] >= '0' && s[i] <= '9')))
        i++;
    if (block_tag(s + name, i - name))
        put(w, "\n", 1);
}

static int on_text(MD_TEXTTYPE type, const MD_CHAR *s, MD_SIZE n, void *ctx)
{
    walker *w = ctx;
    if (!in_source(w, s)) {
        /* Made up by md4c: of these only a NUL character is text (the
         * source's, which md4c reports apart). */
        if (type == MD_TEXT_NULLCHAR)
            put(w, "", 1);
        return stop(w);
    }
    size_t off = (size_t)(s - w->md);
    /* An autolink (<http://…>, <user@example.com>) is the text of a link
     * right inside '<' and '>': an address, and addresses go. */
    if (type == MD_TEXT_NORMAL && w->link && off > 0 && w->md[off - 1] == '<' && off + n < w->len &&
        w->md[off + n] == '>') {
        skip_to(w, off + n);
        return stop(w);
    }
    if (type == MD_TEXT_HTML) {
        skip_to(w, off);
        html_inline(w, s, n);
        skip_to(w, off + n);
    } else {
        begin(w, off);
        if (type != MD_TEXT_ENTITY || !entity(w, s, n))
            put(w, s, n);
    }
    if (off + n > w->pos)
        w->pos = off + n;
    return stop(w);
}

static int on_enter_block(MD_BLOCKTYPE type, void *detail, void *ctx)
{
    (void)detail;
    walker *w = ctx;
    switch (type) {
    case MD_BLOCK_LI: w->item = 1; break;
    case MD_BLOCK_TR: w->row_cells = 0; break;
    case MD_BLOCK_TH:
    case MD_BLOCK_TD:
        w->cell = 1;
        if (++w->cells > w->max_cells)
            w->too_many = 1;
        break;
    default: break;
    }
    return stop(w);
}

static int on_leave_block(MD_BLOCKTYPE type, void *detail, void *ctx)
{
    (void)detail;
    walker *w = ctx;
    if (type == MD_BLOCK_LI)
        w->item = 0;
    else if (type == MD_BLOCK_TH || type == MD_BLOCK_TD)
        w->cell = 0;
    return stop(w);
}

static int on_enter_span(MD_SPANTYPE type, void *detail, void *ctx)
{
    (void)detail;
    walker *w = ctx;
    if (type == MD_SPAN_A)
        w->link = 1;
    return stop(w);
}

static int on_leave_span(MD_SPANTYPE type, void *detail, void *ctx)
{
    (void)detail;
    walker *w = ctx;
    if (type == MD_SPAN_A)
        w->link = 0;
    return stop(w);
}

/* Walks md[0..len) (at most MD_PIECE bytes) into out. */
static int walk(const char *md, size_t len, zc_buf *out)
{
    MD_PARSER parser = {
        0,    MD_FLAGS, on_enter_block, on_leave_block, on_enter_span, on_leave_span, on_text,
        NULL, NULL};
    size_t start = out->len;
    char *copy = malloc(len + MD_PAD);
    if (!copy)
        return ZC_ERR_NOMEM;
    memcpy(copy, md, len);
    memset(copy + len, 0, MD_PAD);
    for (;;) {
        walker w = {.md = copy, .len = len, .out = out, .max_cells = CELLS_PER_BYTE * len + 1024};
        int rc = md_parse(copy, (MD_SIZE)len, &parser, &w);
        if (w.nomem || !w.too_many) {
            if (!w.nomem && !rc)
                skip_to(&w, len);
            free(copy);
            /* md4c itself failing can only be for want of memory. */
            return w.nomem || rc ? ZC_ERR_NOMEM : ZC_OK;
        }
        /* Too many table cells: again, without tables. */
        out->len = start;
        if (out->data)
            out->data[start] = '\0';
        parser.flags &= ~(unsigned)MD_FLAG_TABLES;
    }
}

int zc_markdown_text(const char *md, size_t len, zc_buf *out)
{
    size_t start = out->len;
    for (size_t i = 0; i < len;) {
        size_t n = len - i;
        if (n > MD_PIECE) {
            const char *nl = memrchr(md + i, '\n', MD_PIECE);
            n = nl ? (size_t)(nl - (md + i)) + 1 : zc_utf8_align(md + i, len - i, MD_PIECE);
        }
        if (walk(md + i, n, out)) {
            out->len = start;
            if (out->data)
                out->data[start] = '\0';
            return ZC_ERR_NOMEM;
        }
        i += n;
    }
    if (!out->data && zc_buf_reserve(out, 0))
        return ZC_ERR_NOMEM;
    return ZC_OK;
}
