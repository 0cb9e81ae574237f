/* Running a search on a view (index/view.c): which errors run it again
 * and how often. A writer's commits that discard the revision a view reads
 * (ZC_ERR_MODIFIED) reopen it and run again; any other error comes back
 * at once, after one run. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "index/index.h"
#include "searcher/search_internal.h"
#include "test_util.h"
#include "zhengce.h"

static char *tmp;
static char path[4096];

#define NDOCS 120
#define ROUNDS 4 /* the writer's commits after the handle's first read */

/* Adds (or replaces) documents d0..d{NDOCS-1}, round r's text. */
static void write_round(zc_index *w, unsigned r)
{
    zc_error err;
    for (unsigned i = 0; i < NDOCS; i++) {
        char key[16], text[512];
        snprintf(key, sizeof key, "d%u", i);
        snprintf(text, sizeof text, "第%u号第%u版报告。锂电产业发展，%s。%u年%u号文件第%u条。", i,
                 r, i % 2 ? "光伏" : "风电", 2000 + (i + r) % 25, (i * 7 + r) % 97, r);
        zc_doc d = {.key = key, .text = text};
        if (zc_index_add_doc(w, &d, &err))
            fail_msg("%s", err.message);
    }
}

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
    write_round(w, 0);
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

/* A run that fails with fails[0], fails[1], ... in turn, then succeeds. */
typedef struct scripted {
    const int *fails;
    unsigned n, runs;
    zc_index *owner;
} scripted;

static int script(zc_index *view, void *ctx, zc_error *err)
{
    scripted *s = ctx;
    assert_ptr_equal(view->owner, s->owner); /* a view of the shared handle */
    unsigned k = s->runs++;
    return k < s->n ? zc_err_set(err, s->fails[k], "scripted failure %u", k + 1) : ZC_OK;
}

static zc_index *open_read(void)
{
    zc_index *ix = NULL;
    zc_error err;
    if (zc_index_open(path, ZC_OPEN_READ, &ix, &err))
        fail_msg("%s", err.message);
    return ix;
}

static void test_modified_runs_again(void **state)
{
    (void)state;
    zc_index *ix = open_read();
    zc_error err;
    static const int three[] = {ZC_ERR_MODIFIED, ZC_ERR_MODIFIED, ZC_ERR_MODIFIED};
    scripted s = {three, 3, 0, ix};
    assert_int_equal(zc_index_run_on_view(ix, script, &s, &err), ZC_OK);
    assert_int_equal(s.runs, 4);

    /* Nine in a row: given up, saying so and why. */
    static const int always[] = {[0 ... 15] = ZC_ERR_MODIFIED};
    s = (scripted){always, 16, 0, ix};
    assert_int_equal(zc_index_run_on_view(ix, script, &s, &err), ZC_ERR_MODIFIED);
    assert_int_equal(s.runs, 9);
    assert_int_equal(err.code, ZC_ERR_MODIFIED);
    if (!strstr(err.message, path) || !strstr(err.message, "9 reads in a row") ||
        !strstr(err.message, "scripted failure 9"))
        fail_msg("%s", err.message);
    zc_index_free(ix);
}

/* Nothing else is retried: a damaged table or stored text, a backend
 * error, a bad query, no memory, a failed read. A lost server is looked
 * for once (zc_index_recover); this index has none, so the error stays. */
static void test_other_errors_once(void **state)
{
    (void)state;
    zc_index *ix = open_read();
    static const int codes[] = {ZC_ERR_BACKEND, ZC_ERR_CORRUPT, ZC_ERR_QUERY,
                                ZC_ERR_NOMEM,   ZC_ERR_IO,      ZC_ERR_NETWORK};
    for (size_t i = 0; i < sizeof codes / sizeof *codes; i++) {
        zc_error err;
        scripted s = {&codes[i], 1, 0, ix};
        assert_int_equal(zc_index_run_on_view(ix, script, &s, &err), codes[i]);
        assert_int_equal(s.runs, 1);
        assert_string_equal(err.message, "scripted failure 1");
    }
    zc_index_free(ix);
}

/* A real search, counted. */
typedef struct counted_search {
    const char *query;
    unsigned runs;
    zc_results *r;
} counted_search;

static int run_search(zc_index *view, void *ctx, zc_error *err)
{
    counted_search *c = ctx;
    c->runs++;
    return zc_search_run(view, c->query, NULL, &c->r, err);
}

/* A handle's view read at a revision that a writer's commits then
 * discard: the search meets DatabaseModifiedError, as ZC_ERR_MODIFIED,
 * and runs again on the latest commit. */
static void test_search_after_commits(void **state)
{
    (void)state;
    zc_index *ix = open_read();
    zc_error err;
    counted_search c = {"锂电产业", 0, NULL};
    assert_int_equal(zc_index_run_on_view(ix, run_search, &c, &err), ZC_OK);
    assert_int_equal(c.runs, 1);
    assert_int_equal(zc_results_total(c.r), NDOCS);
    zc_results_free(c.r);

    zc_index *w = NULL;
    assert_int_equal(zc_index_open(path, ZC_OPEN_WRITE, &w, &err), ZC_OK);
    for (unsigned r = 1; r <= ROUNDS; r++) {
        write_round(w, r);
        assert_int_equal(zc_index_commit(w, &err), ZC_OK);
    }
    zc_index_free(w);

    /* The pooled view still reads the first revision: its blocks are
     * gone. What Xapian says of it, and what the search does. */
    zc_index *v = NULL;
    zc_results *r = NULL;
    assert_int_equal(zc_index_view_take(ix, &v, &err), ZC_OK);
    assert_int_equal(zc_search_run(v, "锂电产业", NULL, &r, &err), ZC_ERR_MODIFIED);
    assert_null(r);
    assert_non_null(strstr(err.message, "DatabaseModifiedError"));
    zc_index_view_give(ix, v);

    char last[32];
    snprintf(last, sizeof last, "\"第%u版\"", ROUNDS);
    c = (counted_search){last, 0, NULL};
    if (zc_index_run_on_view(ix, run_search, &c, &err))
        fail_msg("%s", err.message);
    assert_int_equal(c.runs, 2);
    assert_int_equal(zc_results_total(c.r), NDOCS); /* the last commit's */
    zc_results_free(c.r);
    zc_index_free(ix);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_modified_runs_again),
        cmocka_unit_test(test_other_errors_once),
        cmocka_unit_test(test_search_after_commits),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
