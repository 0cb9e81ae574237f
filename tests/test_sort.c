/* Sorting by date: newest first (ZC_SORT_DATE) and oldest first
 * (ZC_SORT_DATE_ASC) over documents whose dates are written in the forms
 * sources use, others with a year alone, or neither. The order is the
 * date's, else the year's (a year alone as its first day), the undated
 * last both ways, equal dates best first; every page agrees with one long
 * page, and a count split into parts gives the same order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "index/index.h"
#include "test_util.h"
#include "zhengce.h"

#define NDOCS 70

static char *tmp;
static char path[4096];
/* What each document was given, as a number YYYYMMDD (a year alone:
 * YYYY0000; nothing: 0), known from how it was made, not read back. */
static long when[NDOCS];

static int setup(void **state)
{
    (void)state;
    tmp = zc_test_tmpdir();
    if (!tmp)
        return -1;
    snprintf(path, sizeof path, "%s/idx", tmp);
    zc_index *w = NULL;
    zc_error err;
    if (zc_index_open(path, ZC_OPEN_WRITE | ZC_OPEN_CREATE, &w, &err))
        return -1;
    static const int ys[] = {2019, 2021, 2024}, ms[] = {1, 6}, ds[] = {1, 15};
    for (int i = 0; i < NDOCS; i++) {
        int y = ys[i % 3], m = ms[i / 3 % 2], d = ds[i / 6 % 2];
        char key[16], text[512], date[64] = "";
        snprintf(key, sizeof key, "d%02d", i);
        switch (i % 7) {
        case 0: snprintf(date, sizeof date, "%d-%02d-%02d", y, m, d); break;
        case 1: snprintf(date, sizeof date, "%d/%d/%d", y, m, d); break;
        case 2: snprintf(date, sizeof date, "%d年%d月%d日", y, m, d); break;
        case 3: snprintf(date, sizeof date, "%d%02d%02d 09:30:00", y, m, d); break;
        case 4: break;                                      /* the year alone */
        case 5: snprintf(date, sizeof date, "n.d."); break; /* no date: the year */
        case 6: break;                                      /* neither */
        }
        int dated = i % 7 < 4, undated = i % 7 == 6;
        when[i] = undated ? 0 : dated ? (long)y * 10000 + m * 100 + d : (long)y * 10000;
        /* Weights differ with the number of occurrences and the length. */
        size_t n = (size_t)snprintf(text, sizeof text, "第%d号报告。", i);
        for (int k = 0; k <= i % 4; k++)
            n += (size_t)snprintf(text + n, sizeof text - n, "锂电产业发展。");
        for (int k = 0; k < i % 5; k++)
            n += (size_t)snprintf(text + n, sizeof text - n, "其他内容。");
        zc_doc doc = {.key = key,
                      .text = text,
                      .path = key,
                      .date = *date ? date : NULL,
                      .year = undated || dated ? 0 : y};
        if (zc_index_add_doc(w, &doc, &err)) {
            fprintf(stderr, "%s\n", err.message);
            return -1;
        }
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

/* The hits of one page: document numbers and scores. */
typedef struct page {
    int doc[NDOCS];
    double score[NDOCS];
    size_t n;
    uint64_t total;
} page;

static page search(zc_index *ix, const char *q, zc_sort sort, unsigned offset, unsigned limit,
                   unsigned threads)
{
    zc_search_options o;
    zc_search_options_init(&o, ZC_SEARCH_OPTIONS_VERSION);
    o.sort = sort;
    o.offset = offset;
    o.limit = limit;
    o.threads = threads;
    o.facets = 0;
    zc_results *r = NULL;
    zc_error err;
    if (zc_search(ix, q, &o, &r, &err))
        fail_msg("%s: %s", q, err.message);
    page p = {.n = zc_results_count(r), .total = zc_results_total(r)};
    assert_true(p.n <= NDOCS);
    for (size_t i = 0; i < p.n; i++) {
        const zc_hit *h = zc_results_hit(r, i);
        assert_int_equal(h->rank, offset + i + 1);
        p.doc[i] = atoi(h->path + 1);
        p.score[i] = h->score;
    }
    zc_results_free(r);
    return p;
}

/* Whether a (key ka, score sa) may come right before b in the order. */
static int in_order(long ka, double sa, long kb, double sb, int oldest)
{
    if (ka != kb) {
        if (!ka || !kb) /* the undated last, either way */
            return kb == 0;
        return oldest ? ka < kb : ka > kb;
    }
    return sa >= sb;
}

static void check_order(const page *p, int oldest, const char *q)
{
    for (size_t i = 1; i < p->n; i++) {
        int a = p->doc[i - 1], b = p->doc[i];
        if (!in_order(when[a], p->score[i - 1], when[b], p->score[i], oldest))
            fail_msg("[%s] %s first: hit %zu is d%02d (%ld, %.4f), hit %zu d%02d (%ld, %.4f)", q,
                     oldest ? "oldest" : "newest", i, a, when[a], p->score[i - 1], i + 1, b,
                     when[b], p->score[i]);
    }
}

static void same(const page *a, const page *b, const char *what)
{
    if (a->n != b->n)
        fail_msg("%s: %zu hits, expected %zu", what, b->n, a->n);
    for (size_t i = 0; i < a->n; i++)
        if (a->doc[i] != b->doc[i] || a->score[i] != b->score[i])
            fail_msg("%s: hit %zu is d%02d, expected d%02d", what, i + 1, b->doc[i], a->doc[i]);
}

static void test_date_orders(void **state)
{
    (void)state;
    zc_index *ix = NULL;
    zc_error err;
    if (zc_index_open(path, ZC_OPEN_READ, &ix, &err))
        fail_msg("%s", err.message);
    static const char *const queries[] = {"锂电", "报告", "锂电 其他"};
    for (size_t q = 0; q < sizeof queries / sizeof *queries; q++) {
        for (int oldest = 0; oldest < 2; oldest++) {
            zc_sort sort = oldest ? ZC_SORT_DATE_ASC : ZC_SORT_DATE;
            page all = search(ix, queries[q], sort, 0, 1000, 1);
            assert_true(all.n > 10);
            assert_int_equal(all.n, all.total);
            check_order(&all, oldest, queries[q]);
            /* Every tier is there: dated, a year alone, undated, and ties
             * of one date with different scores. */
            size_t ties = 0;
            for (size_t i = 1; i < all.n; i++)
                ties +=
                    when[all.doc[i]] == when[all.doc[i - 1]] && all.score[i] != all.score[i - 1];
            assert_true(ties > 0);
            assert_int_equal(when[all.doc[all.n - 1]], 0);
            /* One hit a page, then seven: the long page again. */
            page one = {.n = all.n};
            for (unsigned k = 0; k < all.n; k++) {
                page p = search(ix, queries[q], sort, k, 1, 1);
                assert_int_equal(p.n, 1);
                one.doc[k] = p.doc[0];
                one.score[k] = p.score[0];
            }
            same(&all, &one, "pages of one hit");
            page seven = {.n = 0};
            for (unsigned k = 0; k < all.n; k += 7) {
                page p = search(ix, queries[q], sort, k, 7, 1);
                for (size_t i = 0; i < p.n; i++) {
                    seven.doc[seven.n] = p.doc[i];
                    seven.score[seven.n++] = p.score[i];
                }
            }
            same(&all, &seven, "pages of seven hits");
            /* A count split into three parts merges to the same order,
             * page by page. */
            zc_index_test_set(ix, ZC_TEST_COUNT_PART_DOCS, 20);
            page split = search(ix, queries[q], sort, 0, 1000, 3);
            same(&all, &split, "split count");
            for (unsigned k = 0; k < all.n; k += 5) {
                page p = search(ix, queries[q], sort, k, 5, 3);
                page want = {.n = p.n};
                for (size_t i = 0; i < p.n; i++) {
                    want.doc[i] = all.doc[k + i];
                    want.score[i] = all.score[k + i];
                }
                same(&want, &p, "split count, pages of five");
            }
            zc_index_test_set(ix, ZC_TEST_COUNT_PART_DOCS, 0);
        }
    }
    /* Not a sort order: an error, not some order. */
    zc_search_options o;
    zc_search_options_init(&o, ZC_SEARCH_OPTIONS_VERSION);
    o.sort = (zc_sort)7;
    zc_results *r = NULL;
    assert_int_equal(zc_search(ix, "锂电", &o, &r, &err), ZC_ERR_INVALID);
    assert_non_null(strstr(err.message, "sort"));
    assert_null(r);
    zc_index_free(ix);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_date_orders),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
