/* Sharded and remote indexes (docs/scale-out.md): the same documents in
 * one index and split by zc_shard_of over three shards, two served by
 * xapian-tcpsrv on 127.0.0.1 and one local, must give the same hits in the
 * same order, scores, totals and facet counts for a few hundred queries;
 * a server killed mid-run gives an error naming it, or with
 * ZC_OPEN_ALLOW_PARTIAL (--allow-partial) the others' results and a
 * warning. Skipped when xapian-tcpsrv (xapian-tools) is missing. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "index/schema.h"
#include "test_util.h"
#include "xapian-c/xapian_c.h"
#include "zhengce.h"

#define N_SHARDS 3
#define N_SERVED 2 /* shards 0 and 1 are served, shard 2 is local */

static char *tmp;
static pid_t servers[N_SERVED];
static unsigned ports[N_SERVED];
static char specs[N_SHARDS][4200];
static int have_tcpsrv;
static int shard_docs[N_SHARDS];

static const char *path_of(const char *name)
{
    static char buf[4096];
    snprintf(buf, sizeof buf, "%s/%s", tmp, name);
    return buf;
}

/* ------------------------------------------------------------ documents */

static const char *const topics[] = {
    "新能源汽车",   "锂电产业", "光伏发电", "乡村振兴", "高新区",    "数字经济",
    "生态环境保护", "营商环境", "科技创新", "城市更新", "养老服务",  "义务教育",
    "医疗保障",     "粮食安全", "招商引资", "5G基站",   "PM2.5浓度", "规上工业增加值",
};
#define N_TOPICS (sizeof topics / sizeof *topics)
static const char *const regions[] = {
    "江西省", "新余市", "南昌市", "赣州市", "广东省", "深圳市", "广州市",
    "浙江省", "杭州市", "宁波市", "四川省", "成都市", "湖南省", "长沙市",
};
#define N_REGIONS (sizeof regions / sizeof *regions)
#define N_GENERATED 360

typedef struct writers {
    zc_index *single, *shard[N_SHARDS];
} writers;

static void add_both(writers *w, const zc_doc *d)
{
    zc_error err;
    unsigned k = zc_shard_of(d->key, N_SHARDS);
    if (zc_index_add_doc(w->single, d, &err) || zc_index_add_doc(w->shard[k], d, &err))
        fail_msg("%s: %s", d->key, err.message);
    shard_docs[k]++;
}

static void add_report(void *ctx, const char *name, const char *path, char *data, size_t len)
{
    (void)path;
    zc_doc d = {.key = name, .text = data, .text_len = len};
    add_both(ctx, &d);
}

static uint32_t next_rand(uint32_t *s)
{
    *s = *s * 1664525u + 1013904223u;
    return *s >> 8;
}

/* Short reports of varied length; every seventh repeats an earlier text
 * word for word under another key, so that equal scores occur. */
static void add_generated(writers *w)
{
    uint32_t seed = 20240601;
    char texts[8][2048];
    for (int i = 0; i < N_GENERATED; i++) {
        char key[32], text[2048];
        snprintf(key, sizeof key, "gen-%04d", i);
        const char *region = regions[next_rand(&seed) % N_REGIONS];
        int year = 2015 + (int)(next_rand(&seed) % 11);
        if (i % 7 == 6) {
            memcpy(text, texts[next_rand(&seed) % 8], sizeof text);
        } else {
            int n = snprintf(text, sizeof text, "%s%d年工作报告\n", region, year);
            int sentences = 2 + (int)(next_rand(&seed) % 6);
            for (int s = 0; s < sentences && n < 1800; s++) {
                const char *a = topics[next_rand(&seed) % N_TOPICS];
                const char *b = topics[next_rand(&seed) % N_TOPICS];
                n += snprintf(text + n, sizeof text - (size_t)n,
                              "%s推进%s，%s取得新进展，全年完成投资%u亿元。", region, a, b,
                              next_rand(&seed) % 500);
            }
            memcpy(texts[i % 8], text, sizeof text);
        }
        zc_doc d = {.key = key, .text = text, .region = region, .year = year};
        add_both(w, &d);
    }
}

static void build_indexes(void)
{
    writers w;
    zc_error err;
    if (zc_index_open(path_of("single"), ZC_OPEN_WRITE | ZC_OPEN_CREATE, &w.single, &err))
        fail_msg("%s", err.message);
    for (int k = 0; k < N_SHARDS; k++) {
        char name[16];
        snprintf(name, sizeof name, "shard%d", k);
        if (zc_index_open(path_of(name), ZC_OPEN_WRITE | ZC_OPEN_CREATE, &w.shard[k], &err))
            fail_msg("%s", err.message);
    }
    char *corpus = zc_test_source_path("corpus");
    assert_int_equal(zc_test_each_file(corpus, NULL, ".txt", add_report, &w), 5);
    free(corpus);
    add_generated(&w);
    assert_int_equal(zc_index_commit(w.single, &err), ZC_OK);
    zc_index_free(w.single);
    for (int k = 0; k < N_SHARDS; k++) {
        assert_int_equal(zc_index_commit(w.shard[k], &err), ZC_OK);
        zc_index_free(w.shard[k]);
        assert_true(shard_docs[k] > 50); /* the hash spreads the keys */
    }
    /* Every database holds one empty filler document (index/schema.h),
     * so the shards count N_SHARDS - 1 more documents than one index, and
     * BM25 scores differ by that (docs/scale-out.md). What is compared
     * here is the sharding itself: one index with as many fillers. */
    zc_xdb *db = NULL;
    if (zc_xdb_open_writable(path_of("single"), ZC_XDB_OPEN, &db, &err))
        fail_msg("%s", err.message);
    for (int k = 1; k < N_SHARDS; k++) {
        zc_xdoc *doc = NULL;
        assert_int_equal(zc_xdoc_new(&doc, &err), ZC_OK);
        assert_int_equal(zc_xdoc_add_boolean_term(doc, ZC_TERM_FILLER, &err), ZC_OK);
        assert_int_equal(zc_xdb_add_document(db, doc, NULL, &err), ZC_OK);
        zc_xdoc_free(doc);
    }
    assert_int_equal(zc_xdb_commit(db, &err), ZC_OK);
    zc_xdb_free(db);
}

/* -------------------------------------------------------------- servers */

static int tcpsrv_installed(void)
{
    return system("command -v xapian-tcpsrv >/dev/null 2>&1") == 0;
}

/* xapian-tcpsrv in a process group of its own: it forks a child per
 * connection, and killing the group takes those down too. */
static pid_t serve(const char *dir, unsigned port)
{
    char p[16];
    snprintf(p, sizeof p, "%u", port);
    pid_t pid = fork();
    if (pid == 0) {
        setpgid(0, 0);
        int null = open("/dev/null", O_WRONLY);
        dup2(null, 1);
        dup2(null, 2);
        execlp("xapian-tcpsrv", "xapian-tcpsrv", "--port", p, "--interface", "127.0.0.1", "--quiet",
               dir, (char *)NULL);
        _exit(127);
    }
    assert_true(pid > 0);
    setpgid(pid, pid);
    for (int i = 0; i < 200 && !zc_test_accepts(port); i++) {
        struct timespec ts = {0, 50 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    if (!zc_test_accepts(port))
        fail_msg("xapian-tcpsrv on port %u did not start", port);
    return pid;
}

static void stop(int i)
{
    if (servers[i] > 0) {
        kill(-servers[i], SIGKILL);
        waitpid(servers[i], NULL, 0);
        servers[i] = 0;
    }
}

static int setup(void **state)
{
    (void)state;
    tmp = zc_test_tmpdir();
    if (!tmp)
        return -1;
    have_tcpsrv = tcpsrv_installed();
    if (!have_tcpsrv)
        return 0;
    build_indexes();
    for (int k = 0; k < N_SHARDS; k++) {
        char name[16];
        snprintf(name, sizeof name, "shard%d", k);
        if (k < N_SERVED) {
            ports[k] = zc_test_free_port();
            servers[k] = serve(path_of(name), ports[k]);
            snprintf(specs[k], sizeof specs[k], "tcp://127.0.0.1:%u", ports[k]);
        } else {
            snprintf(specs[k], sizeof specs[k], "%s", path_of(name));
        }
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    for (int i = 0; i < N_SERVED; i++)
        stop(i);
    zc_test_rmtree(tmp);
    free(tmp);
    return 0;
}

static zc_index *open_cluster(int flags)
{
    const char *s[N_SHARDS] = {specs[0], specs[1], specs[2]};
    zc_index *ix = NULL;
    zc_error err;
    if (zc_index_open_cluster(s, N_SHARDS, flags, &ix, &err))
        fail_msg("%s", err.message);
    return ix;
}

/* ----------------------------------------------------------- equivalence */

typedef struct query {
    char text[256];
    const char *region;
    int year_lo, year_hi, any;
    unsigned offset;
} query;

static size_t make_queries(query *q, size_t max)
{
    size_t n = 0;
#define ADD(...)                                                                                   \
    do {                                                                                           \
        if (n < max) {                                                                             \
            memset(&q[n], 0, sizeof q[n]);                                                         \
            snprintf(q[n].text, sizeof q[n].text, __VA_ARGS__);                                    \
            n++;                                                                                   \
        }                                                                                          \
    } while (0)
    static const char *const fixed[] = {
        "新余",
        "锂电",
        "高新区",
        "新余 锂电",
        "\"江西新余 做优\"",
        "锂电 OR 光伏 -煤炭",
        "region:江西 year:2024..2026 新能源",
        "规上工业",
        "5G",
        "新",
        "工作报告",
        "title:报告",
        "(锂电 OR 光伏) 投资",
        "year:2020..2022",
        "region:广东 NOT 深圳",
        "亿元",
    };
    for (size_t i = 0; i < sizeof fixed / sizeof *fixed; i++)
        ADD("%s", fixed[i]);
    for (size_t i = 0; i < N_TOPICS; i++) {
        ADD("%s", topics[i]);
        ADD("\"推进%s\"", topics[i]);
        ADD("year:%d..%d %s", 2016 + (int)(i % 5), 2019 + (int)(i % 5), topics[i]);
        for (size_t k = 1; k <= 3; k++) {
            const char *b = topics[(i + k) % N_TOPICS];
            ADD("%s %s", topics[i], b);
            ADD("%s OR %s", topics[i], b);
            ADD("%s -%s", topics[i], b);
        }
        ADD("%s", topics[i]);
        q[n - 1].any = 1;
        q[n - 1].offset = 3;
    }
    for (size_t i = 0; i < N_REGIONS; i++) {
        ADD("region:%s %s", regions[i], topics[i % N_TOPICS]);
        ADD("%s OR 投资", topics[(i * 5) % N_TOPICS]);
        q[n - 1].region = regions[i];
        q[n - 1].year_lo = 2018;
    }
#undef ADD
    return n;
}

static void same_results(const query *q, const zc_results *a, const zc_results *b)
{
    if (zc_results_total(a) != zc_results_total(b))
        fail_msg("%s: total %llu vs %llu", q->text, (unsigned long long)zc_results_total(a),
                 (unsigned long long)zc_results_total(b));
    assert_int_equal(zc_results_any_total(a), zc_results_any_total(b));
    assert_int_equal(zc_results_count(a), zc_results_count(b));
    for (size_t i = 0; i < zc_results_count(a); i++) {
        const zc_hit *x = zc_results_hit(a, i), *y = zc_results_hit(b, i);
        if (strcmp(x->id, y->id) != 0 || fabs(x->score - y->score) > 1e-9 * fabs(x->score))
            fail_msg("%s: hit %zu is %s (%.17g) in one index, %s (%.17g) in shards", q->text, i + 1,
                     x->id, x->score, y->id, y->score);
        assert_string_equal(x->snippet, y->snippet);
    }
    for (int k = ZC_FACET_REGION; k <= ZC_FACET_YEAR; k++) {
        size_t n = zc_results_facet_count(a, (zc_facet_kind)k);
        if (n != zc_results_facet_count(b, (zc_facet_kind)k))
            fail_msg("%s: %zu facets vs %zu", q->text, n,
                     zc_results_facet_count(b, (zc_facet_kind)k));
        for (size_t i = 0; i < n; i++) {
            const zc_facet *x = zc_results_facet(a, (zc_facet_kind)k, i);
            const zc_facet *y = zc_results_facet(b, (zc_facet_kind)k, i);
            if (strcmp(x->value, y->value) != 0 || x->count != y->count)
                fail_msg("%s: facet %s %llu vs %s %llu", q->text, x->value,
                         (unsigned long long)x->count, y->value, (unsigned long long)y->count);
        }
    }
    assert_int_equal(zc_results_warning_count(b), 0);
}

static void test_equivalence(void **state)
{
    (void)state;
    if (!have_tcpsrv)
        skip();
    zc_index *single = NULL, *cluster = open_cluster(ZC_OPEN_READ);
    zc_error err;
    assert_int_equal(zc_index_open(path_of("single"), ZC_OPEN_READ, &single, &err), ZC_OK);
    zc_index_info ia, ib;
    assert_int_equal(zc_index_get_info(single, &ia, &err), ZC_OK);
    assert_int_equal(zc_index_get_info(cluster, &ib, &err), ZC_OK);
    assert_int_equal(ia.documents, ib.documents);
    assert_int_equal(ia.documents, 5 + N_GENERATED);

    static query qs[400];
    size_t nq = make_queries(qs, 400);
    size_t hits = 0, nonempty = 0;
    for (size_t i = 0; i < nq; i++) {
        zc_search_options o;
        zc_search_options_init(&o, ZC_SEARCH_OPTIONS_VERSION);
        o.limit = 30;
        o.offset = qs[i].offset;
        o.region = qs[i].region;
        o.year_lo = qs[i].year_lo;
        o.any = qs[i].any;
        zc_results *a = NULL, *b = NULL;
        zc_error ea, eb;
        int ra = zc_search(single, qs[i].text, &o, &a, &ea);
        int rb = zc_search(cluster, qs[i].text, &o, &b, &eb);
        if (ra != rb)
            fail_msg("%s: %d (%s) vs %d (%s)", qs[i].text, ra, ra ? ea.message : "", rb,
                     rb ? eb.message : "");
        if (ra == ZC_OK) {
            same_results(&qs[i], a, b);
            hits += zc_results_count(a);
            nonempty += zc_results_total(a) > 0;
        }
        zc_results_free(a);
        zc_results_free(b);
    }
    printf("# %zu queries (%zu matching), %zu hits compared\n", nq, nonempty, hits);
    assert_true(nq >= 200);
    assert_true(nonempty * 10 >= nq * 8);
    zc_index_free(single);
    zc_index_free(cluster);
}

/* --------------------------------------------------------- killed shard */

static void test_killed_shard(void **state)
{
    (void)state;
    if (!have_tcpsrv)
        skip();
    zc_index *strict = open_cluster(ZC_OPEN_READ);
    zc_index *partial = open_cluster(ZC_OPEN_ALLOW_PARTIAL);
    zc_results *r = NULL;
    zc_error err;
    /* Connected, with a pooled connection to each server... */
    assert_int_equal(zc_search(strict, "投资", NULL, &r, &err), ZC_OK);
    uint64_t all = zc_results_total(r);
    zc_results_free(r);
    assert_int_equal(zc_search(partial, "投资", NULL, &r, &err), ZC_OK);
    assert_int_equal(zc_results_warning_count(r), 0);
    zc_results_free(r);

    /* ...then server 1 goes away mid-run. */
    stop(1);
    assert_int_equal(zc_search(strict, "投资", NULL, &r, &err), ZC_ERR_NETWORK);
    assert_null(r);
    assert_non_null(strstr(err.message, specs[1]));
    printf("# default: %s\n", err.message);

    assert_int_equal(zc_search(partial, "投资", NULL, &r, &err), ZC_OK);
    assert_int_equal(zc_results_warning_count(r), 1);
    assert_non_null(strstr(zc_results_warning(r, 0), specs[1]));
    printf("# partial: %s\n", zc_results_warning(r, 0));
    /* What the two others hold. */
    const char *rest[2] = {specs[0], specs[2]};
    zc_index *two = NULL;
    zc_results *r2 = NULL;
    assert_int_equal(zc_index_open_cluster(rest, 2, ZC_OPEN_READ, &two, &err), ZC_OK);
    assert_int_equal(zc_search(two, "投资", NULL, &r2, &err), ZC_OK);
    assert_true(zc_results_total(r) < all);
    assert_int_equal(zc_results_total(r), zc_results_total(r2));
    assert_int_equal(zc_index_warning_count(partial), 1);
    zc_results_free(r);
    zc_results_free(r2);
    zc_index_free(two);
    /* Later searches leave the shard out without asking again. */
    assert_int_equal(zc_search(partial, "锂电", NULL, &r, &err), ZC_OK);
    assert_int_equal(zc_results_warning_count(r), 1);
    zc_results_free(r);
    zc_index_free(strict);
    zc_index_free(partial);

    /* The command: exit 2 naming the shard, or the others' results with a
     * warning on stderr and in JSON. */
    char cluster_file[3 * sizeof specs[0] + 64];
    snprintf(cluster_file, sizeof cluster_file, "# the test's shards\n%s\n\n  %s\n%s\n", specs[0],
             specs[1], specs[2]);
    free(zc_test_write_file(tmp, "cluster.txt", cluster_file, strlen(cluster_file)));
    zc_test_run run = zc_test_cli(tmp, "search --db '%s' 投资", path_of("cluster.txt"));
    assert_int_equal(run.status, 2);
    assert_non_null(strstr(run.err, specs[1]));
    zc_test_run_free(&run);
    run = zc_test_cli(tmp, "search --db '%s' --db '%s' --db '%s' --allow-partial 投资", specs[0],
                      specs[1], specs[2]);
    assert_int_equal(run.status, 0);
    assert_non_null(strstr(run.err, "warning"));
    assert_non_null(strstr(run.err, specs[1]));
    assert_non_null(strstr(run.out, "documents matched"));
    zc_test_run_free(&run);
    run = zc_test_cli(tmp, "search --db '%s' --allow-partial --json 投资", path_of("cluster.txt"));
    assert_int_equal(run.status, 0);
    assert_non_null(strstr(run.out, "\"warnings\":[\"shard 2 of 3"));
    zc_test_run_free(&run);
}

static void test_shard_of(void **state)
{
    (void)state;
    /* Fixed by XXH64: the same on every machine and release. */
    assert_int_equal(zc_shard_of("a", 0), 0);
    assert_int_equal(zc_shard_of("a", 1), 0);
    unsigned counts[4] = {0};
    for (int i = 0; i < 4000; i++) {
        char key[32];
        snprintf(key, sizeof key, "/archive/%d.txt", i);
        unsigned k = zc_shard_of(key, 4);
        assert_true(k < 4);
        assert_int_equal(zc_shard_of(key, 4), k);
        counts[k]++;
    }
    for (int k = 0; k < 4; k++)
        assert_in_range(counts[k], 850, 1150);
}

static void test_bad_specs(void **state)
{
    (void)state;
    zc_index *ix = NULL;
    zc_error err;
    const char *bad[] = {"tcp://127.0.0.1", "tcp://:7000", "tcp://h:0", "tcp://h:99999"};
    for (size_t i = 0; i < 4; i++) {
        assert_int_equal(zc_index_open_cluster(&bad[i], 1, ZC_OPEN_READ, &ix, &err),
                         ZC_ERR_INVALID);
        assert_null(ix);
    }
    const char *gone[] = {path_of("no-such-index")};
    assert_int_equal(zc_index_open_cluster(gone, 1, ZC_OPEN_ALLOW_PARTIAL, &ix, &err),
                     ZC_ERR_NOT_FOUND);
    assert_int_equal(zc_index_open_cluster(gone, 1, ZC_OPEN_WRITE, &ix, &err), ZC_ERR_INVALID);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shard_of),
        cmocka_unit_test(test_bad_specs),
        cmocka_unit_test(test_equivalence),
        cmocka_unit_test(test_killed_shard),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
