/* The zhengce command end to end, searching: exit statuses, messages,
 * the JSON shape, options, the terminal listing. Indexing, info and
 * shards: test_cli_index.c. */
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

#include "cli_fixture.h"
#include "malformed_queries.h"
#include "test_util.h"
#include "zhengce.h"

/* A search's JSON output without the one field that differs between
 * runs (took_ms), keys sorted (malloc'd). */
static char *without_took(const char *out)
{
    json_error_t je;
    json_t *root = json_loads(out, 0, &je);
    if (!root)
        fail_msg("not JSON (%s): %s", je.text, out);
    json_object_del(root, "took_ms");
    char *s = json_dumps(root, JSON_SORT_KEYS | JSON_COMPACT);
    json_decref(root);
    return s;
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
    json_array_foreach(hits, i, h)
    {
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
        json_array_foreach(hl, k, pair)
        {
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

    r = zc(e, "search --db '%s' --threads many 新余", e->db);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "--threads needs a number, not 'many'"));
    run_free(&r);

    /* One thread or four: the same answer. */
    r = zc(e, "search --db '%s' --json --threads 1 高新区", e->db);
    assert_int_equal(r.status, 0);
    run r4 = zc(e, "search --db '%s' --json --threads 4 高新区", e->db);
    assert_int_equal(r4.status, 0);
    char *a = without_took(r.out), *b = without_took(r4.out);
    assert_non_null(strstr(a, "\"total\""));
    assert_string_equal(a, b);
    free(a);
    free(b);
    run_free(&r);
    run_free(&r4);

    /* A first word "-煤炭" is an exclusion, not an option (options are
     * ASCII); an unknown ASCII option says how to search for "-x". */
    r = zc(e, "search --db '%s' --json -新余 高新区", e->db);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "\"total\":1,"));
    assert_non_null(strstr(r.out, "抚州"));
    run_free(&r);
    r = zc(e, "search --db '%s' -x 新余", e->db);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "unknown option '-x'"));
    assert_non_null(strstr(r.err, "zhengce search -- -x"));
    run_free(&r);
    r = zc(e, "search --db '%s' --json=1 新余", e->db);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "option '--json' takes no value"));
    run_free(&r);
    r = zc(e, "search --db '%s' 新余 --limit", e->db);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "option '--limit' needs a value"));
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

static char *shell_quote(const char *q)
{
    char *o = malloc(4 * strlen(q) + 3), *p = o;
    *p++ = '\'';
    for (; *q; q++) {
        if (*q == '\'') {
            memcpy(p, "'\\''", 4);
            p += 4;
        } else {
            *p++ = *q;
        }
    }
    *p++ = '\'';
    *p = '\0';
    return o;
}

/* Every malformed query of malformed_queries.h: exit status 2, the problem
 * named on stderr, nothing on stdout. "--" ends the options, so that a
 * query such as --a reaches the parser. */
static void test_malformed_queries(void **state)
{
    env *e = *state;
#define ZC_MQ_PAIR(q, m) {q, m},
    static const char *const cases[][2] = {ZC_MALFORMED_QUERIES(ZC_MQ_PAIR)};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *q = shell_quote(cases[i][0]);
        run r = zc(e, "search --db '%s' -- %s", e->db, q);
        if (r.status != 2 || !strstr(r.err, cases[i][1]) || *r.out)
            fail_msg("query [%s]: status %d, stderr [%s], stdout [%s]; expected 2, [%s], []",
                     cases[i][0], r.status, r.err, r.out, cases[i][1]);
        run_free(&r);
        free(q);
    }
}

/* The keys of a JSON object are exactly keys[0..n). */
static void exact_keys(json_t *o, const char *const *keys, size_t n, const char *what)
{
    if (!json_is_object(o) || json_object_size(o) != n)
        fail_msg("%s: %zu keys, expected %zu", what, json_is_object(o) ? json_object_size(o) : 0,
                 n);
    for (size_t i = 0; i < n; i++)
        if (!json_object_get(o, keys[i]))
            fail_msg("%s: no key %s", what, keys[i]);
}

static json_t *search_json(env *e, const char *args, int want_status)
{
    run r = zc(e, "search --db '%s' --json %s", e->db, args);
    assert_int_equal(r.status, want_status);
    json_error_t jerr;
    json_t *root = json_loads(r.out, 0, &jerr);
    if (!root)
        fail_msg("search %s: not JSON (%s): %s", args, jerr.text, r.out);
    run_free(&r);
    return root;
}

/* --json has exactly the keys docs/cli.md gives, for hits and facets. */
static void test_json_shape(void **state)
{
    env *e = *state;
    static const char *const top[] = {"query",   "total", "offset", "limit",
                                      "took_ms", "hits",  "facets"};
    static const char *const hit[] = {"rank", "id",     "path",    "title",      "region",
                                      "year", "score",  "snippet", "highlights", "date",
                                      "type", "issuer", "docno"};
    static const char *const fac[] = {"region", "year", "type", "issuer"};
    static const char *const reg[] = {"value", "level", "parent", "count"};
    static const char *const yr[] = {"value", "count"};
    json_t *root = search_json(e, "--limit 50 新能源", 0);
    exact_keys(root, top, 7, "result");
    json_t *hits = json_object_get(root, "hits"), *h, *f;
    assert_true(json_array_size(hits) > 1);
    size_t i;
    json_array_foreach(hits, i, h)
    {
        exact_keys(h, hit, sizeof hit / sizeof *hit, "hit");
        assert_true(json_is_integer(json_object_get(h, "rank")));
        assert_true(json_is_integer(json_object_get(h, "year")));
        assert_true(json_is_number(json_object_get(h, "score")));
        assert_true(json_is_string(json_object_get(h, "region")));
        json_t *hl = json_object_get(h, "highlights"), *pair;
        size_t k;
        assert_true(json_is_array(hl));
        json_array_foreach(hl, k, pair)
        {
            assert_int_equal(json_array_size(pair), 2);
            assert_true(json_is_integer(json_array_get(pair, 0)));
        }
    }
    json_t *facets = json_object_get(root, "facets");
    exact_keys(facets, fac, 4, "facets");
    assert_true(json_is_array(json_object_get(facets, "type")));
    assert_true(json_is_array(json_object_get(facets, "issuer")));
    assert_true(json_array_size(json_object_get(facets, "region")) > 0);
    assert_true(json_array_size(json_object_get(facets, "year")) > 0);
    json_array_foreach(json_object_get(facets, "region"), i, f)
    {
        exact_keys(f, reg, 4, "region facet");
        const char *level = json_string_value(json_object_get(f, "level"));
        assert_non_null(level);
        assert_true(!strcmp(level, "province") ? json_is_null(json_object_get(f, "parent"))
                                               : json_is_string(json_object_get(f, "parent")));
        assert_true(json_is_integer(json_object_get(f, "count")));
    }
    json_array_foreach(json_object_get(facets, "year"), i, f)
    {
        exact_keys(f, yr, 2, "year facet");
        assert_true(json_is_integer(json_object_get(f, "value")));
    }
    json_decref(root);

    /* --no-facets: no counts, in JSON and on the terminal. */
    root = search_json(e, "--no-facets 新能源", 0);
    facets = json_object_get(root, "facets");
    assert_true(!facets || (json_array_size(json_object_get(facets, "region")) == 0 &&
                            json_array_size(json_object_get(facets, "year")) == 0));
    json_decref(root);
    run r = zc(e, "search --db '%s' --no-facets 新能源", e->db);
    assert_int_equal(r.status, 0);
    assert_null(strstr(r.out, "\nregion:"));
    assert_null(strstr(r.out, "\nyear:"));
    run_free(&r);
    r = zc(e, "search --db '%s' 新能源", e->db);
    assert_non_null(strstr(r.out, "\nregion:"));
    run_free(&r);
}

/* A file whose name is not UTF-8 (GBK's 经济, as an archive unpacked from an
 * old system leaves it) keeps its "path" in --json, with U+FFFD for the
 * bytes JSON cannot carry: every hit has all its keys. */
static void test_json_legacy_name(void **state)
{
    env *e = *state;
    static const char *const hit[] = {"rank", "id",     "path",    "title",      "region",
                                      "year", "score",  "snippet", "highlights", "date",
                                      "type", "issuer", "docno"};
    char dir[4200], db[4200];
    snprintf(dir, sizeof dir, "%s/legacy", e->tmp);
    snprintf(db, sizeof db, "%s/db-legacy", e->tmp);
    assert_int_equal(mkdir(dir, 0755), 0);
    const char *text = "报告\n经济运行稳中向好";
    free(zc_test_write_file(dir, "\xBE\xAD\xBC\xC3.txt", text, strlen(text)));
    run r = zc(e, "index --db '%s' '%s'", db, dir);
    assert_int_equal(r.status, 0);
    run_free(&r);
    json_t *root = NULL;
    r = zc(e, "search --db '%s' --json 经济运行", db);
    assert_int_equal(r.status, 0);
    root = json_loads(r.out, 0, NULL);
    assert_non_null(root);
    json_t *hits = json_object_get(root, "hits");
    assert_int_equal(json_array_size(hits), 1);
    json_t *h = json_array_get(hits, 0);
    exact_keys(h, hit, sizeof hit / sizeof *hit, "hit");
    const char *path = json_string_value(json_object_get(h, "path"));
    assert_non_null(path);
    const char *tail = "legacy/\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD.txt";
    assert_true(strlen(path) >= strlen(tail));
    assert_string_equal(path + strlen(path) - strlen(tail), tail);
    json_decref(root);
    run_free(&r);
}

static void test_search_options(void **state)
{
    env *e = *state;
    /* --explain shows the parsed tree, the match query (unweighted: no
     * boost in it) and the rank query (with the boosts). */
    run r = zc(e, "search --db '%s' --explain '新能源 -煤炭 region:江西'", e->db);
    assert_int_equal(r.status, 0);
    const char *pm = strstr(r.out, "\nmatch: "), *pr = strstr(r.out, "\nrank: ");
    if (strncmp(r.out, "parsed: AND(", 12) != 0 || !pm || !pr || pr < pm)
        fail_msg("--explain: [%s]", r.out);
    size_t match_len = (size_t)(pr - pm);
    char *match_q = strndup(pm, match_len);
    if (strstr(match_q, "AND_MAYBE") || !strstr(match_q, "PHRASE") || !strstr(pr, "AND_MAYBE"))
        fail_msg("--explain: [%s]", r.out);
    free(match_q);
    run_free(&r);

    /* --sort year (an alias of date): newest first. */
    json_t *root = search_json(e, "--sort year --limit 50 的", 0), *h;
    size_t i;
    json_int_t prev = 9999;
    json_array_foreach(json_object_get(root, "hits"), i, h)
    {
        /* the undated last */
        json_int_t y = json_integer_value(json_object_get(h, "year"));
        assert_true(y <= prev);
        prev = y;
    }
    assert_true(i > 1);
    json_decref(root);
    /* --sort date-asc (and year-asc): oldest first, the same hits. */
    static const char *const asc[] = {"date-asc", "year-asc"};
    for (size_t k = 0; k < 2; k++) {
        char args[64];
        snprintf(args, sizeof args, "--sort %s --limit 50 的", asc[k]);
        root = search_json(e, args, 0);
        prev = 0;
        int undated = 0; /* the undated come last in this order too */
        json_array_foreach(json_object_get(root, "hits"), i, h)
        {
            json_int_t y = json_integer_value(json_object_get(h, "year"));
            if (!y) {
                undated = 1;
                continue;
            }
            assert_false(undated);
            assert_true(y >= prev);
            prev = y;
        }
        assert_true(i > 1);
        json_decref(root);
    }
    r = zc(e, "search --db '%s' --sort oldest 的", e->db);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "--sort is relevance, date (newest first) or date-asc"));
    assert_non_null(strstr(r.err, "not 'oldest'"));
    run_free(&r);

    /* Options after the query. */
    r = zc(e, "search 高新区 --json --db '%s'", e->db);
    assert_int_equal(r.status, 0);
    root = json_loads(r.out, 0, NULL);
    assert_non_null(root);
    assert_string_equal(json_string_value(json_object_get(root, "query")), "高新区");
    assert_true(json_integer_value(json_object_get(root, "total")) > 0);
    json_decref(root);
    run_free(&r);

    /* A page past the last hit: still a match (exit 0), the count, and a
     * line saying why the page is empty; a page with hits has no such line. */
    r = zc(e, "search --db '%s' --offset 1000 高新区", e->db);
    assert_int_equal(r.status, 0);
    if (!strstr(r.out, "documents matched") ||
        !strstr(r.out, "No hits on this page: --offset 1000 is past the last of them.") ||
        strstr(r.out, "1. "))
        fail_msg("--offset past the end: [%s]", r.out);
    run_free(&r);
    r = zc(e, "search --db '%s' --offset 1 高新区", e->db);
    assert_int_equal(r.status, 0);
    if (!strstr(r.out, "2. ") || strstr(r.out, "No hits on this page"))
        fail_msg("--offset 1: [%s]", r.out);
    run_free(&r);
    /* --limit 0 asks for the count alone: no page to complain about. */
    r = zc(e, "search --db '%s' --limit 0 高新区", e->db);
    assert_int_equal(r.status, 0);
    if (!strstr(r.out, "documents matched") || strstr(r.out, "No hits on this page"))
        fail_msg("--limit 0: [%s]", r.out);
    run_free(&r);
}

/* The terminal listing (not a TTY, so plain with ** markers) stays within
 * 80 columns, markers included. */
static void test_listing_width(void **state)
{
    env *e = *state;
    unsetenv("COLUMNS"); /* not a terminal, no $COLUMNS: 80 */
    const char *qs[] = {"新能源",           "'高新区 OR 5G'",
                        "--limit 50 的",    "'\"江西新余 做优\"'",
                        "--sort year 发展", "'region:江西 新能源'"};
    for (size_t q = 0; q < sizeof qs / sizeof *qs; q++) {
        run r = zc(e, "search --db '%s' %s", e->db, qs[q]);
        assert_int_equal(r.status, 0);
        assert_non_null(strstr(r.out, "**"));
        char bad[1024] = "";
        for (const char *line = r.out; *line && !*bad;) {
            size_t len = strcspn(line, "\n");
            if (display_columns(line, len) > 80)
                snprintf(bad, sizeof bad, "%zu columns: %.*s", display_columns(line, len), (int)len,
                         line);
            line += len + (line[len] == '\n');
        }
        run_free(&r);
        if (*bad)
            fail_msg("search %s: a line of %s", qs[q], bad);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_search_json),       cmocka_unit_test(test_exit_statuses),
        cmocka_unit_test(test_malformed_queries), cmocka_unit_test(test_json_shape),
        cmocka_unit_test(test_json_legacy_name),  cmocka_unit_test(test_search_options),
        cmocka_unit_test(test_listing_width),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
