/* trend: a query's documents and occurrences per year, region (province)
 * or kind, with their rate per 10,000 characters and the first and last
 * dates (docs/cli.md). */
#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "research.h"

/* A bucket while counting: owned strings. */
typedef struct acc {
    int year;
    char *region, *type;
    uint64_t documents, occurrences, chars;
    char *first, *last;
} acc;

typedef struct walk {
    zc_trend_by by;
    GHashTable *buckets; /* key (owned) → acc */
    uint64_t documents, occurrences, chars;
} walk;

static void acc_free(gpointer p)
{
    acc *a = p;
    free(a->region);
    free(a->type);
    free(a->first);
    free(a->last);
    free(a);
}

/* The province of a region "江西省/新余市": its first part. */
static char *province(const char *region)
{
    const char *slash = strchr(region, '/');
    return slash ? strndup(region, (size_t)(slash - region)) : strdup(region);
}

static int keep_when(char **slot, const char *when, int later)
{
    if (!*when)
        return ZC_OK;
    if (*slot && (later ? strcmp(when, *slot) <= 0 : strcmp(when, *slot) >= 0))
        return ZC_OK;
    char *c = strdup(when);
    if (!c)
        return ZC_ERR_NOMEM;
    free(*slot);
    *slot = c;
    return ZC_OK;
}

static int on_doc(void *ctx, const zc_occ_doc *d, zc_error *err)
{
    walk *w = ctx;
    int by_year = w->by == ZC_TREND_BY_YEAR || w->by == ZC_TREND_BY_YEAR_REGION;
    int by_region = w->by == ZC_TREND_BY_REGION || w->by == ZC_TREND_BY_YEAR_REGION;
    char *prov = by_region ? province(d->doc->region) : NULL;
    const char *type = w->by == ZC_TREND_BY_TYPE ? d->doc->type : NULL;
    int year = by_year ? d->doc->year : 0;
    char *key = g_strdup_printf("%d\x1f%s\x1f%s", year, prov ? prov : "", type ? type : "");
    if (!key || (by_region && !prov)) {
        free(prov);
        g_free(key);
        return zc_err_set(err, ZC_ERR_NOMEM, "out of memory");
    }
    acc *a = g_hash_table_lookup(w->buckets, key);
    if (!a) {
        a = calloc(1, sizeof *a);
        if (!a || (type && !(a->type = strdup(type)))) {
            free(a);
            free(prov);
            g_free(key);
            return zc_err_set(err, ZC_ERR_NOMEM, "out of memory");
        }
        a->year = year;
        a->region = prov;
        prov = NULL;
        g_hash_table_insert(w->buckets, key, a);
    } else {
        g_free(key);
    }
    free(prov);
    a->documents++;
    a->occurrences += d->n;
    a->chars += d->chars;
    w->documents++;
    w->occurrences += d->n;
    w->chars += d->chars;
    char buf[16];
    const char *when = zc_rdoc_when(d->doc, buf);
    if (keep_when(&a->first, when, 0) || keep_when(&a->last, when, 1))
        return zc_err_set(err, ZC_ERR_NOMEM, "out of memory");
    return ZC_OK;
}

static double rate(uint64_t occ, uint64_t chars)
{
    return chars ? (double)occ * 10000.0 / (double)chars : 0.0;
}

/* Years oldest first, the unknown last; otherwise most occurrences first;
 * then by name. */
static int cmp_bucket(const void *pa, const void *pb)
{
    const zc_trend_bucket *a = pa, *b = pb;
    int ya = a->year ? a->year : 99999, yb = b->year ? b->year : 99999;
    if (ya != yb)
        return ya < yb ? -1 : 1;
    if (a->occurrences != b->occurrences)
        return a->occurrences > b->occurrences ? -1 : 1;
    if (a->documents != b->documents)
        return a->documents > b->documents ? -1 : 1;
    int c = strcmp(a->region ? a->region : "", b->region ? b->region : "");
    return c ? c : strcmp(a->type ? a->type : "", b->type ? b->type : "");
}

int zc_trend_collect(zc_index *ix, const char *query, const zc_research_options *o, zc_trend **out,
                     zc_error *err)
{
    *out = NULL;
    if ((unsigned)o->by > ZC_TREND_BY_TYPE)
        return zc_err_set(err, ZC_ERR_INVALID, "trend of '%s': unknown bucket kind %d", query,
                          (int)o->by);
    walk w = {o->by, g_hash_table_new_full(g_str_hash, g_str_equal, g_free, acc_free), 0, 0, 0};
    zc_trend *t = calloc(1, sizeof *t);
    int rc =
        t && (t->query = strdup(query)) ? ZC_OK : zc_err_set(err, ZC_ERR_NOMEM, "out of memory");
    if (rc == ZC_OK)
        rc = zc_occ_walk(ix, query, o, on_doc, &w, err);
    size_t n = g_hash_table_size(w.buckets);
    if (rc == ZC_OK && n && !(t->b = calloc(n, sizeof *t->b)))
        rc = zc_err_set(err, ZC_ERR_NOMEM, "out of memory");
    if (rc == ZC_OK) {
        GHashTableIter it;
        gpointer k, v;
        g_hash_table_iter_init(&it, w.buckets);
        while (g_hash_table_iter_next(&it, &k, &v)) {
            acc *a = v;
            zc_trend_bucket *b = &t->b[t->n++];
            *b = (zc_trend_bucket){a->year,
                                   a->region,
                                   a->type,
                                   a->documents,
                                   a->occurrences,
                                   a->chars,
                                   rate(a->occurrences, a->chars),
                                   a->first ? a->first : strdup(""),
                                   a->last ? a->last : strdup("")};
            if (o->by == ZC_TREND_BY_REGION || o->by == ZC_TREND_BY_YEAR_REGION)
                b->region = a->region ? a->region : strdup("");
            else
                free(a->region);
            if (o->by == ZC_TREND_BY_TYPE)
                b->type = a->type ? a->type : strdup("");
            a->region = a->type = a->first = a->last = NULL;
            if (!b->first || !b->last ||
                ((o->by == ZC_TREND_BY_REGION || o->by == ZC_TREND_BY_YEAR_REGION) && !b->region) ||
                (o->by == ZC_TREND_BY_TYPE && !b->type))
                rc = zc_err_set(err, ZC_ERR_NOMEM, "out of memory");
        }
        if (t->n > 1) /* (no buckets: no array to sort) */
            qsort(t->b, t->n, sizeof *t->b, cmp_bucket);
    }
    g_hash_table_destroy(w.buckets);
    if (t) {
        t->by = o->by;
        t->documents = w.documents;
        t->occurrences = w.occurrences;
        t->chars = w.chars;
    }
    if (rc) {
        zc_trend_free(t);
        return rc;
    }
    *out = t;
    return ZC_OK;
}

void zc_trend_free(zc_trend *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->n; i++) {
        free((char *)t->b[i].region);
        free((char *)t->b[i].type);
        free((char *)t->b[i].first);
        free((char *)t->b[i].last);
    }
    free(t->b);
    free(t->query);
    free(t);
}

uint64_t zc_trend_documents(const zc_trend *t)
{
    return t ? t->documents : 0;
}
uint64_t zc_trend_occurrences(const zc_trend *t)
{
    return t ? t->occurrences : 0;
}
size_t zc_trend_bucket_count(const zc_trend *t)
{
    return t ? t->n : 0;
}
const zc_trend_bucket *zc_trend_bucket_at(const zc_trend *t, size_t i)
{
    return t && i < t->n ? &t->b[i] : NULL;
}
