/* Facets: region (every level, with its parent), year, type and issuer
 * counts over the whole match set.
 *
 * One stock Xapian value count over the facet key of each match
 * (index/schema.h: year, region code per level, type, issuer) gives the
 * count of each combination; the counts per year, region, type and issuer
 * are sums of those.
 * One value read per match keeps counting cheap, and a stock counter also
 * runs on remote shards. The search examines every match: counts are
 * exact. */
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "dict/dict.h"
#include "index/schema.h"
#include "search_internal.h"

static void facet_clear(zc_facet *f)
{
    free((char *)f->value);
    free((char *)f->parent);
    free((char *)f->code);
}

void zc_facets_free(zc_facets *f)
{
    for (int k = 0; k < ZC_FACET_KINDS; k++) {
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

/* Adds the entry for region code with count to f. */
static int add_region(zc_facets *f, const zc_dict *dict, const char *code, uint64_t count,
                      size_t *cap)
{
    if (f->n[ZC_FACET_REGION] == *cap) {
        size_t nc = *cap ? 2 * *cap : 64;
        zc_facet *v = realloc(f->v[ZC_FACET_REGION], nc * sizeof *v);
        if (!v)
            return ZC_ERR_NOMEM;
        f->v[ZC_FACET_REGION] = v;
        *cap = nc;
    }
    zc_region r, p;
    if (!strcmp(code, ZC_REGION_NATIONAL_CODE)) {
        zc_facet *e = &f->v[ZC_FACET_REGION][f->n[ZC_FACET_REGION]++];
        *e = (zc_facet){0};
        e->count = count;
        e->code = strdup(code);
        e->value = strdup(ZC_REGION_NATIONAL_NAME);
        e->level = "national";
        return e->code && e->value ? ZC_OK : ZC_ERR_NOMEM;
    }
    long ri = zc_dict_region_by_code(dict, code);
    /* A code the dictionary no longer knows is shown as the code. */
    int known = ri >= 0 && zc_dict_region_get(dict, (size_t)ri, &r);
    zc_facet *e = &f->v[ZC_FACET_REGION][f->n[ZC_FACET_REGION]++];
    *e = (zc_facet){0};
    e->count = count;
    e->code = strdup(code);
    e->value = strdup(known ? r.name : code);
    e->level = known ? zc_region_level_name(r.level) : "unknown";
    if (known && r.parent >= 0 && zc_dict_region_get(dict, (size_t)r.parent, &p))
        e->parent = strdup(p.name);
    if (!e->code || !e->value || (known && r.parent >= 0 && !e->parent))
        return ZC_ERR_NOMEM;
    return ZC_OK;
}

static int level_rank(const char *level)
{
    return !strcmp(level, "national")   ? -1
           : !strcmp(level, "province") ? 0
           : !strcmp(level, "city")     ? 1
           : !strcmp(level, "county")   ? 2
                                        : 3;
}

static int by_level_count(const void *a, const void *b)
{
    const zc_facet *x = a, *y = b;
    int lx = level_rank(x->level), ly = level_rank(y->level);
    if (lx != ly)
        return lx - ly;
    return by_count(a, b);
}

static int by_count_value(const void *a, const void *b)
{
    const zc_facet *x = a, *y = b;
    if (x->count != y->count)
        return x->count < y->count ? 1 : -1;
    return strcmp(x->value, y->value);
}

/* Adds count to the sum of the stretch s[0, len) in t (a string table). */
static void add_text(GHashTable *t, const char *s, size_t len, uint64_t count)
{
    if (!len)
        return;
    char *k = g_strndup(s, len);
    uint64_t *c = g_hash_table_lookup(t, k);
    if (!c) {
        c = g_new0(uint64_t, 1);
        g_hash_table_insert(t, k, c);
    } else {
        g_free(k);
    }
    *c += count;
}

/* The entries of a string table (types, issuers) into f's kind, by count. */
static int add_texts(zc_facets *f, int kind, GHashTable *t)
{
    size_t n = g_hash_table_size(t);
    if (!(f->v[kind] = calloc(n + 1, sizeof(zc_facet))))
        return ZC_ERR_NOMEM;
    GHashTableIter it;
    gpointer k, v;
    g_hash_table_iter_init(&it, t);
    while (g_hash_table_iter_next(&it, &k, &v)) {
        zc_facet *e = &f->v[kind][f->n[kind]++];
        e->count = *(uint64_t *)v;
        if (!(e->value = strdup(k)))
            return ZC_ERR_NOMEM;
    }
    qsort(f->v[kind], f->n[kind], sizeof(zc_facet), by_count_value);
    return ZC_OK;
}

/* The sums the facet keys are counted into. */
typedef struct sums {
    GHashTable *regions, *years, *types, *issuers;
} sums;

/* Adds the i-th facet key of spy, with its count, to the sums. */
static void count_key(const zc_xspy *spy, size_t i, const sums *s)
{
    GHashTable *regions = s->regions, *years = s->years;
    const char *val;
    size_t len;
    uint64_t count;
    if (zc_xspy_get(spy, i, &val, &len, &count) != ZC_OK)
        return;
    zc_schema_facets k;
    zc_schema_facet_parse(val, len, &k);
    uint64_t *c;
    if (k.year) {
        gpointer y = GINT_TO_POINTER(k.year);
        if (!(c = g_hash_table_lookup(years, y))) {
            c = g_new0(uint64_t, 1);
            g_hash_table_insert(years, y, c);
        }
        *c += count;
    }
    for (int l = 0; l < 3; l++) {
        if (!k.code_len[l])
            continue;
        char *code = g_strndup(k.code[l], k.code_len[l]);
        if (!(c = g_hash_table_lookup(regions, code))) {
            c = g_new0(uint64_t, 1);
            g_hash_table_insert(regions, code, c);
        } else {
            g_free(code);
        }
        *c += count;
    }
    add_text(s->types, k.type, k.type_len, count);
    add_text(s->issuers, k.issuer, k.issuer_len, count);
}

int zc_facets_collect(zc_xspy *const *keys, size_t n, const zc_dict *dict, zc_facets *f,
                      zc_error *err)
{
    *f = (zc_facets){0};
    GHashTable *regions = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    GHashTable *years = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
    sums s = {regions, years, g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free),
              g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free)};
    /* The parts of a split count add up. */
    for (size_t part = 0; part < n; part++) {
        for (size_t i = 0, nk = zc_xspy_count(keys[part]); i < nk; i++)
            count_key(keys[part], i, &s);
    }
    int rc = ZC_OK;
    size_t cap = 0;
    GHashTableIter it;
    gpointer k, v;
    g_hash_table_iter_init(&it, regions);
    while (rc == ZC_OK && g_hash_table_iter_next(&it, &k, &v))
        rc = add_region(f, dict, k, *(uint64_t *)v, &cap);
    if (f->n[ZC_FACET_REGION])
        qsort(f->v[ZC_FACET_REGION], f->n[ZC_FACET_REGION], sizeof(zc_facet), by_level_count);
    size_t ny = g_hash_table_size(years);
    if (rc == ZC_OK && !(f->v[ZC_FACET_YEAR] = calloc(ny + 1, sizeof(zc_facet))))
        rc = ZC_ERR_NOMEM;
    g_hash_table_iter_init(&it, years);
    while (rc == ZC_OK && g_hash_table_iter_next(&it, &k, &v)) {
        zc_facet *e = &f->v[ZC_FACET_YEAR][f->n[ZC_FACET_YEAR]++];
        char buf[16];
        e->year = GPOINTER_TO_INT(k);
        e->count = *(uint64_t *)v;
        snprintf(buf, sizeof buf, "%d", e->year);
        if (!(e->value = strdup(buf)))
            rc = ZC_ERR_NOMEM;
    }
    if (f->n[ZC_FACET_YEAR])
        qsort(f->v[ZC_FACET_YEAR], f->n[ZC_FACET_YEAR], sizeof(zc_facet), by_year_desc);
    if (rc == ZC_OK)
        rc = add_texts(f, ZC_FACET_TYPE, s.types);
    if (rc == ZC_OK)
        rc = add_texts(f, ZC_FACET_ISSUER, s.issuers);
    g_hash_table_destroy(regions);
    g_hash_table_destroy(years);
    g_hash_table_destroy(s.types);
    g_hash_table_destroy(s.issuers);
    if (rc) {
        zc_facets_free(f);
        return zc_err_set(err, ZC_ERR_NOMEM, "out of memory counting facets");
    }
    return ZC_OK;
}
