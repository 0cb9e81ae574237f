/* Every combination of search options at every page: for each query and
 * each combination of sort (relevance, newest, oldest first), facets, synonyms, --any, counting
 * threads (one, and parts of a split count), a region and a year option, the pages of a few sizes
 * at every offset, concatenated, equal one long page of the same search: the same hits in the same
 * order, with the same scores, snippets and ranks, the same total and facets on every page, and
 * JSON that says so. A page past the last hit is empty and keeps the total. The index has gaps in
 * its docids (documents deleted and replaced) and exact ties of score, so paging crosses ties,
 * parts and the filler document. The command line is run over the sample corpus at every offset of
 * each sort, as text and as JSON (a page after the first crashed). Run under ASan+UBSan in CI like
 * every test. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "index/index.h"
#include "test_util.h"
#include "zhengce.h"

static char *tmp, *db;

static const char *const topics[] = {"锂电产业", "光伏发电", "乡村振兴",    "高新区",
                                     "数字经济", "营商环境", "规模以上工业"};
#define N_TOPICS (sizeof topics / sizeof *topics)
static const char *const regions[] = {"新余市", "南昌市", "江西省", "深圳市", "广东省", NULL};
#define N_REGIONS (sizeof regions / sizeof *regions)
#define N_DOCS 44

static int setup(void **state)
{
    (void)state;
    tmp = zc_test_tmpdir();
    size_t n = strlen(tmp) + 8;
    db = malloc(n);
    snprintf(db, n, "%s/db", tmp);
    zc_index *ix = NULL;
    zc_error err;
    if (zc_index_open(db, ZC_OPEN_WRITE | ZC_OPEN_CREATE, &ix, &err))
        return -1;
    for (int i = 0; i < N_DOCS + 6; i++) {
        char key[32], text[1024];
        /* Every fourth text is the same as the one before but for its
         * key: exact ties of score, ordered by id. */
        int t = i % 4 == 3 ? i - 1 : i;
        snprintf(key, sizeof key, "doc-%02d", i);
        snprintf(text, sizeof text,
                 "%s发展报告\n政府推动%s发展，%s取得进展。规上工业增长，政府投资%s。%s",
                 topics[t % N_TOPICS], topics[t % N_TOPICS], topics[(t * 3) % N_TOPICS],
                 t % 2 ? "扩大" : "稳定", t % 5 ? "" : "发展发展发展");
        zc_doc d = {.key = key,
                    .text = text,
                    .region = regions[t % N_REGIONS],
                    .year = t % 3 ? 2018 + t % 7 : 0};
        if (zc_index_add_doc(ix, &d, &err))
            return -1;
        if (i == 20 && zc_index_commit(ix, &err))
            return -1;
    }
    /* Gaps: six deleted, two replaced (a new docid each). */
    for (int i = N_DOCS; i < N_DOCS + 6; i++) {
        char key[32];
        snprintf(key, sizeof key, "doc-%02d", i);
        if (zc_index_delete_doc(ix, key, &err))
            return -1;
    }
    zc_doc again = {.key = "doc-05",
                    .text = "营商环境发展报告\n政府推动营商环境发展，营商环境。",
                    .region = "新余市",
                    .year = 2024};
    if (zc_index_add_doc(ix, &again, &err) || zc_index_commit(ix, &err))
        return -1;
    zc_index_free(ix);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    zc_test_rmtree(tmp);
    free(tmp);
    free(db);
    return 0;
}

static const char *const queries[] = {
    "发展",
    "政府 发展",
    "锂电 OR 光伏",
    "region:江西 发展",
    "year:2019..2023 政府",
    "\"高新区\"",
    "发展 -锂电",
    "规上工业",
    "锂电产业 乡村振兴",
    "不存在的词语",
    "(营商 OR 数字) 政府",
};
#define N_QUERIES (sizeof queries / sizeof *queries)

static zc_results *search(zc_index *ix, const char *q, const zc_search_options *o)
{
    zc_results *r = NULL;
    zc_error err;
    if (zc_search(ix, q, o, &r, &err))
        fail_msg("'%s': %s", q, err.message);
    return r;
}

static int same_str(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "") == 0;
}

/* page (offset, limit) against the long page all. */
static void check_page(const char *q, const zc_search_options *o, const zc_results *page,
                       const zc_results *all)
{
    uint64_t total = zc_results_total(all);
    if (zc_results_total(page) != total)
        fail_msg("'%s' offset %u: total %llu, the long page %llu", q, o->offset,
                 (unsigned long long)zc_results_total(page), (unsigned long long)total);
    size_t want = o->offset >= total             ? 0
                  : total - o->offset < o->limit ? (size_t)(total - o->offset)
                                                 : o->limit;
    if (zc_results_count(page) != want)
        fail_msg("'%s' offset %u limit %u sort %d: %zu hits, want %zu", q, o->offset, o->limit,
                 (int)o->sort, zc_results_count(page), want);
    for (size_t i = 0; i < want; i++) {
        const zc_hit *h = zc_results_hit(page, i), *a = zc_results_hit(all, o->offset + i);
        if (strcmp(h->id, a->id) != 0 || h->score != a->score || h->rank != a->rank)
            fail_msg("'%s' sort %d threads %u: hit %u of a page of %u is %s (%.17g, rank %u), "
                     "the long page has %s (%.17g, rank %u)",
                     q, (int)o->sort, o->threads, o->offset + (unsigned)i + 1, o->limit, h->id,
                     h->score, h->rank, a->id, a->score, a->rank);
        assert_true(same_str(h->snippet, a->snippet));
        assert_true(same_str(h->title, a->title) && same_str(h->region, a->region));
        assert_int_equal(h->year, a->year);
        assert_int_equal(h->n_highlights, a->n_highlights);
    }
    for (int k = ZC_FACET_REGION; k <= ZC_FACET_YEAR; k++) {
        size_t n = zc_results_facet_count(all, (zc_facet_kind)k);
        assert_int_equal(zc_results_facet_count(page, (zc_facet_kind)k), n);
        for (size_t i = 0; i < n; i++) {
            const zc_facet *f = zc_results_facet(page, (zc_facet_kind)k, i),
                           *g = zc_results_facet(all, (zc_facet_kind)k, i);
            assert_string_equal(f->value, g->value);
            assert_int_equal(f->count, g->count);
        }
    }
    /* The JSON of the page: the same numbers. */
    char *json = NULL;
    zc_error err;
    assert_int_equal(zc_results_json(page, &json, &err), ZC_OK);
    json_error_t jerr;
    json_t *v = json_loads(json, 0, &jerr);
    if (!v)
        fail_msg("'%s': invalid JSON (%s): %s", q, jerr.text, json);
    assert_int_equal(json_integer_value(json_object_get(v, "total")), (json_int_t)total);
    assert_int_equal(json_integer_value(json_object_get(v, "offset")), (json_int_t)o->offset);
    json_t *hits = json_object_get(v, "hits");
    assert_int_equal(json_array_size(hits), want);
    for (size_t i = 0; i < want; i++) {
        json_t *h = json_array_get(hits, i);
        assert_int_equal(json_integer_value(json_object_get(h, "rank")),
                         (json_int_t)(o->offset + i + 1));
        assert_string_equal(json_string_value(json_object_get(h, "id")),
                            zc_results_hit(page, i)->id);
    }
    /* Without facets the shape stays: empty lists. */
    json_t *facets = json_object_get(v, "facets");
    assert_int_equal(json_array_size(json_object_get(facets, "region")),
                     zc_results_facet_count(all, ZC_FACET_REGION));
    assert_int_equal(json_array_size(json_object_get(facets, "year")),
                     zc_results_facet_count(all, ZC_FACET_YEAR));
    if (!o->facets)
        assert_int_equal(zc_results_facet_count(all, ZC_FACET_REGION), 0);
    json_decref(v);
    free(json);
}

static void test_option_matrix(void **state)
{
    (void)state;
    zc_index *ix = NULL;
    zc_error err;
    if (zc_index_open(db, ZC_OPEN_READ, &ix, &err))
        fail_msg("%s", err.message);
    /* Parts of 10 documents: a count in several threads splits. */
    zc_index_test_set(ix, ZC_TEST_COUNT_PART_DOCS, 10);
    static const unsigned limits[] = {1, 4, 7};
    unsigned long pages = 0, combos = 0;
    static const zc_sort sorts[] = {ZC_SORT_RELEVANCE, ZC_SORT_DATE, ZC_SORT_DATE_ASC};
    for (unsigned bits = 0; bits < 3 * 64; bits++) {
        zc_search_options o;
        zc_search_options_init(&o, ZC_SEARCH_OPTIONS_VERSION);
        o.sort = sorts[bits / 64];
        o.facets = !(bits & 1);
        o.synonyms = !(bits & 2);
        o.any = (bits & 4) != 0;
        o.threads = bits & 8 ? 4 : 1;
        o.region = bits & 16 ? "江西" : NULL;
        if (bits & 32) {
            o.year_lo = 2019;
            o.year_hi = 2024;
        }
        combos++;
        for (size_t qi = 0; qi < N_QUERIES; qi++) {
            const char *q = queries[qi];
            o.offset = 0;
            o.limit = N_DOCS + 10;
            zc_results *all = search(ix, q, &o);
            uint64_t total = zc_results_total(all);
            /* Limit 1 at every offset for one combination in eight, the
             * other sizes at every page start for all. */
            for (size_t li = (bits % 8 == 0 ? 0 : 1); li < sizeof limits / sizeof *limits; li++) {
                o.limit = limits[li];
                unsigned step = limits[li];
                for (unsigned off = 0; off <= total + step; off += step) {
                    o.offset = off;
                    zc_results *page = search(ix, q, &o);
                    check_page(q, &o, page, all);
                    zc_results_free(page);
                    pages++;
                }
            }
            zc_results_free(all);
        }
    }
    printf("# %lu combinations of options, %zu queries, %lu pages checked\n", combos,
           (size_t)N_QUERIES, pages);
    zc_index_free(ix);
}

/* The command line at every offset: each sort, text and JSON. */
static void test_cli_offsets(void **state)
{
    (void)state;
    char *corpus = zc_test_source_path("corpus");
    char *cdb = NULL;
    size_t n = strlen(tmp) + 16;
    cdb = malloc(n);
    snprintf(cdb, n, "%s/corpus-db", tmp);
    zc_test_run r = zc_test_cli(tmp, "index --db '%s' '%s'", cdb, corpus);
    assert_int_equal(r.status, 0);
    zc_test_run_free(&r);
    static const char *const sorts[] = {"relevance", "date", "date-asc", "year"};
    static const char *const qs[] = {"新余", "发展", "高新区 OR 工业"};
    for (size_t s = 0; s < 4; s++) {
        for (size_t qi = 0; qi < 3; qi++) {
            r = zc_test_cli(tmp, "search --db '%s' --json --limit 100 --sort %s '%s'", cdb,
                            sorts[s], qs[qi]);
            assert_int_equal(r.status, 0);
            json_error_t jerr;
            json_t *all = json_loads(r.out, 0, &jerr);
            assert_non_null(all);
            zc_test_run_free(&r);
            size_t total = (size_t)json_integer_value(json_object_get(all, "total"));
            for (size_t off = 0; off <= total; off++) {
                for (int as_json = 0; as_json < 2; as_json++) {
                    r = zc_test_cli(tmp,
                                    "search --db '%s' %s --limit 1 --offset %zu --sort %s '%s'",
                                    cdb, as_json ? "--json" : "--no-facets", off, sorts[s], qs[qi]);
                    if (r.status != 0)
                        fail_msg("search --offset %zu --sort %s '%s': exit %d: %s", off, sorts[s],
                                 qs[qi], r.status, r.err);
                    if (as_json && off < total) {
                        json_t *p = json_loads(r.out, 0, &jerr);
                        assert_non_null(p);
                        json_t *h = json_array_get(json_object_get(p, "hits"), 0);
                        json_t *a = json_array_get(json_object_get(all, "hits"), off);
                        assert_string_equal(json_string_value(json_object_get(h, "id")),
                                            json_string_value(json_object_get(a, "id")));
                        json_decref(p);
                    } else if (off == total) {
                        assert_non_null(strstr(r.out, as_json ? "\"hits\":[]" : "past the last"));
                    }
                    zc_test_run_free(&r);
                }
            }
            json_decref(all);
        }
    }
    free(cdb);
    free(corpus);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_option_matrix),
                                       cmocka_unit_test(test_cli_offsets)};
    return cmocka_run_group_tests(tests, setup, teardown);
}
