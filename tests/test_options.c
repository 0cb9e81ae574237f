/* The versioned options structs (include/zhengce.h): the _init functions
 * and the static initializers give the same defaults, in C and in C++; an
 * unknown version is refused by _init, zc_search and zc_index_update with
 * a message naming the function and both versions; NULL options are the
 * defaults; the indexer's mode, shard size and trace are options; a year
 * range is parsed as the command line and the HTTP API take it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "test_options_cxx.h"
#include "test_util.h"
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

/* Static objects: their padding is zero, as _init's copy of its template
 * leaves it, so the two compare equal byte for byte. */
static const zc_index_options index_init = ZC_INDEX_OPTIONS_INIT;
static const zc_search_options search_init = ZC_SEARCH_OPTIONS_INIT;

static void test_init_equals_initializer(void **state)
{
    (void)state;
    zc_index_options io;
    memset(&io, 0xa5, sizeof io);
    assert_int_equal(zc_index_options_init(&io, ZC_INDEX_OPTIONS_VERSION), ZC_OK);
    assert_memory_equal(&io, &index_init, sizeof io);
    assert_int_equal(io.version, ZC_INDEX_OPTIONS_VERSION);
    assert_int_equal(io.mode, ZC_MODE_AUTO);
    assert_int_equal(io.jobs, 0);
    assert_null(io.trace);

    zc_search_options so;
    memset(&so, 0xa5, sizeof so);
    assert_int_equal(zc_search_options_init(&so, ZC_SEARCH_OPTIONS_VERSION), ZC_OK);
    assert_memory_equal(&so, &search_init, sizeof so);
    assert_int_equal(so.version, ZC_SEARCH_OPTIONS_VERSION);
    assert_int_equal(so.limit, 10);
    assert_int_equal(so.offset, 0);
    assert_int_equal(so.snippet_len, 120);
    assert_int_equal(so.sort, ZC_SORT_RELEVANCE);
    assert_int_equal(so.facets, 1);
    assert_int_equal(so.synonyms, 1);
    assert_null(so.region);
    assert_null(so.source);
    assert_null(so.trace);
}

/* The C++ forms of the initializers (every field in order) against
 * _init; test_options_cxx.cc is compiled with -Wextra -Werror, which
 * rejects one that leaves a field out. */
static void test_cxx_initializers(void **state)
{
    (void)state;
    char why[256] = "";
    if (!zc_test_cxx_initializers_match(why, sizeof why))
        fail_msg("%s", why);
}

static void test_init_unknown_version(void **state)
{
    (void)state;
    const unsigned bad[] = {0, ZC_INDEX_OPTIONS_VERSION + 1, 1000u};
    const unsigned sbad[] = {0, ZC_SEARCH_OPTIONS_VERSION + 1, 1000u};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        zc_index_options io;
        memset(&io, 0x5a, sizeof io);
        zc_index_options before = io;
        assert_int_equal(zc_index_options_init(&io, bad[i]), ZC_ERR_INVALID);
        assert_memory_equal(&io, &before, sizeof io); /* left as it was */
        zc_search_options so;
        memset(&so, 0x5a, sizeof so);
        zc_search_options sbefore = so;
        assert_int_equal(zc_search_options_init(&so, sbad[i]), ZC_ERR_INVALID);
        assert_memory_equal(&so, &sbefore, sizeof so);
    }
    assert_int_equal(zc_index_options_init(NULL, ZC_INDEX_OPTIONS_VERSION), ZC_ERR_INVALID);
    assert_int_equal(zc_search_options_init(NULL, ZC_SEARCH_OPTIONS_VERSION), ZC_ERR_INVALID);
}

static zc_index *open_write(const char *name)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", tmp, name);
    zc_index *ix = NULL;
    zc_error err;
    if (zc_index_open(path, ZC_OPEN_WRITE | ZC_OPEN_CREATE, &ix, &err))
        fail_msg("%s", err.message);
    return ix;
}

static uint64_t documents(zc_index *ix)
{
    zc_index_info info;
    zc_error err;
    if (zc_index_get_info(ix, &info, &err))
        fail_msg("%s", err.message);
    return info.documents;
}

static void expect_refused(int rc, const zc_error *err, const char *fn, unsigned version,
                           unsigned known)
{
    char want[200];
    snprintf(want, sizeof want, "%s: options version %u is not supported (this library knows %u)",
             fn, version, known);
    assert_int_equal(rc, ZC_ERR_INVALID);
    assert_int_equal(err->code, ZC_ERR_INVALID);
    assert_string_equal(err->message, want);
}

static void test_search_refuses_version(void **state)
{
    (void)state;
    zc_index *ix = open_write("search");
    zc_doc d = {.key = "k1", .text = "新余高新区锂电产业集群。"};
    zc_error err;
    assert_int_equal(zc_index_add_doc(ix, &d, &err), ZC_OK);
    assert_int_equal(zc_index_commit(ix, &err), ZC_OK);

    const unsigned bad[] = {0, ZC_SEARCH_OPTIONS_VERSION + 1};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        zc_search_options o = ZC_SEARCH_OPTIONS_INIT;
        o.version = bad[i];
        zc_results *r = (zc_results *)&err; /* a stale value, to be reset to NULL */
        expect_refused(zc_search(ix, "锂电", &o, &r, &err), &err, "zc_search", bad[i],
                       ZC_SEARCH_OPTIONS_VERSION);
        assert_null(r);
    }
    /* NULL options and either way of initializing them find the document. */
    zc_search_options by_init;
    assert_int_equal(zc_search_options_init(&by_init, ZC_SEARCH_OPTIONS_VERSION), ZC_OK);
    const zc_search_options *given[] = {NULL, &search_init, &by_init};
    for (size_t i = 0; i < sizeof given / sizeof *given; i++) {
        zc_results *r = NULL;
        if (zc_search(ix, "锂电", given[i], &r, &err))
            fail_msg("options %zu: %s", i, err.message);
        assert_int_equal(zc_results_total(r), 1);
        zc_results_free(r);
    }
    /* Version 1 had no match: such a struct is read up to trace_ctx, the
     * keywords match as written whatever lies beyond it. 锂电产业 is in
     * the text, 产业锂电 only as its words apart. */
    zc_search_options v1;
    assert_int_equal(zc_search_options_init(&v1, 1), ZC_OK);
    assert_int_equal(v1.version, 1);
    assert_int_equal(v1.limit, 10);
    v1.match = ZC_MATCH_WORDS; /* past the end of a version 1 struct */
    zc_search_options v2 = ZC_SEARCH_OPTIONS_INIT;
    v2.match = ZC_MATCH_WORDS;
    const struct {
        const zc_search_options *o;
        const char *q;
        uint64_t total;
    } cases[] = {{&v1, "锂电产业", 1},
                 {&v1, "产业锂电", 0},
                 {&v2, "产业锂电", 1},
                 {&search_init, "产业锂电", 0},
                 {&search_init, "~产业锂电", 1}};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        zc_results *r = NULL;
        if (zc_search(ix, cases[i].q, cases[i].o, &r, &err))
            fail_msg("case %zu: %s", i, err.message);
        if (zc_results_total(r) != cases[i].total)
            fail_msg("case %zu [%s]: %llu hits, expected %llu", i, cases[i].q,
                     (unsigned long long)zc_results_total(r), (unsigned long long)cases[i].total);
        zc_results_free(r);
    }
    zc_index_free(ix);
}

/* The trace lines of a run, one per line. */
typedef struct lines {
    char text[2048];
    size_t n;
    int calls;
} lines;

static void keep_line(void *ctx, const char *line)
{
    lines *l = ctx;
    l->calls++;
    int k = snprintf(l->text + l->n, sizeof l->text - l->n, "%s\n", line);
    if (k > 0 && l->n + (size_t)k < sizeof l->text)
        l->n += (size_t)k;
}

static void test_update_refuses_version(void **state)
{
    (void)state;
    char dir[4200];
    snprintf(dir, sizeof dir, "%s/files", tmp);
    assert_int_equal(mkdir(dir, 0755), 0);
    for (int i = 0; i < 3; i++) {
        char name[32], text[128];
        snprintf(name, sizeof name, "f%d.txt", i);
        snprintf(text, sizeof text, "第%d号文件，新余高新区锂电产业。\n", i);
        free(zc_test_write_file(dir, name, text, strlen(text)));
    }
    const char *paths[] = {dir};
    zc_index *ix = open_write("update");
    zc_error err;
    zc_index_stats st;

    const unsigned bad[] = {0, ZC_INDEX_OPTIONS_VERSION + 1};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        zc_index_options o = ZC_INDEX_OPTIONS_INIT;
        o.version = bad[i];
        memset(&st, 0xff, sizeof st);
        expect_refused(zc_index_update(ix, paths, 1, &o, &st, &err), &err, "zc_index_update",
                       bad[i], ZC_INDEX_OPTIONS_VERSION);
        assert_int_equal(st.indexed, 0); /* stats filled even so */
        assert_int_equal(documents(ix), 0);
    }
    zc_index_options o = ZC_INDEX_OPTIONS_INIT;
    o.mode = (zc_index_mode)7;
    assert_int_equal(zc_index_update(ix, paths, 1, &o, &st, &err), ZC_ERR_INVALID);
    assert_string_equal(err.message, "zc_index_update: unknown index mode 7");
    assert_int_equal(documents(ix), 0);

    /* NULL options: the defaults. */
    assert_int_equal(zc_index_update(ix, paths, 1, NULL, &st, &err), ZC_OK);
    assert_int_equal(st.indexed, 3);
    assert_int_equal(documents(ix), 3);
    zc_index_free(ix);
}

/* mode, shard_bytes and trace: each run writes the way it is told and
 * says so in its trace (the library's lines carry no program name). */
static void test_update_mode_and_trace(void **state)
{
    (void)state;
    char dir[4200];
    snprintf(dir, sizeof dir, "%s/modes", tmp);
    assert_int_equal(mkdir(dir, 0755), 0);
    for (int i = 0; i < 6; i++) {
        char name[32], text[128];
        snprintf(name, sizeof name, "m%d.txt", i);
        snprintf(text, sizeof text, "第%d号文件，宜春锂电新能源产业。\n", i);
        free(zc_test_write_file(dir, name, text, strlen(text)));
    }
    const char *paths[] = {dir};
    struct {
        const char *db;
        zc_index_mode mode;
        uint64_t shard_bytes;
        const char *phase;
        int shards; /* shards merged, -1: no such line */
    } runs[] = {
        {"direct", ZC_MODE_DIRECT, 0, "direct mode, 1 jobs: analysis and writing ", -1},
        {"shards", ZC_MODE_SHARDS, 0, "shard mode, 1 jobs: analysis and writing ", 1},
        /* A shard per file. */
        {"shards-1", ZC_MODE_SHARDS, 1, "shard mode, 1 jobs: analysis and writing ", 6},
    };
    for (size_t i = 0; i < sizeof runs / sizeof *runs; i++) {
        zc_index *ix = open_write(runs[i].db);
        lines l = {.n = 0};
        zc_index_options o = ZC_INDEX_OPTIONS_INIT;
        o.jobs = 1;
        o.mode = runs[i].mode;
        o.shard_bytes = runs[i].shard_bytes;
        o.trace = keep_line;
        o.trace_ctx = &l;
        zc_index_stats st;
        zc_error err;
        if (zc_index_update(ix, paths, 1, &o, &st, &err))
            fail_msg("%s: %s", runs[i].db, err.message);
        assert_int_equal(st.indexed, 6);
        assert_int_equal(documents(ix), 6);
        zc_index_free(ix);
        if (strncmp(l.text, runs[i].phase, strlen(runs[i].phase)) != 0)
            fail_msg("%s: expected a line starting [%s]: %s", runs[i].db, runs[i].phase, l.text);
        char merged[64];
        snprintf(merged, sizeof merged, "\n%d shards merged\n", runs[i].shards);
        if (runs[i].shards >= 0 ? !strstr(l.text, merged) : strstr(l.text, "merged") != NULL)
            fail_msg("%s: expected %d shards merged: %s", runs[i].db, runs[i].shards, l.text);
        assert_int_equal(l.calls, runs[i].shards >= 0 ? 2 : 1);
    }
}

/* zc_years_parse: the forms a year filter takes, and everything else
 * refused with lo and hi untouched. */
static void test_years_parse(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        int lo, hi;
    } good[] = {{"2025", 2025, 2025}, {"2020..2025", 2020, 2025}, {"2020..", 2020, 0},
                {"..2025", 0, 2025},  {"1000..9999", 1000, 9999}, {"2025..2025", 2025, 2025}};
    for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
        int lo = -1, hi = -1;
        assert_int_equal(zc_years_parse(good[i].s, &lo, &hi), ZC_OK);
        assert_int_equal(lo, good[i].lo);
        assert_int_equal(hi, good[i].hi);
    }
    static const char *const bad[] = {"",          "..",       "2025..2020",      "999",
                                      "0999",      "10000",    "02025",           " 2025",
                                      "+2025",     "2025 ",    "2025...",         "2020..20x5",
                                      "2020-2025", "二〇二五", "2020..2025..2030"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        int lo = -1, hi = -1;
        assert_int_equal(zc_years_parse(bad[i], &lo, &hi), ZC_ERR_INVALID);
        assert_int_equal(lo, -1);
        assert_int_equal(hi, -1);
    }
    int lo = 0;
    assert_int_equal(zc_years_parse(NULL, &lo, &lo), ZC_ERR_INVALID);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_init_equals_initializer),
        cmocka_unit_test(test_cxx_initializers),
        cmocka_unit_test(test_init_unknown_version),
        cmocka_unit_test(test_search_refuses_version),
        cmocka_unit_test(test_update_refuses_version),
        cmocka_unit_test(test_update_mode_and_trace),
        cmocka_unit_test(test_years_parse),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
