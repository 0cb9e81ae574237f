/* Keywords as written and Latin letters and digits as whole runs, on
 * generated documents that hold a run inside a longer one and the same
 * run whole, words of a keyword apart and together (match_fixture.h:
 * the scan keeps runs whole too). The matching of the corpora, random
 * stretches of their texts as keywords included, is in test_match.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "match_fixture.h"
#include "test_util.h"
#include "zhengce.h"

/* Documents that hold a Latin or digit run inside a longer one, and the
 * same run whole, in generated texts. */
static const char *const runs_docs[] = {
    "人工智能AI赋能千行百业。\n",
    "建设domain name系统，完善域名管理。\n",
    "2025年政府工作报告。\n",
    "第025号文件已经印发。\n",
    "工业增加值增长15%。\n",
    "服务业增长5%，新型储能装机27GWh。\n",
    "5G网络覆盖所有乡镇，PM2.5浓度下降。\n",
    "新域新质作战力量建设，优化生产力布局。\n",
    "加快发展新质生产力。\n",
    "PM2.55不是PM2.5的读数，5GW不是5G，AI2025与ai2026。\n",
    /* Titles (a first line that names the document): title: keeps runs
     * whole as the text does. */
    "AI赋能行动方案\n推进人工智能应用。\n",
    "Domain名称管理办法\n完善名称管理。\n",
};

static void test_latin_runs(void **state)
{
    (void)state;
    char *dir = zc_test_tmpdir();
    size_t n = sizeof runs_docs / sizeof *runs_docs;
    for (size_t i = 0; i < n; i++) {
        char name[32];
        snprintf(name, sizeof name, "d%02zu.txt", i);
        free(zc_test_write_file(dir, name, runs_docs[i], strlen(runs_docs[i])));
    }
    corpus *c = corpus_open(dir, 0);
    assert_int_equal(c->n, n);
    /* The document that holds a text, by its name. */
    dset d[16] = {0};
    for (size_t i = 0; i < c->n; i++)
        d[atoi(c->name[i] + 1)] = BIT(i);
    /* AI is a whole run in AI2025 (letters, then digits), not in domain. */
    expect(c, "AI", NULL, d[0] | d[9] | d[10]);
    expect(c, "ai", NULL, d[0] | d[9] | d[10]);
    expect(c, "025", NULL, d[3]);
    expect(c, "5%", NULL, d[5]);
    expect(c, "15%", NULL, d[4]);
    expect(c, "GWh", NULL, d[5]);
    expect(c, "5G", NULL, d[6] | d[9]);
    expect(c, "5G网络", NULL, d[6]);
    expect(c, "2025年", NULL, d[2]);
    expect(c, "PM2.5", NULL, d[6] | d[9]);
    expect(c, "\"PM2.5\"", NULL, d[6] | d[9]);
    expect(c, "title:AI", NULL, d[10]);
    expect(c, "title:domain", NULL, d[11]);
    expect(c, "新质生产力", NULL, d[8]);
    expect(c, "~新质生产力", NULL, d[7] | d[8]);
    /* Each of these agrees with the scan, whatever the documents. */
    static const char *const qs[] = {"domain", "main",     "do",       "2025",   "202",   "25",
                                     "5",      "g",        "w",        "27",     "7GWh",  "PM2",
                                     "M2.5",   "2.55",     "5GW",      "AI2025", "I2025", "ai202",
                                     "\"i2\"", "\"25年\"", "\"2.5浓\""};
    for (size_t i = 0; i < sizeof qs / sizeof *qs; i++) {
        const char *q = qs[i];
        char *t = strndup(q + (q[0] == '"'), strlen(q) - 2 * (q[0] == '"'));
        expect(c, q, NULL, scan(c, t));
        free(t);
    }
    int exact = check_substrings(c, 300);
    printf("# generated: %d of 300 random 2-6 character keywords matched as written\n", exact);
    no_failures(c);
    corpus_free(c);
    zc_test_rmtree(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_latin_runs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
