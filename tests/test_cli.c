/* The zhengce command end to end: exit statuses, messages, JSON shape. */
#include <jansson.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <cmocka.h>

#include "test_util.h"
#include "zhengce.h"

typedef struct env {
    char *tmp;
    char *db;
    char *corpus;
    const char *cli;
} env;

typedef zc_test_run run;
#define zc(e, ...) zc_test_cli((e)->tmp, __VA_ARGS__)
#define run_free zc_test_run_free

static int setup(void **state)
{
    env *e = calloc(1, sizeof *e);
    e->cli = getenv("ZC_CLI");
    assert_non_null(e->cli);
    e->tmp = zc_test_tmpdir();
    size_t l = strlen(e->tmp) + 8;
    e->db = malloc(l);
    snprintf(e->db, l, "%s/db", e->tmp);
    e->corpus = zc_test_source_path("corpus");
    run r = zc(e, "index --db '%s' '%s'", e->db, e->corpus);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.err, "indexed 5,"));
    run_free(&r);
    *state = e;
    return 0;
}

static int teardown(void **state)
{
    env *e = *state;
    zc_test_rmtree(e->tmp);
    free(e->tmp);
    free(e->db);
    free(e->corpus);
    free(e);
    return 0;
}

/* Files of corpus/ whose bytes contain needle (what `grep -l` lists). */
static int grep_l(const env *e, const char *name, const char *needle)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", e->corpus, name);
    char *t = zc_test_read_file(path, NULL);
    int found = t && strstr(t, needle) != NULL;
    free(t);
    return found;
}

static void test_search_json(void **state)
{
    env *e = *state;
    run r = zc(e, "search --db '%s' --json --limit 50 高新区", e->db);
    assert_int_equal(r.status, 0);
    json_error_t jerr;
    json_t *root = json_loads(r.out, 0, &jerr);
    assert_non_null(root);
    assert_string_equal(json_string_value(json_object_get(root, "query")), "高新区");
    json_t *hits = json_object_get(root, "hits");
    assert_true(json_is_array(hits));
    assert_true(json_is_object(json_object_get(root, "facets")));
    assert_true(json_is_number(json_object_get(root, "took_ms")));
    size_t expected = 0;
    const char *names[] = {"000_c7aa4d322e244bff.txt", "001_28de832e850c6ae0.txt",
                           "002_703a66e9d902f6c3.txt", "003_b399b6283a605430.txt",
                           "004_f38267a61ae27191.txt"};
    for (size_t i = 0; i < 5; i++)
        expected += (size_t)grep_l(e, names[i], "高新区");
    assert_true(expected > 0);
    assert_int_equal(json_array_size(hits), expected);
    assert_int_equal(json_integer_value(json_object_get(root, "total")), expected);
    size_t i;
    json_t *h;
    json_array_foreach(hits, i, h) {
        const char *path = json_string_value(json_object_get(h, "path"));
        const char *base = strrchr(path, '/') + 1;
        assert_true(grep_l(e, base, "高新区"));
        assert_int_equal(json_integer_value(json_object_get(h, "rank")), i + 1);
        const char *snip = json_string_value(json_object_get(h, "snippet"));
        assert_non_null(strstr(snip, "高新区"));
        /* Each highlight covers exactly the three characters 高新区. */
        json_t *hl = json_object_get(h, "highlights");
        assert_true(json_array_size(hl) > 0);
        size_t k;
        json_t *pair;
        json_array_foreach(hl, k, pair) {
            size_t a = (size_t)json_integer_value(json_array_get(pair, 0));
            size_t b = (size_t)json_integer_value(json_array_get(pair, 1));
            assert_int_equal(b - a, 3);
            const char *p = snip;
            for (size_t c = 0; c < a; c++) {
                p++;
                while (((unsigned char)*p & 0xC0) == 0x80)
                    p++;
            }
            assert_memory_equal(p, "高新区", strlen("高新区"));
        }
    }
    json_decref(root);
    run_free(&r);
}

static void test_exit_statuses(void **state)
{
    env *e = *state;
    run r = zc(e, "search --db '%s' 南昌", e->db);
    assert_int_equal(r.status, 1);
    run_free(&r);

    r = zc(e, "search --db /nonexistent x");
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "/nonexistent"));
    run_free(&r);

    r = zc(e, "search --db '%s' '\"高新区'", e->db);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "unbalanced quote"));
    run_free(&r);

    r = zc(e, "search --db '%s' '  '", e->db);
    assert_int_equal(r.status, 2);
    run_free(&r);

    r = zc(e, "search --db '%s' --limit x 新余", e->db);
    assert_int_equal(r.status, 2);
    run_free(&r);

    r = zc(e, "frobnicate");
    assert_int_equal(r.status, 2);
    run_free(&r);

    /* ZHENGCE_DB names the index when --db is absent. */
    char cmd[64];
    snprintf(cmd, sizeof cmd, "ZHENGCE_DB");
    setenv(cmd, e->db, 1);
    r = zc(e, "search 新余");
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "documents matched"));
    run_free(&r);
    unsetenv(cmd);
}

static void test_info(void **state)
{
    env *e = *state;
    run r = zc(e, "info --db '%s' --json", e->db);
    assert_int_equal(r.status, 0);
    json_t *root = json_loads(r.out, 0, NULL);
    assert_non_null(root);
    assert_int_equal(json_integer_value(json_object_get(root, "documents")), 5);
    assert_true(json_integer_value(json_object_get(root, "terms")) > 1000);
    assert_true(json_integer_value(json_object_get(root, "size_bytes")) > 0);
    json_decref(root);
    run_free(&r);
}

static void test_bad_files_and_reindex(void **state)
{
    env *e = *state;
    char dir[4200], db[4200];
    snprintf(dir, sizeof dir, "%s/docs", e->tmp);
    snprintf(db, sizeof db, "%s/db2", e->tmp);
    assert_int_equal(mkdir(dir, 0755), 0);
    free(zc_test_write_file(dir, "good.txt", "标题\n锂电池产业", strlen("标题\n锂电池产业")));
    free(zc_test_write_file(dir, "bad.txt", "标题\n好\xFF坏", 14));
    free(zc_test_write_file(dir, "bin.md", "a\0b", 3));
    free(zc_test_write_file(dir, "skip.pdf", "%PDF", 4));
    run r = zc(e, "index --db '%s' '%s'", db, dir);
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.err, "bad.txt"));
    assert_non_null(strstr(r.err, "byte offset 10"));
    assert_non_null(strstr(r.err, "bin.md: binary file (NUL byte at offset 1)"));
    assert_non_null(strstr(r.err, "skip.pdf: unsupported file type"));
    run_free(&r);

    /* Re-indexing a changed file replaces it: one document, new text. */
    free(zc_test_write_file(dir, "good.txt", "标题\n钠电池", strlen("标题\n钠电池")));
    r = zc(e, "index --db '%s' '%s/good.txt'", db, dir);
    assert_int_equal(r.status, 0);
    run_free(&r);
    r = zc(e, "search --db '%s' 锂电池", db);
    assert_int_equal(r.status, 1);
    run_free(&r);
    r = zc(e, "search --db '%s' --json 钠电池", db);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "\"title\":\"标题\""));
    run_free(&r);
    r = zc(e, "info --db '%s' --json", db);
    assert_non_null(strstr(r.out, "\"documents\":1"));
    run_free(&r);

    r = zc(e, "index --db '%s' '%s/missing'", db, dir);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "missing"));
    run_free(&r);
}

static void test_locked(void **state)
{
    env *e = *state;
    zc_index *w;
    zc_error err;
    assert_int_equal(zc_index_open(e->db, ZC_OPEN_WRITE, &w, &err), ZC_OK);
    run r = zc(e, "index --db '%s' '%s'", e->db, e->corpus);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "lock"));
    assert_non_null(strstr(r.err, e->db));
    run_free(&r);
    /* Searching goes on while a writer holds the lock. */
    r = zc(e, "search --db '%s' 新余", e->db);
    assert_int_equal(r.status, 0);
    run_free(&r);
    zc_index_free(w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_search_json),
        cmocka_unit_test(test_exit_statuses),
        cmocka_unit_test(test_info),
        cmocka_unit_test(test_bad_files_and_reindex),
        cmocka_unit_test(test_locked),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
