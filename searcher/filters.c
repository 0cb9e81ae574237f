/* Filters: region:, year:, source: and the --region / --year / --source
 * options. They restrict the match without weighing: region, year and
 * source are boolean terms (XR<code> for the region and each ancestor,
 * XY<year>, S<file> or XD<directory>) and a year range is a range of the
 * sortable year value. */
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "dict/dict.h"
#include "index/index.h"
#include "index/schema.h"
#include "search_internal.h"
#include "text/normalize.h"

#define ZC_MAX_REGIONS 16 /* regions one name may stand for */

int zc_query_region_filter(const zc_dict *dict, const char *name, size_t where, zc_xquery **out,
                           zc_error *err)
{
    *out = NULL;
    /* The whole country: its national documents. */
    if (!strcmp(name, ZC_REGION_NATIONAL_NAME) || !strcmp(name, "中国") ||
        !strcmp(name, "national") || !strcmp(name, ZC_REGION_NATIONAL_CODE))
        return zc_xquery_term(ZC_PREFIX_REGION ZC_REGION_NATIONAL_CODE, 1, 0, out, err);
    uint32_t idx[ZC_MAX_REGIONS];
    size_t n = zc_dict_region_find(dict, name, strlen(name), idx, ZC_MAX_REGIONS);
    if (n == 0 && where == ZC_WHERE_OPTION)
        return zc_err_set(err, ZC_ERR_QUERY,
                          "unknown region '%s' (--region): give 全国, or a province, city or "
                          "county of China (江西, 新余市, 渝水区)",
                          name);
    if (n == 0)
        return zc_err_set(err, ZC_ERR_QUERY,
                          "unknown region '%s' at character %zu of the query: give a "
                          "province, city or county of China (江西, 新余市, 渝水区)",
                          name, where + 1);
    if (n > ZC_MAX_REGIONS)
        n = ZC_MAX_REGIONS;
    zc_xquery *terms[ZC_MAX_REGIONS];
    size_t nt = 0;
    int rc = ZC_OK;
    for (size_t i = 0; rc == ZC_OK && i < n; i++) {
        zc_region r;
        if (!zc_dict_region_get(dict, idx[i], &r))
            continue;
        char term[32];
        snprintf(term, sizeof term, "%s%s", ZC_PREFIX_REGION, r.code);
        rc = zc_xquery_term(term, 1, 0, &terms[nt], err);
        if (rc == ZC_OK)
            nt++;
    }
    if (rc == ZC_OK)
        rc = nt == 1 ? (*out = terms[0], nt = 0, ZC_OK)
                     : zc_xquery_combine(ZC_XOP_OR, terms, nt, 0, out, err);
    for (size_t i = 0; i < nt; i++)
        zc_xquery_free(terms[i]);
    return rc;
}

int zc_query_year_filter(int lo, int hi, zc_xquery **out, zc_error *err)
{
    *out = NULL;
    if (lo && lo == hi) {
        char term[32];
        snprintf(term, sizeof term, "%s%d", ZC_PREFIX_YEAR, lo);
        return zc_xquery_term(term, 1, 0, out, err);
    }
    char a[32], b[32];
    size_t al = lo ? zc_x_sortable_serialise(lo, a) : 0;
    size_t bl = hi ? zc_x_sortable_serialise(hi, b) : 0;
    return zc_xquery_value_range(ZC_SLOT_YEAR, lo ? a : NULL, al, hi ? b : NULL, bl, out, err);
}

int zc_query_source_filter(const char *path, zc_xquery **out, zc_error *err)
{
    *out = NULL;
    /* As the indexer names a file: its real path when it exists (symlinks
     * resolved, relative to the current directory); one that is gone, or
     * never was here (an index made elsewhere), lexically, made absolute. */
    char *real = realpath(path, NULL);
    gchar *abs = real ? NULL : g_canonicalize_filename(path, NULL);
    const char *key = real ? real : abs;
    /* A file's documents carry S<its path>; those below a directory carry
     * XD<the directory>: the path is either. */
    char sterm[20], dterm[20];
    zc_schema_term(sterm, ZC_PREFIX_SOURCE, key);
    zc_schema_term(dterm, ZC_PREFIX_DIR, key);
    free(real);
    g_free(abs);
    zc_xquery *t[2] = {NULL, NULL};
    int rc = zc_xquery_term(sterm, 1, 0, &t[0], err);
    if (rc == ZC_OK)
        rc = zc_xquery_term(dterm, 1, 0, &t[1], err);
    if (rc == ZC_OK)
        rc = zc_xquery_combine(ZC_XOP_OR, t, 2, 0, out, err);
    zc_xquery_free(t[0]);
    zc_xquery_free(t[1]);
    return rc;
}

/* *f AND x (either may be NULL), into *f; takes x. */
static int and_into(zc_xquery **f, zc_xquery *x, zc_error *err)
{
    if (!*f || !x) {
        if (!*f)
            *f = x;
        return ZC_OK;
    }
    zc_xquery *both = NULL;
    int rc = zc_xquery_pair(ZC_XOP_AND, *f, x, &both, err);
    zc_xquery_free(*f);
    zc_xquery_free(x);
    *f = both;
    return rc;
}

int zc_query_option_filter(const zc_search_options *o, const zc_dict *dict, zc_norm *norm,
                           zc_xquery **out, zc_error *err)
{
    zc_xquery *f = NULL, *x = NULL;
    int rc = ZC_OK;
    *out = NULL;
    if (o->region && *o->region) {
        char *name = NULL;
        rc = zc_norm_text(norm, o->region, strlen(o->region), &name, NULL, err);
        if (rc == ZC_ERR_ENCODING)
            rc = zc_err_set(err, ZC_ERR_QUERY, "--region is not valid UTF-8");
        if (rc == ZC_OK)
            rc = zc_query_region_filter(dict, name, ZC_WHERE_OPTION, &f, err);
        free(name);
    }
    if (rc == ZC_OK && (o->year_lo || o->year_hi)) {
        if (o->year_lo && o->year_hi && o->year_lo > o->year_hi)
            rc = zc_err_set(err, ZC_ERR_QUERY, "--year %d..%d: the range is reversed", o->year_lo,
                            o->year_hi);
        if (rc == ZC_OK)
            rc = zc_query_year_filter(o->year_lo, o->year_hi, &x, err);
        if (rc == ZC_OK) {
            rc = and_into(&f, x, err);
            x = NULL;
        }
    }
    if (rc == ZC_OK && o->source && *o->source) {
        rc = zc_query_source_filter(o->source, &x, err);
        if (rc == ZC_OK) {
            rc = and_into(&f, x, err);
            x = NULL;
        }
    }
    zc_xquery_free(x);
    if (rc)
        zc_xquery_free(f);
    else
        *out = f;
    return rc;
}
