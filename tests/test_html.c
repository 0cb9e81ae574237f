/* Text of HTML documents (extract/html.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/utf8.h"
#include "extract/html.h"
#include "text/clean.h"

/* The text of html (malloc'd); *title as zc_html_text gives it. */
static char *html_text(const char *html, char **title)
{
    zc_buf out = ZC_BUF_INIT;
    zc_error err;
    int rc = zc_html_text(html, strlen(html), &out, title, &err);
    if (rc)
        fail_msg("zc_html_text: %s", err.message);
    assert_non_null(out.data);
    assert_true(zc_utf8_valid(out.data, out.len, NULL));
    return zc_buf_detach(&out);
}

static const char page[] =
    "<!DOCTYPE html>\n<html><head><meta charset=\"gbk\"><title>\n  2026年   政府工作报告 \n</title>"
    "<style>p { color: red }</style><script>var s = \"<p>不是正文</p>\";</script></head>\n"
    "<body><div class=\"nav\"><a href=\"/\">首页</a> &gt; <a href=\"/yw\">要闻</a></div>\n"
    "<h1>政府工作报告</h1>\n<p>各位代表：</p>\n"
    "<p>现在，我代表&nbsp;省人民政府，\n  "
    "向大会报告工作&amp;请予审议。<b>加粗</b>文字<span>内联</span>。</p>"
    "<ul><li>一、稳增长</li><li>二、<em>促</em>改革</li></ul>"
    "<table><tr><td>项目</td><td>金额</td></tr><tr><td>甲</td><td>1</td></tr></table>"
    "<noscript>请启用脚本</noscript><template><p>模板</p></template>"
    "<div><div><div>嵌套<div>块</div>尾</div></div></div>"
    "<pre>第一行\n  第二行</pre>正文&#x4E2D;&#20013;&copy;<br>换行<!-- 注释 --></body></html>";

static void test_page(void **state)
{
    (void)state;
    char *title = NULL;
    char *t = html_text(page, &title);
    assert_string_equal(title, "2026年 政府工作报告");
    assert_string_equal(t,
                        "首页 > 要闻\n政府工作报告\n各位代表：\n"
                        "现在，我代表\xC2\xA0省人民政府， 向大会报告工作&请予审议。加粗文字内联。\n"
                        "一、稳增长\n二、促改革\n项目\n金额\n甲\n1\n嵌套\n块\n尾\n"
                        "第一行\n  第二行\n正文中中©\n换行\n");
    free(title);
    free(t);
    /* Without asking for the title. */
    t = html_text(page, NULL);
    assert_null(strstr(t, "不是正文"));
    free(t);
}

static void test_then_clean(void **state)
{
    (void)state;
    char *t = html_text(page, NULL);
    zc_buf c = ZC_BUF_INIT;
    zc_error err;
    assert_int_equal(zc_clean(t, strlen(t), &c, &err), ZC_OK);
    assert_non_null(
        strstr(c.data, "\n现在，我代表省人民政府，向大会报告工作&请予审议。加粗文字内联。\n"));
    assert_non_null(strstr(c.data, "\n一、稳增长\n二、促改革\n"));
    zc_buf_free(&c);
    free(t);
}

static void test_titles(void **state)
{
    (void)state;
    char *title = NULL;
    char *t =
        html_text("<body><h2>副标题</h2><h1> 主 <b>标题</b> </h1><h1>第二</h1></body>", &title);
    assert_string_equal(title, "主 标题");
    free(title);
    free(t);
    t = html_text("<p>no heading at all</p>", &title);
    assert_null(title);
    assert_string_equal(t, "no heading at all\n");
    free(t);
    t = html_text("<html><head><title>   </title></head><body><h1>H</h1></body></html>", &title);
    assert_string_equal(title, "H");
    free(title);
    free(t);
}

static void test_empty(void **state)
{
    (void)state;
    char *title = (char *)1;
    char *t = html_text("", &title);
    assert_null(title);
    assert_string_equal(t, "");
    free(t);
    t = html_text("   \n\t ", &title);
    assert_null(title);
    assert_string_equal(t, "");
    free(t);
    t = html_text("<html></html>", &title);
    assert_null(title);
    assert_string_equal(t, "");
    free(t);
}

static void test_tag_soup(void **state)
{
    (void)state;
    char *title = NULL;
    char *t = html_text("<p>未闭合<div>段落<b>粗体<p>另一段</i></td>文本&amp;&#x4E2D;&unknown; &lt;"
                        "<script>未闭合的脚本",
                        &title);
    assert_non_null(strstr(t, "未闭合"));
    assert_non_null(strstr(t, "段落粗体"));
    assert_non_null(strstr(t, "另一段"));
    assert_non_null(strstr(t, "文本&中&unknown; <"));
    assert_null(strstr(t, "脚本"));
    assert_null(title);
    free(t);
    /* Deep nesting. */
    size_t depth = 20000;
    char *deep = malloc(depth * 5 + 64);
    assert_non_null(deep);
    size_t n = 0;
    for (size_t i = 0; i < depth; i++)
        memcpy(deep + n, "<div>", 5), n += 5;
    strcpy(deep + n, "深处的文字");
    t = html_text(deep, NULL);
    assert_non_null(strstr(t, "深处的文字"));
    free(t);
    free(deep);
}

/* Beyond libxml2's default limits (a 10 MB text node, 256 levels) no text
 * is lost. */
static void test_limits(void **state)
{
    (void)state;
    size_t reps = 1000000, ul = strlen("新余高新区");
    char *big = malloc(reps * ul + 64);
    assert_non_null(big);
    strcpy(big, "<p>");
    size_t n = 3;
    for (size_t i = 0; i < reps; i++)
        memcpy(big + n, "新余高新区", ul), n += ul;
    strcpy(big + n, "</p><p>尾巴</p>");
    char *t = html_text(big, NULL);
    assert_int_equal(strlen(t), reps * ul + strlen("\n尾巴\n"));
    assert_non_null(strstr(t, "\n尾巴\n"));
    free(t);
    n = 0;
    for (size_t i = 0; i < 1000; i++)
        memcpy(big + n, "<div><span>", 11), n += 11;
    strcpy(big + n, "深处");
    t = html_text(big, NULL);
    assert_string_equal(t, "深处\n");
    free(t);
    free(big);
}

static void test_errors(void **state)
{
    (void)state;
    zc_buf out = ZC_BUF_INIT;
    zc_buf_puts(&out, "kept");
    zc_error err;
    char *title = (char *)1;
    assert_int_equal(zc_html_text("<p>新\xFF</p>", 8, &out, &title, &err), ZC_ERR_ENCODING);
    assert_non_null(strstr(err.message, "byte offset 6"));
    assert_null(title);
    assert_string_equal(out.data, "kept");
    /* Appends. */
    assert_int_equal(zc_html_text("<p>x</p>", 8, &out, NULL, &err), ZC_OK);
    assert_string_equal(out.data, "keptx\n");
    zc_buf_free(&out);
}

/* Garbage never crashes: random bytes and random tag soup. */
static void test_fuzz(void **state)
{
    (void)state;
    static const char *const atoms[] = {"<p>",         "</p>",        "<div>",    "</div>",
                                        "<br>",        "<br/>",       "<script>", "</script>",
                                        "<style>",     "</style>",    "<title>",  "</title>",
                                        "<h1>",        "</h1>",       "<!--",     "-->",
                                        "<![CDATA[",   "]]>",         "&amp;",    "&nbsp;",
                                        "&#x4E2D;",    "&#99999999;", "&",        "<",
                                        ">",           "\"",          "'",        "=",
                                        "<a href=",    "<pre>",       "</pre>",   "<table><tr><td>",
                                        "</td>",       "新余",        "高新区",   "。",
                                        " ",           "\n",          "x",        "<!DOCTYPE html>",
                                        "<html>",      "<head>",      "<body>",   "</",
                                        "<?xml?>",     "<textarea>",  "\xC2\xA0", "<math>",
                                        "<svg><text>", NULL};
    size_t natoms = 0;
    while (atoms[natoms])
        natoms++;
    srand(4242);
    char raw[512];
    zc_buf doc = ZC_BUF_INIT, out = ZC_BUF_INIT;
    zc_error err;
    for (int round = 0; round < 3000; round++) {
        char *title = NULL;
        zc_buf_clear(&out);
        if (round % 2) {
            size_t n = (size_t)(rand() % (int)sizeof raw);
            for (size_t i = 0; i < n; i++)
                raw[i] = (char)(rand() % 256);
            int rc = zc_html_text(raw, n, &out, &title, &err);
            assert_true(rc == ZC_OK || rc == ZC_ERR_ENCODING);
        } else {
            zc_buf_clear(&doc);
            int len = rand() % 60;
            for (int k = 0; k < len; k++)
                zc_buf_puts(&doc, atoms[rand() % natoms]);
            assert_int_equal(zc_html_text(doc.data ? doc.data : "", doc.len, &out, &title, &err),
                             ZC_OK);
            assert_true(zc_utf8_valid(out.data, out.len, NULL));
            if (title)
                assert_true(zc_utf8_valid(title, strlen(title), NULL));
        }
        free(title);
    }
    zc_buf_free(&doc);
    zc_buf_free(&out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_page),     cmocka_unit_test(test_then_clean),
        cmocka_unit_test(test_titles),   cmocka_unit_test(test_empty),
        cmocka_unit_test(test_tag_soup), cmocka_unit_test(test_limits),
        cmocka_unit_test(test_errors),   cmocka_unit_test(test_fuzz),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
