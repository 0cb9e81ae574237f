/* Zip containers (OOXML, OFD) read through libzip with limits against zip
 * bombs, and their XML parts parsed by libxml2 without network, entity
 * expansion or huge-document allowances. Internal to extract/. */
#ifndef ZC_EXTRACT_ZIPX_H
#define ZC_EXTRACT_ZIPX_H

#include <libxml/tree.h>
#include <stddef.h>

#include "zhengce.h"

typedef struct zc_zip zc_zip;

int zc_zip_open(const char *data, size_t len, zc_zip **out, zc_error *err);
void zc_zip_close(zc_zip *z);
/* 1 when the archive has an entry of that name. */
int zc_zip_has(zc_zip *z, const char *name);
/* The number of entries and the name of entry i. */
size_t zc_zip_count(zc_zip *z);
const char *zc_zip_name(zc_zip *z, size_t i);
/* Reads an entry whole (NUL-terminated, malloc'd). ZC_ERR_NOT_FOUND when
 * absent; ZC_ERR_INVALID for a damaged entry or one past the limits. */
int zc_zip_read(zc_zip *z, const char *name, char **out, size_t *len, zc_error *err);
/* Reads and parses an XML entry. */
int zc_zip_xml(zc_zip *z, const char *name, xmlDocPtr *out, zc_error *err);

/* Parses XML safely (see above). what names it in messages. */
int zc_xml_parse(const char *data, size_t len, const char *what, xmlDocPtr *out, zc_error *err);

/* The local name of an element (namespace prefix ignored), the value of
 * an attribute by local name (xmlFree it), the first child element of a
 * local name. */
int zc_xml_is(const xmlNode *n, const char *local);
char *zc_xml_attr(const xmlNode *n, const char *local);
xmlNode *zc_xml_child(const xmlNode *n, const char *local);

/* A document's own metadata from the elements first and its siblings:
 * the text of the first non-empty one named names[0] (the title),
 * names[1] (created) and names[2] (modified) into out's meta_title,
 * meta_created and meta_modified where those are still unset. */
struct zc_extracted;
void zc_xml_doc_meta(const xmlNode *first, const char *const names[3], struct zc_extracted *out);

/* Resolves target against the directory of base ("word/document.xml" +
 * "media/x.png"); a target starting with '/' is from the archive's root.
 * ".." steps up. malloc'd. */
char *zc_zip_resolve(const char *base, const char *target);

#endif
