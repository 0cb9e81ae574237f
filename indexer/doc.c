/* Turning a cleaned source into a Xapian document (layout: schema.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "dict/unit.h"
#include "index_internal.h"
#include "schema.h"

void zc_idx_make_id(const char *real_path, char out[17])
{
    /* FNV-1a, 64 bits: stable across runs and machines. */
    uint64_t h = 0xcbf29ce484222325ULL;
    for (const unsigned char *p = (const unsigned char *)real_path; *p; p++) {
        h ^= *p;
        h *= 0x100000001b3ULL;
    }
    snprintf(out, 17, "%016llx", (unsigned long long)h);
}

static int set_str_value(zc_xdoc *doc, unsigned slot, const char *s, zc_error *err)
{
    return zc_xdoc_set_value(doc, slot, s, strlen(s), err);
}

int zc_idx_build_doc(const zc_source *src, const char *id, zc_xdoc **out, zc_error *err)
{
    *out = NULL;
    zc_xdoc *doc;
    int rc = zc_xdoc_new(&doc, err);
    if (rc)
        return rc;

    zc_unit_iter it;
    zc_unit u;
    zc_unit_iter_init(&it, src->text, src->text_len);
    while (rc == ZC_OK && zc_unit_next(&it, &u))
        rc = zc_xdoc_add_posting_n(doc, u.term, u.term_len, u.pos, 1, err);

    char idterm[32], stamp[64];
    snprintf(idterm, sizeof idterm, "%s%s", ZC_PREFIX_ID, id);
    snprintf(stamp, sizeof stamp, "%llu:%lld", (unsigned long long)src->size,
             (long long)src->mtime);
    char *title = zc_idx_title(src->text, src->text_len, 200);
    if (!title && rc == ZC_OK)
        rc = zc_err_set(err, ZC_ERR_NOMEM, "out of memory");
    if (rc == ZC_OK)
        rc = zc_xdoc_add_boolean_term(doc, idterm, err);
    if (rc == ZC_OK)
        rc = set_str_value(doc, ZC_SLOT_PATH, src->display_path, err);
    if (rc == ZC_OK)
        rc = set_str_value(doc, ZC_SLOT_TITLE, title, err);
    if (rc == ZC_OK)
        rc = set_str_value(doc, ZC_SLOT_ID, id, err);
    if (rc == ZC_OK)
        rc = set_str_value(doc, ZC_SLOT_SOURCE, src->real_path, err);
    if (rc == ZC_OK)
        rc = set_str_value(doc, ZC_SLOT_STAMP, stamp, err);
    if (rc == ZC_OK)
        rc = zc_xdoc_set_data(doc, src->text, src->text_len, err);
    free(title);
    if (rc) {
        zc_xdoc_free(doc);
        return zc_err_prefix(err, "%s: ", src->display_path);
    }
    *out = doc;
    return ZC_OK;
}
