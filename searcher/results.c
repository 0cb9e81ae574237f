/* The results of a search: what the API reads of them, and freeing. */
#include <stdlib.h>

#include "search_internal.h"

void zc_hit_clear(zc_hit *h)
{
    free((char *)h->id);
    free((char *)h->path);
    free((char *)h->title);
    free((char *)h->region);
    free((char *)h->type);
    free((char *)h->date);
    free((char *)h->issuer);
    free((char *)h->docno);
}

void zc_results_free(zc_results *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n; i++) {
        zc_hit_clear(&r->hits[i]);
        free((char *)r->hits[i].snippet);
        free((size_t *)r->hits[i].highlights);
    }
    free(r->hits);
    free(r->query);
    free(r->explain);
    for (size_t i = 0; i < r->n_warnings; i++)
        free(r->warnings[i]);
    free(r->warnings);
    zc_facets_free(&r->facets);
    free(r);
}

uint64_t zc_results_total(const zc_results *r)
{
    return r->total;
}
size_t zc_results_count(const zc_results *r)
{
    return r->n;
}
double zc_results_took_ms(const zc_results *r)
{
    return r->took_ms;
}
const zc_hit *zc_results_hit(const zc_results *r, size_t i)
{
    return i < r->n ? &r->hits[i] : NULL;
}
uint64_t zc_results_words_total(const zc_results *r)
{
    return r->words_total;
}

uint64_t zc_results_any_total(const zc_results *r)
{
    return r->any_total;
}
const char *zc_results_explain(const zc_results *r)
{
    return r->explain;
}
size_t zc_results_warning_count(const zc_results *r)
{
    return r->n_warnings;
}
const char *zc_results_warning(const zc_results *r, size_t i)
{
    return i < r->n_warnings ? r->warnings[i] : NULL;
}

size_t zc_results_facet_count(const zc_results *r, zc_facet_kind kind)
{
    return (unsigned)kind < ZC_FACET_KINDS ? r->facets.n[kind] : 0;
}

const zc_facet *zc_results_facet(const zc_results *r, zc_facet_kind kind, size_t i)
{
    return (unsigned)kind < ZC_FACET_KINDS && i < r->facets.n[kind] ? &r->facets.v[kind][i] : NULL;
}
