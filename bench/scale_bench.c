/*
 * Query latency over shards (bench/scale.sh): the query mix of
 * bench/query_mix.h run on an index opened with zc_index_open_cluster, one
 * thread, one warm-up pass untimed, then timed passes; prints p50, p90, p99
 * and the mean in milliseconds of zc_search (limit 10, snippets, facets)
 * and reading its results.
 *
 *   zc-bench-scale --jsonl FILE --dict FILE [--queries N] [--passes N]
 *                  [--seed N] SPEC...
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/clock.h"
#include "query_mix.h"
#include "zhengce.h"

int main(int argc, char **argv)
{
    const char *jsonl = NULL, *dict = NULL;
    size_t nq = 300, passes = 3;
    uint64_t seed = 20120702;
    int i = 1;
    for (; i + 1 < argc && strncmp(argv[i], "--", 2) == 0; i += 2) {
        if (!strcmp(argv[i], "--jsonl"))
            jsonl = argv[i + 1];
        else if (!strcmp(argv[i], "--dict"))
            dict = argv[i + 1];
        else if (!strcmp(argv[i], "--queries"))
            nq = strtoul(argv[i + 1], NULL, 10);
        else if (!strcmp(argv[i], "--passes"))
            passes = strtoul(argv[i + 1], NULL, 10);
        else if (!strcmp(argv[i], "--seed"))
            seed = strtoull(argv[i + 1], NULL, 10);
        else
            break;
    }
    if (!jsonl || !dict || i >= argc || !nq || !passes) {
        fprintf(stderr, "usage: zc-bench-scale --jsonl FILE --dict FILE [--queries N] "
                        "[--passes N] [--seed N] SPEC...\n");
        return 2;
    }
    zc_error err;
    zc_qmix mix;
    zc_index *ix = NULL;
    if (zc_qmix_make(jsonl, dict, nq, seed, &mix, &err) ||
        zc_index_open_cluster((const char *const *)argv + i, (size_t)(argc - i), ZC_OPEN_READ, &ix,
                              &err)) {
        fprintf(stderr, "zc-bench-scale: %s\n", err.message);
        return 2;
    }
    double *t = calloc(mix.n * passes, sizeof *t);
    size_t nt = 0, sink = 0;
    zc_search_options o;
    zc_search_options_init(&o, ZC_SEARCH_OPTIONS_VERSION);
    for (size_t p = 0; p <= passes; p++)
        for (size_t q = 0; q < mix.n; q++) {
            double t0 = zc_clock_s();
            zc_results *r = NULL;
            if (zc_search(ix, mix.q[q].text, &o, &r, &err)) {
                fprintf(stderr, "zc-bench-scale: %s: %s\n", mix.q[q].text, err.message);
                return 2;
            }
            for (size_t h = 0; h < zc_results_count(r); h++)
                sink += strlen(zc_results_hit(r, h)->snippet);
            sink += zc_results_facet_count(r, ZC_FACET_REGION);
            zc_results_free(r);
            if (p) /* pass 0 warms up */
                t[nt++] = (zc_clock_s() - t0) * 1e3;
        }
    double sum = 0;
    for (size_t k = 0; k < nt; k++)
        sum += t[k];
    qsort(t, nt, sizeof *t, zc_bench_cmp_double);
    printf("shards=%d queries=%zu runs=%zu p50=%.2f p90=%.2f p99=%.2f mean=%.2f sink=%zu\n",
           argc - i, mix.n, nt, zc_bench_pct(t, nt, 0.5), zc_bench_pct(t, nt, 0.9),
           zc_bench_pct(t, nt, 0.99), sum / nt, sink % 10);
    free(t);
    zc_qmix_free(&mix);
    zc_index_free(ix);
    return 0;
}
