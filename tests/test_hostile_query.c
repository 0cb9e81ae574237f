/* Hostile queries for `zhengce search` (DESIGN §4, §9): operators alone,
 * unbalanced quotes and parentheses, invalid bytes and 100 KB queries get
 * exit status 2 and a message pointing into the query, never a crash;
 * the index stays intact. */
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "hostile_fixture.h"
#include "test_util.h"

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

    /* 100 KB queries: one long word; many words; deep parentheses; a long
     * phrase; all within the 128 KB a single argument may have. */
    size_t big = 100u << 10;
    char *q = malloc(big + 8);
    for (size_t i = 0; i + 3 <= big; i += 3)
        memcpy(q + i, "龘", 3);
    q[big - big % 3] = '\0';
    query_expect(h, db, q, 1, NULL);
    for (size_t i = 0; i + 2 <= big; i += 2)
        memcpy(q + i, "a ", 2);
    q[big] = '\0';
    query_expect(h, db, q, 2, "more than 1000 words");
    memset(q, '(', big);
    q[big] = '\0';
    query_expect(h, db, q, 2, "nested deeper than 64 levels");
    q[0] = '"';
    for (size_t i = 1; i + 2 < big; i += 2)
        memcpy(q + i, "x ", 2);
    strcpy(q + big - 2, "\"");
    query_expect(h, db, q, 1, NULL); /* a phrase of 50,000 units: searched, not found */
    memset(q, '"', big);
    q[big] = '\0';
    query_expect(h, db, q, 2, "character");
    for (size_t i = 0; i + 4 <= big; i += 4)
        memcpy(q + i, "OR ", 3), q[i + 3] = ' ';
    q[big] = '\0';
    query_expect(h, db, q, 2, "OR at character 1");
    free(q);
    intact(h, db);
    free(db);
}

static int group_setup(void **state)
{
    return hostile_setup(state, "queries");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_queries),
    };
    return cmocka_run_group_tests_name("hostile queries", tests, group_setup, hostile_teardown);
}
