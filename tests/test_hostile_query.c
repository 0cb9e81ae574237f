/* Hostile queries for `zhengce search`: operators alone, unbalanced
 * quotes and parentheses and invalid bytes get exit status 2 and a message
 * pointing into the query, never a crash; 100 KB and 1 MB queries answer
 * or are refused within a second and 100 MB; the index stays intact. */
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "hostile_fixture.h"
#include "test_util.h"
#include "zhengce.h"

/* Runs `zhengce search --db db -- query` without a shell (the query may be
 * longer than a command line buffer). */
static zc_test_run search_argv(hx *h, const char *db, const char *query)
{
    char outp[4200], errp[4200];
    snprintf(outp, sizeof outp, "%s/.qout", h->tmp);
    snprintf(errp, sizeof errp, "%s/.qerr", h->tmp);
    const char *cli = getenv("ZC_CLI");
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        int o = open(outp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        int e = open(errp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        dup2(o, 1);
        dup2(e, 2);
        execl(cli, cli, "search", "--db", db, "--", query, (char *)NULL);
        _exit(127);
    }
    int st;
    waitpid(pid, &st, 0);
    return zc_test_collect(st, outp, errp);
}

static void query_expect(hx *h, const char *db, const char *q, int status, const char *frag)
{
    zc_test_run r = search_argv(h, db, q);
    h->inputs++;
    no_crash(&r, q);
    if (r.status != status)
        fail_msg("query [%.80s]: status %d, expected %d: %.300s", q, r.status, status, r.err);
    if (status == 2 && (!strstr(r.err, "bad query") || (frag && !strstr(r.err, frag))))
        fail_msg("query [%.80s]: no '%s' in: %.300s", q, frag ? frag : "bad query", r.err);
    zc_test_run_free(&r);
}

static void test_queries(void **state)
{
    hx *h = *state;
    char *db = good_db(h, "queries-db");
    static const struct {
        const char *q;
        int status;
        const char *frag;
    } cases[] = {
        /* only operators */
        {"AND", 2, "AND at character 1"},
        {"OR OR", 2, "OR at character 1"},
        {"NOT", 2, "NOT at character 1"},
        {"AND OR NOT", 2, "character 1"},
        {"-", 2, "lone '-' at character 1"},
        {"---", 2, "lone '-'"},
        {"( ) -", 2, "character"},
        {"+", 1, NULL},
        {":", 1, NULL},
        {"region:", 2, "empty value for region:"},
        {"year:..", 2, "year range without a year"},
        {"year:abc", 2, "character"},
        /* unbalanced quotes and parentheses */
        {"\"", 2, "unbalanced quote at character 1"},
        {"\"新余", 2, "unbalanced quote at character 1"},
        {"新余\"", 2, "unbalanced quote at character 3"},
        {"\"新余\" \"", 2, "unbalanced quote at character 6"},
        {"\xE2\x80\x9C新余", 2, "unbalanced quote"},
        {"(新余", 2, "unbalanced '(' at character 1"},
        {"新余)", 2, "unbalanced ')' at character 3"},
        {"((新余)", 2, "unbalanced '('"},
        {"（新余", 2, "unbalanced '('"},
        {"\"(\"", 1, NULL},
        {"(\")", 2, "unbalanced"},
        {"()", 2, "empty parentheses"},
        /* bytes */
        {"新余\xFF", 2, "not valid UTF-8"},
        {"\xC0\xAF", 2, "not valid UTF-8"},
        {"\xED\xA0\x80", 2, "not valid UTF-8"},
        {" \t ", 2, "empty query"},
        /* and ones that are fine */
        {"ZCGOOD", 0, NULL},
        {"\"新余 高新区\"", 0, NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        query_expect(h, db, cases[i].q, cases[i].status, cases[i].frag);

    intact(h, db);
    free(db);
}

/* ------------------------------------------------------------ bounds */

/* No query takes more than linear time in its length (docs/query.md): a
 * 100 KB or 1 MB query answers or fails within a second of CPU time and
 * 100 MB of memory over a trivial search. Under AddressSanitizer the time
 * bound is ten times as long and memory is not bounded (its shadow memory
 * is no measure). Wall time is bounded too, four times as generously:
 * the machine may be shared, and CPU time is what the query costs. */
#if defined(__SANITIZE_ADDRESS__)
#define SLOWER 10.0
#define MEMORY_BOUNDED 0
#else
#define SLOWER 1.0
#define MEMORY_BOUNDED 1
#endif
#define CPU_BOUND (1.0 * SLOWER)
#define WALL_BOUND (4.0 * SLOWER)
#define MEMORY_BOUND_KB (100L << 10)

/* A search as one child process: its outcome and what it cost. */
typedef struct cost {
    zc_test_run r;
    double wall, cpu; /* seconds */
    long rss_kb;      /* peak resident memory */
    int killed;       /* still running at twice the wall bound */
} cost;

/* Runs `zhengce search --db db --no-facets -- WORDS` where the words are
 * the query cut at blanks into arguments of at most 96 KB (the command
 * joins them with one blank; one argument may hold 128 KB), or at every
 * blank when `each`, or, when it has no blank to cut at, zc_search in the
 * child itself. */
static cost search_bounded(hx *h, const char *db, const char *query, int each)
{
    char outp[4200], errp[4200];
    snprintf(outp, sizeof outp, "%s/.bout", h->tmp);
    snprintf(errp, sizeof errp, "%s/.berr", h->tmp);
    size_t len = strlen(query), nargs = 0;
    char *copy = strdup(query), **argv = calloc((each ? len / 2 : len / 1024) + 16, sizeof *argv);
    assert_true(copy && argv);
    const char *cli = getenv("ZC_CLI");
    argv[nargs++] = (char *)cli;
    argv[nargs++] = "search";
    argv[nargs++] = "--db";
    argv[nargs++] = (char *)db;
    argv[nargs++] = "--no-facets";
    argv[nargs++] = "--";
    int api = 0;
    for (char *p = copy; *p && !api;) {
        char *e = p + strlen(p), *blank = each ? strchr(p, ' ') : NULL;
        if (blank) {
            *blank = '\0';
            e = blank + 1;
        } else if ((size_t)(e - p) > (96u << 10)) {
            e = p + (96u << 10);
            while (e > p && *e != ' ')
                e--;
            if (e == p)
                api = 1; /* 96 KB without a blank */
            else
                *e++ = '\0';
        }
        argv[nargs++] = p;
        p = e;
    }
    double t0 = zc_test_now();
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        int o = open(outp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        int e = open(errp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        dup2(o, 1);
        dup2(e, 2);
        if (!api) {
            execv(cli, argv);
            _exit(127);
        }
        zc_index *ix = NULL;
        zc_results *res = NULL;
        zc_search_options so;
        zc_error err;
        zc_search_options_init(&so, ZC_SEARCH_OPTIONS_VERSION);
        so.facets = 0;
        int rc = zc_index_open(db, ZC_OPEN_READ, &ix, &err);
        if (rc == ZC_OK)
            rc = zc_search(ix, query, &so, &res, &err);
        if (rc)
            fprintf(stderr, "zhengce: bad query: %s\n", err.message);
        int st = rc == ZC_ERR_QUERY ? 2 : rc ? 3 : zc_results_total(res) ? 0 : 1;
        zc_results_free(res);
        zc_index_free(ix);
        _exit(st);
    }
    /* Past twice the bound it has failed: ended, not waited for. */
    int st, killed = 0;
    struct rusage ru;
    pid_t got;
    while ((got = wait4(pid, &st, WNOHANG, &ru)) == 0) {
        if (!killed && zc_test_now() - t0 > 2 * WALL_BOUND)
            killed = kill(pid, SIGKILL) == 0;
        usleep(10000);
    }
    assert_int_equal(got, pid);
    cost c = {zc_test_collect(st, outp, errp), zc_test_now() - t0,
              (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + (double)ru.ru_stime.tv_sec +
                  ru.ru_stime.tv_usec / 1e6,
              ru.ru_maxrss, killed};
    free(argv);
    free(copy);
    return c;
}

/* A query of about `bytes` bytes: head, then unit repeated (with sep, a
 * blank before each copy but at the very start), then tail. malloc'd. */
static char *repeat(const char *head, const char *unit, int sep, const char *tail, size_t bytes)
{
    size_t hl = strlen(head), ul = strlen(unit), tl = strlen(tail), n = hl;
    char *q = malloc(bytes + ul + hl + tl + 8);
    assert_non_null(q);
    memcpy(q, head, hl);
    while (n + ul + tl < bytes) {
        if (sep && n > 0)
            q[n++] = ' ';
        memcpy(q + n, unit, ul);
        n += ul;
    }
    memcpy(q + n, tail, tl + 1);
    return q;
}

/* The words the generated reports are made of. */
static const char *const words[] = {
    "新能源",   "汽车", "产业", "发展", "经济", "社会",   "建设", "推进",   "加快",
    "创新",     "改革", "开放", "服务", "企业", "项目",   "投资", "政策",   "市场",
    "制造业",   "数字", "农业", "乡村", "振兴", "生态",   "环境", "保护",   "绿色",
    "低碳",     "能源", "电力", "光伏", "风电", "储能",   "氢能", "锂电",   "电池",
    "科技",     "人才", "教育", "医疗", "卫生", "文化",   "旅游", "消费",   "交通",
    "城市",     "区域", "协调", "安全", "治理", "民生",   "就业", "收入",   "保障",
    "住房",     "养老", "财政", "金融", "税收", "外贸",   "园区", "高新区", "集群",
    "规模以上", "工业", "增长", "质量", "效益", "生产力", "新质", "营商",   "环境",
};
#define NWORDS (sizeof words / sizeof *words)

/* Writes `files` reports of about 6 KB each into dir: a title, then
 * sentences of the words above in a seeded order; every 50th holds 龘. */
static void write_corpus(const char *dir, unsigned files)
{
    uint32_t seed = 20250607;
    char name[64];
    for (unsigned f = 0; f < files; f++) {
        char *t = malloc(8000);
        assert_non_null(t);
        size_t n = (size_t)snprintf(t, 8000, "关于%s%s工作的报告（第%u号）%s\n", words[f % NWORDS],
                                    words[(f / NWORDS) % NWORDS], f, f % 50 ? "" : "龙行龘龘");
        while (n < 6000) {
            for (int k = 0; k < 12; k++) {
                seed = seed * 1103515245u + 12345u;
                const char *w = words[(seed >> 8) % NWORDS];
                memcpy(t + n, w, strlen(w));
                n += strlen(w);
            }
            const char *end = (seed >> 4) % 5 ? "，" : "。\n";
            memcpy(t + n, end, strlen(end));
            n += strlen(end);
        }
        snprintf(name, sizeof name, "r%04u.txt", f);
        free(zc_test_write_file(dir, name, t, n));
        free(t);
    }
}

/* One attack: a query of about `bytes` bytes, and what it must give: an
 * exit status among `ok` (a bit per status 0, 1, 2) and, refused, a
 * fragment of the message. */
typedef struct attack {
    const char *what;
    char *query;
    unsigned ok;
    const char *frag;
    int each; /* each word an argument of its own */
} attack;

#define ANSWERS 3u /* 0 or 1 */
#define REFUSED 4u

/* Two-character words of the corpus that have no synonyms: each is one
 * phrase searched for on its own as a side of OR or an exclusion. */
static const char *const sides[] = {
    "农村", "汽车", "产业", "发展", "经济", "社会", "建设", "推进", "加快", "创新", "改革", "开放",
    "服务", "企业", "项目", "投资", "政策", "市场", "制造", "数字", "农业", "乡村", "振兴", "生态",
    "环境", "保护", "绿色", "低碳", "能源", "电力", "光伏", "风电", "储能", "氢能", "电池", "科技",
    "人才", "教育", "医疗", "卫生", "文化", "旅游", "消费", "交通", "城市", "区域", "协调", "安全",
    "治理", "民生", "就业", "收入", "保障", "住房", "养老", "财政", "金融", "税收", "外贸", "园区",
    "高新", "集群", "规模", "质量", "效益", "营商", "工业", "增长", "生产",
};

/* head, then n of the sides above from the from-th on, each with prefix,
 * joined by sep. malloc'd. */
static char *side_list(const char *head, size_t n, size_t from, const char *prefix, const char *sep)
{
    size_t cap = strlen(head) + n * 16 + 16, len = strlen(head);
    char *q = malloc(cap);
    assert_non_null(q);
    assert_true(from + n <= sizeof sides / sizeof *sides);
    strcpy(q, head);
    for (size_t i = 0; i < n; i++)
        len +=
            (size_t)snprintf(q + len, cap - len, "%s%s%s", i ? sep : "", prefix, sides[from + i]);
    return q;
}

static attack mk(const char *what, char *query, unsigned ok, const char *frag)
{
    return (attack){what, query, ok, frag, 0};
}

static size_t attacks(attack *a)
{
    const size_t kb100 = 100u << 10, mb = 1u << 20;
    size_t n = 0;
    for (int big = 0; big < 2; big++) {
        size_t b = big ? mb : kb100;
        const char *over = big ? "at most 262144 bytes" : NULL;
        char *ten = malloc(b + 64);
        assert_non_null(ten);
        ten[0] = '\0';
        for (int k = 0; k < 10; k++) {
            char *kw = repeat(k ? " " : "", "新能源汽车产业", 0, "", b / 10);
            strcat(ten, kw);
            free(kw);
        }
        a[n++] = mk("one keyword", repeat("", "新能源汽车产业", 0, "", b), REFUSED,
                    over ? over : "more than 1000 characters");
        a[n++] = mk("ten keywords", ten, REFUSED, over ? over : "more than 1000 characters");
        a[n++] = mk("many keywords", repeat("", "新能源", 1, "", b), REFUSED,
                    over ? over : "more than 1000 words");
        a[n++] = mk("a phrase", repeat("\"", "新能源", 0, "\"", b), REFUSED,
                    over ? over : "more than 1000 characters");
        a[n++] = mk("a phrase of blanks", repeat("\"", "x", 1, "\"", b), REFUSED,
                    over ? over : "more than 1000 characters");
        a[n++] = mk("nesting", repeat("", "(", 1, "新能源", b), REFUSED,
                    over ? over : "nested deeper than 64 levels");
        a[n++] = mk("quotes", repeat("", "\"", 0, "", b), REFUSED, "character");
        a[n++] = mk("many ORs", repeat("新能源", "OR 风电", 1, "", b), REFUSED,
                    over ? over : "more than 1000 words");
        a[n++] =
            mk("OR alone", repeat("", "OR", 1, "", b), REFUSED, over ? over : "OR at character 1");
        a[n++] = mk("many filters", repeat("新能源", "year:2020", 1, "", b), REFUSED,
                    over ? over : "more than 1000 words");
        a[n++] = mk("many exclusions", repeat("新能源", "-煤炭", 1, "", b), REFUSED,
                    over ? over : "more than 1000 words");
        a[n++] = mk("a rare character", repeat("", "龘", 0, "", b), REFUSED,
                    over ? over : "more than 1000 characters");
        a[n++] = mk("an absent character", repeat("", "\xF0\xAA\x9A\xA5", 0, "", b), REFUSED,
                    over ? over : "more than 1000 characters");
    }
    /* 100,000 arguments, which the command joins into one query. */
    a[n++] = mk("100,000 words as arguments", repeat("", "a", 1, "", 200000), REFUSED,
                "more than 1000 words");
    a[n - 1].each = 1;
    /* At the limits: searched. */
    a[n++] = mk("a keyword of 1000 characters", repeat("", "新能源汽车产业", 0, "", 2990), ANSWERS,
                NULL);
    a[n++] = mk("a keyword of 333 × 新能源", repeat("", "新能源", 0, "", 2999), ANSWERS, NULL);
    a[n++] = mk("a phrase of 333 × 新能源", repeat("\"", "新能源", 0, "\"", 3001), ANSWERS, NULL);
    a[n++] =
        mk("a title of 333 × 新能源", repeat("title:\"", "新能源", 0, "\"", 3007), ANSWERS, NULL);
    a[n++] = mk("333 keywords 新能源", repeat("", "新能源", 1, "", 3330), ANSWERS, NULL);
    a[n++] = mk("1000 × 龘", repeat("", "龘", 0, "", 3000), ANSWERS, NULL);
    a[n++] =
        mk("1000 absent characters", repeat("", "\xF0\xAA\x9A\xA5", 0, "", 4000), ANSWERS, NULL);
    a[n++] =
        mk("500 absent keywords", repeat("新能源", "\xF0\xAA\x9A\xA5", 1, "", 2510), ANSWERS, NULL);
    a[n++] = mk("64 sides of OR", side_list("", 64, 0, "", " OR "), ANSWERS, NULL);
    a[n++] = mk("64 exclusions", side_list("新能源 ", 64, 1, "-", " "), ANSWERS, NULL);
    a[n++] = mk("64 levels of parentheses", repeat("", "(", 0, "新能源", 74), ANSWERS, NULL);
    a[n++] =
        mk("998 filters", repeat("新能源", "year:2020..2030", 1, "", 998 * 16 + 8), ANSWERS, NULL);
    a[n++] = mk("65 sides of OR", side_list("", 65, 0, "", " OR "), REFUSED,
                "more than 64 of its words");
    /* Nothing matches: the looser query, 66 sides of OR, is not counted. */
    a[n++] = mk("65 words and an absent one", side_list("\xF0\xAA\x9A\xA5 ", 65, 0, "", " "),
                ANSWERS, NULL);
    return n;
}

/* Runs every attack on db (of a corpus that holds 新能源): each must give
 * its outcome within the bounds, and the index stays intact. Prints the
 * figures of docs/reliability.md. */
static void run_attacks(hx *h, const char *db)
{
    cost base = search_bounded(h, db, "新能源", 0);
    assert_int_equal(base.r.status, 0);
    print_message("# a trivial search: %.2f s, %ld MB\n", base.wall, base.rss_kb >> 10);
    attack a[64];
    size_t n = attacks(a);
    for (size_t i = 0; i < n; i++) {
        const char *q = a[i].query;
        /* Parentheses closed, when the attack opened some: a refusal
         * must be the one wanted, not an unbalanced one. */
        char *closed = NULL;
        if (strncmp(a[i].what, "nesting", 7) == 0 || strncmp(a[i].what, "64 levels", 9) == 0) {
            size_t opens = 0;
            for (const char *p = q; *p; p++)
                opens += *p == '(';
            closed = malloc(strlen(q) + opens + 1);
            assert_non_null(closed);
            strcpy(closed, q);
            memset(closed + strlen(q), ')', opens);
            closed[strlen(q) + opens] = '\0';
            q = closed;
        }
        cost c = search_bounded(h, db, q, a[i].each);
        h->inputs++;
        if (c.killed)
            fail_msg("%s (%zu bytes): still running after %.0f s, killed", a[i].what, strlen(q),
                     2 * WALL_BOUND);
        no_crash(&c.r, a[i].what);
        long over = c.rss_kb - base.rss_kb;
        print_message("# %-30s %8zu bytes  %5.2f s (CPU %5.2f s)  %4ld MB  exit %d\n", a[i].what,
                      strlen(q), c.wall, c.cpu, c.rss_kb >> 10, c.r.status);
        if (c.r.status < 0 || c.r.status > 2 || !(a[i].ok >> c.r.status & 1))
            fail_msg("%s (%zu bytes): exit %d: %.300s", a[i].what, strlen(q), c.r.status, c.r.err);
        if (c.r.status == 2 &&
            (!strstr(c.r.err, "bad query") || (a[i].frag && !strstr(c.r.err, a[i].frag))))
            fail_msg("%s: no '%s' in: %.300s", a[i].what, a[i].frag ? a[i].frag : "bad query",
                     c.r.err);
        if (c.cpu > CPU_BOUND || c.wall > WALL_BOUND)
            fail_msg("%s (%zu bytes): %.2f s (CPU %.2f s), more than %.0f s", a[i].what, strlen(q),
                     c.wall, c.cpu, CPU_BOUND);
        if (MEMORY_BOUNDED && over > MEMORY_BOUND_KB)
            fail_msg("%s (%zu bytes): %ld MB more than a trivial search", a[i].what, strlen(q),
                     over >> 10);
        zc_test_run_free(&c.r);
        free(closed);
        free(a[i].query);
    }
    zc_test_run_free(&base.r);
}

static void test_bounds(void **state)
{
    hx *h = *state;
    char *dir = fresh_dir(h, "corpus"), *db = good_db(h, "bounds-db");
    write_corpus(dir, 400);
    zc_test_run r = index_expect(h, db, dir, 0, NULL);
    zc_test_run_free(&r);
    run_attacks(h, db);
    intact(h, db);
    free(dir);
    free(db);
}

/* The same on the 1,423 news transcripts of ../shared/data/news-xwlb. */
static void test_bounds_news(void **state)
{
    hx *h = *state;
    char *news = zc_test_data_path("news-xwlb");
    struct stat st;
    if (!news || stat(news, &st) != 0) {
        free(news);
        skip();
    }
    char *db = good_db(h, "news-db");
    zc_test_run r = zc_test_cli(h->tmp, "index --db '%s' '%s'", db, news);
    no_crash(&r, news);
    assert_true(r.status == 0 || r.status == 1); /* catalogue.json is skipped */
    zc_test_run_free(&r);
    run_attacks(h, db);
    intact(h, db);
    free(db);
    free(news);
}

static int setup(void **state)
{
    return hostile_setup(state, "queries");
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_queries, setup, hostile_teardown),
        cmocka_unit_test_setup_teardown(test_bounds, setup, hostile_teardown),
    };
    const struct CMUnitTest data[] = {
        cmocka_unit_test_setup_teardown(test_bounds_news, setup, hostile_teardown),
    };
    return zc_test_main(argc, argv, tests, sizeof tests / sizeof *tests, data,
                        sizeof data / sizeof *data);
}
