/* Counting split by docid range (searcher/count.c): the parts' totals,
 * facet counts and matched documents add up to what one count finds, and
 * a count is split only where it should be. The handle's
 * ZC_TEST_COUNT_PART_DOCS makes a small index large enough to split. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "index/index.h"
#include "index/schema.h"
#include "searcher/search_internal.h"
#include "test_util.h"
#include "xapian-c/xapian_c.h"
#include "zhengce.h"

static char *tmp;
static char path[4096];

#define NDOCS 157 /* not a multiple of the parts */

static int setup(void **state)
{
    (void)state;
    tmp = zc_test_tmpdir();
    if (!tmp)
        return -1;
    snprintf(path, sizeof path, "%s/idx", tmp);
    static const char *const regions[] = {"新余市", "上海市", "宜春市", NULL};
    zc_index *w = NULL;
    zc_error err;
    if (zc_index_open(path, ZC_OPEN_WRITE | ZC_OPEN_CREATE, &w, &err))
        return -1;
    for (unsigned i = 0; i < NDOCS; i++) {
        char key[16], text[256];
        snprintf(key, sizeof key, "d%u", i);
        /* 锂电 in every third document, 光伏 in every fifth. */
        snprintf(text, sizeof text, "第%u号报告。%s%s产业发展。", i, i % 3 ? "" : "锂电",
                 i % 5 ? "风电" : "光伏");
        zc_doc d = {
            .key = key, .text = text, .region = regions[i % 4], .year = 2020 + (int)(i % 4)};
        if (zc_index_add_doc(w, &d, &err))
            return -1;
    }
    int rc = zc_index_commit(w, &err);
    zc_index_free(w);
    return rc ? -1 : 0;
}

static int teardown(void **state)
{
    (void)state;
    zc_test_rmtree(tmp);
    free(tmp);
    return 0;
}

/* The query each part builds: the phrase 锂电, or every document. */
static int make(void *ctx, zc_index *ix, zc_xquery **out, zc_error *err)
{
    (void)ix;
    if (!ctx)
        return zc_index_every_document(out, err);
    zc_xquery *t[2] = {NULL, NULL};
    int rc = zc_xquery_term("锂", 1, 1, &t[0], err);
    if (rc == ZC_OK)
        rc = zc_xquery_term("电", 1, 2, &t[1], err);
    if (rc == ZC_OK)
        rc = zc_xquery_combine(ZC_XOP_PHRASE, t, 2, 2, out, err);
    zc_xquery_free(t[0]);
    zc_xquery_free(t[1]);
    return rc;
}

typedef struct counted {
    uint64_t total, docs_total, facet_sum;
    size_t parts;
} counted;

/* A rank runner that takes every document a part matched, unranked: the
 * pages then hold exactly the documents the parts recorded. */
static int rank_all(void *ctx, zc_index *ix, const zc_xquery *docs, uint64_t total, int whole,
                    zc_xenquire **e, zc_xmset **m, unsigned *first, zc_error *err)
{
    (void)ctx, (void)total, (void)whole;
    *first = 0;
    assert_non_null(docs); /* a local index keeps them */
    int rc = zc_xenquire_new(ix->db, e, err);
    if (rc == ZC_OK)
        rc = zc_xenquire_set_query(*e, docs, 0, err);
    if (rc == ZC_OK)
        rc = zc_xenquire_get_mset(*e, 0, NDOCS, 0, m, err);
    return rc;
}

/* Counts with at most threads parts, on a view of a shared handle. */
static counted count(zc_index *ix, void *ctx, unsigned threads)
{
    zc_index *v = NULL;
    zc_error err;
    assert_int_equal(zc_index_view_take(ix, &v, &err), ZC_OK);
    zc_xquery *q = NULL;
    assert_int_equal(make(ctx, v, &q, &err), ZC_OK);
    zc_count_opts o = {make, rank_all, ctx, threads, 1};
    zc_count_out out;
    counted c = {0};
    if (zc_count(v, q, &o, &out, &err))
        fail_msg("%s", err.message);
    c.total = out.total;
    c.parts = out.n;
    zc_xdocid last = 0;
    for (size_t k = 0; k < out.n; k++) {
        const char *val;
        size_t len;
        uint64_t n;
        for (size_t i = 0; i < zc_xspy_count(out.keys[k]); i++) {
            assert_int_equal(zc_xspy_get(out.keys[k], i, &val, &len, &n), ZC_OK);
            c.facet_sum += n * (1 + len); /* weighs each key by its length */
        }
        /* Each part's page: its matches (unweighted, so in docid order),
         * all after those of the part before. */
        for (size_t i = 0; i < zc_xmset_size(out.pages[k]); i++) {
            zc_xdocid d = zc_xmset_docid(out.pages[k], i);
            assert_true(d > last);
            last = d;
            c.docs_total++;
        }
    }
    zc_count_free(&out);

    /* Counted alone (no ranking): the same total, no pages. */
    zc_count_opts alone = {make, NULL, ctx, threads, 0};
    assert_int_equal(zc_count(v, q, &alone, &out, &err), ZC_OK);
    assert_int_equal(out.total, c.total);
    assert_int_equal(out.n, c.parts);
    for (size_t k = 0; k < out.n; k++)
        assert_null(out.pages[k]);
    zc_count_free(&out);
    zc_xquery_free(q);
    zc_index_view_give(ix, v);
    return c;
}

/* The index, read-only, with parts of 20 documents: up to 7 of them. */
static zc_index *open_split(void)
{
    zc_index *ix = NULL;
    zc_error err;
    if (zc_index_open(path, ZC_OPEN_READ, &ix, &err))
        fail_msg("%s", err.message);
    zc_index_test_set(ix, ZC_TEST_COUNT_PART_DOCS, 20);
    return ix;
}

static void test_parts_add_up(void **state)
{
    (void)state;
    zc_index *ix = open_split();
    for (int phrase = 0; phrase < 2; phrase++) {
        void *ctx = phrase ? (void *)1 : NULL;
        counted one = count(ix, ctx, 1);
        assert_int_equal(one.parts, 1);
        assert_int_equal(one.total, phrase ? (NDOCS + 2) / 3 : NDOCS);
        assert_int_equal(one.docs_total, one.total);
        for (unsigned threads = 2; threads <= ZC_COUNT_MAX_PARTS; threads++) {
            counted split = count(ix, ctx, threads);
            assert_int_equal(split.parts, threads);
            assert_int_equal(split.total, one.total);
            assert_int_equal(split.docs_total, one.total);
            assert_int_equal(split.facet_sum, one.facet_sum);
        }
    }
    /* Not split below the size of a part. */
    zc_index_test_set(ix, ZC_TEST_COUNT_PART_DOCS, 100);
    assert_int_equal(count(ix, NULL, 4).parts, 1);
    zc_index_test_set(ix, ZC_TEST_COUNT_PART_DOCS, 0);
    assert_int_equal(count(ix, NULL, 4).parts, 1); /* 157 documents: far too few */
    zc_index_free(ix);
}

/* Whole searches: the same totals, hits, scores and facets either way. */
static void test_search_same(void **state)
{
    (void)state;
    zc_index *ix = open_split();
    static const char *const queries[] = {"锂电", "产业 光伏", "region:江西 发展", "报告 -风电",
                                          "year:2021..2022 锂电"};
    for (size_t q = 0; q < sizeof queries / sizeof *queries; q++) {
        for (int page = 0; page < 3; page++) {
            zc_results *r[2] = {NULL, NULL};
            for (int k = 0; k < 2; k++) {
                zc_search_options o;
                zc_error err;
                zc_search_options_init(&o);
                o.threads = k ? 3 : 1;
                /* everything; a page further on; newest first */
                o.limit = page == 0 ? 200 : 7;
                o.offset = page == 1 ? 9 : 0;
                o.sort = page == 2 ? ZC_SORT_YEAR : ZC_SORT_RELEVANCE;
                if (zc_search(ix, queries[q], &o, &r[k], &err))
                    fail_msg("%s: %s", queries[q], err.message);
            }
            assert_true(zc_results_total(r[0]) > 0);
            assert_int_equal(zc_results_total(r[0]), zc_results_total(r[1]));
            assert_int_equal(zc_results_count(r[0]), zc_results_count(r[1]));
            assert_true(zc_results_count(r[0]) > 0);
            for (size_t i = 0; i < zc_results_count(r[0]); i++) {
                const zc_hit *a = zc_results_hit(r[0], i), *b = zc_results_hit(r[1], i);
                assert_string_equal(a->id, b->id);
                assert_int_equal(a->rank, b->rank);
                assert_true(a->score == b->score);
                assert_string_equal(a->snippet, b->snippet);
                assert_int_equal(a->n_highlights, b->n_highlights);
                assert_memory_equal(a->highlights, b->highlights,
                                    2 * a->n_highlights * sizeof *a->highlights);
            }
            for (int k = 0; k < 2; k++) {
                size_t n = zc_results_facet_count(r[0], (zc_facet_kind)k);
                assert_true(n > 0);
                assert_int_equal(n, zc_results_facet_count(r[1], (zc_facet_kind)k));
                for (size_t i = 0; i < n; i++) {
                    const zc_facet *a = zc_results_facet(r[0], (zc_facet_kind)k, i);
                    const zc_facet *b = zc_results_facet(r[1], (zc_facet_kind)k, i);
                    assert_string_equal(a->value, b->value);
                    assert_int_equal(a->count, b->count);
                }
            }
            zc_results_free(r[0]);
            zc_results_free(r[1]);
        }
    }
    zc_index_free(ix);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parts_add_up),
        cmocka_unit_test(test_search_same),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
