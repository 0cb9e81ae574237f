/* The occurrences of a query: the documents search matches, each with
 * every place in its stored text where a keyword or phrase of the query
 * occurs, found by the snippets' scanner (searcher/snippet_scan.c) with
 * the patterns the compile made, so that what is counted is what matched
 * and what a search highlights. Also the small helpers the tools share:
 * a document's fields, a document named by id or path, the filters. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/stored.h"
#include "common/utf8.h"
#include "dict/dict.h"
#include "index/docrec.h"
#include "index/index.h"
#include "index/schema.h"
#include "research.h"
#include "searcher/search_internal.h"
#include "text/unit.h"

static const unsigned slots[] = {ZC_SLOT_RECORD, ZC_SLOT_FACETS};

/* A copy of each of the record's fields into d. */
static int copy_fields(const zc_docrec *rec, zc_rdoc *d, zc_error *err)
{
    /* In the record's order (index/docrec.h). */
    char **const to[ZC_DOCREC_FIELDS] = {&d->id,   &d->path, &d->title,  &d->region,
                                         &d->type, &d->date, &d->issuer, &d->docno};
    d->year = rec->year;
    return zc_docrec_copy(rec, to, err);
}

int zc_rdoc_read(zc_index *ix, zc_xdocid docid, zc_rdoc *d, char **text, size_t *text_len,
                 zc_error *err)
{
    *d = (zc_rdoc){.docid = docid};
    char *v[2];
    size_t len[2];
    int rc = zc_xdb_doc_values(ix->db, docid, slots, 2, v, len, err);
    if (rc)
        return rc;
    d->facets = v[1];
    zc_docrec rec;
    rc = zc_docrec_parse(v[0], len[0], &rec, err);
    if (rc == ZC_OK)
        rc = copy_fields(&rec, d, err);
    zc_stored_unpacker *u = NULL;
    if (rc == ZC_OK && text)
        rc = zc_index_unpacker(ix, &u, err);
    if (rc == ZC_OK && text)
        rc = zc_stored_unpack(u, rec.stored, rec.stored_len, text, text_len, err);
    free(v[0]);
    if (rc == ZC_ERR_CORRUPT) {
        zc_error why = *err;
        zc_err_set(err, rc,
                   "index '%s': document %s (%s): %s; rebuild the index with `zhengce "
                   "index --full`",
                   ix->path, d->id ? d->id : "?", d->path ? d->path : "?", why.message);
    }
    if (rc)
        zc_rdoc_clear(d);
    return rc;
}

void zc_rdoc_clear(zc_rdoc *d)
{
    free(d->id);
    free(d->path);
    free(d->title);
    free(d->region);
    free(d->type);
    free(d->date);
    free(d->issuer);
    free(d->docno);
    free(d->facets);
    *d = (zc_rdoc){0};
}

const char *zc_rdoc_when(const zc_rdoc *d, char buf[16])
{
    if (d->date && *d->date)
        return d->date;
    buf[0] = '\0';
    if (d->year > 0 && d->year < 10000)
        snprintf(buf, 16, "%d", d->year);
    return buf;
}

static int first_posting(void *ctx, zc_xdocid docid, unsigned wdf)
{
    (void)wdf;
    *(zc_xdocid *)ctx = docid;
    return 1;
}

static int by_term(zc_index *ix, const char *term, zc_xdocid *out, zc_error *err)
{
    *out = 0;
    return zc_xdb_each_posting(ix->db, term, first_posting, out, err);
}

int zc_research_resolve(zc_index *ix, const char *spec, zc_xdocid *out, zc_error *err)
{
    *out = 0;
    if (!spec || !*spec)
        return zc_err_set(err, ZC_ERR_INVALID, "no document given (an id or a path)");
    char term[64];
    int rc = ZC_OK;
    size_t n = strlen(spec);
    int hex = n == ZC_SCHEMA_ID_LEN;
    for (size_t i = 0; hex && i < n; i++)
        hex = isxdigit((unsigned char)spec[i]) && !isupper((unsigned char)spec[i]);
    if (hex) {
        snprintf(term, sizeof term, "%s%s", ZC_PREFIX_ID, spec);
        rc = by_term(ix, term, out, err);
    }
    if (rc == ZC_OK && !*out) {
        /* A path: the file's real path is its key; a row's key adds #row. */
        const char *hash = strrchr(spec, '#');
        char *file = hash ? strndup(spec, (size_t)(hash - spec)) : strdup(spec);
        char *real = file ? realpath(file, NULL) : NULL;
        if (real) {
            size_t kl = strlen(real) + (hash ? strlen(hash) : 0) + 1;
            char *key = malloc(kl);
            if (key) {
                snprintf(key, kl, "%s%s", real, hash ? hash : "");
                zc_schema_term(term, ZC_PREFIX_ID, key);
                rc = by_term(ix, term, out, err);
                if (rc == ZC_OK && !*out && !hash) {
                    /* A collection of one row. */
                    snprintf(key, kl, "%s", real);
                    char *k1 = malloc(kl + 4);
                    if (k1) {
                        snprintf(k1, kl + 4, "%s#1", key);
                        zc_schema_term(term, ZC_PREFIX_ID, k1);
                        rc = by_term(ix, term, out, err);
                        free(k1);
                    }
                }
                free(key);
            }
        }
        free(real);
        free(file);
    }
    if (rc == ZC_OK && !*out)
        rc = zc_err_set(err, ZC_ERR_NOT_FOUND,
                        "index '%s' has no document '%s' (give an id as search prints it, or the "
                        "path of an indexed file)",
                        ix->path, spec);
    return rc;
}

void zc_research_search_options(const zc_research_options *o, zc_search_options *so)
{
    zc_search_options_init(so, ZC_SEARCH_OPTIONS_VERSION);
    so->synonyms = o->synonyms;
    so->region = o->region;
    so->year_lo = o->year_lo;
    so->year_hi = o->year_hi;
    so->source = o->source;
    so->facets = 0;
}

int zc_research_filter(zc_index *ix, const zc_research_options *o, zc_xquery **out, zc_error *err)
{
    *out = NULL;
    zc_search_options so;
    zc_research_search_options(o, &so);
    const zc_dict *dict = NULL;
    zc_norm *norm = NULL;
    int rc = zc_index_dict(ix, &dict, err);
    if (rc == ZC_OK)
        rc = zc_index_norm(ix, &norm, err);
    if (rc == ZC_OK)
        rc = zc_query_option_filter(&so, dict, norm, out, err);
    if (rc == ZC_OK && o->type && *o->type) {
        char term[256];
        snprintf(term, sizeof term, "%s%.200s", ZC_PREFIX_TYPE, o->type);
        zc_xquery *t = NULL, *both = NULL;
        rc = zc_xquery_term(term, 1, 0, &t, err);
        if (rc == ZC_OK && *out)
            rc = zc_xquery_pair(ZC_XOP_FILTER, *out, t, &both, err);
        if (rc == ZC_OK && *out) {
            zc_xquery_free(*out);
            zc_xquery_free(t);
            *out = both;
        } else if (rc == ZC_OK) {
            *out = t;
        } else {
            zc_xquery_free(t);
        }
    }
    return rc;
}

static int cmp_match(const void *pa, const void *pb)
{
    const zc_snip_match *a = pa, *b = pb;
    if (a->b0 != b->b0)
        return a->b0 < b->b0 ? -1 : 1;
    if (a->b1 != b->b1)
        return a->b1 < b->b1 ? -1 : 1;
    return (a->pat > b->pat) - (a->pat < b->pat);
}

static uint64_t count_chars(const char *s, size_t len)
{
    uint64_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += ((unsigned char)s[i] & 0xC0) != 0x80 && s[i] != '\n' && s[i] != '\r';
    return n;
}

/* The documents q matches, every one, in docid order. */
static int all_matches(zc_index *ix, const zc_xquery *q, zc_xenquire **e, zc_xmset **m,
                       zc_error *err)
{
    zc_xdb_stats st;
    int rc = zc_xdb_stats_get(ix->db, &st, err);
    if (rc == ZC_OK)
        rc = zc_xenquire_new(ix->db, e, err);
    if (rc == ZC_OK)
        rc = zc_xenquire_set_query(*e, q, 0, err);
    if (rc == ZC_OK)
        rc = zc_xenquire_set_bool_weight(*e, err);
    unsigned n = st.doc_count > 0xFFFFFFF0u ? 0xFFFFFFF0u : (unsigned)st.doc_count + 1;
    if (rc == ZC_OK)
        rc = zc_xenquire_get_mset(*e, 0, n, n, m, err);
    return rc;
}

int zc_occ_walk(zc_index *ix, const char *query, const zc_research_options *o, zc_occ_fn *fn,
                void *ctx, zc_error *err)
{
    zc_qnode *tree = NULL;
    zc_compiled c = {0};
    zc_xquery *f = NULL, *q = NULL;
    zc_xenquire *e = NULL;
    zc_xmset *m = NULL;
    zc_search_options so;
    zc_research_search_options(o, &so);
    int rc = zc_query_parse(query, &tree, err);
    /* The match query alone, as an exact search's; the filters besides. */
    if (rc == ZC_OK)
        rc = zc_search_compile(ix, tree, &so, ZC_MATCH_EXACT, 0, NULL, &c, err);
    if (rc == ZC_OK) {
        zc_research_options only_type = *o;
        only_type.region = only_type.source = NULL;
        only_type.year_lo = only_type.year_hi = 0;
        rc = zc_research_filter(ix, &only_type, &f, err);
    }
    if (rc == ZC_OK)
        rc = f ? zc_xquery_pair(ZC_XOP_FILTER, c.match, f, &q, err)
               : zc_xquery_copy(c.match, &q, err);
    if (rc == ZC_OK)
        rc = all_matches(ix, q, &e, &m, err);
    zc_snip_matches sm = {0};
    for (size_t i = 0; rc == ZC_OK && m && i < zc_xmset_size(m); i++) {
        zc_rdoc d;
        char *text = NULL;
        size_t tlen = 0;
        rc = zc_rdoc_read(ix, zc_xmset_docid(m, i), &d, &text, &tlen, err);
        if (rc)
            break;
        sm.n = 0;
        rc = zc_snip_collect_all(text, tlen, c.pats, c.npats, &sm);
        if (rc)
            zc_err_set(err, rc, "out of memory");
        if (rc == ZC_OK) {
            if (sm.n > 1)
                qsort(sm.v, sm.n, sizeof *sm.v, cmp_match);
            zc_occ_doc od = {&d, text, tlen, count_chars(text, tlen), sm.v, sm.n};
            rc = fn(ctx, &od, err);
        }
        free(text);
        zc_rdoc_clear(&d);
    }
    free(sm.v);
    zc_xmset_free(m);
    zc_xenquire_free(e);
    zc_xquery_free(q);
    zc_xquery_free(f);
    zc_compiled_free(&c);
    zc_qnode_free(tree);
    return rc;
}

/* Characters that only count or enumerate: 一是, 第三, 两个. */
static int enumerator(uint32_t cp)
{
    static const char *const set = "一二三四五六七八九十百千万亿零两第是个次项条";
    char buf[5];
    size_t k = zc_utf8_encode(cp, buf);
    buf[k] = '\0';
    return strstr(set, buf) != NULL;
}

int zc_research_word_ok(zc_index *ix, const char *w, size_t len)
{
    int han = 0, enumerating = 1, function = 0;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t k = zc_utf8_decode(w + i, len - i, &cp);
        if (!k)
            return 0;
        if (cp < 0x80 && isdigit((int)cp))
            return 0;
        han |= zc_is_han(cp);
        if (!enumerator(cp))
            enumerating = 0;
        else if (cp == 0x7B2C || cp == 0x662F || cp == 0x4E2A || cp == 0x6B21 || cp == 0x9879 ||
                 cp == 0x6761) /* 第 是 个 次 项 条 */
            function = 1;
        i += k;
    }
    if (!han || (enumerating && function))
        return 0;
    const zc_dict *dict = NULL;
    zc_error err;
    if (zc_index_dict(ix, &dict, &err) == ZC_OK && zc_dict_is_stop(dict, w, len))
        return 0;
    return 1;
}
