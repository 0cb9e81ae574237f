/* Extracting the text of HTML documents with libxml2's HTML parser. */
#include "html.h"

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

typedef struct walker {
    zc_buf *out;
    int pending_space; /* white space seen since the last character */
    int pre;           /* depth of <pre>/<textarea> elements */
    int nomem;
} walker;

static void put(walker *w, const char *s, size_t n)
{
    if (!w->nomem && zc_buf_append(w->out, s, n))
        w->nomem = 1;
}

static void newline(walker *w, size_t base)
{
    w->pending_space = 0;
    if (w->out->len > base && w->out->data[w->out->len - 1] != '\n')
        put(w, "\n", 1);
}

static int is_ws(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* Appends text with runs of white space as one space (or as is in pre). */
static void text(walker *w, const char *s, size_t base)
{
    if (w->pre) {
        put(w, s, strlen(s));
        return;
    }
    const char *run = NULL;
    for (;; s++) {
        if (*s && !is_ws((unsigned char)*s)) {
            if (!run) {
                if (w->pending_space && w->out->len > base && w->out->data[w->out->len - 1] != '\n')
                    put(w, " ", 1);
                w->pending_space = 0;
                run = s;
            }
            continue;
        }
        if (run)
            put(w, run, (size_t)(s - run));
        run = NULL;
        if (!*s)
            break;
        w->pending_space = 1;
    }
}

/* Text content of a node, white space collapsed and trimmed, malloc'd;
 * NULL if empty. */
static char *collapsed_content(xmlNode *n)
{
    xmlChar *c = xmlNodeGetContent(n);
    if (!c)
        return NULL;
    zc_buf b = ZC_BUF_INIT;
    walker w = {&b, 0, 0, 0};
    text(&w, (const char *)c, 0);
    xmlFree(c);
    if (w.nomem || !b.len) {
        zc_buf_free(&b);
        return NULL;
    }
    return zc_buf_detach(&b);
}

/* The first element named name in document order (iterative: tag soup can
 * nest deeply). */
static xmlNode *find_first(xmlNode *n, const char *name)
{
    while (n) {
        if (n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, name))
            return n;
        if (n->children && n->type == XML_ELEMENT_NODE) {
            n = n->children;
            continue;
        }
        while (n && !n->next) {
            n = n->parent;
            if (n && n->type != XML_ELEMENT_NODE)
                return NULL;
        }
        if (n)
            n = n->next;
    }
    return NULL;
}

static void leave(walker *w, xmlNode *n, size_t base)
{
    if (in_set(n->name, blocks))
        newline(w, base);
    if (!strcmp((const char *)n->name, "pre") || !strcmp((const char *)n->name, "textarea"))
        w->pre--;
}

/* Whether to descend into n (after writing what it starts with). */
static int enter(walker *w, xmlNode *n, size_t base)
{
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
        if (n->content)
            text(w, (const char *)n->content, base);
        return 0;
    }
    if (n->type != XML_ELEMENT_NODE || in_set(n->name, dropped))
        return 0;
    if (in_set(n->name, blocks))
        newline(w, base);
    if (!strcmp((const char *)n->name, "pre") || !strcmp((const char *)n->name, "textarea"))
        w->pre++;
    return 1;
}

static void walk(walker *w, xmlNode *cur, size_t base)
{
    while (cur) {
        int in = enter(w, cur, base);
        if (in && cur->children) {
            cur = cur->children;
            continue;
        }
        if (in)
            leave(w, cur, base);
        while (!cur->next) {
            cur = cur->parent;
            if (!cur || cur->type != XML_ELEMENT_NODE)
                return;
            leave(w, cur, base);
        }
        cur = cur->next;
    }
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
    /* HUGE lifts the limits on text nodes (10 MB) and nesting (256):
     * beyond them the parser stops and the rest of the text would be lost.
     * The tree is walked without recursion, so depth costs nothing. */
    htmlParserCtxtPtr ctxt = htmlNewParserCtxt();
    if (!ctxt)
        return zc_err_set(err, ZC_ERR_NOMEM, "out of memory parsing HTML");
    htmlDocPtr doc =
        htmlCtxtReadMemory(ctxt, utf8, (int)len, NULL, "UTF-8",
                           HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                               HTML_PARSE_NONET | HTML_PARSE_COMPACT | XML_PARSE_HUGE);
    /* Recoverable errors (tag soup) leave SAX on; a fatal one (a resource
     * limit, out of memory) stops the parser with text left unread. */
    if (ctxt->disableSAX) {
        const xmlError *e = xmlCtxtGetLastError(ctxt);
        char msg[200];
        snprintf(msg, sizeof msg, "%s", e && e->message ? e->message : "unknown error");
        msg[strcspn(msg, "\n")] = '\0';
        xmlFreeDoc(doc);
        htmlFreeParserCtxt(ctxt);
        return zc_err_set(err, ZC_ERR_INVALID, "HTML parser stopped: %s", msg);
    }
    htmlFreeParserCtxt(ctxt);
    if (!doc) /* nothing the parser could make a tree of: no text */
        return terminate(out, err);
    walker w = {out, 0, 0, 0};
    walk(&w, doc->children, base);
    char *t = NULL;
    if (title && !w.nomem) {
        xmlNode *tn = find_first(doc->children, "title");
        if (tn)
            t = collapsed_content(tn);
        if (!t && (tn = find_first(doc->children, "h1")))
            t = collapsed_content(tn);
    }
    xmlFreeDoc(doc);
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
