/* Two Han characters are matched by their bigram term alone, and a
 * longer text's bigram terms filter the documents before its positions
 * are read (searcher/compile_units.c): on rows that hold a pair only in
 * their title, across a line break, with a mark between, and both halves of a
 * three-character text apart, every query's hits must be what a substring
 * scan of the stored text finds (match_fixture.h). */
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

static const char rows[] =
    "{\"title\":\"甲乙方案\",\"content\":\"另有内容。\"}\n"   /* 0: the pair in the title only */
    "{\"title\":\"其一\",\"content\":\"甲乙在正文之中。\"}\n" /* 1 */
    "{\"title\":\"其二\",\"content\":\"说到甲\\n乙在下一行。\"}\n" /* 2: across a line */
    "{\"title\":\"其三\",\"content\":\"说到甲、乙隔着顿号。\"}\n"  /* 3: a mark between */
    "{\"title\":\"其四\",\"content\":\"甲乙丙三个字连着。\"}\n"    /* 4 */
    "{\"title\":\"其五\",\"content\":\"甲乙，乙丙，分开了。\"}\n"  /* 5: both bigrams, apart */
    "{\"title\":\"其六\",\"content\":\"丙甲乙丁，甲乙丙丁。\"}\n"  /* 6 */
    "{\"title\":\"其七\",\"content\":\"乙甲。丁丙乙。\"}\n"
    /* 8-10: ordinary text, for the fixture's words */
    "{\"title\":\"报告\",\"content\":"
    "\"推进高质量发展，加快建设现代化产业体系，扩大国内需求。\"}\n"
    "{\"title\":\"意见\",\"content\":\"深化改革开放，保障和改善民生，加强生态环境保护。\"}\n"
    "{\"title\":\"通知\",\"content\":\"稳定粮食生产，促进农民增收，建设美丽乡村和智慧城市。\"}"
    "\n"; /* 7 */

static void test_bigram_match(void **state)
{
    (void)state;
    char *dir = zc_test_tmpdir();
    free(zc_test_write_file(dir, "rows.jsonl", rows, strlen(rows)));
    corpus *c = corpus_open(dir, 0);
    assert_int_equal(c->n, 11);
    /* The document of each row, by the row number its name ends with. */
    dset d[11] = {0};
    for (size_t i = 0; i < c->n; i++) {
        const char *hash = strrchr(c->name[i], '#');
        assert_non_null(hash);
        int k = atoi(hash + 1) - 1; /* rows count from 1 */
        assert_true(k >= 0 && k < 11);
        d[k] = BIT(i);
    }
    expect(c, "甲乙", NULL, d[1] | d[4] | d[5] | d[6]);
    expect(c, "\"甲乙\"", NULL, d[1] | d[4] | d[5] | d[6]);
    expect(c, "乙丙", NULL, d[4] | d[5] | d[6]);
    expect(c, "\"甲乙丙\"", NULL, d[4] | d[6]);
    expect(c, "甲乙丙丁", NULL, d[6]);
    expect(c, "title:甲乙", NULL, d[0]);
    expect(c, "甲乙 乙丙", NULL, d[4] | d[5] | d[6]);
    expect(c, "甲乙 OR 丙乙", NULL, d[1] | d[4] | d[5] | d[6] | d[7]);
    expect(c, "甲乙 -丙", NULL, d[1]);
    /* Every pair and triple of the texts' characters agrees with the scan. */
    static const char *const han[] = {"甲", "乙", "丙", "丁", "方", "案"};
    for (size_t a = 0; a < 6; a++)
        for (size_t b = 0; b < 6; b++) {
            char q[32];
            snprintf(q, sizeof q, "%s%s", han[a], han[b]);
            expect(c, q, NULL, scan(c, q));
            for (size_t k = 0; k < 4; k++) {
                snprintf(q, sizeof q, "%s%s%s", han[a], han[b], han[k]);
                expect(c, q, NULL, scan(c, q));
            }
        }
    no_failures(c);
    corpus_free(c);
    zc_test_rmtree(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bigram_match),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
