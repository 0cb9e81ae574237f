/* The public API from C (include/zhengce.h): documents given in memory,
 * replacement by key, shards, the segmenter, every documented error, and
 * several threads searching one shared read-only handle (scripts/tsan.sh
 * runs this under ThreadSanitizer). */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "common/utf8.h"
#include "index/index.h"
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

/* dir/name as a static string (one at a time per caller). */
static const char *path_of(const char *name)
{
    static char buf[4096];
    snprintf(buf, sizeof buf, "%s/%s", tmp, name);
    return buf;
}

static zc_index *open_write(const char *name)
{
    zc_index *ix = NULL;
    zc_error err;
    int rc = zc_index_open(path_of(name), ZC_OPEN_WRITE | ZC_OPEN_CREATE, &ix, &err);
    if (rc)
        fail_msg("%s", err.message);
    return ix;
}

static zc_index *open_read(const char *name)
{
    zc_index *ix = NULL;
    zc_error err;
    if (zc_index_open(path_of(name), ZC_OPEN_READ, &ix, &err))
        fail_msg("%s", err.message);
    return ix;
}

static void add(zc_index *ix, const char *key, const char *text, const char *region, int year)
{
    zc_doc d = {.key = key, .text = text, .region = region, .year = year};
    zc_error err;
    if (zc_index_add_doc(ix, &d, &err))
        fail_msg("%s", err.message);
}

static void test_version(void **state)
{
    (void)state;
    assert_string_equal(zc_version(), ZC_VERSION);
    /* The header's version is the project's (CMakeLists.txt), whose major
     * is the SONAME's. */
    assert_string_equal(ZC_VERSION, ZC_PROJECT_VERSION);
    char parts[32];
    snprintf(parts, sizeof parts, "%d.%d.%d", ZC_VERSION_MAJOR, ZC_VERSION_MINOR, ZC_VERSION_PATCH);
    assert_string_equal(parts, ZC_VERSION);
    assert_string_equal(zc_code_name(ZC_ERR_LOCKED), "locked");
    /* Every code has a name of its own. */
    for (int c = ZC_OK; c <= ZC_ERR_MODIFIED; c++) {
        assert_string_not_equal(zc_code_name(c), "unknown error");
        for (int d = ZC_OK; d < c; d++)
            assert_string_not_equal(zc_code_name(c), zc_code_name(d));
    }
    zc_error err = {ZC_ERR_IO, "x"};
    zc_error_clear(&err);
    assert_int_equal(err.code, ZC_OK);
    assert_string_equal(err.message, "");
}

static void test_open_errors(void **state)
{
    (void)state;
    zc_index *ix = (zc_index *)1;
    zc_error err;
    assert_int_equal(zc_index_open(NULL, 0, &ix, &err), ZC_ERR_INVALID);
    assert_null(ix);
    assert_int_equal(zc_index_open("", 0, &ix, &err), ZC_ERR_INVALID);
    assert_int_equal(zc_index_open(path_of("missing"), ZC_OPEN_READ, &ix, &err), ZC_ERR_NOT_FOUND);
    assert_int_equal(err.code, ZC_ERR_NOT_FOUND);
    assert_null(ix);

    /* A second writer. */
    zc_index *w = open_write("locked");
    assert_int_equal(zc_index_open(path_of("locked"), ZC_OPEN_WRITE, &ix, &err), ZC_ERR_LOCKED);
    assert_non_null(strstr(err.message, "locked"));
    zc_index_free(w);

    /* An index of another layout version. */
    zc_test_make_old_index(path_of("old"));
    assert_int_equal(zc_index_open(path_of("old"), ZC_OPEN_READ, &ix, &err), ZC_ERR_VERSION);
    assert_non_null(strstr(err.message, "--full"));
    assert_int_equal(zc_index_open(path_of("old"), ZC_OPEN_WRITE, &ix, &err), ZC_ERR_VERSION);

    /* Shards and servers. */
    const char *none[1] = {NULL};
    assert_int_equal(zc_index_open_shards(NULL, 0, &ix, &err), ZC_ERR_INVALID);
    assert_int_equal(zc_index_open_shards(none, 1, &ix, &err), ZC_ERR_INVALID);
    const char *gone[1] = {path_of("missing")};
    assert_int_equal(zc_index_open_shards(gone, 1, &ix, &err), ZC_ERR_NOT_FOUND);
    assert_int_equal(zc_index_open_remote(NULL, 1, 0, &ix, &err), ZC_ERR_INVALID);
    assert_int_equal(zc_index_open_remote("", 1, 0, &ix, &err), ZC_ERR_INVALID);
    /* Port 1 on the loopback: nothing listens there. */
    assert_int_equal(zc_index_open_remote("127.0.0.1", 1, 2000, &ix, &err), ZC_ERR_NETWORK);
    assert_null(ix);
}

static void test_memory_documents(void **state)
{
    (void)state;
    zc_index *ix = open_write("mem");
    add(ix, "a", "新余高新区锂电产业集群加快建设。", "新余市", 2025);
    add(ix, "b", "上海推进集成电路产业发展。", NULL, 0);
    zc_error err;
    assert_int_equal(zc_index_commit(ix, &err), ZC_OK);
    zc_index *r = open_read("mem");
    assert_int_equal(zc_test_total(r, "锂电"), 1);
    assert_int_equal(zc_test_total(r, "产业"), 2);

    /* Metadata given wins; the hit shows it. */
    zc_search_options o;
    zc_search_options_init(&o, ZC_SEARCH_OPTIONS_VERSION);
    zc_results *res = NULL;
    assert_int_equal(zc_search(r, "锂电", &o, &res, &err), ZC_OK);
    const zc_hit *h = zc_results_hit(res, 0);
    assert_non_null(h);
    assert_string_equal(h->path, "a");
    assert_string_equal(h->region, "江西省/新余市");
    assert_int_equal(h->year, 2025);
    assert_non_null(strstr(h->snippet, "锂电"));
    assert_int_equal(h->n_highlights, 1);
    zc_results_free(res);

    /* The same key replaces; a path shown instead of the key. */
    zc_doc d = {.key = "a", .text = "宜春新能源产业。", .path = "reports/a.txt", .title = "宜春"};
    assert_int_equal(zc_index_add_doc(ix, &d, &err), ZC_OK);
    assert_int_equal(zc_index_commit(ix, &err), ZC_OK);
    zc_index_free(r);
    r = open_read("mem");
    assert_int_equal(zc_test_total(r, "锂电"), 0);
    assert_int_equal(zc_test_total(r, "新能源"), 1);
    assert_int_equal(zc_search(r, "新能源", NULL, &res, &err), ZC_OK);
    assert_string_equal(zc_results_hit(res, 0)->path, "reports/a.txt");
    assert_string_equal(zc_results_hit(res, 0)->title, "宜春");
    zc_results_free(res);
    zc_index_info info;
    assert_int_equal(zc_index_get_info(r, &info, &err), ZC_OK);
    assert_int_equal(info.documents, 2);
    assert_true(info.size_bytes > 0);

    /* text_len: only the first bytes. */
    zc_doc part = {.key = "c", .text = "光伏组件以及煤炭", .text_len = strlen("光伏组件")};
    assert_int_equal(zc_index_add_doc(ix, &part, &err), ZC_OK);
    assert_int_equal(zc_test_total(ix, "光伏"), 1); /* the writer sees its own changes */
    assert_int_equal(zc_test_total(ix, "煤炭"), 0);

    /* Deleting by key. */
    assert_int_equal(zc_index_delete_doc(ix, "b", &err), ZC_OK);
    assert_int_equal(zc_index_delete_doc(ix, "b", &err), ZC_ERR_NOT_FOUND);
    assert_non_null(strstr(err.message, "'b'"));
    assert_int_equal(zc_index_commit(ix, &err), ZC_OK);
    assert_int_equal(zc_test_total(ix, "集成电路"), 0);
    zc_index_free(r);
    zc_index_free(ix);
}

/* The info of an index as JSON: its counts, its facets as a search's
 * JSON has them, and the name given (bytes that are not UTF-8 as U+FFFD:
 * JSON text is UTF-8). */
static void test_info_json(void **state)
{
    (void)state;
    zc_index *ix = open_write("info");
    add(ix, "a", "新余高新区锂电产业集群加快建设。", "新余市", 2025);
    add(ix, "b", "上海推进集成电路产业发展。", NULL, 2024);
    zc_error err;
    assert_int_equal(zc_index_commit(ix, &err), ZC_OK);
    zc_index_info info;
    zc_results *facets = NULL;
    assert_int_equal(zc_index_get_info(ix, &info, &err), ZC_OK);
    assert_int_equal(zc_index_facets(ix, &facets, &err), ZC_OK);
    char *json = NULL, *fj = NULL;
    assert_int_equal(zc_index_info_json("db\xB9\xFA", &info, facets, &json, &err), ZC_OK);
    assert_true(zc_utf8_valid(json, strlen(json), NULL));
    char expect[128];
    snprintf(expect, sizeof expect,
             "{\"index\":\"db\xEF\xBF\xBD\xEF\xBF\xBD\",\"documents\":2,\"terms\":%llu,",
             (unsigned long long)info.terms);
    assert_memory_equal(json, expect, strlen(expect));
    /* The facets are those of the search JSON, byte for byte. */
    assert_int_equal(zc_results_json(facets, &fj, &err), ZC_OK);
    const char *regions = strstr(fj, "\"region\":"), *years = strstr(fj, "\"year\":");
    assert_non_null(regions);
    assert_non_null(years);
    size_t rl = (size_t)(strstr(regions, "]") + 1 - regions) - strlen("\"region\":");
    assert_non_null(strstr(json, "\"regions\":"));
    assert_memory_equal(strstr(json, "\"regions\":") + strlen("\"regions\":"),
                        regions + strlen("\"region\":"), rl);
    assert_non_null(strstr(json, "{\"value\":2025,\"count\":1}"));
    free(fj);
    free(json);
    /* No name is null; nothing to write is an error. */
    assert_int_equal(zc_index_info_json(NULL, &info, facets, &json, &err), ZC_OK);
    assert_memory_equal(json, "{\"index\":null,", strlen("{\"index\":null,"));
    free(json);
    assert_int_equal(zc_index_info_json("db", &info, NULL, &json, &err), ZC_ERR_INVALID);
    assert_null(json);
    zc_results_free(facets);
    zc_index_free(ix);
}

static void test_write_errors(void **state)
{
    (void)state;
    zc_index *w = open_write("err");
    add(w, "k", "文本", NULL, 0);
    zc_error err;
    assert_int_equal(zc_index_commit(w, &err), ZC_OK);
    zc_doc d = {.key = "x", .text = "文本"};
    assert_int_equal(zc_index_add_doc(w, NULL, &err), ZC_ERR_INVALID);
    zc_doc nokey = {.text = "文本"}, emptykey = {.key = "", .text = "文本"}, notext = {.key = "x"};
    assert_int_equal(zc_index_add_doc(w, &nokey, &err), ZC_ERR_INVALID);
    assert_int_equal(zc_index_add_doc(w, &emptykey, &err), ZC_ERR_INVALID);
    assert_int_equal(zc_index_add_doc(w, &notext, &err), ZC_ERR_INVALID);
    zc_doc bad = {.key = "bad", .text = "好\xff坏"};
    assert_int_equal(zc_index_add_doc(w, &bad, &err), ZC_ERR_ENCODING);
    assert_non_null(strstr(err.message, "byte 3"));
    assert_int_equal(zc_index_delete_doc(w, NULL, &err), ZC_ERR_INVALID);
    assert_int_equal(zc_index_delete_doc(w, "nope", &err), ZC_ERR_NOT_FOUND);
    const char *paths[1] = {path_of("nothing-here")};
    zc_index_stats st;
    assert_int_equal(zc_index_remove(w, paths, 1, &st, &err), ZC_ERR_NOT_FOUND);
    zc_index_free(w);

    /* A read-only handle refuses every change. */
    zc_index *r = open_read("err");
    assert_int_equal(zc_index_add_doc(r, &d, &err), ZC_ERR_INVALID);
    assert_non_null(strstr(err.message, "read-only"));
    assert_int_equal(zc_index_delete_doc(r, "k", &err), ZC_ERR_INVALID);
    assert_int_equal(zc_index_commit(r, &err), ZC_ERR_INVALID);
    assert_int_equal(zc_index_update(r, paths, 1, NULL, &st, &err), ZC_ERR_INVALID);
    assert_int_equal(zc_index_remove(r, paths, 1, &st, &err), ZC_ERR_INVALID);

    /* Search errors. */
    zc_results *res = (zc_results *)1;
    assert_int_equal(zc_search(r, NULL, NULL, &res, &err), ZC_ERR_INVALID);
    assert_null(res);
    assert_int_equal(zc_search(r, "\"未闭合", NULL, &res, &err), ZC_ERR_QUERY);
    assert_int_equal(zc_search(r, "", NULL, &res, &err), ZC_ERR_QUERY);
    zc_search_options o;
    zc_search_options_init(&o, ZC_SEARCH_OPTIONS_VERSION);
    o.year_lo = 2025;
    o.year_hi = 2020;
    assert_int_equal(zc_search(r, "文本", &o, &res, &err), ZC_ERR_QUERY);
    assert_null(res);
    zc_index_free(r);
}

/* A message too long for zc_error loses its middle, never its head or
 * its end (the cause), and stays valid UTF-8 (tests/test_indexer.c: a
 * file deep in directories). */
static void test_long_messages(void **state)
{
    (void)state;
    char key[2048] = "";
    for (int i = 0; i < 60; i++)
        strcat(key, "政府工作报告目录");
    zc_index *w = open_write("long-messages");
    zc_doc bad = {.key = key, .text = "好\xff坏"};
    zc_error err;
    assert_int_equal(zc_index_add_doc(w, &bad, &err), ZC_ERR_ENCODING);
    size_t n = strlen(err.message);
    assert_true(zc_utf8_valid(err.message, n, NULL));
    assert_non_null(strstr(err.message, "…"));
    const char *head = "document '政府工作报告目录";
    assert_int_equal(strncmp(err.message, head, strlen(head)), 0);
    const char *tail = "政府工作报告目录': invalid UTF-8 at byte 3";
    assert_true(n >= strlen(tail));
    assert_string_equal(err.message + n - strlen(tail), tail);
    zc_index_free(w);
}

static void test_shards(void **state)
{
    (void)state;
    zc_index *a = open_write("s1"), *b = open_write("s2");
    add(a, "1", "锂电池产能扩张。", NULL, 2024);
    add(b, "2", "锂电回收利用。", NULL, 2025);
    zc_error err;
    assert_int_equal(zc_index_commit(a, &err), ZC_OK);
    assert_int_equal(zc_index_commit(b, &err), ZC_OK);
    zc_index_free(a);
    zc_index_free(b);
    char p1[4096], p2[4096];
    snprintf(p1, sizeof p1, "%s", path_of("s1"));
    snprintf(p2, sizeof p2, "%s", path_of("s2"));
    const char *paths[2] = {p1, p2};
    zc_index *ix = NULL;
    assert_int_equal(zc_index_open_shards(paths, 2, &ix, &err), ZC_OK);
    assert_int_equal(zc_test_total(ix, "锂电"), 2);
    assert_int_equal(zc_test_total(ix, "回收"), 1);
    zc_index_info info;
    assert_int_equal(zc_index_get_info(ix, &info, &err), ZC_OK);
    assert_int_equal(info.documents, 2);
    zc_index_free(ix);

    /* A shard of no documents (`index --shard-of` may leave one empty) has
     * no positions: over it, libxapian dropped the phrase check of a word
     * and counted the shard's filler as a match, and the search failed on
     * its stored text ("document  (): stored text is damaged"). */
    zc_index *none = open_write("s3");
    assert_int_equal(zc_index_commit(none, &err), ZC_OK);
    zc_index_free(none);
    char p3[4096];
    snprintf(p3, sizeof p3, "%s", path_of("s3"));
    const char *with_empty[2][2] = {{p1, p3}, {p3, p1}};
    for (int k = 0; k < 2; k++) {
        assert_int_equal(zc_index_open_shards(with_empty[k], 2, &ix, &err), ZC_OK);
        static const char *const queries[] = {"产能", "锂电池", "\"产能扩张\"", "产能 -回收"};
        for (size_t q = 0; q < sizeof queries / sizeof *queries; q++)
            if (zc_test_total(ix, queries[q]) != 1)
                fail_msg("%s over shards %d: %llu", queries[q], k,
                         (unsigned long long)zc_test_total(ix, queries[q]));
        zc_index_free(ix);
    }
}

static void test_segmenter(void **state)
{
    (void)state;
    zc_segmenter *s = (zc_segmenter *)1;
    zc_error err;
    assert_int_equal(zc_segmenter_new(path_of("none.dict"), &s, &err), ZC_ERR_NOT_FOUND);
    assert_null(s);
    assert_int_equal(zc_segmenter_new(NULL, &s, &err), ZC_OK);
    const char *text = "新余高新区锂电产业 2025年";
    const zc_word *w;
    size_t n;
    assert_int_equal(zc_segment(s, text, strlen(text), 0, &w, &n, &err), ZC_OK);
    char out[256] = "";
    for (size_t i = 0; i < n; i++)
        snprintf(out + strlen(out), sizeof out - strlen(out), "%s%.*s", i ? "|" : "",
                 (int)w[i].length, text + w[i].offset);
    assert_string_equal(out, "新余|高新区|锂电|产业|2025年");
    size_t accurate = n;
    assert_int_equal(zc_segment(s, text, strlen(text), ZC_SEGMENT_SEARCH, &w, &n, &err), ZC_OK);
    assert_true(n >= accurate);
    assert_int_equal(zc_segment(s, text, strlen(text), 64, &w, &n, &err), ZC_ERR_INVALID);
    assert_int_equal(zc_segment(s, "好\xff", 4, 0, &w, &n, &err), ZC_ERR_ENCODING);
    assert_int_equal(zc_segmenter_bad_offset(s), 3);
    assert_int_equal(zc_segment(s, NULL, 0, 0, &w, &n, &err), ZC_OK);
    assert_int_equal(n, 0);
    assert_int_equal(zc_segmenter_load_words(s, NULL, &err), ZC_ERR_INVALID);
    assert_int_equal(zc_segmenter_load_words(s, path_of("none.txt"), &err), ZC_ERR_NOT_FOUND);
    char *user = zc_test_write_file(tmp, "user.txt", "新余高新区锂电\n", 22);
    assert_int_equal(zc_segmenter_load_words(s, user, &err), ZC_OK);
    assert_int_equal(zc_segment(s, text, strlen(text), 0, &w, &n, &err), ZC_OK);
    assert_int_equal(w[0].length, strlen("新余高新区锂电"));
    free(user);
    zc_segmenter_free(s);
    zc_segmenter_free(NULL);
}

/* ---------------------------------------------------------------- threads */

static const char *const queries[] = {
    "锂电",         "产业 发展",      "\"新能源汽车\"",       "region:江西 新能源",
    "光伏 OR 风电", "数字经济 -煤炭", "year:2023..2024 创新", "高新区",
    "规上工业",     "集成电路",
};
#define NQ (sizeof queries / sizeof *queries)

/* What a search returns, as one string: totals, hits, snippets, facets
 * (threads: zc_search_options.threads). */
static char *signature(zc_index *ix, const char *q, unsigned threads)
{
    zc_search_options o;
    zc_search_options_init(&o, ZC_SEARCH_OPTIONS_VERSION);
    o.threads = threads;
    zc_results *r = NULL;
    zc_error err;
    if (zc_search(ix, q, &o, &r, &err))
        return strdup(err.message);
    size_t cap = 1 << 16, len = 0;
    char *s = malloc(cap);
    len += (size_t)snprintf(s + len, cap - len, "%llu:", (unsigned long long)zc_results_total(r));
    for (size_t i = 0; i < zc_results_count(r) && len < cap / 2; i++) {
        const zc_hit *h = zc_results_hit(r, i);
        len += (size_t)snprintf(s + len, cap - len, "%s %.3f %s|", h->id, h->score, h->snippet);
    }
    for (int k = 0; k < 2; k++)
        for (size_t i = 0; i < zc_results_facet_count(r, (zc_facet_kind)k) && len < cap / 2; i++) {
            const zc_facet *f = zc_results_facet(r, (zc_facet_kind)k, i);
            len += (size_t)snprintf(s + len, cap - len, "%s=%llu,", f->value,
                                    (unsigned long long)f->count);
        }
    zc_results_free(r);
    return s;
}

typedef struct worker {
    zc_index *ix;
    char **expect;
    unsigned seed, rounds, mismatches;
} worker;

static void *search_thread(void *arg)
{
    worker *w = arg;
    for (unsigned i = 0; i < w->rounds; i++) {
        size_t q = (w->seed + i * 7) % NQ;
        char *got = signature(w->ix, queries[q], 0);
        if (strcmp(got, w->expect[q]) != 0)
            w->mismatches++;
        free(got);
        if (i % 16 == 0) {
            zc_index_info info;
            zc_error err;
            if (zc_index_get_info(w->ix, &info, &err) || info.documents == 0)
                w->mismatches++;
        }
    }
    return NULL;
}

static void test_threads(void **state)
{
    (void)state;
    static const char *const parts[] = {
        "江西新余高新区锂电产业", "上海集成电路和人工智能", "宜春新能源汽车产业链",
        "规模以上工业增加值增长", "光伏和风电装机",         "数字经济核心产业",
        "煤炭消费总量控制",       "科技创新平台建设",       "南昌高新区数字经济",
        "九江港口物流",
    };
    static const char *const regions[] = {"新余市", "上海市", "宜春市", "南昌市", NULL};
    zc_index *w = open_write("threads");
    for (unsigned i = 0; i < 60; i++) {
        char key[16], text[1024] = "";
        snprintf(key, sizeof key, "d%u", i);
        for (unsigned k = 0; k < 6; k++)
            snprintf(text + strlen(text), sizeof text - strlen(text), "%s，%u年。",
                     parts[(i * 3 + k * k) % 10], 2020 + (i + k) % 6);
        add(w, key, text, regions[i % 5], 2020 + (int)(i % 6));
    }
    zc_error err;
    assert_int_equal(zc_index_commit(w, &err), ZC_OK);
    zc_index_free(w);

    /* The results of one thread, then four threads on one shared handle,
     * each search counting in parts (searcher/count.c) on handles of its
     * own besides. */
    zc_index *ix = open_read("threads");
    char *expect[NQ];
    for (size_t q = 0; q < NQ; q++)
        expect[q] = signature(ix, queries[q], 1);
    zc_index_test_set(ix, ZC_TEST_COUNT_PART_DOCS, 8);
    assert_true(expect[0][0] != '0');
    enum { NT = 4 };
    pthread_t t[NT];
    worker wk[NT];
    unsigned rounds = getenv("ZC_TEST_ROUNDS") ? (unsigned)atoi(getenv("ZC_TEST_ROUNDS")) : 60;
    for (unsigned i = 0; i < NT; i++) {
        wk[i] = (worker){ix, expect, i, rounds, 0};
        assert_int_equal(pthread_create(&t[i], NULL, search_thread, &wk[i]), 0);
    }
    unsigned bad = 0;
    for (unsigned i = 0; i < NT; i++) {
        pthread_join(t[i], NULL);
        bad += wk[i].mismatches;
    }
    assert_int_equal(bad, 0);
    for (size_t q = 0; q < NQ; q++)
        free(expect[q]);
    zc_index_free(ix);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_version),          cmocka_unit_test(test_open_errors),
        cmocka_unit_test(test_memory_documents), cmocka_unit_test(test_write_errors),
        cmocka_unit_test(test_shards),           cmocka_unit_test(test_segmenter),
        cmocka_unit_test(test_threads),          cmocka_unit_test(test_long_messages),
        cmocka_unit_test(test_info_json),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
