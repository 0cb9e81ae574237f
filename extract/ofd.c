/* OFD (GB/T 33190): a zip of XML parts. OFD.xml names each document's
 * root (Document.xml), which lists the pages in order; a page's content
 * holds text objects (TextCode) and composite objects that draw a unit of
 * the shared resources (DocumentRes.xml, PublicRes.xml), where some
 * producers keep all the text. Text is read page by page, a unit where the
 * page draws it, the page's annotations (Annotations.xml) after it, each
 * template page once after the pages; a new line starts where the
 * baseline moves. */
#include <glib.h>
#include <libxml/tree.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/err.h"
#include "extract.h"
#include "zipx.h"

enum { MAX_NEST = 8, MAX_PAGES = 100000 };

typedef struct reader {
    zc_zip *z;
    zc_buf out;
    GHashTable *units; /* ID → xmlNode of a composite unit (owned by docs) */
    GPtrArray *docs;   /* xmlDocPtr kept alive for units */
    double y;          /* baseline of the last text, NAN at a page's start */
    int rc;
    unsigned pages;
} reader;

static void put(reader *r, const char *s, size_t n)
{
    if (r->rc == ZC_OK && zc_buf_append(&r->out, s, n))
        r->rc = ZC_ERR_NOMEM;
}

static void line_end(reader *r)
{
    if (r->out.len && r->out.data[r->out.len - 1] != '\n')
        put(r, "\n", 1);
}

static double num_at(const char *s, int k)
{
    /* the k-th number of a blank-separated list ("x y w h") */
    char *end;
    double v = 0;
    for (int i = 0; s && i <= k; i++) {
        v = strtod(s, &end);
        if (end == s)
            return 0;
        s = end;
    }
    return isfinite(v) ? v : 0;
}

static void walk(reader *r, const xmlNode *n, double oy, int nest);

static void text_object(reader *r, const xmlNode *t, double oy)
{
    char *bound = zc_xml_attr(t, "Boundary"), *size = zc_xml_attr(t, "Size");
    double by = oy + num_at(bound, 1), fs = size ? num_at(size, 0) : 3;
    xmlFree(bound);
    xmlFree(size);
    if (fs <= 0)
        fs = 3;
    for (const xmlNode *c = t->children; c && r->rc == ZC_OK; c = c->next) {
        if (!zc_xml_is(c, "TextCode"))
            continue;
        char *ys = zc_xml_attr(c, "Y");
        double y = by + (ys ? num_at(ys, 0) : 0);
        xmlFree(ys);
        if (!isnan(r->y) && fabs(y - r->y) > fs * 0.5)
            line_end(r);
        r->y = y;
        xmlChar *s = xmlNodeGetContent(c);
        if (s)
            put(r, (const char *)s, strlen((const char *)s));
        xmlFree(s);
    }
}

static void walk(reader *r, const xmlNode *n, double oy, int nest)
{
    for (const xmlNode *c = n; c && r->rc == ZC_OK; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (zc_xml_is(c, "TextObject")) {
            text_object(r, c, oy);
        } else if (zc_xml_is(c, "CompositeObject")) {
            char *id = zc_xml_attr(c, "ResourceID"), *bound = zc_xml_attr(c, "Boundary");
            const xmlNode *u = id ? g_hash_table_lookup(r->units, id) : NULL;
            double y = oy + num_at(bound, 1);
            xmlFree(id);
            xmlFree(bound);
            if (u && nest < MAX_NEST)
                walk(r, u->children, y, nest + 1);
        } else if (zc_xml_is(c, "PageBlock")) {
            char *bound = zc_xml_attr(c, "Boundary");
            double y = oy + num_at(bound, 1);
            xmlFree(bound);
            walk(r, c->children, y, nest);
        } else if (!zc_xml_is(c, "PageRes") && !zc_xml_is(c, "Template") &&
                   !zc_xml_is(c, "Actions")) {
            walk(r, c->children, oy, nest);
        }
    }
}

static void find_units(reader *r, xmlNode *n, int depth)
{
    for (xmlNode *c = n; c && depth < 64; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (zc_xml_is(c, "CompositeGraphicUnit")) {
            char *id = zc_xml_attr(c, "ID");
            if (id && !g_hash_table_contains(r->units, id))
                g_hash_table_insert(r->units, g_strdup(id), c);
            xmlFree(id);
        } else {
            find_units(r, c->children, depth + 1);
        }
    }
}

/* Reads a resource part into the table of units; a missing or broken
 * resource only loses its units. */
static void load_res(reader *r, const char *name)
{
    xmlDocPtr doc;
    if (zc_zip_xml(r->z, name, &doc, NULL) != ZC_OK)
        return;
    g_ptr_array_add(r->docs, doc);
    find_units(r, xmlDocGetRootElement(doc), 0);
}

static int read_page(reader *r, const char *name, zc_error *err)
{
    xmlDocPtr doc;
    int rc = zc_zip_xml(r->z, name, &doc, err);
    if (rc)
        return rc;
    r->y = NAN;
    const xmlNode *content = zc_xml_child(xmlDocGetRootElement(doc), "Content");
    if (content)
        walk(r, content->children, 0, 0);
    line_end(r);
    xmlFreeDoc(doc);
    if (r->rc)
        return zc_err_set(err, r->rc, "out of memory reading '%s'", name);
    return ZC_OK;
}

/* The annotation parts of each page (Annotations.xml: PageID → FileLoc),
 * as page ID → GPtrArray of part names. */
static GHashTable *annotations(reader *r, const char *root, const xmlNode *top)
{
    GHashTable *pages =
        g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify)g_ptr_array_unref);
    const xmlNode *a = zc_xml_child(top, "Annotations");
    xmlChar *loc = a ? xmlNodeGetContent(a) : NULL;
    char *name = loc ? zc_zip_resolve(root, (const char *)loc) : NULL;
    xmlFree(loc);
    xmlDocPtr doc;
    if (!name || zc_zip_xml(r->z, name, &doc, NULL) != ZC_OK) {
        free(name);
        return pages;
    }
    for (xmlNode *p = xmlDocGetRootElement(doc)->children; p; p = p->next) {
        char *id = zc_xml_is(p, "Page") ? zc_xml_attr(p, "PageID") : NULL;
        const xmlNode *f = id ? zc_xml_child(p, "FileLoc") : NULL;
        xmlChar *fl = f ? xmlNodeGetContent(f) : NULL;
        char *part = fl ? zc_zip_resolve(name, (const char *)fl) : NULL;
        if (part) {
            GPtrArray *list = g_hash_table_lookup(pages, id);
            if (!list) {
                list = g_ptr_array_new_with_free_func(free);
                g_hash_table_insert(pages, g_strdup(id), list);
            }
            g_ptr_array_add(list, part);
        }
        xmlFree(fl);
        xmlFree(id);
    }
    xmlFreeDoc(doc);
    free(name);
    return pages;
}

/* The text of a page's annotations (their appearance), after the page. */
static void read_annots(reader *r, const char *name)
{
    xmlDocPtr doc;
    if (zc_zip_xml(r->z, name, &doc, NULL) != ZC_OK)
        return;
    r->y = NAN;
    walk(r, xmlDocGetRootElement(doc)->children, 0, 0);
    line_end(r);
    xmlFreeDoc(doc);
}

static int read_document(reader *r, const char *root, zc_error *err)
{
    xmlDocPtr doc;
    int rc = zc_zip_xml(r->z, root, &doc, err);
    if (rc)
        return rc;
    xmlNode *top = xmlDocGetRootElement(doc);
    xmlNode *common = zc_xml_child(top, "CommonData");
    GPtrArray *templates = g_ptr_array_new_with_free_func(g_free);
    for (xmlNode *c = common ? common->children : NULL; c; c = c->next) {
        if (zc_xml_is(c, "PublicRes") || zc_xml_is(c, "DocumentRes")) {
            xmlChar *loc = xmlNodeGetContent(c);
            char *name = loc ? zc_zip_resolve(root, (const char *)loc) : NULL;
            if (name)
                load_res(r, name);
            free(name);
            xmlFree(loc);
        } else if (zc_xml_is(c, "TemplatePage")) {
            char *loc = zc_xml_attr(c, "BaseLoc");
            char *name = loc ? zc_zip_resolve(root, loc) : NULL;
            if (name)
                g_ptr_array_add(templates, g_strdup(name));
            free(name);
            xmlFree(loc);
        }
    }
    GHashTable *annots = annotations(r, root, top);
    xmlNode *pages = zc_xml_child(top, "Pages");
    for (xmlNode *p = pages ? pages->children : NULL; p && rc == ZC_OK; p = p->next) {
        if (!zc_xml_is(p, "Page"))
            continue;
        char *loc = zc_xml_attr(p, "BaseLoc"), *id = zc_xml_attr(p, "ID");
        char *name = loc ? zc_zip_resolve(root, loc) : NULL;
        xmlFree(loc);
        if (name && ++r->pages > MAX_PAGES)
            rc = zc_err_set(err, ZC_ERR_INVALID, "more than %d pages", MAX_PAGES);
        else if (name)
            rc = read_page(r, name, err);
        GPtrArray *list = id ? g_hash_table_lookup(annots, id) : NULL;
        for (guint i = 0; rc == ZC_OK && list && i < list->len; i++)
            read_annots(r, list->pdata[i]);
        xmlFree(id);
        free(name);
    }
    g_hash_table_destroy(annots);
    for (guint i = 0; rc == ZC_OK && i < templates->len; i++)
        if (zc_zip_has(r->z, templates->pdata[i]))
            rc = read_page(r, templates->pdata[i], err);
    g_ptr_array_free(templates, TRUE);
    xmlFreeDoc(doc);
    return rc;
}

static void doc_info(const xmlNode *body, zc_extracted *out)
{
    const xmlNode *info = zc_xml_child(body, "DocInfo");
    static const char *const names[3] = {"Title", "CreationDate", "ModDate"};
    zc_xml_doc_meta(info ? info->children : NULL, names, out);
}

int zc_extract_ofd(const char *data, size_t len, zc_extracted *out, zc_error *err)
{
    memset(out, 0, sizeof *out);
    reader r = {0};
    int rc = zc_zip_open(data, len, &r.z, err);
    if (rc)
        return rc;
    xmlDocPtr ofd;
    rc = zc_zip_xml(r.z, "OFD.xml", &ofd, err);
    if (rc) {
        zc_zip_close(r.z);
        return rc;
    }
    r.units = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    r.docs = g_ptr_array_new_with_free_func((GDestroyNotify)xmlFreeDoc);
    int docs = 0;
    for (xmlNode *b = xmlDocGetRootElement(ofd)->children; b && rc == ZC_OK; b = b->next) {
        if (!zc_xml_is(b, "DocBody"))
            continue;
        doc_info(b, out);
        xmlNode *root = zc_xml_child(b, "DocRoot");
        xmlChar *loc = root ? xmlNodeGetContent(root) : NULL;
        char *name = loc ? zc_zip_resolve("", (const char *)loc) : NULL;
        xmlFree(loc);
        if (name) {
            docs++;
            rc = read_document(&r, name, err);
        }
        free(name);
    }
    if (rc == ZC_OK && docs == 0)
        rc = zc_err_set(err, ZC_ERR_INVALID, "OFD.xml names no document (no DocBody/DocRoot)");
    xmlFreeDoc(ofd);
    g_hash_table_destroy(r.units);
    g_ptr_array_free(r.docs, TRUE);
    zc_zip_close(r.z);
    out->pages = r.pages;
    if (rc) {
        zc_buf_free(&r.out);
        zc_extracted_free(out);
        return rc;
    }
    out->len = r.out.len;
    out->text = zc_buf_detach(&r.out);
    if (!out->text)
        return zc_err_set(err, ZC_ERR_NOMEM, "out of memory");
    return ZC_OK;
}
