/* Extracting the text of HTML documents with libxml2's HTML parser. */
#include "extract/html.h"

#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "common/err.h"
#include "common/utf8.h"

/* Elements whose content is not text of the document. */
static const char *const dropped[] = {"script", "style",  "noscript", "template", "head",
                                      "iframe", "object", "embed",    "svg",      "math",
                                      "canvas", "audio",  "video",    "title",    NULL};

/* Elements that start and end a line. */
static const char *const blocks[] = {
    "address", "article", "aside",  "blockquote", "body", "caption", "center",   "dd",
    "details", "dialog",  "dir",    "div",        "dl",   "dt",      "fieldset", "figcaption",
    "figure",  "footer",  "form",   "h1",         "h2",   "h3",      "h4",       "h5",
    "h6",      "header",  "hgroup", "hr",         "html", "legend",  "li",       "main",
    "menu",    "nav",     "ol",     "option",     "p",    "pre",     "section",  "summary",
    "table",   "tbody",   "td",     "tfoot",      "th",   "thead",   "tr",       "ul",
    "br",      NULL};

static int in_set(const xmlChar *name, const char *const *set)
{
    for (; *set; set++)
        if (!strcmp((const char *)name, *set))
            return 1;
    return 0;
}

/* What the SAX callbacks build: the text, and the title. The parser
 * hands over elements and text as it reads them, and nothing else is
 * kept: a tree of the document took tens of times its size (a node per
 * tag and per piece of text between tags). */
typedef struct walker {
    zc_buf *out;
    size_t base;       /* where this document's text starts in out */
    int pending_space; /* white space seen since the last character */
    int pre;           /* depth of <pre>/<textarea> elements */
    int nomem;
    size_t depth;  /* elements open */
    size_t skip;   /* depth inside a dropped element (0: not in one) */
    size_t blocks; /* block elements open, outside dropped ones */
    /* The text of the first <title> and of the first <h1>: in_title and
     * in_h1 count the elements open inside them, 0 before, SIZE_MAX
     * after. */
    zc_buf title, h1;
    size_t in_title, in_h1;
    int title_space, h1_space;
} walker;

static void put(walker *w, zc_buf *b, const char *s, size_t n)
{
    if (!w->nomem && zc_buf_append(b, s, n))
        w->nomem = 1;
}

static void newline(walker *w)
{
    w->pending_space = 0;
    if (w->out->len > w->base && w->out->data[w->out->len - 1] != '\n')
        put(w, w->out, "\n", 1);
}

static int is_ws(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* Appends s[0..n) to b from base on with runs of white space as one space
 * (or as is when pre); *pending carries a run over from one piece of
 * text to the next. */
static void text(walker *w, zc_buf *b, size_t base, int *pending, int pre, const char *s, size_t n)
{
    if (pre) {
        put(w, b, s, n);
        return;
    }
    size_t run = 0;
    int in_run = 0;
    for (size_t i = 0;; i++) {
        if (i < n && !is_ws((unsigned char)s[i])) {
            if (!in_run) {
                if (*pending && b->len > base && b->data[b->len - 1] != '\n')
                    put(w, b, " ", 1);
                *pending = 0;
                run = i;
                in_run = 1;
            }
            continue;
        }
        if (in_run)
            put(w, b, s + run, i - run);
        in_run = 0;
        if (i >= n)
            break;
        *pending = 1;
    }
}

static void on_text(void *ctx, const xmlChar *ch, int len)
{
    walker *w = ctx;
    const char *s = (const char *)ch;
    size_t n = len > 0 ? (size_t)len : 0;
    /* Outside every element ("<" at the very start) the text belongs to
     * no element: a tree of the document has no place for it either. */
    if (!w->depth)
        return;
    /* The title and the heading gather the text of everything inside them
     * (as an element's text content has it), dropped elements too. */
    if (w->in_title && w->in_title != SIZE_MAX)
        text(w, &w->title, 0, &w->title_space, 0, s, n);
    if (w->in_h1 && w->in_h1 != SIZE_MAX)
        text(w, &w->h1, 0, &w->h1_space, 0, s, n);
    if (!w->skip)
        text(w, w->out, w->base, &w->pending_space, w->pre, s, n);
}

static void on_start(void *ctx, const xmlChar *name, const xmlChar **atts)
{
    (void)atts;
    walker *w = ctx;
    const char *tag = (const char *)name;
    w->depth++;
    if (w->in_title && w->in_title != SIZE_MAX)
        w->in_title++;
    else if (!w->in_title && !strcmp(tag, "title"))
        w->in_title = 1;
    if (w->in_h1 && w->in_h1 != SIZE_MAX)
        w->in_h1++;
    else if (!w->in_h1 && !strcmp(tag, "h1"))
        w->in_h1 = 1;
    if (w->skip || in_set(name, dropped)) {
        w->skip++;
        return;
    }
    if (in_set(name, blocks)) {
        newline(w);
        w->blocks++;
    }
    if (!strcmp(tag, "pre") || !strcmp(tag, "textarea"))
        w->pre++;
}

static void on_end(void *ctx, const xmlChar *name)
{
    walker *w = ctx;
    const char *tag = (const char *)name;
    if (w->depth)
        w->depth--;
    if (w->in_title && w->in_title != SIZE_MAX && --w->in_title == 0)
        w->in_title = SIZE_MAX;
    if (w->in_h1 && w->in_h1 != SIZE_MAX && --w->in_h1 == 0)
        w->in_h1 = SIZE_MAX;
    if (w->skip) {
        w->skip--;
        return;
    }
    if (in_set(name, blocks)) {
        newline(w);
        w->blocks--;
    }
    if (!strcmp(tag, "pre") || !strcmp(tag, "textarea"))
        w->pre--;
}

/* Makes out a valid empty-or-not string (zc_buf_reserve does not write
 * the terminator of a new buffer). */
static int terminate(zc_buf *out, zc_error *err)
{
    if (zc_buf_reserve(out, 0))
        return zc_err_set(err, ZC_ERR_NOMEM, "out of memory");
    out->data[out->len] = '\0';
    return ZC_OK;
}

static pthread_once_t init_once = PTHREAD_ONCE_INIT;

static void init_libxml(void)
{
    xmlInitParser();
}

int zc_html_text(const char *utf8, size_t len, zc_buf *out, char **title, zc_error *err)
{
    if (title)
        *title = NULL;
    size_t bad;
    if (len && !zc_utf8_valid(utf8, len, &bad))
        return zc_err_set(err, ZC_ERR_ENCODING, "HTML: not valid UTF-8 at byte offset %zu", bad);
    if (len > INT_MAX)
        return zc_err_set(err, ZC_ERR_INVALID, "HTML document too large (%zu bytes)", len);
    size_t base = out->len;
    if (len == 0)
        return terminate(out, err);
    pthread_once(&init_once, init_libxml);
    htmlParserCtxtPtr ctxt = htmlNewParserCtxt();
    if (!ctxt)
        return zc_err_set(err, ZC_ERR_NOMEM, "out of memory parsing HTML");
    /* Only the callbacks below: no tree, no comments, no DTD. */
    memset(ctxt->sax, 0, sizeof *ctxt->sax);
    ctxt->sax->initialized = 1;
    ctxt->sax->startElement = on_start;
    ctxt->sax->endElement = on_end;
    ctxt->sax->characters = on_text;
    ctxt->sax->cdataBlock = on_text;
    walker w = {.out = out, .base = base, .title = ZC_BUF_INIT, .h1 = ZC_BUF_INIT};
    ctxt->userData = &w;
    /* HUGE lifts the limits on text nodes (10 MB) and nesting (256):
     * beyond them the parser stops and the rest of the text would be
     * lost. */
    htmlDocPtr doc =
        htmlCtxtReadMemory(ctxt, utf8, (int)len, NULL, "UTF-8",
                           HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                               HTML_PARSE_NONET | HTML_PARSE_COMPACT | XML_PARSE_HUGE);
    xmlFreeDoc(doc); /* none: no callback makes one */
    /* Recoverable errors (tag soup) leave SAX on; a fatal one (a resource
     * limit, out of memory) stops the parser with text left unread. */
    if (ctxt->disableSAX) {
        const xmlError *e = xmlCtxtGetLastError(ctxt);
        char msg[200];
        snprintf(msg, sizeof msg, "%s", e && e->message ? e->message : "unknown error");
        msg[strcspn(msg, "\n")] = '\0';
        htmlFreeParserCtxt(ctxt);
        zc_buf_free(&w.title);
        zc_buf_free(&w.h1);
        out->len = base;
        if (out->data)
            out->data[base] = '\0';
        return zc_err_set(err, ZC_ERR_INVALID, "HTML parser stopped: %s", msg);
    }
    htmlFreeParserCtxt(ctxt);
    /* Tag soup cut short (an unfinished tag at the end) can leave elements
     * the parser never closes: a block among them still ends the line. */
    if (w.blocks)
        newline(&w);
    /* The title, else the first heading, white space collapsed. */
    char *t = NULL;
    if (title && !w.nomem) {
        if (w.title.len)
            t = zc_buf_detach(&w.title);
        else if (w.h1.len)
            t = zc_buf_detach(&w.h1);
    }
    zc_buf_free(&w.title);
    zc_buf_free(&w.h1);
    if (w.nomem || terminate(out, NULL)) {
        free(t);
        out->len = base;
        if (out->data)
            out->data[base] = '\0';
        return zc_err_set(err, ZC_ERR_NOMEM, "out of memory extracting HTML text");
    }
    if (title)
        *title = t;
    return ZC_OK;
}
