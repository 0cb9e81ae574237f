/* The rows of collections shared between the jobs of a run (shard mode):
 * the reader of a collection hands rows to the jobs out of files, many
 * rows wait for them at once, and a reader done with its file helps with
 * the rows still waiting, its own or another collection's. Every row is
 * indexed once, as one job indexes them. */
#include <glib.h>
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
#include "zhengce.h"

enum { ROWS = 1500, FILES = 4 };

/* Two collections of ROWS rows and FILES small files in dir. */
static void write_inputs(const char *dir)
{
    for (int f = 0; f < 2; f++) {
        size_t cap = (size_t)ROWS * 160, len = 0;
        char *g = malloc(cap);
        assert_non_null(g);
        for (int i = 0; i < ROWS; i++)
            len += (size_t)snprintf(g + len, cap - len,
                                    "{\"title\":\"第%d批第%d号\",\"content\":\"集合%c行%d号。"
                                    "新余市锂电产业发展报告。\"}\n",
                                    f, i, 'A' + f, i);
        assert_true(len < cap);
        char name[16];
        snprintf(name, sizeof name, "c%d.jsonl", f);
        free(zc_test_write_file(dir, name, g, len));
        free(g);
    }
    for (int i = 0; i < FILES; i++) {
        char name[16], text[128];
        snprintf(name, sizeof name, "f%d.txt", i);
        int n = snprintf(text, sizeof text, "第%d号文件\n内容戊编号%d号，江西省新余市。\n", i, i);
        free(zc_test_write_file(dir, name, text, (size_t)n));
    }
}

static void test_collections_shared(void **state)
{
    (void)state;
    char *tmp = zc_test_tmpdir();
    char *dir = g_strdup_printf("%s/rows", tmp);
    assert_int_equal(mkdir(dir, 0755), 0);
    write_inputs(dir);
    for (unsigned jobs = 1; jobs <= 3; jobs += 2) {
        char *db = g_strdup_printf("%s/db%u", tmp, jobs);
        zc_index *ix = NULL;
        zc_error err;
        assert_int_equal(zc_index_open(db, ZC_OPEN_WRITE | ZC_OPEN_CREATE, &ix, &err), ZC_OK);
        zc_index_options o;
        zc_index_options_init(&o, ZC_INDEX_OPTIONS_VERSION);
        o.jobs = jobs;
        o.mode = ZC_MODE_SHARDS;
        o.full = 1;
        const char *paths[1] = {dir};
        zc_index_stats st;
        if (zc_index_update(ix, paths, 1, &o, &st, &err))
            fail_msg("%u jobs: %s", jobs, err.message);
        assert_int_equal(st.documents, 2 * ROWS + FILES);
        zc_index_info info;
        assert_int_equal(zc_index_get_info(ix, &info, &err), ZC_OK);
        assert_int_equal(info.documents, 2 * ROWS + FILES);
        assert_int_equal(zc_test_total(ix, "锂电产业"), 2 * ROWS);
        assert_int_equal(zc_test_total(ix, "\"集合B行1499号\""), 1);
        assert_int_equal(zc_test_total(ix, "\"集合A行0号\""), 1);
        assert_int_equal(zc_test_total(ix, "\"内容戊编号3号\""), 1);
        zc_index_free(ix);
        assert_int_equal(zc_test_xapian_check(db), 0);
        g_free(db);
    }
    g_free(dir);
    zc_test_rmtree(tmp);
    free(tmp);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_collections_shared),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
