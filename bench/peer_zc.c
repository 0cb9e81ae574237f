/*
 * zhengce through its public API, in one process (bench/peers.sh); the
 * index is made by `zhengce index`, the command a user runs.
 *
 *   zc-bench-peer-zc search DB QUERIES PASSES [--no-facets] [--threads N]
 *       zc_search with the defaults: exact total, the top 10 ranked, with
 *       snippets and highlights, and (unless --no-facets) the region and
 *       year facets over the whole match set. Each query's strings are
 *       quoted, "…" "…", so that none is widened by synonyms: the exact
 *       substring match the scan counts. --threads N: the search's
 *       threads option (default 0, one per core).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "peer_driver.h"
#include "zhengce.h"

typedef struct zctx {
    zc_index *ix;
    int facets;
    unsigned threads;
} zctx;

static int run_one(void *vctx, const peer_query *q, uint64_t *total, size_t *sink)
{
    zctx *c = vctx;
    char text[512];
    size_t o = 0;
    for (size_t k = 0; k < q->nparts; k++)
        o += (size_t)snprintf(text + o, sizeof text - o, "%s\"%s\"", k ? " " : "", q->parts[k]);
    zc_search_options opt;
    zc_search_options_init(&opt, ZC_SEARCH_OPTIONS_VERSION);
    opt.limit = 10;
    opt.facets = c->facets;
    opt.threads = c->threads;
    zc_results *r;
    zc_error err;
    if (zc_search(c->ix, text, &opt, &r, &err)) {
        fprintf(stderr, "zhengce: %s: %s\n", text, err.message);
        return 1;
    }
    for (size_t i = 0, n = zc_results_count(r); i < n; i++) {
        const zc_hit *h = zc_results_hit(r, i);
        *sink += strlen(h->id) + strlen(h->title) + strlen(h->snippet) + h->n_highlights;
    }
    for (int k = ZC_FACET_REGION; k <= ZC_FACET_YEAR; k++)
        for (size_t i = 0, n = zc_results_facet_count(r, (zc_facet_kind)k); i < n; i++)
            *sink += (size_t)zc_results_facet(r, (zc_facet_kind)k, i)->count;
    *total = zc_results_total(r);
    zc_results_free(r);
    return 0;
}

int main(int argc, char **argv)
{
    zctx c = {.facets = 1};
    int bad = argc < 5 || strcmp(argv[1], "search");
    for (int i = 5; !bad && i < argc; i++) {
        if (!strcmp(argv[i], "--no-facets"))
            c.facets = 0;
        else if (!strcmp(argv[i], "--threads") && i + 1 < argc)
            c.threads = (unsigned)atoi(argv[++i]);
        else
            bad = 1;
    }
    if (bad) {
        fprintf(stderr,
                "usage: zc-bench-peer-zc search DB QUERIES PASSES [--no-facets] [--threads N]\n");
        return 2;
    }
    zc_error err;
    if (zc_index_open(argv[2], ZC_OPEN_READ, &c.ix, &err)) {
        fprintf(stderr, "zhengce: %s\n", err.message);
        return 2;
    }
    int rc = peer_drive(argv[3], (unsigned)atoi(argv[4]), run_one, &c);
    zc_index_free(c.ix);
    return rc ? 2 : 0;
}
