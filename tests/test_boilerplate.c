/* Licence and site footers (text/boilerplate.c): dropped from cleaned text
 * with all that follows them, never from the body. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "text/clean.h"

static char *clean(const char *in)
{
    zc_buf out = ZC_BUF_INIT, again = ZC_BUF_INIT;
    zc_error err;
    assert_int_equal(zc_clean(in, strlen(in), &out, &err), ZC_OK);
    assert_int_equal(zc_clean(out.data, out.len, &again, &err), ZC_OK);
    assert_string_equal(again.data, out.data); /* idempotent */
    zc_buf_free(&again);
    return zc_buf_detach(&out);
}

static void expect(const char *in, const char *want)
{
    char *got = clean(in);
    if (strcmp(got, want))
        fail_msg("cleaning\n%s\ngave\n%s\nwanted\n%s", in, got, want);
    free(got);
}

#define BODY                                                                                       \
    "同志们：\n现在，我代表中央委员会向大会作报告。\n"                       \
    "这次大会是在我国改革发展关键阶段召开的一次十分重要的大会。\n"

static void test_licence_statement(void **state)
{
    (void)state;
    /* The statement, its notes (with a year of their own) and the page's
     * trailing flags go. */
    expect(BODY "本作品来自1949年10月1日（含）之后的中国共产党文件。制定的公文，不适用于"
                "著作权法保护，所以属于\n公有领域\n。\n↑\n《某某参考》2011年第1集。\n"
                "public domain\npublic domain\nfalse\nfalse",
           "同志们：\n现在，我代表中央委员会向大会作报告。\n"
           "这次大会是在我国改革发展关键阶段召开的一次十分重要的大会。");
    /* Cut at its links over several lines. */
    expect(BODY "这部作品在1931年1月1日以前以匿名或别名发表，确实作者身份不明，在\n美国\n以及版权"
                "期限是\n匿名别名作品发表起95年\n以下的国家以及地区属于\n公有领域\n。",
           "同志们：\n现在，我代表中央委员会向大会作报告。\n"
           "这次大会是在我国改革发展关键阶段召开的一次十分重要的大会。");
    /* A work that speaks of copyright is not a licence statement unless
     * it opens like one about the work itself. */
    expect("著作权法第五条规定，本法不适用于法律、法规。\n本作品的评审工作于年底前完成。",
           "著作权法第五条规定，本法不适用于法律、法规。\n本作品的评审工作于年底前完成。");
    /* Nothing before it: no footer, the text itself. */
    expect("本作品属于公有领域。", "本作品属于公有领域。");
}

static void test_site_footer(void **state)
{
    (void)state;
    expect(BODY "版权所有：某省人民政府办公厅\n主办：某省人民政府办公厅\n网站标识码：1100000088\n"
                "京ICP备05070218号",
           "同志们：\n现在，我代表中央委员会向大会作报告。\n"
           "这次大会是在我国改革发展关键阶段召开的一次十分重要的大会。");
    /* A notice that begins with its sponsor keeps it. */
    expect("主办单位：某市科学技术局\n承办单位：某市科学技术协会\n"
           "为推动科技创新，现将有关事项通知如下。",
           "主办单位：某市科学技术局\n承办单位：某市科学技术协会\n"
           "为推动科技创新，现将有关事项通知如下。");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_licence_statement),
        cmocka_unit_test(test_site_footer),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
