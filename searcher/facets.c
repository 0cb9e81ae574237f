/* Facets: region (every level, with its parent) and year counts over the
 * whole match set.
 *
 * Each is a stock Xapian value count over one slot (indexer/schema.h: the
 * year, and the region's code at each level), so counting also works on
 * remote shards; the search examines every match, so counts are exact. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "dict/dict.h"
#include "indexer/schema.h"
#include "search_internal.h"

int zc_facets_watch(zc_xenquire *e, zc_facet_spies *s, zc_error *err)
{
    *s = (zc_facet_spies){0};
    int rc = zc_xenquire_add_facet(e, ZC_SLOT_YEAR, 0, 0, &s->year, err);
    for (int l = 0; rc == ZC_OK && l < 3; l++)
        rc = zc_xenquire_add_facet(e, ZC_SLOT_OF_LEVEL(ZC_REGION_PROVINCE + l), 0, 0,
                                   &s->level[l], err);
    return rc;
}

static void facet_clear(zc_facet *f)
{
    free((char *)f->value);
    free((char *)f->parent);
    free((char *)f->code);
}

void zc_facets_free(zc_facets *f)
{
    for (int k = 0; k < 2; k++) {
        for (size_t i = 0; i < f->n[k]; i++)
            facet_clear(&f->v[k][i]);
        free(f->v[k]);
    }
    *f = (zc_facets){0};
}

static int by_count(const void *a, const void *b)
{
    const zc_facet *x = a, *y = b;
    if (x->count != y->count)
        return x->count < y->count ? 1 : -1;
    return strcmp(x->code, y->code);
}

static int by_year_desc(const void *a, const void *b)
{
    const zc_facet *x = a, *y = b;
    return (x->year < y->year) - (x->year > y->year);
}

static char *dup_n(const char *s, size_t n)
{
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, s, n);
        d[n] = '\0';
    }
    return d;
}

/* The region entries of one level. */
static int collect_level(const zc_xspy *s, const zc_dict *dict, zc_facets *f, zc_error *err)
{
    size_t n = zc_xspy_count(s), start = f->n[ZC_FACET_REGION];
    zc_facet *v = realloc(f->v[ZC_FACET_REGION], (start + n + 1) * sizeof *v);
    if (!v)
        return zc_err_set(err, ZC_ERR_NOMEM, "out of memory counting facets");
    f->v[ZC_FACET_REGION] = v;
    for (size_t i = 0; i < n; i++) {
        const char *val;
        size_t len;
        uint64_t count;
        if (zc_xspy_get(s, i, &val, &len, &count) != ZC_OK)
            continue;
        char code[16];
        if (len == 0 || len >= sizeof code)
            continue;
        memcpy(code, val, len);
        code[len] = '\0';
        zc_region r, p;
        long ri = zc_dict_region_by_code(dict, code);
        /* A code the dictionary no longer knows is shown as the code. */
        int known = ri >= 0 && zc_dict_region_get(dict, (size_t)ri, &r);
        zc_facet *e = &v[f->n[ZC_FACET_REGION]];
        *e = (zc_facet){0};
        e->count = count;
        e->code = dup_n(code, len);
        e->value = strdup(known ? r.name : code);
        e->level = known ? zc_region_level_name(r.level) : "unknown";
        if (known && r.parent >= 0 && zc_dict_region_get(dict, (size_t)r.parent, &p))
            e->parent = strdup(p.name);
        f->n[ZC_FACET_REGION]++;
        if (!e->code || !e->value || (known && r.parent >= 0 && !e->parent))
            return zc_err_set(err, ZC_ERR_NOMEM, "out of memory counting facets");
    }
    qsort(v + start, f->n[ZC_FACET_REGION] - start, sizeof *v, by_count);
    return ZC_OK;
}

static int collect_years(const zc_xspy *s, zc_facets *f, zc_error *err)
{
    size_t n = zc_xspy_count(s);
    zc_facet *v = calloc(n + 1, sizeof *v);
    if (!v)
        return zc_err_set(err, ZC_ERR_NOMEM, "out of memory counting facets");
    f->v[ZC_FACET_YEAR] = v;
    for (size_t i = 0; i < n; i++) {
        const char *val;
        size_t len;
        uint64_t count;
        if (zc_xspy_get(s, i, &val, &len, &count) != ZC_OK || len == 0)
            continue;
        zc_facet *e = &v[f->n[ZC_FACET_YEAR]];
        e->year = (int)zc_x_sortable_unserialise(val, len);
        e->count = count;
        char buf[16];
        snprintf(buf, sizeof buf, "%d", e->year);
        f->n[ZC_FACET_YEAR]++;
        if (!(e->value = strdup(buf)))
            return zc_err_set(err, ZC_ERR_NOMEM, "out of memory counting facets");
    }
    qsort(v, f->n[ZC_FACET_YEAR], sizeof *v, by_year_desc);
    return ZC_OK;
}

int zc_facets_collect(const zc_facet_spies *s, const zc_dict *dict, zc_facets *f,
                      zc_error *err)
{
    *f = (zc_facets){0};
    int rc = ZC_OK;
    for (int l = 0; rc == ZC_OK && l < 3; l++)
        rc = collect_level(s->level[l], dict, f, err);
    if (rc == ZC_OK)
        rc = collect_years(s->year, f, err);
    if (rc)
        zc_facets_free(f);
    return rc;
}
