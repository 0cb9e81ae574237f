/* Documents given in memory (zc_index_add_doc): the way programs feed their
 * own records. They go through the same analysis as files; their key stands
 * for the file: it names the document (Q term) and its source (S term). */
#include <stdlib.h>
#include <string.h>

#include "analyze.h"
#include "common/err.h"
#include "common/utf8.h"
#include "index/index.h"
#include "index/schema.h"

static int writable(const zc_index *ix, const char *what, zc_error *err)
{
    if (!ix->write.on)
        return zc_err_set(err, ZC_ERR_INVALID, "%s: index '%s' is open read-only", what, ix->path);
    if (ix->write.old_layout)
        return zc_index_layout_error(ix, ix->write.old_layout, err);
    return ZC_OK;
}

static void free_analyzer(void *a)
{
    zc_analyzer_free(a);
}

/* The analyzer of a writing handle, made on first use (writers are
 * single-threaded, so no lock). */
static int analyzer(zc_index *ix, zc_analyzer **out, zc_error *err)
{
    if (!ix->write.state) {
        const zc_dict *dict = NULL;
        zc_analyzer *a = NULL;
        int rc = zc_index_dict(ix, &dict, err);
        if (rc == ZC_OK)
            rc = zc_analyzer_new(dict, &a, err);
        if (rc)
            return rc;
        ix->write.state = a;
        ix->write.state_free = free_analyzer;
    }
    *out = ix->write.state;
    return ZC_OK;
}

int zc_index_add_doc(zc_index *ix, const zc_doc *doc, zc_error *err)
{
    int rc = writable(ix, "add document", err);
    if (rc)
        return rc;
    if (!doc || !doc->key || !*doc->key)
        return zc_err_set(err, ZC_ERR_INVALID, "add document: no key given");
    if (!doc->text)
        return zc_err_set(err, ZC_ERR_INVALID, "document '%s': no text given", doc->key);
    size_t len = doc->text_len ? doc->text_len : strlen(doc->text);
    size_t bad = 0;
    if (!zc_utf8_valid(doc->text, len, &bad))
        return zc_err_set(err, ZC_ERR_ENCODING, "document '%s': invalid UTF-8 at byte %zu",
                          doc->key, bad);
    zc_analyzer *a = NULL;
    rc = analyzer(ix, &a, err);
    if (rc)
        return rc;
    /* The record only lends the caller's strings to the analysis. */
    const char *display = doc->path && *doc->path ? doc->path : doc->key;
    zc_record rec = {
        .key = (char *)doc->key,
        .display = (char *)display,
        .text = (char *)doc->text,
        .text_len = len,
        .text_lent = 1,
        .title = (char *)doc->title,
        .region = (char *)doc->region,
        .date = (char *)doc->date,
        .year = doc->year,
    };
    zc_work w = {.file = {.path = (char *)display, .real_path = (char *)doc->key}};
    zc_xdoc *xd = NULL;
    rc = zc_analyze(a, &rec, &w, NULL, &xd, err);
    char term[20];
    zc_schema_term(term, ZC_PREFIX_ID, doc->key);
    if (rc == ZC_OK)
        rc = zc_xdb_replace_document_by_term(ix->db, term, xd, NULL, err);
    zc_xdoc_free(xd);
    return rc;
}

int zc_index_delete_doc(zc_index *ix, const char *key, zc_error *err)
{
    int rc = writable(ix, "delete document", err);
    if (rc)
        return rc;
    if (!key || !*key)
        return zc_err_set(err, ZC_ERR_INVALID, "delete document: no key given");
    char term[20];
    zc_schema_term(term, ZC_PREFIX_ID, key);
    uint64_t n = 0;
    rc = zc_xdb_term_freq(ix->db, term, &n, err);
    if (rc == ZC_OK && n == 0)
        return zc_err_set(err, ZC_ERR_NOT_FOUND, "no document with key '%s' in index '%s'", key,
                          ix->path);
    if (rc == ZC_OK)
        rc = zc_xdb_delete_document_by_term(ix->db, term, err);
    return rc;
}
