/* The query language parser: operators, precedence, fields, full-width
 * forms, flattening, positions, errors and hostile input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "malformed_queries.h"
#include "searcher/parse.h"
#include "test_util.h"

/* Parses q, which must succeed, and compares its description. */
static void expect_tree(const char *q, const char *want)
{
    zc_qnode *n = NULL;
    zc_error err = {0};
    int rc = zc_query_parse(q, &n, &err);
    if (rc != ZC_OK)
        fail_msg("'%s': %s", q, err.message);
    char *d = zc_qnode_describe(n);
    assert_non_null(d);
    if (strcmp(d, want) != 0)
        fail_msg("'%s':\n  got  %s\n  want %s", q, d, want);
    free(d);
    zc_qnode_free(n);
}

/* Parses q, which must fail with a message containing want. */
static void expect_error(const char *q, const char *want)
{
    zc_qnode *n = (zc_qnode *)1;
    zc_error err = {0};
    int rc = zc_query_parse(q, &n, &err);
    if (rc != ZC_ERR_QUERY)
        fail_msg("'%s': expected ZC_ERR_QUERY, got %d", q, rc);
    assert_null(n);
    assert_int_equal(err.code, ZC_ERR_QUERY);
    if (!strstr(err.message, want))
        fail_msg("'%s':\n  got  %s\n  want …%s…", q, err.message, want);
}

static void test_leaves(void **state)
{
    (void)state;
    expect_tree("高新区", "KEYWORD\"高新区\"");
    expect_tree("新余 锂电", "AND(KEYWORD\"新余\", KEYWORD\"锂电\")");
    expect_tree("高新区  \"5G 网络\"\xE3\x80\x80锂",
                "AND(KEYWORD\"高新区\", PHRASE\"5G 网络\", KEYWORD\"锂\")");
    expect_tree("\xE2\x80\x9C新质生产力\xE2\x80\x9D", "PHRASE\"新质生产力\"");
    expect_tree("＂新质 生产力＂", "PHRASE\"新质 生产力\"");
    /* Any quote closes: mixed quotes still pair up. */
    expect_tree("\xE2\x80\x9C新质\"", "PHRASE\"新质\"");
    /* '-' inside a chunk, a colon after an unknown word, lowercase words. */
    expect_tree("COVID-19 2020-2025", "AND(KEYWORD\"COVID-19\", KEYWORD\"2020-2025\")");
    expect_tree("比例:1 http://x.cn", "AND(KEYWORD\"比例:1\", KEYWORD\"http://x.cn\")");
    expect_tree("a or b and c not d",
                "AND(KEYWORD\"a\", KEYWORD\"or\", KEYWORD\"b\", KEYWORD\"and\", KEYWORD\"c\", "
                "KEYWORD\"not\", KEYWORD\"d\")");
    expect_tree("Or ORb", "AND(KEYWORD\"Or\", KEYWORD\"ORb\")");
    /* ~keyword: its words may be apart; a ~ inside a chunk is text. */
    expect_tree("~新质生产力 4~6℃", "AND(KEYWORD~\"新质生产力\", KEYWORD\"4~6℃\")");
    expect_tree("～OR -~规上 ~~", "AND(KEYWORD~\"OR\", NOT(KEYWORD~\"规上\"), KEYWORD~\"~\")");
    /* A chunk ends at a quote or a parenthesis. */
    expect_tree("a\"b c\"d", "AND(KEYWORD\"a\", PHRASE\"b c\", KEYWORD\"d\")");
    /* Zero-width characters between chunks are ignored. */
    expect_tree("\xEF\xBB\xBF高新区 \xE2\x80\x8B", "KEYWORD\"高新区\"");
    /* Control characters are escaped in descriptions. */
    expect_tree("\"a\nb\\\"", "PHRASE\"a\\nb\\\\\"");
}

static void test_operators(void **state)
{
    (void)state;
    expect_tree("a OR b", "OR(KEYWORD\"a\", KEYWORD\"b\")");
    expect_tree("a AND b", "AND(KEYWORD\"a\", KEYWORD\"b\")");
    expect_tree("a NOT b", "AND(KEYWORD\"a\", NOT(KEYWORD\"b\"))");
    expect_tree("a -b", "AND(KEYWORD\"a\", NOT(KEYWORD\"b\"))");
    expect_tree("-a b", "AND(NOT(KEYWORD\"a\"), KEYWORD\"b\")");
    expect_tree("NOT a b", "AND(NOT(KEYWORD\"a\"), KEYWORD\"b\")");
    expect_tree("新能源 －煤炭", "AND(KEYWORD\"新能源\", NOT(KEYWORD\"煤炭\"))");
    expect_tree("a -\"b c\"", "AND(KEYWORD\"a\", NOT(PHRASE\"b c\"))");
    expect_tree("a -(b OR c)", "AND(KEYWORD\"a\", NOT(OR(KEYWORD\"b\", KEYWORD\"c\")))");
    expect_tree("a -(b c)", "AND(KEYWORD\"a\", NOT(AND(KEYWORD\"b\", KEYWORD\"c\")))");
    expect_tree("a -region:江西", "AND(KEYWORD\"a\", NOT(REGION\"江西\"))");
    /* After '-' an operator word is a word to exclude. */
    expect_tree("a -OR", "AND(KEYWORD\"a\", NOT(KEYWORD\"OR\"))");
    expect_tree("a NOT(b)", "AND(KEYWORD\"a\", NOT(KEYWORD\"b\"))");
    expect_tree("a OR(b)", "OR(KEYWORD\"a\", KEYWORD\"b\")");
}

static void test_precedence(void **state)
{
    (void)state;
    expect_tree("a b OR c", "OR(AND(KEYWORD\"a\", KEYWORD\"b\"), KEYWORD\"c\")");
    expect_tree("a OR b c", "OR(KEYWORD\"a\", AND(KEYWORD\"b\", KEYWORD\"c\"))");
    expect_tree("a AND b OR c AND d",
                "OR(AND(KEYWORD\"a\", KEYWORD\"b\"), AND(KEYWORD\"c\", KEYWORD\"d\"))");
    expect_tree("a (b OR c)", "AND(KEYWORD\"a\", OR(KEYWORD\"b\", KEYWORD\"c\"))");
    expect_tree("-a b OR c", "OR(AND(NOT(KEYWORD\"a\"), KEYWORD\"b\"), KEYWORD\"c\")");
    expect_tree("a OR b -c", "OR(KEYWORD\"a\", AND(KEYWORD\"b\", NOT(KEYWORD\"c\")))");
    expect_tree("(a OR b) -c", "AND(OR(KEYWORD\"a\", KEYWORD\"b\"), NOT(KEYWORD\"c\"))");
}

static void test_flattening(void **state)
{
    (void)state;
    expect_tree("(a)", "KEYWORD\"a\"");
    expect_tree("((((a))))", "KEYWORD\"a\"");
    expect_tree("a (b c) (d (e))",
                "AND(KEYWORD\"a\", KEYWORD\"b\", KEYWORD\"c\", KEYWORD\"d\", KEYWORD\"e\")");
    expect_tree("a OR (b OR c) OR ((d))",
                "OR(KEYWORD\"a\", KEYWORD\"b\", KEYWORD\"c\", KEYWORD\"d\")");
    expect_tree("(a OR b) OR c", "OR(KEYWORD\"a\", KEYWORD\"b\", KEYWORD\"c\")");
    expect_tree("(a b -c) d", "AND(KEYWORD\"a\", KEYWORD\"b\", NOT(KEYWORD\"c\"), KEYWORD\"d\")");
    /* An OR inside an AND inside an OR is not flattened. */
    expect_tree("a OR (b (c OR d))",
                "OR(KEYWORD\"a\", AND(KEYWORD\"b\", OR(KEYWORD\"c\", KEYWORD\"d\")))");
    expect_tree("(a)(b)", "AND(KEYWORD\"a\", KEYWORD\"b\")");
}

static void test_fields(void **state)
{
    (void)state;
    expect_tree("region:江西", "REGION\"江西\"");
    expect_tree("region:\"新余市\"", "REGION\"新余市\"");
    expect_tree("region：“新余 市”", "REGION\"新余 市\"");
    expect_tree("Region:江西", "REGION\"江西\"");
    expect_tree("title:新质生产力", "TITLE\"新质生产力\"");
    expect_tree("title:\"工作 报告\"", "TITLE\"工作 报告\"");
    expect_tree("title:工作 报告", "AND(TITLE\"工作\", KEYWORD\"报告\")");
    expect_tree("year:2025", "YEAR 2025");
    expect_tree("year:2020..2025", "YEAR 2020..2025");
    expect_tree("year:2020..", "YEAR 2020..");
    expect_tree("year:..2025", "YEAR ..2025");
    expect_tree("year:2025..2025", "YEAR 2025");
    expect_tree("year:\"2024\"", "YEAR 2024");
    expect_tree("year：２０２０．．２０２５", "YEAR 2020..2025");
    expect_tree("year:2020-2025", "YEAR 2020..2025");
    expect_tree("year:2020～2025年", "YEAR 2020..2025");
    expect_tree("year:2025年", "YEAR 2025");
    expect_tree("新能源 region:江西 -煤炭 year:2020..2025",
                "AND(KEYWORD\"新能源\", REGION\"江西\", NOT(KEYWORD\"煤炭\"), YEAR 2020..2025)");
    /* Filters count as something to search for. */
    expect_tree("region:江西 -煤炭", "AND(REGION\"江西\", NOT(KEYWORD\"煤炭\"))");
    expect_tree("(region:江西 OR region:湖南) year:2025",
                "AND(OR(REGION\"江西\", REGION\"湖南\"), YEAR 2025)");
    /* Not fields: other names, no colon, a longer name. */
    expect_tree("regional:x years:1 region", "AND(KEYWORD\"regional:x\", KEYWORD\"years:1\", "
                                             "KEYWORD\"region\")");
    /* A field value keeps colons, operators and '-' as text. */
    expect_tree("title:OR region:a:b title:-x", "AND(TITLE\"OR\", REGION\"a:b\", TITLE\"-x\")");

    zc_qnode *n;
    zc_error err;
    assert_int_equal(zc_query_parse("year:2020..", &n, &err), ZC_OK);
    assert_int_equal(n->kind, ZC_Q_YEAR);
    assert_int_equal(n->year_lo, 2020);
    assert_int_equal(n->year_hi, 0);
    assert_null(n->kids);
    zc_qnode_free(n);
}

static void test_positions(void **state)
{
    (void)state;
    zc_qnode *n;
    zc_error err;
    /* 新能源 region:江西 -“煤炭”: 新=0, r=4, -=14, “=15, ”=18 */
    assert_int_equal(zc_query_parse("新能源 region:江西 -\xE2\x80\x9C煤炭\xE2\x80\x9D", &n, &err),
                     ZC_OK);
    assert_int_equal(n->kind, ZC_Q_AND);
    assert_int_equal(n->n, 3);
    assert_int_equal(n->where, 0);
    assert_int_equal(n->len, 19);
    assert_int_equal(n->kids[0]->where, 0);
    assert_int_equal(n->kids[0]->len, 3);
    assert_int_equal(n->kids[1]->kind, ZC_Q_REGION);
    assert_int_equal(n->kids[1]->where, 4);
    assert_int_equal(n->kids[1]->len, 9);
    assert_int_equal(n->kids[2]->kind, ZC_Q_NOT);
    assert_int_equal(n->kids[2]->where, 14);
    assert_int_equal(n->kids[2]->len, 5);
    assert_int_equal(n->kids[2]->kids[0]->kind, ZC_Q_PHRASE);
    assert_int_equal(n->kids[2]->kids[0]->where, 15);
    assert_int_equal(n->kids[2]->kids[0]->len, 4);
    assert_string_equal(n->kids[2]->kids[0]->text, "煤炭");
    zc_qnode_free(n);

    /* A group's node spans its parentheses; a root OR spans its branches. */
    assert_int_equal(zc_query_parse(" x （a OR b） OR c ", &n, &err), ZC_OK);
    assert_int_equal(n->kind, ZC_Q_OR);
    assert_int_equal(n->where, 1);
    assert_int_equal(n->len, 15);
    assert_int_equal(n->kids[0]->kind, ZC_Q_AND);
    assert_int_equal(n->kids[0]->where, 1);
    assert_int_equal(n->kids[0]->len, 10);
    assert_int_equal(n->kids[0]->kids[1]->kind, ZC_Q_OR);
    assert_int_equal(n->kids[0]->kids[1]->where, 3);
    assert_int_equal(n->kids[0]->kids[1]->len, 8);
    assert_int_equal(n->kids[1]->where, 15);
    zc_qnode_free(n);

    assert_int_equal(zc_query_parse("NOT  year:2025 a", &n, &err), ZC_OK);
    assert_int_equal(n->kids[0]->kind, ZC_Q_NOT);
    assert_int_equal(n->kids[0]->where, 0);
    assert_int_equal(n->kids[0]->len, 14);
    assert_int_equal(n->kids[0]->kids[0]->where, 5);
    assert_int_equal(n->kids[0]->kids[0]->len, 9);
    zc_qnode_free(n);
}

static void test_malformed(void **state)
{
    (void)state;
    static const struct {
        const char *q, *msg;
    } table[] = {
#define ZC_MQ_ROW(q, m) {q, m},
        ZC_MALFORMED_QUERIES(ZC_MQ_ROW)
#undef ZC_MQ_ROW
    };
    size_t n = sizeof table / sizeof *table;
    assert_true(n >= 30);
    assert_int_equal(n, ZC_N_MALFORMED_QUERIES);
    for (size_t i = 0; i < n; i++) {
        expect_error(table[i].q, table[i].msg);
        assert_string_equal(table[i].q, zc_malformed_queries[i]);
        if (strstr(table[i].msg, "empty query"))
            continue;
        zc_qnode *t;
        zc_error err;
        zc_query_parse(table[i].q, &t, &err);
        const char *p = strstr(err.message, "character ");
        if (!p || p[10] < '1' || p[10] > '9')
            fail_msg("'%s': no position in: %s", table[i].q, err.message);
    }
    /* NULL reads as the empty query. */
    expect_error(NULL, "empty query");
}

/* Nesting depth and the number of leaves are bounded. */
static void test_limits(void **state)
{
    (void)state;
    char q[8192];
    size_t k = 0;
    for (int i = 0; i < 64; i++)
        q[k++] = '(';
    q[k++] = 'a';
    for (int i = 0; i < 64; i++)
        q[k++] = ')';
    q[k] = '\0';
    expect_tree(q, "KEYWORD\"a\"");
    memmove(q + 1, q, k + 1);
    q[0] = '(';
    strcpy(q + k + 1, ")");
    expect_error(q, "nested deeper than 64 levels at character 65");

    k = 0;
    for (int i = 0; i < 1000; i++)
        k += (size_t)sprintf(q + k, i % 2 ? "b " : "a OR ");
    q[k] = '\0';
    zc_qnode *n;
    zc_error err;
    assert_int_equal(zc_query_parse(q, &n, &err), ZC_OK);
    assert_int_equal(n->kind, ZC_Q_OR);
    assert_int_equal(n->n, 501);
    zc_qnode_free(n);
    strcpy(q + k, "c");
    expect_error(q, "query too long at character 3501");

    /* Bytes: the character named is the first that does not fit whole,
     * counted as typed; the rest is not read (a NUL-free run past it). */
    size_t max = ZC_QUERY_MAX_BYTES, chars = max / 3;
    char *big = malloc(max + 16);
    assert_non_null(big);
    for (size_t i = 0; i < chars; i++)
        memcpy(big + 3 * i, "龘", 3); /* max - 1 bytes: 87,381 characters */
    strcpy(big + 3 * chars, "a");     /* max bytes: fits */
    assert_int_equal(zc_query_parse(big, &n, &err), ZC_OK);
    assert_int_equal(n->kind, ZC_Q_KEYWORD);
    zc_qnode_free(n);
    memcpy(big + 3 * chars, "龘", 4);
    char want[96];
    snprintf(want, sizeof want,
             "query too long at character %zu: a query may have at most %u bytes", chars + 1,
             ZC_QUERY_MAX_BYTES);
    expect_error(big, want);
    memset(big, 'a', max + 1);
    big[max + 1] = '\0';
    snprintf(want, sizeof want, "query too long at character %zu", max + 1);
    expect_error(big, want);
    free(big);
}

/* Output of the deterministic generator below. */
static uint32_t next_rand(uint32_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 17;
    *s ^= *s << 5;
    return *s;
}

/* Parses q: it must either succeed (and describe) or fail with
 * ZC_ERR_QUERY and a message with a position. */
static void parse_any(const char *q)
{
    zc_qnode *n = NULL;
    zc_error err = {0};
    int rc = zc_query_parse(q, &n, &err);
    if (rc == ZC_OK) {
        char *d = zc_qnode_describe(n);
        assert_non_null(d);
        free(d);
        zc_qnode_free(n);
        return;
    }
    assert_int_equal(rc, ZC_ERR_QUERY);
    assert_null(n);
    assert_true(strstr(err.message, "character ") || strstr(err.message, "empty query"));
}

static void test_hostile(void **state)
{
    (void)state;
    const size_t size = 100 * 1024;
    char *q = malloc(size + 1);
    assert_non_null(q);
    double t0 = zc_test_now();

    /* Deep nesting and long runs of operators. */
    static const char *const runs[] = {"(",  ")",   "-",  "－", "NOT ",  "a OR ",       "OR ",
                                       "\"", "（-", "-(", "a ", "year:", "\xE3\x80\x80"};
    for (size_t r = 0; r < sizeof runs / sizeof *runs; r++) {
        size_t l = strlen(runs[r]), k = 0;
        while (k + l <= size)
            memcpy(q + k, runs[r], l), k += l;
        q[k] = '\0';
        parse_any(q);
    }

    /* Random sequences of syntax pieces and bytes. */
    static const char *const pieces[] = {
        "(",     ")",        "（",    "）",     "\"",     "“",
        "”",     "＂",       "-",     "－",     " ",      "\xE3\x80\x80",
        "\n",    "OR",       "AND",   "NOT",    " OR ",   " AND ",
        " NOT ", "region:",  "year:", "title:", "：",     "2025",
        "..",    "２０２０", "年",    "a",      "高新区", "COVID-19",
        "\xFF",  "\xE9\xAB", ":"};
    uint32_t seed = 0x2545F491u;
    for (int round = 0; round < 200; round++) {
        size_t k = 0, limit = round < 20 ? size : 1 + next_rand(&seed) % 64;
        int valid_only = round % 2;
        for (;;) {
            const char *p = pieces[next_rand(&seed) % (sizeof pieces / sizeof *pieces)];
            if (valid_only && (p[0] == '\xFF' || (p[0] == '\xE9' && p[1] == '\xAB')))
                continue;
            size_t l = strlen(p);
            if (k + l > limit)
                break;
            memcpy(q + k, p, l);
            k += l;
        }
        q[k] = '\0';
        parse_any(q);
    }

    /* A long valid query: many keywords under the leaf limit, long text. */
    size_t k = 0;
    while (k + 300 < size) {
        for (int i = 0; i < 199; i++)
            q[k++] = 'x';
        q[k++] = ' ';
    }
    q[k] = '\0';
    zc_qnode *n;
    zc_error err;
    assert_int_equal(zc_query_parse(q, &n, &err), ZC_OK);
    assert_int_equal(n->n, k / 200);
    zc_qnode_free(n);

    double dt = zc_test_now() - t0;
    printf("hostile inputs: %.3f s\n", dt);
    assert_true(dt < 10.0);
    free(q);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_leaves),     cmocka_unit_test(test_operators),
        cmocka_unit_test(test_precedence), cmocka_unit_test(test_flattening),
        cmocka_unit_test(test_fields),     cmocka_unit_test(test_positions),
        cmocka_unit_test(test_malformed),  cmocka_unit_test(test_limits),
        cmocka_unit_test(test_hostile),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
