/* Damaged indexes are reported, never searched into wrong answers: a table
 * of the database missing (indexer/index_check.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "test_util.h"
#include "xapian-c/xapian_c.h"
#include "zhengce.h"

static char *tmp;

static int setup(void **state)
{
    (void)state;
    tmp = zc_test_tmpdir();
    return tmp ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    zc_test_rmtree(tmp);
    free(tmp);
    return 0;
}

static char *path_in(const char *name)
{
    size_t n = strlen(tmp) + strlen(name) + 2;
    char *p = malloc(n);
    assert_non_null(p);
    snprintf(p, n, "%s/%s", tmp, name);
    return p;
}

/* The total of `zhengce search --json QUERY` on db; fails the test unless
 * the search succeeds. */
static long total_of(const char *db, const char *query)
{
    zc_test_run r = zc_test_cli(tmp, "search --db '%s' --json '%s'", db, query);
    if (r.status != 0 && r.status != 1)
        fail_msg("search %s: status %d: %s", query, r.status, r.err);
    const char *t = strstr(r.out, "\"total\":");
    assert_non_null(t);
    long n = atol(t + strlen("\"total\":"));
    zc_test_run_free(&r);
    return n;
}

static void expect_fail(const zc_test_run *r, const char *what, const char *msg)
{
    if (r->status != 2 || !strstr(r->err, msg))
        fail_msg("%s: status %d, expected 2 and '%s': %s", what, r->status, msg, r->err);
}

/* ------------------------------------------------------------ tables */

/* Each table of the index removed in turn: searches, info and writes fail
 * with the index and the table named and `zhengce index --full` advised,
 * the damaged index is left as it is, and the rebuild gives back the
 * right counts. A missing position table made phrases match as AND (3
 * documents for "新余 做优" instead of 1); a missing postlist made a write
 * create an empty index over the old. */
static void test_missing_tables(void **state)
{
    (void)state;
    char *corpus = zc_test_source_path("corpus"), *db = path_in("tables-good");
    zc_test_run r = zc_test_cli(tmp, "index --db '%s' '%s'", db, corpus);
    assert_int_equal(r.status, 0);
    zc_test_run_free(&r);
    static const char *const queries[] = {"\"新余 做优\"", "新余", "\"新余市\"", "工业"};
    long want[4];
    for (int q = 0; q < 4; q++)
        want[q] = total_of(db, queries[q]);
    assert_true(want[0] >= 1 && want[1] > want[0]);

    static const char *const tables[] = {"position.glass", "termlist.glass", "postlist.glass",
                                         "iamglass"};
    for (size_t t = 0; t < sizeof tables / sizeof *tables; t++) {
        char *copy = path_in(tables[t]), *gone = NULL;
        char cmd[8192];
        snprintf(cmd, sizeof cmd, "cp -r '%s' '%s'", db, copy);
        assert_int_equal(system(cmd), 0);
        size_t gl = strlen(copy) + strlen(tables[t]) + 2;
        gone = malloc(gl);
        snprintf(gone, gl, "%s/%s", copy, tables[t]);
        assert_int_equal(remove(gone), 0);

        char msg[512];
        snprintf(msg, sizeof msg, "index '%s' is damaged: %s", copy, tables[t]);
        r = zc_test_cli(tmp, "search --db '%s' '%s'", copy, queries[0]);
        expect_fail(&r, tables[t], msg);
        expect_fail(&r, tables[t], "rebuild it with `zhengce index --full`");
        zc_test_run_free(&r);
        r = zc_test_cli(tmp, "info --db '%s'", copy);
        expect_fail(&r, tables[t], msg);
        zc_test_run_free(&r);
        r = zc_test_cli(tmp, "index --db '%s' '%s/001_28de832e850c6ae0.txt'", copy, corpus);
        expect_fail(&r, tables[t], msg);
        zc_test_run_free(&r);
        struct stat st;
        assert_int_not_equal(stat(gone, &st), 0); /* not made up afresh */
        /* The library says the same. */
        zc_index *ix = NULL;
        zc_error err;
        assert_int_equal(zc_index_open(copy, ZC_OPEN_READ, &ix, &err), ZC_ERR_CORRUPT);
        assert_non_null(strstr(err.message, msg));
        assert_null(ix);

        r = zc_test_cli(tmp, "index --full --db '%s' '%s'", copy, corpus);
        if (r.status != 0)
            fail_msg("rebuild without %s: %s", tables[t], r.err);
        zc_test_run_free(&r);
        for (int q = 0; q < 4; q++)
            assert_int_equal(total_of(copy, queries[q]), want[q]);
        free(gone);
        free(copy);
    }
    free(db);
    free(corpus);
}

/* An index whose documents have no text has no position table, and is
 * sound. */
static void test_no_text_no_positions(void **state)
{
    (void)state;
    char *dir = path_in("empty-files"), *db = path_in("empty-db");
    assert_int_equal(mkdir(dir, 0755), 0);
    free(zc_test_write_file(dir, "a.txt", "", 0));
    free(zc_test_write_file(dir, "b.txt", "", 0));
    zc_test_run r = zc_test_cli(tmp, "index --db '%s' '%s'", db, dir);
    assert_int_equal(r.status, 0);
    zc_test_run_free(&r);
    char *pos = malloc(strlen(db) + 32);
    sprintf(pos, "%s/position.glass", db);
    struct stat st;
    assert_int_not_equal(stat(pos, &st), 0);
    r = zc_test_cli(tmp, "info --db '%s'", db);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "documents  2"));
    zc_test_run_free(&r);
    assert_int_equal(total_of(db, "新余"), 0);
    free(pos);
    free(db);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_missing_tables),
        cmocka_unit_test(test_no_text_no_positions),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
