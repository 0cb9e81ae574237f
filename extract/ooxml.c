/* DOCX (and WPS documents saved as OOXML): the main document's
 * paragraphs, tables as rows, each header and footer part once, footnotes
 * and endnotes; the core properties as weak metadata. */
#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/err.h"
#include "extract.h"
#include "zipx.h"

typedef struct walker {
    zc_buf *out;
    int in_cell; /* depth of table cells */
    int rc;
} walker;

static void put(walker *w, const char *s)
{
    if (w->rc == ZC_OK && zc_buf_puts(w->out, s))
        w->rc = ZC_ERR_NOMEM;
}

/* Ends the current line unless it is empty. */
static void line_end(walker *w)
{
    if (w->out->len && w->out->data[w->out->len - 1] != '\n')
        put(w, "\n");
}

static void walk(walker *w, const xmlNode *n)
{
    for (const xmlNode *c = n; c && w->rc == ZC_OK; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        const char *name = (const char *)c->name;
        if (strcmp(name, "t") == 0) {
            xmlChar *t = xmlNodeGetContent(c);
            if (t)
                put(w, (const char *)t);
            xmlFree(t);
            continue;
        }
        if (strcmp(name, "tab") == 0 && !w->in_cell) {
            put(w, "\t");
            continue;
        }
        if (strcmp(name, "br") == 0 || strcmp(name, "cr") == 0) {
            put(w, w->in_cell ? " " : "\n");
            continue;
        }
        /* Deleted text, field codes, fallbacks of alternate content (the
         * same text again), drawings' XML: nothing to read. */
        if (strcmp(name, "delText") == 0 || strcmp(name, "instrText") == 0 ||
            strcmp(name, "Fallback") == 0 || strcmp(name, "pPr") == 0 || strcmp(name, "rPr") == 0)
            continue;
        if (strcmp(name, "tr") == 0) {
            line_end(w);
            put(w, "|");
            walk(w, c->children);
            put(w, "\n");
            continue;
        }
        if (strcmp(name, "tc") == 0) {
            put(w, " ");
            w->in_cell++;
            walk(w, c->children);
            w->in_cell--;
            put(w, " |");
            continue;
        }
        if ((strcmp(name, "footnote") == 0 || strcmp(name, "endnote") == 0)) {
            char *type = zc_xml_attr(c, "type");
            int skip = type && strcmp(type, "normal") != 0;
            xmlFree(type);
            if (skip)
                continue; /* separators */
        }
        walk(w, c->children);
        if (strcmp(name, "p") == 0) {
            if (w->in_cell)
                put(w, " ");
            else
                put(w, "\n");
        }
    }
}

static int read_part(zc_zip *z, const char *name, zc_buf *out, zc_error *err)
{
    xmlDocPtr doc;
    int rc = zc_zip_xml(z, name, &doc, err);
    if (rc)
        return rc;
    walker w = {out, 0, ZC_OK};
    walk(&w, xmlDocGetRootElement(doc));
    xmlFreeDoc(doc);
    line_end(&w);
    if (w.rc)
        return zc_err_set(err, w.rc, "out of memory reading '%s'", name);
    return ZC_OK;
}

/* The target of the package's officeDocument relationship, else the
 * usual name. */
static char *main_part(zc_zip *z, const char *usual)
{
    xmlDocPtr doc;
    char *found = NULL;
    if (zc_zip_xml(z, "_rels/.rels", &doc, NULL) == ZC_OK) {
        for (xmlNode *c = xmlDocGetRootElement(doc)->children; c && !found; c = c->next) {
            char *type = zc_xml_attr(c, "Type"), *target = zc_xml_attr(c, "Target");
            if (type && target && strlen(type) > 15 &&
                strcmp(type + strlen(type) - 15, "/officeDocument") == 0)
                found = zc_zip_resolve("", target);
            xmlFree(type);
            xmlFree(target);
        }
        xmlFreeDoc(doc);
    }
    if (found && !zc_zip_has(z, found)) {
        free(found);
        found = NULL;
    }
    return found ? found : strdup(usual);
}

static void core_props(zc_zip *z, zc_extracted *out)
{
    xmlDocPtr doc;
    if (zc_zip_xml(z, "docProps/core.xml", &doc, NULL) != ZC_OK)
        return;
    static const char *const names[3] = {"title", "created", "modified"};
    zc_xml_doc_meta(xmlDocGetRootElement(doc)->children, names, out);
    xmlFreeDoc(doc);
}

/* Parts named prefix + anything + ".xml" (header1.xml, footer2.xml). */
static int read_parts_like(zc_zip *z, const char *prefix, zc_buf *out, zc_error *err)
{
    size_t n = zc_zip_count(z), pl = strlen(prefix);
    for (size_t i = 0; i < n; i++) {
        const char *name = zc_zip_name(z, i);
        size_t nl = name ? strlen(name) : 0;
        if (nl > pl + 4 && strncmp(name, prefix, pl) == 0 && strcmp(name + nl - 4, ".xml") == 0 &&
            !strchr(name + pl, '/')) {
            int rc = read_part(z, name, out, err);
            if (rc)
                return rc;
        }
    }
    return ZC_OK;
}

int zc_extract_docx(const char *data, size_t len, zc_extracted *out, zc_error *err)
{
    memset(out, 0, sizeof *out);
    zc_zip *z;
    int rc = zc_zip_open(data, len, &z, err);
    if (rc)
        return rc;
    zc_buf text = ZC_BUF_INIT;
    char *main = main_part(z, "word/document.xml");
    if (!main)
        rc = zc_err_set(err, ZC_ERR_NOMEM, "out of memory");
    else
        rc = read_part(z, main, &text, err);
    char dir[64] = "word/";
    if (main && strchr(main, '/')) {
        size_t dl = (size_t)(strrchr(main, '/') - main) + 1;
        if (dl < sizeof dir) {
            memcpy(dir, main, dl);
            dir[dl] = '\0';
        }
    }
    free(main);
    const char *extra[] = {"header", "footer", "footnotes", "endnotes"};
    for (size_t i = 0; rc == ZC_OK && i < sizeof extra / sizeof *extra; i++) {
        char prefix[96];
        snprintf(prefix, sizeof prefix, "%s%s", dir, extra[i]);
        rc = read_parts_like(z, prefix, &text, err);
    }
    if (rc == ZC_OK)
        core_props(z, out);
    zc_zip_close(z);
    if (rc) {
        zc_buf_free(&text);
        zc_extracted_free(out);
        return rc;
    }
    out->len = text.len;
    out->text = zc_buf_detach(&text);
    if (!out->text && !(out->text = strdup("")))
        return zc_err_set(err, ZC_ERR_NOMEM, "out of memory");
    return ZC_OK;
}
