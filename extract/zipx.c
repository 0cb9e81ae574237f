/* Zip containers and their XML parts (zipx.h). */
#include "zipx.h"

#include <libxml/parser.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "common/err.h"
#include "extract.h"

struct zc_zip {
    zip_t *zip;
    size_t read_total; /* bytes of entries read so far */
};

int zc_zip_open(const char *data, size_t len, zc_zip **out, zc_error *err)
{
    *out = NULL;
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(data, len, 0, &ze);
    if (!src) {
        zip_error_fini(&ze);
        return zc_err_set(err, ZC_ERR_NOMEM, "out of memory opening the zip container");
    }
    zip_t *zip = zip_open_from_source(src, ZIP_RDONLY, &ze);
    if (!zip) {
        int rc =
            zc_err_set(err, ZC_ERR_INVALID, "damaged zip container: %s", zip_error_strerror(&ze));
        zip_source_free(src);
        zip_error_fini(&ze);
        return rc;
    }
    zip_error_fini(&ze);
    zc_zip *z = calloc(1, sizeof *z);
    if (!z) {
        zip_discard(zip);
        return zc_err_set(err, ZC_ERR_NOMEM, "out of memory opening the zip container");
    }
    z->zip = zip;
    *out = z;
    return ZC_OK;
}

void zc_zip_close(zc_zip *z)
{
    if (!z)
        return;
    zip_discard(z->zip);
    free(z);
}

int zc_zip_has(zc_zip *z, const char *name)
{
    return zip_name_locate(z->zip, name, 0) >= 0;
}

size_t zc_zip_count(zc_zip *z)
{
    zip_int64_t n = zip_get_num_entries(z->zip, 0);
    return n > 0 ? (size_t)n : 0;
}

const char *zc_zip_name(zc_zip *z, size_t i)
{
    return zip_get_name(z->zip, (zip_uint64_t)i, 0);
}

int zc_zip_read(zc_zip *z, const char *name, char **out, size_t *len, zc_error *err)
{
    *out = NULL;
    *len = 0;
    zip_int64_t idx = zip_name_locate(z->zip, name, 0);
    if (idx < 0)
        return zc_err_set(err, ZC_ERR_NOT_FOUND, "no part '%s' in the container", name);
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(z->zip, (zip_uint64_t)idx, 0, &st) != 0)
        return zc_err_set(err, ZC_ERR_INVALID, "damaged zip entry '%s'", name);
    zip_file_t *zf = zip_fopen_index(z->zip, (zip_uint64_t)idx, 0);
    if (!zf)
        return zc_err_set(err, ZC_ERR_INVALID, "cannot open zip entry '%s': %s", name,
                          zip_strerror(z->zip));
    /* The sizes the directory states are not trusted: what is inflated is
     * counted as it comes. */
    size_t comp = (st.valid & ZIP_STAT_COMP_SIZE) ? (size_t)st.comp_size : 0;
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    int rc = buf ? ZC_OK : zc_err_set(err, ZC_ERR_NOMEM, "out of memory reading '%s'", name);
    while (rc == ZC_OK) {
        if (cap - n < 4097) {
            char *nb = realloc(buf, cap * 2);
            if (!nb) {
                rc = zc_err_set(err, ZC_ERR_NOMEM, "out of memory reading '%s'", name);
                break;
            }
            buf = nb;
            cap *= 2;
        }
        zip_int64_t got = zip_fread(zf, buf + n, cap - n - 1);
        if (got < 0) {
            rc = zc_err_set(err, ZC_ERR_INVALID, "damaged zip entry '%s': %s", name,
                            zip_file_strerror(zf));
            break;
        }
        if (got == 0)
            break;
        n += (size_t)got;
        z->read_total += (size_t)got;
        if (n > ZC_ZIP_MAX_ENTRY || z->read_total > ZC_ZIP_MAX_TOTAL ||
            (n > ((size_t)1 << 20) && n / ZC_ZIP_MAX_RATIO > comp))
            rc = zc_err_set(err, ZC_ERR_INVALID,
                            "zip entry '%s' expands past the limits (%zu bytes from %zu "
                            "compressed; a zip bomb?)",
                            name, n, comp);
    }
    zip_fclose(zf);
    if (rc) {
        free(buf);
        return rc;
    }
    buf[n] = '\0';
    *out = buf;
    *len = n;
    return ZC_OK;
}

int zc_xml_parse(const char *data, size_t len, const char *what, xmlDocPtr *out, zc_error *err)
{
    *out = NULL;
    if (len > (size_t)INT32_MAX)
        return zc_err_set(err, ZC_ERR_INVALID, "XML part '%s' too large", what);
    xmlParserCtxtPtr ctx = xmlNewParserCtxt();
    if (!ctx)
        return zc_err_set(err, ZC_ERR_NOMEM, "out of memory parsing '%s'", what);
    /* No network, no entity substitution, no DTD loading; no HUGE, so
     * libxml2's limits on depth (256) and on text sizes hold. */
    int flags = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA;
    xmlDocPtr doc = xmlCtxtReadMemory(ctx, data, (int)len, what, NULL, flags);
    int rc = ZC_OK;
    if (!doc || !xmlDocGetRootElement(doc)) {
        xmlErrorPtr e = xmlCtxtGetLastError(ctx);
        char msg[160] = "no root element";
        if (e && e->message) {
            snprintf(msg, sizeof msg, "%s", e->message);
            size_t m = strlen(msg);
            while (m && (msg[m - 1] == '\n' || msg[m - 1] == ' '))
                msg[--m] = '\0';
        }
        rc = zc_err_set(err, ZC_ERR_INVALID, "malformed XML in '%s' (line %d): %s", what,
                        e ? e->line : 0, msg);
        xmlFreeDoc(doc);
        doc = NULL;
    }
    xmlFreeParserCtxt(ctx);
    *out = doc;
    return rc;
}

int zc_zip_xml(zc_zip *z, const char *name, xmlDocPtr *out, zc_error *err)
{
    *out = NULL;
    char *data;
    size_t len;
    int rc = zc_zip_read(z, name, &data, &len, err);
    if (rc)
        return rc;
    rc = zc_xml_parse(data, len, name, out, err);
    free(data);
    return rc;
}

int zc_xml_is(const xmlNode *n, const char *local)
{
    return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, local) == 0;
}

char *zc_xml_attr(const xmlNode *n, const char *local)
{
    for (xmlAttr *a = n ? n->properties : NULL; a; a = a->next)
        if (strcmp((const char *)a->name, local) == 0)
            return (char *)xmlNodeGetContent((xmlNode *)a);
    return NULL;
}

xmlNode *zc_xml_child(const xmlNode *n, const char *local)
{
    for (xmlNode *c = n ? n->children : NULL; c; c = c->next)
        if (zc_xml_is(c, local))
            return c;
    return NULL;
}

char *zc_zip_resolve(const char *base, const char *target)
{
    size_t tl = strlen(target);
    size_t bl = 0;
    if (target[0] == '/') {
        target++;
        tl--;
    } else {
        const char *slash = strrchr(base, '/');
        bl = slash ? (size_t)(slash - base) + 1 : 0;
    }
    char *s = malloc(bl + tl + 1);
    if (!s)
        return NULL;
    memcpy(s, base, bl);
    memcpy(s + bl, target, tl + 1);
    /* Fold "x/../" and "./" steps; a ".." past the root is dropped. */
    char *r = s, *w = s;
    while (*r) {
        if (r[0] == '.' && r[1] == '/') {
            r += 2;
        } else if (r[0] == '.' && r[1] == '.' && (r[2] == '/' || !r[2])) {
            if (w > s) {
                w--;
                while (w > s && w[-1] != '/')
                    w--;
            }
            r += r[2] ? 3 : 2;
        } else {
            while (*r && *r != '/')
                *w++ = *r++;
            if (*r)
                *w++ = *r++;
        }
    }
    *w = '\0';
    return s;
}

void zc_xml_doc_meta(const xmlNode *first, const char *const names[3], zc_extracted *out)
{
    char **slots[3] = {&out->meta_title, &out->meta_created, &out->meta_modified};
    for (const xmlNode *c = first; c; c = c->next) {
        char **slot = NULL;
        for (int i = 0; i < 3 && !slot; i++)
            if (zc_xml_is(c, names[i]))
                slot = slots[i];
        if (!slot || *slot)
            continue;
        xmlChar *t = xmlNodeGetContent(c);
        if (t && *t)
            *slot = strdup((const char *)t);
        xmlFree(t);
    }
}
