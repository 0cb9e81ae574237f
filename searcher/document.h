/* One document, whole (zc_document_get): what document.c finds and
 * format.c writes as JSON. */
#ifndef ZC_SEARCHER_DOCUMENT_H
#define ZC_SEARCHER_DOCUMENT_H

#include <stddef.h>

#include "zhengce.h"

struct zc_document {
    char *id, *path, *title, *region, *region_code, *date, *type, *issuer, *docno;
    int year;
    char *query; /* NULL: none */
    char *text;
    size_t text_len;
    size_t *spans; /* n_spans pairs of character offsets into text */
    size_t n_spans;
};

/* zc_document_get on a handle one thread uses (api/document.c runs it on
 * a view of its own). */
int zc_document_run(zc_index *ix, const char *id_or_path, const char *query,
                    const zc_document_options *o, zc_document **out, zc_error *err);

#endif
