/* XLSX: the workbook's sheets in order (xl/workbook.xml and its
 * relationships), shared strings, inline strings, numbers; a number whose
 * cell style is a date format becomes a date (YYYY-MM-DD). */
#include <glib.h>
#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/err.h"
#include "extract.h"
#include "sheet.h"
#include "zipx.h"

typedef struct book {
    zc_zip *z;
    char **strings; /* shared strings */
    size_t nstrings;
    unsigned char *date_style; /* per cellXfs index: 1 if a date format */
    size_t nstyles;
} book;

static char *all_text(const xmlNode *n)
{
    /* the text of the <t> runs of a string item (phonetic runs left out) */
    zc_buf b = ZC_BUF_INIT;
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (zc_xml_is(c, "t")) {
            xmlChar *t = xmlNodeGetContent(c);
            if (t)
                zc_buf_puts(&b, (const char *)t);
            xmlFree(t);
        } else if (zc_xml_is(c, "r")) {
            char *s = all_text(c);
            if (s)
                zc_buf_puts(&b, s);
            free(s);
        }
    }
    return zc_buf_detach(&b);
}

static int load_strings(book *bk, zc_error *err)
{
    xmlDocPtr doc;
    int rc = zc_zip_xml(bk->z, "xl/sharedStrings.xml", &doc, err);
    if (rc == ZC_ERR_NOT_FOUND)
        return ZC_OK;
    if (rc)
        return rc;
    size_t cap = 0;
    for (xmlNode *c = xmlDocGetRootElement(doc)->children; c && rc == ZC_OK; c = c->next) {
        if (!zc_xml_is(c, "si"))
            continue;
        if (bk->nstrings == cap) {
            cap = cap ? cap * 2 : 256;
            char **s = realloc(bk->strings, cap * sizeof *s);
            if (!s) {
                rc = zc_err_set(err, ZC_ERR_NOMEM, "out of memory");
                break;
            }
            bk->strings = s;
        }
        bk->strings[bk->nstrings++] = all_text(c);
    }
    xmlFreeDoc(doc);
    return rc;
}

static int builtin_date(long id)
{
    return (id >= 14 && id <= 17) || id == 22 || (id >= 27 && id <= 36) || (id >= 50 && id <= 58);
}

static void load_styles(book *bk)
{
    xmlDocPtr doc;
    if (zc_zip_xml(bk->z, "xl/styles.xml", &doc, NULL) != ZC_OK)
        return;
    xmlNode *root = xmlDocGetRootElement(doc);
    GHashTable *custom = g_hash_table_new(g_direct_hash, g_direct_equal);
    xmlNode *fmts = zc_xml_child(root, "numFmts");
    for (xmlNode *c = fmts ? fmts->children : NULL; c; c = c->next) {
        char *id = zc_xml_attr(c, "numFmtId"), *code = zc_xml_attr(c, "formatCode");
        if (id && code && zc_xls_custom_format_is_date(code))
            g_hash_table_add(custom, GINT_TO_POINTER((int)strtol(id, NULL, 10) + 1));
        xmlFree(id);
        xmlFree(code);
    }
    xmlNode *xfs = zc_xml_child(root, "cellXfs");
    size_t n = 0;
    for (xmlNode *c = xfs ? xfs->children : NULL; c; c = c->next)
        n += zc_xml_is(c, "xf");
    bk->date_style = n ? calloc(n, 1) : NULL;
    bk->nstyles = bk->date_style ? n : 0;
    size_t i = 0;
    for (xmlNode *c = xfs ? xfs->children : NULL; c && bk->date_style; c = c->next) {
        if (!zc_xml_is(c, "xf"))
            continue;
        char *id = zc_xml_attr(c, "numFmtId");
        long v = id ? strtol(id, NULL, 10) : 0;
        bk->date_style[i++] =
            builtin_date(v) || g_hash_table_contains(custom, GINT_TO_POINTER((int)v + 1));
        xmlFree(id);
    }
    g_hash_table_destroy(custom);
    xmlFreeDoc(doc);
}

/* "BC12" → column 54 (0-based), row 11 (0-based). 0 if not a reference. */
static int cell_ref(const char *s, size_t *row, size_t *col)
{
    size_t c = 0, r = 0;
    int letters = 0, digits = 0;
    for (; *s >= 'A' && *s <= 'Z' && letters < 4; s++, letters++)
        c = c * 26 + (size_t)(*s - 'A' + 1);
    for (; *s >= '0' && *s <= '9' && digits < 8; s++, digits++)
        r = r * 10 + (size_t)(*s - '0');
    if (!letters || !digits || *s || !r)
        return 0;
    *row = r - 1;
    *col = c - 1;
    return 1;
}

static char *cell_value(book *bk, const xmlNode *c)
{
    char *type = zc_xml_attr(c, "t"), *style = zc_xml_attr(c, "s");
    char *res = NULL;
    if (type && strcmp(type, "inlineStr") == 0) {
        xmlNode *is = zc_xml_child(c, "is");
        res = is ? all_text(is) : NULL;
    } else {
        xmlNode *v = zc_xml_child(c, "v");
        xmlChar *val = v ? xmlNodeGetContent(v) : NULL;
        if (val && type && strcmp(type, "s") == 0) {
            long i = strtol((const char *)val, NULL, 10);
            if (i >= 0 && (size_t)i < bk->nstrings && bk->strings[i])
                res = strdup(bk->strings[i]);
        } else if (val && (!type || strcmp(type, "n") == 0)) {
            long si = style ? strtol(style, NULL, 10) : -1;
            char date[24];
            if (si >= 0 && (size_t)si < bk->nstyles && bk->date_style[si] &&
                zc_excel_date(strtod((const char *)val, NULL), date))
                res = strdup(date);
            else
                res = strdup((const char *)val);
        } else if (val) {
            res = strdup((const char *)val);
        }
        xmlFree(val);
    }
    xmlFree(type);
    xmlFree(style);
    if (res && !*res) {
        free(res);
        res = NULL;
    }
    return res;
}

static int read_sheet(book *bk, zc_sheet *s, const char *part, zc_error *err)
{
    xmlDocPtr doc;
    int rc = zc_zip_xml(bk->z, part, &doc, err);
    if (rc)
        return rc;
    xmlNode *data = zc_xml_child(xmlDocGetRootElement(doc), "sheetData");
    size_t row = 0;
    for (xmlNode *r = data ? data->children : NULL; r && rc == ZC_OK; r = r->next) {
        if (!zc_xml_is(r, "row"))
            continue;
        char *rn = zc_xml_attr(r, "r");
        long v = rn ? strtol(rn, NULL, 10) : 0;
        xmlFree(rn);
        if (v > 0)
            row = (size_t)v - 1;
        size_t col = 0;
        for (xmlNode *c = r->children; c && rc == ZC_OK; c = c->next) {
            if (!zc_xml_is(c, "c"))
                continue;
            char *ref = zc_xml_attr(c, "r");
            size_t rr, cc;
            if (ref && cell_ref(ref, &rr, &cc))
                col = cc;
            xmlFree(ref);
            char *val = cell_value(bk, c);
            if (val)
                rc = zc_sheet_set(s, row, col, val);
            col++;
        }
        row++;
    }
    xmlFreeDoc(doc);
    if (rc == ZC_ERR_INVALID)
        return zc_err_set(err, rc, "sheet '%s' past %zu rows or %zu columns", s->name,
                          ZC_SHEET_MAX_ROWS, ZC_SHEET_MAX_COLS);
    if (rc == ZC_ERR_NOMEM)
        return zc_err_set(err, rc, "out of memory reading sheet '%s'", s->name);
    return rc;
}

/* Relationship Id → target part of xl/workbook.xml. */
static GHashTable *workbook_rels(book *bk)
{
    GHashTable *rels = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    xmlDocPtr doc;
    if (zc_zip_xml(bk->z, "xl/_rels/workbook.xml.rels", &doc, NULL) != ZC_OK)
        return rels;
    for (xmlNode *c = xmlDocGetRootElement(doc)->children; c; c = c->next) {
        char *id = zc_xml_attr(c, "Id"), *target = zc_xml_attr(c, "Target");
        char *part = target ? zc_zip_resolve("xl/workbook.xml", target) : NULL;
        if (id && part)
            g_hash_table_insert(rels, g_strdup(id), g_strdup(part));
        free(part);
        xmlFree(id);
        xmlFree(target);
    }
    xmlFreeDoc(doc);
    return rels;
}

int zc_extract_xlsx(const char *data, size_t len, zc_extracted *out, zc_error *err)
{
    memset(out, 0, sizeof *out);
    book bk = {0};
    int rc = zc_zip_open(data, len, &bk.z, err);
    if (rc)
        return rc;
    xmlDocPtr wb = NULL;
    rc = zc_zip_xml(bk.z, "xl/workbook.xml", &wb, err);
    if (rc == ZC_OK)
        rc = load_strings(&bk, err);
    if (rc == ZC_OK)
        load_styles(&bk);
    GHashTable *rels = rc == ZC_OK ? workbook_rels(&bk) : NULL;
    xmlNode *sheets = wb ? zc_xml_child(xmlDocGetRootElement(wb), "sheets") : NULL;
    unsigned k = 0;
    for (xmlNode *c = sheets ? sheets->children : NULL; c && rc == ZC_OK; c = c->next) {
        if (!zc_xml_is(c, "sheet"))
            continue;
        k++;
        char *name = zc_xml_attr(c, "name"), *rid = zc_xml_attr(c, "id");
        const char *part = rid ? g_hash_table_lookup(rels, rid) : NULL;
        char guess[48];
        if (!part) {
            snprintf(guess, sizeof guess, "xl/worksheets/sheet%u.xml", k);
            part = guess;
        }
        zc_sheet *s = zc_sheet_add(out, name);
        if (!s)
            rc = zc_err_set(err, ZC_ERR_NOMEM, "out of memory");
        else if (zc_zip_has(bk.z, part))
            rc = read_sheet(&bk, s, part, err);
        xmlFree(name);
        xmlFree(rid);
    }
    if (rc == ZC_OK && out->nsheets == 0)
        rc = zc_err_set(err, ZC_ERR_INVALID, "workbook without sheets");
    if (rels)
        g_hash_table_destroy(rels);
    xmlFreeDoc(wb);
    for (size_t i = 0; i < bk.nstrings; i++)
        free(bk.strings[i]);
    free(bk.strings);
    free(bk.date_style);
    zc_zip_close(bk.z);
    if (rc)
        zc_extracted_free(out);
    return rc;
}
