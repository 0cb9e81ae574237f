/*
 * Search latency benchmark: zhengce beside Xapian's QueryParser with
 * FLAG_CJK_NGRAM over Xapian's own n-gram index of the same collection,
 * the same query strings, in one process (bench/search.sh).
 *
 *   zc-bench-search [--no-facets] --zc DIR --ngram DIR --jsonl FILE --dict FILE
 *                   [--queries N] [--passes N] [--seed N] [--dump FILE]
 *
 * The queries come from query_mix.h. One warm-up pass runs every query on
 * both engines untimed; then each timed pass runs every query on each
 * engine in turn (which engine goes first alternates between passes). A
 * query's time is its wall time, single thread:
 *   zhengce  zc_search (limit 10: ranking, snippets with highlights, facet
 *            counts over the whole match set), then reading every hit and
 *            facet and zc_results_free;
 *   anchor   zc_bench_ngram_query (QueryParser, FLAG_DEFAULT |
 *            FLAG_CJK_NGRAM, default op AND), a new Enquire, get_mset(0, 10)
 *            with Xapian's default check_at_least, and the document data of
 *            the 10 hits; no snippets, no facets, an estimated total
 *            (the exact one is counted in the warm-up pass, untimed).
 * --no-facets turns zhengce's facets off, to see what they cost; --threads 1
 * counts in the calling thread alone (default 0: in parallel parts).
 * --dump writes one tab-separated line per query: class, query, both
 * totals, both medians over the timed passes (ms), zhengce's worst pass.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/anchor.h"
#include "common/clock.h"
#include "query_mix.h"
#include "xapian-c/xapian_c.h"
#include "zhengce.h"

enum { ZC_ENGINE, NG_ENGINE, ENGINES };
static const char *const engine_names[ENGINES] = {"zhengce", "Xapian n-gram"};

static int run_zc(zc_index *ix, const char *q, int facets, unsigned threads, double *ms,
                  uint64_t *total, size_t *sink, zc_error *err)
{
    zc_search_options o;
    zc_search_options_init(&o, ZC_SEARCH_OPTIONS_VERSION);
    o.limit = 10;
    o.threads = threads;
    if (!facets)
        o.facets = 0;
    double t0 = zc_clock_s();
    zc_results *r;
    int rc = zc_search(ix, q, &o, &r, err);
    if (rc)
        return rc;
    for (size_t i = 0, n = zc_results_count(r); i < n; i++) {
        const zc_hit *h = zc_results_hit(r, i);
        *sink += strlen(h->id) + strlen(h->title) + strlen(h->snippet) + h->n_highlights;
    }
    for (int k = ZC_FACET_REGION; k <= ZC_FACET_YEAR; k++)
        for (size_t i = 0, n = zc_results_facet_count(r, (zc_facet_kind)k); i < n; i++) {
            const zc_facet *f = zc_results_facet(r, (zc_facet_kind)k, i);
            *sink += strlen(f->value) + (size_t)f->count;
        }
    *total = zc_results_total(r);
    zc_results_free(r);
    *ms = (zc_clock_s() - t0) * 1e3;
    return ZC_OK;
}

/* The number of documents the n-gram query matches, counted exactly
 * (untimed: for the totals of the table). */
static int ngram_exact_total(const zc_xdb *db, const char *q, uint64_t *total, zc_error *err)
{
    zc_xdb_stats st;
    zc_xquery *xq = NULL;
    zc_xenquire *e = NULL;
    zc_xmset *m = NULL;
    int rc = zc_xdb_stats_get(db, &st, err);
    if (!rc)
        rc = zc_bench_ngram_query(db, q, 0, &xq, err);
    if (!rc)
        rc = zc_xenquire_new(db, &e, err);
    if (!rc)
        rc = zc_xenquire_set_query(e, xq, 0, err);
    if (!rc)
        rc = zc_xenquire_get_mset(e, 0, 0, (unsigned)st.doc_count, &m, err);
    if (!rc)
        *total = zc_xmset_lower_bound(m);
    zc_xmset_free(m);
    zc_xenquire_free(e);
    zc_xquery_free(xq);
    return rc;
}

/* exact: then count every match, untimed, for *total (else the estimate). */
static int run_ngram(const zc_xdb *db, const char *q, int exact, double *ms, uint64_t *total,
                     size_t *sink, zc_error *err)
{
    double t0 = zc_clock_s();
    zc_xquery *xq = NULL;
    zc_xenquire *e = NULL;
    zc_xmset *m = NULL;
    int rc = zc_bench_ngram_query(db, q, 0, &xq, err);
    if (!rc)
        rc = zc_xenquire_new(db, &e, err);
    if (!rc)
        rc = zc_xenquire_set_query(e, xq, 0, err);
    if (!rc)
        rc = zc_xenquire_get_mset(e, 0, 10, 0, &m, err);
    for (size_t i = 0, n = rc ? 0 : zc_xmset_size(m); !rc && i < n; i++) {
        char *data;
        size_t len;
        if (!(rc = zc_xmset_get_data(m, i, &data, &len, err)))
            *sink += len;
        free(data);
    }
    if (!rc)
        *total = zc_xmset_estimated(m);
    zc_xmset_free(m);
    zc_xenquire_free(e);
    zc_xquery_free(xq);
    *ms = (zc_clock_s() - t0) * 1e3;
    return rc || !exact ? rc : ngram_exact_total(db, q, total, err);
}

typedef struct bench {
    const zc_qmix *mix;
    zc_index *ix;
    zc_xdb *db;
    unsigned passes;
    int facets;               /* 0: zhengce without facets (--no-facets, to see their cost) */
    unsigned threads;         /* zc_search_options.threads (--threads; 0: one per core) */
    double *ms[ENGINES];      /* [pass * n + query] */
    uint64_t *total[ENGINES]; /* [query], from the warm-up pass */
    size_t errors[ENGINES];
    size_t sink;
} bench;

/* Runs query i on engine k; a failing query is reported once and timed
 * as it failed. */
static void run_one(bench *b, int k, size_t i, double *ms, int warm)
{
    zc_error err = {0};
    uint64_t total = 0;
    const char *q = b->mix->q[i].text;
    int rc = k == ZC_ENGINE ? run_zc(b->ix, q, b->facets, b->threads, ms, &total, &b->sink, &err)
                            : run_ngram(b->db, q, warm, ms, &total, &b->sink, &err);
    if (warm) {
        b->total[k][i] = total;
        if (rc) {
            b->errors[k]++;
            fprintf(stderr, "%s: query %s: %s\n", engine_names[k], q, err.message);
        }
    }
}

static void run_all(bench *b)
{
    size_t n = b->mix->n;
    double ignored;
    for (size_t i = 0; i < n; i++)
        for (int k = 0; k < ENGINES; k++)
            run_one(b, k, i, &ignored, 1);
    for (unsigned p = 0; p < b->passes; p++)
        for (size_t i = 0; i < n; i++)
            for (int j = 0; j < ENGINES; j++) {
                int k = p % 2 ? ENGINES - 1 - j : j;
                run_one(b, k, i, &b->ms[k][p * n + i], 0);
            }
}

/* One row of the table: engine k over the queries of class cls (or all
 * when cls == ZC_QMIX_CLASSES). */
static void print_row(const bench *b, int k, int cls, double *scratch)
{
    size_t n = b->mix->n, m = 0, nq = 0, nohit = 0;
    double sum = 0, tsum = 0;
    for (size_t i = 0; i < n; i++) {
        if (cls != ZC_QMIX_CLASSES && (int)b->mix->q[i].cls != cls)
            continue;
        nq++;
        tsum += (double)b->total[k][i];
        nohit += b->total[k][i] == 0;
        for (unsigned p = 0; p < b->passes; p++)
            sum += scratch[m++] = b->ms[k][p * n + i];
    }
    if (!m)
        return;
    qsort(scratch, m, sizeof *scratch, zc_bench_cmp_double);
    printf("%-11s %-14s %6zu %7.2f %7.2f %7.2f %7.2f %7.2f %10.0f %6zu\n",
           k == 0 ? (cls == ZC_QMIX_CLASSES ? "all" : zc_qmix_class_name((zc_qmix_class)cls)) : "",
           engine_names[k], m, zc_bench_pct(scratch, m, 0.5), zc_bench_pct(scratch, m, 0.9),
           zc_bench_pct(scratch, m, 0.99), scratch[m - 1], sum / (double)m, tsum / (double)nq,
           nohit);
}

static double median_of(const bench *b, int k, size_t i, double *scratch, double *max)
{
    for (unsigned p = 0; p < b->passes; p++)
        scratch[p] = b->ms[k][p * b->mix->n + i];
    qsort(scratch, b->passes, sizeof *scratch, zc_bench_cmp_double);
    *max = scratch[b->passes - 1];
    return scratch[(b->passes - 1) / 2];
}

static int dump(const bench *b, const char *path, double *scratch)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return 1;
    for (size_t i = 0; i < b->mix->n; i++) {
        double zmax, nmax, zm = median_of(b, ZC_ENGINE, i, scratch, &zmax);
        double nm = median_of(b, NG_ENGINE, i, scratch, &nmax);
        fprintf(f, "%s\t%s\t%llu\t%llu\t%.3f\t%.3f\t%.3f\n", zc_qmix_class_name(b->mix->q[i].cls),
                b->mix->q[i].text, (unsigned long long)b->total[ZC_ENGINE][i],
                (unsigned long long)b->total[NG_ENGINE][i], zm, nm, zmax);
    }
    return fclose(f) != 0;
}

static void print_report(const bench *b, double *scratch)
{
    printf("search latency, ms: %zu queries x %u timed passes after 1 warm-up pass, top 10\n",
           b->mix->n, b->passes);
    printf("  zhengce: zc_search limit 10 (snippets with highlights, %s), hits%s read;\n"
           "    counting in %s\n",
           b->facets ? "facets" : "NO facets", b->facets ? " and facets" : "",
           b->threads == 1 ? "1 thread (--threads 1)" : "parallel parts (threads 0: one per core)");
    printf("  Xapian n-gram: QueryParser FLAG_CJK_NGRAM, default op AND, get_mset(0, 10),\n"
           "    data of the 10 hits read; no snippets, no facets, an estimated total\n"
           "  avg total: documents matched (both exact; the n-gram one counted untimed)\n\n");
    printf("%-11s %-14s %6s %7s %7s %7s %7s %7s %10s %6s\n", "queries", "engine", "runs", "p50",
           "p90", "p99", "max", "mean", "avg total", "no hit");
    for (int c = 0; c <= ZC_QMIX_CLASSES; c++) {
        for (int k = 0; k < ENGINES; k++)
            print_row(b, k, c, scratch);
        if (c < ZC_QMIX_CLASSES)
            printf("\n");
    }
    for (int k = 0; k < ENGINES; k++)
        if (b->errors[k])
            printf("%s: %zu queries failed (see stderr)\n", engine_names[k], b->errors[k]);

    /* The slowest zhengce queries, to see where the tail comes from. */
    size_t n = b->mix->n, *order = malloc(n * sizeof *order);
    double *med = malloc(n * sizeof *med), *tmp = malloc(b->passes * sizeof *tmp), ignored;
    if (!order || !med || !tmp) {
        free(order), free(med), free(tmp);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        order[i] = i;
        med[i] = median_of(b, ZC_ENGINE, i, tmp, &ignored);
    }
    for (size_t i = 0; i < n && i < 5; i++) /* selection of the top 5 */
        for (size_t j = i + 1; j < n; j++)
            if (med[order[j]] > med[order[i]]) {
                size_t t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
    printf("\nslowest zhengce queries (median ms; zhengce total, n-gram total):\n");
    for (size_t i = 0; i < n && i < 5; i++) {
        size_t q = order[i];
        printf("  %7.2f ms %7llu %7llu  %s\n", med[q], (unsigned long long)b->total[ZC_ENGINE][q],
               (unsigned long long)b->total[NG_ENGINE][q], b->mix->q[q].text);
    }
    free(order), free(med), free(tmp);
}

int main(int argc, char **argv)
{
    const char *zc_dir = NULL, *ng_dir = NULL, *jsonl = NULL, *dict = NULL, *dump_path = NULL;
    size_t nq = 300;
    unsigned passes = 3;
    unsigned long long seed = 20120702;
    int facets = 1, i = 1;
    unsigned threads = 0;
    if (i < argc && !strcmp(argv[i], "--no-facets"))
        facets = 0, i++;
    for (; i + 1 < argc; i += 2) {
        const char *a = argv[i], *v = argv[i + 1];
        if (!strcmp(a, "--zc"))
            zc_dir = v;
        else if (!strcmp(a, "--ngram"))
            ng_dir = v;
        else if (!strcmp(a, "--jsonl"))
            jsonl = v;
        else if (!strcmp(a, "--dict"))
            dict = v;
        else if (!strcmp(a, "--dump"))
            dump_path = v;
        else if (!strcmp(a, "--queries"))
            nq = strtoul(v, NULL, 10);
        else if (!strcmp(a, "--passes"))
            passes = (unsigned)strtoul(v, NULL, 10);
        else if (!strcmp(a, "--seed"))
            seed = strtoull(v, NULL, 10);
        else if (!strcmp(a, "--threads"))
            threads = (unsigned)strtoul(v, NULL, 10);
    }
    if (!zc_dir || !ng_dir || !jsonl || !dict || !nq || !passes || i != argc) {
        fprintf(stderr,
                "usage: %s [--no-facets] --zc DIR --ngram DIR --jsonl FILE --dict FILE"
                " [--queries N] [--passes N] [--seed N] [--threads N] [--dump FILE]\n",
                argv[0]);
        return 2;
    }
    zc_error err = {0};
    zc_qmix mix;
    bench b = {.mix = &mix, .passes = passes, .facets = facets, .threads = threads};
    double t0 = zc_clock_s();
    if (zc_qmix_make(jsonl, dict, nq, seed, &mix, &err)) {
        fprintf(stderr, "zc-bench-search: %s\n", err.message);
        return 2;
    }
    printf("%zu queries from %zu items of %s (seed %llu) in %.1f s\n", mix.n, mix.items, jsonl,
           seed, zc_clock_s() - t0);
    int rc = zc_index_open(zc_dir, ZC_OPEN_READ, &b.ix, &err);
    if (!rc)
        rc = zc_xdb_open(ng_dir, &b.db, &err);
    double *scratch = malloc(mix.n * passes * sizeof *scratch);
    for (int k = 0; k < ENGINES; k++) {
        b.ms[k] = calloc(mix.n * passes, sizeof *b.ms[k]);
        b.total[k] = calloc(mix.n, sizeof *b.total[k]);
        if (!rc && (!b.ms[k] || !b.total[k]))
            rc = ZC_ERR_NOMEM, snprintf(err.message, sizeof err.message, "out of memory");
    }
    if (!rc && !scratch)
        rc = ZC_ERR_NOMEM, snprintf(err.message, sizeof err.message, "out of memory");
    if (!rc) {
        run_all(&b);
        print_report(&b, scratch);
        if (dump_path && dump(&b, dump_path, scratch))
            fprintf(stderr, "zc-bench-search: cannot write %s\n", dump_path);
    } else {
        fprintf(stderr, "zc-bench-search: %s\n", err.message);
    }
    for (int k = 0; k < ENGINES; k++) {
        free(b.ms[k]);
        free(b.total[k]);
    }
    free(scratch);
    zc_xdb_free(b.db);
    zc_index_free(b.ix);
    zc_qmix_free(&mix);
    fprintf(stderr, "(checksum %zu)\n", b.sink);
    return rc ? 2 : 0;
}
