/* One document, whole: found by its id or the file it came from, its
 * stored fields and text read back, and a query's matches in the text
 * found by the snippets' own scanner (snippet_scan.c), so that the
 * document view marks exactly what a hit's snippet highlights. */
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/stored.h"
#include "document.h"
#include "index/docrec.h"
#include "index/index.h"
#include "index/schema.h"
#include "search_internal.h"
#include "snippet_scan.h"

static int is_id(const char *s)
{
    size_t n = strlen(s);
    if (n != ZC_SCHEMA_ID_LEN)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!g_ascii_isxdigit(s[i]))
            return 0;
    return 1;
}

typedef struct found {
    zc_xdocid first;
    size_t n;
} found;

static int on_posting(void *ctx, zc_xdocid docid, unsigned wdf)
{
    (void)wdf;
    found *f = ctx;
    if (!f->n++)
        f->first = docid;
    return f->n > 1; /* two are enough to know */
}

static int lookup(zc_index *ix, const char *term, found *f, zc_error *err)
{
    *f = (found){0, 0};
    int rc = zc_xdb_each_posting(ix->db, term, on_posting, f, err);
    return rc < 0 ? rc : ZC_OK;
}

/* The docid of the document name names: an id, else a file's key (its
 * real path, else made absolute; with #ROW a collection's row). */
static int find(zc_index *ix, const char *name, zc_xdocid *out, zc_error *err)
{
    char term[20];
    found f;
    int rc;
    if (is_id(name)) {
        char lower[ZC_SCHEMA_ID_LEN + 1];
        for (size_t i = 0; i <= ZC_SCHEMA_ID_LEN; i++)
            lower[i] = g_ascii_tolower(name[i]);
        snprintf(term, sizeof term, "%s%s", ZC_PREFIX_ID, lower);
        if ((rc = lookup(ix, term, &f, err)))
            return rc;
        if (f.n) {
            *out = f.first;
            return ZC_OK;
        }
    }
    /* A path: as the indexer names files (filters.c, source:). */
    const char *hash = strrchr(name, '#');
    char *file = hash ? g_strndup(name, (size_t)(hash - name)) : g_strdup(name);
    char *real = realpath(file, NULL);
    gchar *abs = real ? NULL : g_canonicalize_filename(file, NULL);
    gchar *key = g_strconcat(real ? real : abs, hash ? hash : "", NULL);
    zc_schema_term(term, ZC_PREFIX_ID, key);
    rc = lookup(ix, term, &f, err);
    if (rc == ZC_OK && !f.n && !hash) { /* a file of rows: its one document */
        zc_schema_term(term, ZC_PREFIX_SOURCE, key);
        rc = lookup(ix, term, &f, err);
        if (rc == ZC_OK && f.n > 1)
            rc = zc_err_set(err, ZC_ERR_INVALID,
                            "'%s' holds several documents in index '%s': name one by its id or "
                            "as PATH#ROW",
                            name, ix->path);
    }
    free(real);
    g_free(abs);
    g_free(key);
    g_free(file);
    if (rc == ZC_OK && !f.n)
        rc = zc_err_set(err, ZC_ERR_NOT_FOUND, "no document '%s' in index '%s'", name, ix->path);
    if (rc == ZC_OK)
        *out = f.first;
    return rc;
}

static int fields(zc_index *ix, const zc_xdoc *xd, zc_document *d, zc_error *err)
{
    char *rv = NULL, *v = NULL;
    size_t rlen = 0, len = 0;
    zc_docrec rec;
    int rc = zc_xdoc_get_value(xd, ZC_SLOT_RECORD, &rv, &rlen, err);
    if (rc == ZC_OK)
        rc = zc_docrec_parse(rv, rlen, &rec, err);
    /* In the record's order (index/docrec.h). */
    char **const to[ZC_DOCREC_FIELDS] = {&d->id,   &d->path, &d->title,  &d->region,
                                         &d->type, &d->date, &d->issuer, &d->docno};
    if (rc == ZC_OK)
        rc = zc_docrec_copy(&rec, to, err);
    if (rc == ZC_OK)
        d->year = rec.year;
    if (rc == ZC_OK)
        rc = zc_xdoc_get_value(xd, ZC_SLOT_FACETS, &v, &len, err);
    if (rc == ZC_OK) {
        zc_schema_facets f = {0};
        if (v)
            zc_schema_facet_parse(v, len, &f);
        int k = 2;
        while (k > 0 && !f.code_len[k])
            k--;
        d->region_code = strndup(f.code[k] ? f.code[k] : "", f.code_len[k]);
        if (!d->region_code)
            rc = zc_err_set(err, ZC_ERR_NOMEM, "out of memory");
    }
    free(v);
    zc_stored_unpacker *u = NULL;
    if (rc == ZC_OK)
        rc = zc_index_unpacker(ix, &u, err);
    if (rc == ZC_OK)
        rc = zc_stored_unpack(u, rec.stored, rec.stored_len, &d->text, &d->text_len, err);
    free(rv);
    if (rc == ZC_ERR_CORRUPT) {
        zc_error why = *err;
        zc_err_set(err, rc,
                   "index '%s': document %s (%s): %s; rebuild the index with `zhengce index "
                   "--full`",
                   ix->path, d->id ? d->id : "?", d->path ? d->path : "?", why.message);
    }
    if (rc == ZC_OK && !d->text && !(d->text = strdup("")))
        rc = zc_err_set(err, ZC_ERR_NOMEM, "out of memory");
    return rc;
}

/* The query's matches in the text: its patterns, as a search compiles
 * them, scanned for as snippets scan. */
static int mark(zc_index *ix, const char *query, const zc_document_options *o, zc_document *d,
                zc_error *err)
{
    zc_qnode *tree = NULL;
    int rc = zc_query_parse(query, &tree, err);
    zc_search_options so = ZC_SEARCH_OPTIONS_INIT;
    so.synonyms = o->synonyms;
    zc_compiled c = {0};
    if (rc == ZC_OK)
        rc = zc_search_compile(ix, tree, &so, (int)o->match, 0, NULL, &c, err);
    if (rc == ZC_OK && zc_snip_spans(d->text, d->text_len, c.pats, c.npats, &d->spans, &d->n_spans))
        rc = zc_err_set(err, ZC_ERR_NOMEM, "out of memory marking '%s'", query);
    zc_compiled_free(&c);
    zc_qnode_free(tree);
    return rc;
}

int zc_document_run(zc_index *ix, const char *id_or_path, const char *query,
                    const zc_document_options *o, zc_document **out, zc_error *err)
{
    *out = NULL;
    zc_document *d = calloc(1, sizeof *d);
    if (!d || (query && !(d->query = strdup(query)))) {
        zc_document_free(d);
        return zc_err_set(err, ZC_ERR_NOMEM, "out of memory");
    }
    zc_xdocid id = 0;
    zc_xdoc *xd = NULL;
    int rc = find(ix, id_or_path, &id, err);
    if (rc == ZC_OK)
        rc = zc_xdb_get_document(ix->db, id, &xd, err);
    if (rc == ZC_OK)
        rc = fields(ix, xd, d, err);
    zc_xdoc_free(xd);
    if (rc == ZC_OK && query)
        rc = mark(ix, query, o, d, err);
    if (rc) {
        zc_document_free(d);
        return rc;
    }
    *out = d;
    return ZC_OK;
}

void zc_document_free(zc_document *d)
{
    if (!d)
        return;
    char *s[] = {d->id,   d->path,   d->title, d->region, d->region_code, d->date,
                 d->type, d->issuer, d->docno, d->query,  d->text};
    for (size_t i = 0; i < sizeof s / sizeof *s; i++)
        free(s[i]);
    free(d->spans);
    free(d);
}

const char *zc_document_id(const zc_document *d)
{
    return d->id;
}
const char *zc_document_path(const zc_document *d)
{
    return d->path;
}
const char *zc_document_title(const zc_document *d)
{
    return d->title;
}
const char *zc_document_region(const zc_document *d)
{
    return d->region;
}
const char *zc_document_region_code(const zc_document *d)
{
    return d->region_code;
}
const char *zc_document_date(const zc_document *d)
{
    return d->date;
}
int zc_document_year(const zc_document *d)
{
    return d->year;
}
const char *zc_document_type(const zc_document *d)
{
    return d->type;
}
const char *zc_document_issuer(const zc_document *d)
{
    return d->issuer;
}
const char *zc_document_docno(const zc_document *d)
{
    return d->docno;
}
const char *zc_document_text(const zc_document *d, size_t *len)
{
    if (len)
        *len = d->text_len;
    return d->text;
}
const size_t *zc_document_matches(const zc_document *d, size_t *n)
{
    *n = d->n_spans;
    return d->spans;
}
