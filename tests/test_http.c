/* The HTTP server (http/, zhengce serve --http) end to end, on an index of
 * corpus/: /search gives the JSON `zhengce search --json` prints for the
 * same query and options (every field but took_ms, byte for byte), and
 * the research routes what trend, kwic, similar and keywords print; bad
 * requests get their 4xx status and a JSON message, and the server answers
 * on after each and after the malformed queries; it listens on loopback
 * unless told otherwise and sees an indexer's commits. Its connections:
 * test_http_conn.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>

#include "http_client.h"
#include "http_fixture.h"
#include "malformed_queries.h"
#include "test_util.h"
#include "zhengce.h"

/* s without its "took_ms" member (the one field that differs run to run). */
static char *without_took(const char *s)
{
    char *o = strdup(s);
    assert_non_null(o);
    char *t = strstr(o, "\"took_ms\":");
    assert_non_null(t);
    char *end = strchr(t, ',');
    assert_non_null(end);
    memmove(t, end + 1, strlen(end + 1) + 1);
    return o;
}

static void test_search_as_cli(void **state)
{
    zc_test_http_env *e = *state;
    static const struct {
        const char *q, *cli, *params;
    } cases[] = {
        {"新余", "", ""},
        {"高新区", "--limit 3", "&limit=3"},
        {"锂电", "--offset 1 --limit 2", "&offset=1&limit=2"},
        {"新余", "--sort date", "&sort=date"},
        {"新余", "--sort date-asc --limit 3", "&sort=date-asc&limit=3"},
        {"工业", "--region 新余", "&region=%E6%96%B0%E4%BD%99"},
        {"工业", "--year 2024", "&year=2024"},
        {"工业", "--year 2020..2025", "&year=2020..2025"},
        {"新型工业强市", "--match words", "&match=words"},
        {"新余 锂电 产业", "--any", "&any=1"},
        {"发展 OR 改革", "", ""},
        {"新余 -锂电", "", ""},
        {"\"新型工业\"", "", ""},
        {"title:新余", "", ""},
        {"江西", "--no-facets", "&facets=0"},
        {"规上", "--no-synonyms", "&synonyms=0"},
        {"不存在的词汇组合", "", ""},
        {"新余", "--limit 0", "&limit=0"},
        {"新余 year:2024..2026", "--offset 2", "&offset=2"},
        {"高质量发展", "--region 江西 --sort date", "&region=%E6%B1%9F%E8%A5%BF&sort=date"},
        {"经济 OR 产业", "--limit 20", "&limit=20"},
    };
    size_t n = sizeof cases / sizeof *cases, matched = 0;
    for (size_t i = 0; i < n; i++) {
        zc_test_run r = zc_test_cli(e->tmp, "search --db '%s' --json %s -- '%s'", e->db,
                                    cases[i].cli, cases[i].q);
        if (r.status != 0 && r.status != 1)
            fail_msg("search %s: status %d: %s", cases[i].q, r.status, r.err);
        char *q = zc_http_escape(cases[i].q);
        char target[1024];
        snprintf(target, sizeof target, "/search?q=%s%s", q, cases[i].params);
        free(q);
        zc_http_got g = zc_http_get(e->port, "GET", target, NULL);
        if (g.status != 200)
            fail_msg("%s: status %d: %s", target, g.status, g.body ? g.body : "");
        assert_non_null(strstr(g.head, "application/json"));
        char *a = without_took(g.body), *b = without_took(r.out);
        if (strcmp(a, b) != 0)
            fail_msg("%s differs from search --json %s '%s':\n%s\n%s", target, cases[i].cli,
                     cases[i].q, a, b);
        json_t *j = json_loads(g.body, 0, NULL);
        assert_non_null(j);
        matched += json_integer_value(json_object_get(j, "total")) > 0;
        json_decref(j);
        free(a);
        free(b);
        zc_http_got_free(&g);
        zc_test_run_free(&r);
    }
    /* Most queries find something, so the comparison covers hits and
     * facets, not only empty results. */
    assert_true(matched >= n - 2);

    /* The filter parameters are the query language's filters. */
    static const struct {
        const char *target, *query;
    } filters[] = {
        {"/search?q=%E6%96%B0%E4%BD%99&type=%E6%96%B0%E9%97%BB", "新余 type:新闻"},
        {"/search?q=%E6%96%B0%E4%BD%99&year=2024&issuer=%E5%9B%BD%E5%8A%A1%E9%99%A2%20%E5%8A%9E",
         "新余 issuer:\"国务院 办\""},
        {"/search?type=%E6%84%8F%E8%A7%81&date=2024-01..2024-12",
         "type:意见 date:2024-01..2024-12"},
        {"/search?q=%E5%B7%A5%E4%B8%9A&no-facets", "工业"},
    };
    for (size_t i = 0; i < sizeof filters / sizeof *filters; i++) {
        zc_test_run r =
            zc_test_cli(e->tmp, "search --db '%s' --json %s%s -- '%s'", e->db,
                        i == 1 ? "--year 2024" : "", i == 3 ? "--no-facets" : "", filters[i].query);
        zc_http_got g = zc_http_get(e->port, "GET", filters[i].target, NULL);
        if (g.status != 200)
            fail_msg("%s: status %d: %s", filters[i].target, g.status, g.body ? g.body : "");
        char *a = without_took(g.body), *b = without_took(r.out);
        if (strcmp(a, b) != 0)
            fail_msg("%s differs from search --json '%s':\n%s\n%s", filters[i].target,
                     filters[i].query, a, b);
        free(a);
        free(b);
        zc_http_got_free(&g);
        zc_test_run_free(&r);
    }
}

/* method target: status, with a JSON error message containing frag. */
static void expect_error(zc_test_http_env *e, const char *method, const char *target, int status,
                         const char *frag)
{
    zc_http_got g = zc_http_get(e->port, method, target, NULL);
    if (g.status != status)
        fail_msg("%s %.80s: status %d, expected %d: %.300s", method, target, g.status, status,
                 g.body ? g.body : "");
    if (strcmp(method, "HEAD") != 0) {
        json_error_t je;
        json_t *j = json_loads(g.body, 0, &je);
        if (!j)
            fail_msg("%s %.80s: not JSON: %.300s", method, target, g.body);
        json_t *er = json_object_get(j, "error");
        assert_int_equal(json_integer_value(json_object_get(er, "status")), status);
        const char *msg = json_string_value(json_object_get(er, "message"));
        assert_non_null(msg);
        assert_true(msg[0] != '\0');
        if (frag && !strstr(msg, frag))
            fail_msg("%s %.80s: no '%s' in '%s'", method, target, frag, msg);
        json_decref(j);
    }
    zc_http_got_free(&g);
    zc_http_got h = zc_http_get(e->port, "GET", "/healthz", NULL);
    if (h.status != 200)
        fail_msg("server gone after %s %.80s", method, target);
    zc_http_got_free(&h);
}

/* /documents/ID gives `zhengce show --json` of the same document, with
 * and without a query. */
static void test_document_as_cli(void **state)
{
    zc_test_http_env *e = *state;
    zc_http_got g = zc_http_get(e->port, "GET", "/search?q=%E6%96%B0%E4%BD%99&limit=3", NULL);
    assert_int_equal(g.status, 200);
    json_t *j = json_loads(g.body, 0, NULL);
    assert_non_null(j);
    json_t *hits = json_object_get(j, "hits");
    assert_true(json_array_size(hits) == 3);
    for (size_t i = 0; i < json_array_size(hits); i++) {
        const char *id = json_string_value(json_object_get(json_array_get(hits, i), "id"));
        for (int withq = 0; withq < 2; withq++) {
            char target[256];
            snprintf(target, sizeof target, "/documents/%s%s", id,
                     withq ? "?q=%E6%96%B0%E4%BD%99+%E9%AB%98%E6%96%B0%E5%8C%BA" : "");
            zc_http_got d = zc_http_get(e->port, "GET", target, NULL);
            assert_int_equal(d.status, 200);
            zc_test_run r = zc_test_cli(e->tmp, "show --db '%s' --json %s %s", e->db,
                                        withq ? "-q '新余 高新区'" : "", id);
            assert_int_equal(r.status, 0);
            if (strcmp(d.body, r.out) != 0)
                fail_msg("%s differs from show --json", target);
            json_t *doc = json_loads(d.body, 0, NULL);
            assert_non_null(doc);
            assert_string_equal(json_string_value(json_object_get(doc, "id")), id);
            assert_true(withq ? json_array_size(json_object_get(doc, "matches")) > 0
                              : json_array_size(json_object_get(doc, "matches")) == 0);
            json_decref(doc);
            zc_test_run_free(&r);
            zc_http_got_free(&d);
        }
    }
    char bad[256];
    snprintf(bad, sizeof bad, "/documents/%s?q=(((",
             json_string_value(json_object_get(json_array_get(hits, 0), "id")));
    expect_error(e, "GET", bad, 400, "bad query '(((': unbalanced");
    snprintf(bad, sizeof bad, "/documents/%s?limit=3",
             json_string_value(json_object_get(json_array_get(hits, 0), "id")));
    expect_error(e, "GET", bad, 400, "unknown parameter 'limit'");
    json_decref(j);
    zc_http_got_free(&g);
    expect_error(e, "GET", "/documents/0123456789abcdef?q=a", 404, "no document");
    expect_error(e, "GET", "/documents/xyz", 404, "16 hex digits");
}

/* One research route's answer equals the command's --json output. */
static void expect_as_cli(zc_test_http_env *e, const char *target, const char *args)
{
    zc_http_got g = zc_http_get(e->port, "GET", target, NULL);
    if (g.status != 200)
        fail_msg("%s: status %d: %.300s", target, g.status, g.body ? g.body : "");
    zc_test_run r = zc_test_cli(e->tmp, "%s --db '%s' --json", args, e->db);
    if (r.status != 0)
        fail_msg("zhengce %s: exit %d: %s", args, r.status, r.err);
    if (strcmp(g.body, r.out) != 0)
        fail_msg("%s differs from zhengce %s --json:\n%.400s\n%.400s", target, args, g.body, r.out);
    json_t *j = json_loads(g.body, 0, NULL);
    assert_non_null(j);
    json_decref(j);
    zc_test_run_free(&r);
    zc_http_got_free(&g);
}

/* /trend, /kwic, /similar/ID and /keywords/ID give what trend, kwic,
 * similar and keywords print with --json; their mistakes get 4xx. */
static void test_research_as_cli(void **state)
{
    zc_test_http_env *e = *state;
    expect_as_cli(e, "/trend?q=%E5%8F%91%E5%B1%95&by=year", "trend --by year 发展");
    expect_as_cli(e,
                  "/trend?q=%E6%96%B0%E4%BD%99+%E9%AB%98%E6%96%B0%E5%8C%BA&by=region&no-synonyms",
                  "trend --by region --no-synonyms '新余 高新区'");
    expect_as_cli(e, "/kwic?q=%E6%96%B0%E4%BD%99&width=5&limit=3&offset=2&sort=left",
                  "kwic --width 5 --limit 3 --offset 2 --sort left 新余");
    zc_http_got g = zc_http_get(e->port, "GET", "/search?q=%E6%96%B0%E4%BD%99&limit=1", NULL);
    assert_int_equal(g.status, 200);
    json_t *j = json_loads(g.body, 0, NULL);
    assert_non_null(j);
    const char *id =
        json_string_value(json_object_get(json_array_get(json_object_get(j, "hits"), 0), "id"));
    assert_non_null(id);
    char target[256], args[256];
    snprintf(target, sizeof target, "/similar/%s?limit=3", id);
    snprintf(args, sizeof args, "similar --limit 3 %s", id);
    expect_as_cli(e, target, args);
    snprintf(target, sizeof target, "/keywords/%s?limit=5&against=all", id);
    snprintf(args, sizeof args, "keywords --limit 5 --against all %s", id);
    expect_as_cli(e, target, args);
    snprintf(target, sizeof target, "/similar/%s?against=all", id);
    expect_error(e, "GET", target, 400, "unknown parameter 'against'");
    json_decref(j);
    zc_http_got_free(&g);
    expect_error(e, "GET", "/trend", 400, "no query");
    expect_error(e, "GET", "/trend?q=a&by=zz", 400, "by is one of");
    expect_error(e, "GET", "/trend?q=a&per=5", 400, "per takes 10k");
    expect_error(e, "GET", "/kwic?q=a&width=0", 400, "width needs a number");
    expect_error(e, "GET", "/kwic?q=a&year=20", 400, "year needs a year");
    expect_error(e, "GET", "/kwic?q=(((", 400, "bad query '(((': unbalanced");
    expect_error(e, "GET", "/similar/zz", 404, "16 hex digits");
    expect_error(e, "GET", "/keywords/0123456789abcdef", 404, NULL);
}

static void test_bad_requests(void **state)
{
    zc_test_http_env *e = *state;
    expect_error(e, "GET", "/search", 400, "no query given");
    expect_error(e, "GET", "/search?q=", 400, "no query given");
    expect_error(e, "GET", "/search?q=a&limit=x", 400, "limit needs a number, not 'x'");
    expect_error(e, "GET", "/search?q=a&limit=100000", 400, "limit is at most");
    expect_error(e, "GET", "/search?q=a&offset=-1", 400, "offset needs a number");
    expect_error(e, "GET", "/search?q=a&sort=bogus", 400, "sort is relevance");
    expect_error(e, "GET", "/search?q=a&match=fuzzy", 400, "match is exact");
    expect_error(e, "GET", "/search?q=a&year=99", 400, "year needs a year");
    expect_error(e, "GET", "/search?q=a&facets=maybe", 400, "facets is 1 or 0");
    expect_error(e, "GET", "/search?q=a&bogus=1", 400, "unknown parameter 'bogus'");
    expect_error(e, "GET", "/search?q=a&type=", 400, "empty value for type");
    expect_error(e, "GET", "/search?q=a&issuer=%22", 400, "may not contain");
    expect_error(e, "GET", "/search?q=%ZZ", 400, "bad %-escape");
    expect_error(e, "GET", "/search?q=%E6%96", 400, "not UTF-8");
    expect_error(e, "GET", "/search?q=%FF", 400, "not UTF-8");
    expect_error(e, "GET", "/search?q=a%00b", 400, "NUL");
    expect_error(e, "GET", "/search?q=(((", 400, "bad query '(((': unbalanced '('");
    expect_error(e, "GET", "/search?q=a&region=%E7%81%AB%E6%98%9F", 400, "bad query");
    expect_error(e, "GET", "/info?x=1", 400, "unknown parameter 'x'");
    expect_error(e, "GET", "/nope", 404, "no such path '/nope'");
    expect_error(e, "GET", "/documents/", 404, NULL);
    expect_error(e, "GET", "/documents/0123456789abcdef", 404, NULL);
    expect_error(e, "GET", "/documents/%2e%2e%2f%2e%2e%2fetc%2fpasswd", 404, NULL);
    expect_error(e, "POST", "/search?q=a", 405, "not allowed");
    expect_error(e, "DELETE", "/", 405, "not allowed");
    expect_error(e, "PUT", "/documents/x", 405, "not allowed");

    /* A URL past the limit (64 KB by default). */
    size_t big = 70000;
    char *t = malloc(big + 32);
    assert_non_null(t);
    strcpy(t, "/search?q=");
    memset(t + 10, 'a', big);
    t[10 + big] = '\0';
    expect_error(e, "GET", t, 413, "limit");
    /* Just under it: a 30,000-character nested query, refused in
     * linear time with the parser's message. */
    size_t deep = 30000;
    strcpy(t, "/search?q=");
    memset(t + 10, '(', deep);
    t[10 + deep] = '\0';
    expect_error(e, "GET", t, 400, "bad query");
    free(t);

    /* The malformed queries the command line refuses with status 2. */
#define X(query, frag)                                                                             \
    do {                                                                                           \
        char *q = zc_http_escape(query);                                                           \
        char tg[512];                                                                              \
        snprintf(tg, sizeof tg, "/search?q=%s", q);                                                \
        free(q);                                                                                   \
        expect_error(e, "GET", tg, 400, NULL);                                                     \
    } while (0);
    ZC_MALFORMED_QUERIES(X)
#undef X
}

/* The listening address: loopback unless asked otherwise, as the kernel
 * lists it in /proc/net/tcp (127.0.0.1 is 0100007F there). */
static void test_loopback(void **state)
{
    zc_test_http_env *e = *state;
    FILE *f = fopen("/proc/net/tcp", "r");
    if (!f)
        skip();
    char line[512], want[32];
    snprintf(want, sizeof want, ":%04X ", e->port);
    int found = 0;
    while (fgets(line, sizeof line, f)) {
        char *p = strstr(line, want);
        if (p && strstr(line, " 0A ")) { /* LISTEN */
            assert_memory_equal(p - 8, "0100007F", 8);
            found = 1;
        }
    }
    fclose(f);
    assert_true(found);
    /* An address that is none is refused with a message naming it. */
    zc_http_options o = ZC_HTTP_OPTIONS_INIT;
    o.listen = "localhost:80";
    zc_http_server *s = NULL;
    zc_error err;
    assert_int_equal(zc_http_server_new(e->ix, &o, &s, &err), ZC_ERR_INVALID);
    assert_non_null(strstr(err.message, "localhost:80"));
    o.listen = NULL;
    o.port = e->port; /* taken */
    assert_int_equal(zc_http_server_new(e->ix, &o, &s, &err), ZC_ERR_NETWORK);
    assert_non_null(strstr(err.message, "Address already in use"));
    o.version = 99;
    assert_int_equal(zc_http_server_new(e->ix, &o, &s, &err), ZC_ERR_INVALID);
    assert_null(s);
}

/* CORS headers only when asked for. */
static void test_cors(void **state)
{
    zc_test_http_env *e = *state;
    zc_http_got g = zc_http_get(e->port, "GET", "/healthz", NULL);
    assert_null(strstr(g.head, "Access-Control-Allow-Origin"));
    zc_http_got_free(&g);
    zc_http_options o = ZC_HTTP_OPTIONS_INIT;
    o.cors_origin = "https://example.org";
    zc_http_server *s = NULL;
    zc_error err;
    assert_int_equal(zc_http_server_new(e->ix, &o, &s, &err), ZC_OK);
    g = zc_http_get(zc_http_server_port(s), "GET", "/healthz", NULL);
    assert_int_equal(g.status, 200);
    assert_non_null(strstr(g.head, "Access-Control-Allow-Origin: https://example.org"));
    zc_http_got_free(&g);
    zc_http_server_free(s);
}

/* An indexer's commit is seen by the running server. */
static void test_reopen(void **state)
{
    zc_test_http_env *e = *state;
    const char *text = "火星基地建设规划\n建设火星基地。\n";
    char *f = zc_test_write_file(e->tmp, "mars.txt", text, strlen(text));
    zc_http_got g = zc_http_get(e->port, "GET", "/search?q=%E7%81%AB%E6%98%9F", NULL);
    assert_int_equal(g.status, 200);
    assert_non_null(strstr(g.body, "\"total\":0"));
    zc_http_got_free(&g);
    zc_test_run r = zc_test_cli(e->tmp, "index --db '%s' '%s'", e->db, f);
    assert_int_equal(r.status, 0);
    zc_test_run_free(&r);
    int seen = 0;
    for (int i = 0; i < 100 && !seen; i++) { /* the server checks every second */
        g = zc_http_get(e->port, "GET", "/search?q=%E7%81%AB%E6%98%9F", NULL);
        seen = g.status == 200 && strstr(g.body, "\"total\":1") != NULL;
        zc_http_got_free(&g);
        if (!seen)
            usleep(100 * 1000);
    }
    assert_true(seen);
    free(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_search_as_cli),   cmocka_unit_test(test_document_as_cli),
        cmocka_unit_test(test_research_as_cli), cmocka_unit_test(test_bad_requests),
        cmocka_unit_test(test_loopback),        cmocka_unit_test(test_cors),
        cmocka_unit_test(test_reopen),
    };
    return cmocka_run_group_tests(tests, zc_test_http_setup, zc_test_http_teardown);
}
