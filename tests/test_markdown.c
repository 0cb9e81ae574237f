/* Markdown to text (extract/markdown.c, md4c's CommonMark reading), one
 * claim at a time: heading and quote marks, emphasis, links and images,
 * inline HTML and HTML blocks, entities, code fences; list items with
 * their markers and table rows; the line structure; and,
 * with the argument "data", every news transcript of ../shared/data
 * (news-xwlb, the corpus that is Markdown; ctest label "data", exit status
 * 77 when the data is absent). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/utf8.h"
#include "extract/markdown.h"
#include "test_util.h"
#include "text/clean.h"
#include "zhengce.h"

/* The text of md[0..len) exactly as zc_markdown_text gives it (malloc'd,
 * NUL-terminated); *n its length. */
static char *md_text_n(const char *md, size_t len, size_t *n)
{
    zc_buf out = ZC_BUF_INIT;
    assert_int_equal(zc_markdown_text(md, len, &out), ZC_OK);
    assert_non_null(out.data);
    if (!zc_utf8_valid(out.data, out.len, NULL))
        fail_msg("[%s]: the text is not valid UTF-8", md);
    if (n)
        *n = out.len;
    /* By its length: an empty text is an allocated buffer, not a string. */
    char *t = malloc(out.len + 1);
    assert_non_null(t);
    memcpy(t, out.data, out.len);
    t[out.len] = '\0';
    zc_buf_free(&out);
    return t;
}

static char *md_text(const char *md)
{
    return md_text_n(md, strlen(md), NULL);
}

/* What a reader sees: the lines of the text with their blanks trimmed and
 * the empty ones left out, joined by '\n' (malloc'd). Blanks and empty
 * lines are the cleaner's business (text/clean.c); the words and where
 * the lines break are this module's. */
static char *seen(const char *md)
{
    char *t = md_text(md);
    zc_buf out = ZC_BUF_INIT;
    for (char *line = t; line;) {
        char *nl = strchr(line, '\n'), *end = nl ? nl : line + strlen(line);
        while (line < end && (*line == ' ' || *line == '\t' || *line == '\r'))
            line++;
        while (end > line && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
            end--;
        if (end > line) {
            if (out.len)
                assert_int_equal(zc_buf_putc(&out, '\n'), 0);
            assert_int_equal(zc_buf_append(&out, line, (size_t)(end - line)), 0);
        }
        line = nl ? nl + 1 : NULL;
    }
    free(t);
    return zc_buf_detach(&out);
}

#define SEEN(md, expected)                                                                         \
    do {                                                                                           \
        char *got_ = seen(md);                                                                     \
        if (strcmp(got_, expected) != 0)                                                           \
            fail_msg("[%s]: the reader sees [%s], expected [%s]", md, got_, expected);             \
        free(got_);                                                                                \
    } while (0)

#define EXACT(md, expected)                                                                        \
    do {                                                                                           \
        char *got_ = md_text(md);                                                                  \
        if (strcmp(got_, expected) != 0)                                                           \
            fail_msg("[%s]: [%s], expected [%s]", md, got_, expected);                             \
        free(got_);                                                                                \
    } while (0)

static size_t count_char(const char *s, char c)
{
    size_t n = 0;
    for (; *s; s++)
        n += *s == c;
    return n;
}

/* Heading marks go, at any level and after indentation; a '#' inside a
 * line is text. */
static void test_headings(void **state)
{
    (void)state;
    SEEN("# 《新闻联播》 (20220924)", "《新闻联播》 (20220924)");
    SEEN("## 新闻摘要", "新闻摘要");
    SEEN("###### 第六级", "第六级");
    SEEN("   ### 缩进的标题", "缩进的标题");
    SEEN("#紧贴的标题", "紧贴的标题");
    SEEN("学习C#语言，第#3号", "学习C#语言，第#3号");
    SEEN("# 标题\n\n正文第一段。\n## 小标题\n正文第二段。",
         "标题\n正文第一段。\n小标题\n正文第二段。");
}

/* Quote marks go, nested ones too, and with a heading mark right after. */
static void test_quotes(void **state)
{
    (void)state;
    SEEN("> 引用的一段话", "引用的一段话");
    SEEN(">> 嵌套的引用", "嵌套的引用");
    SEEN("  >引用", "引用");
    SEEN(">## 引用里的标题", "引用里的标题");
    SEEN("正文 > 不是引用", "正文 > 不是引用");
}

/* Emphasis marks go; the words they enclose stay. As CommonMark reads
 * them: '_' never marks emphasis inside a word (and Han characters are
 * letters), '*' does; a mark that closes nothing is text. */
static void test_emphasis(void **state)
{
    (void)state;
    SEEN("**央视网消息**（新闻联播）：正文", "央视网消息（新闻联播）：正文");
    SEEN("__加粗__ 的文字", "加粗 的文字");
    SEEN("*倾斜*与_倾斜_", "倾斜与_倾斜_");
    SEEN("前文**加粗**中间__加粗__后文", "前文加粗中间__加粗__后文");
    /* No strikethrough: '~' is the range of Chinese text. */
    SEEN("气温4~6℃，风力4~5级", "气温4~6℃，风力4~5级");
    SEEN("~~删除线~~的文字", "~~删除线~~的文字");
    SEEN("未配对的**强调", "未配对的**强调");
    SEEN("转义的\\*星号\\*", "转义的*星号*");
}

/* Links and images leave their text; the address goes. */
static void test_links(void **state)
{
    (void)state;
    SEEN("[查看原文](https://tv.cctv.com/2022/09/25/VIDE.shtml)", "查看原文");
    SEEN("![长江经济带示意图](images/map.png)", "长江经济带示意图");
    SEEN("详见[国务院公报](http://www.gov.cn/a.htm)和[新华网](http://x.cn)报道",
         "详见国务院公报和新华网报道");
    SEEN("[](http://empty.example)空链接", "空链接");
    /* What is not a link stays as written. */
    SEEN("[未闭合的方括号", "[未闭合的方括号");
    SEEN("[文字] (http://x.cn)", "[文字] (http://x.cn)");
    SEEN("[文字](未闭合的括号", "[文字](未闭合的括号");
    SEEN("惊叹！和!号", "惊叹！和!号");
    char *t = md_text("[文字](http://tv.cctv.com/a)");
    assert_null(strstr(t, "cctv"));
    assert_null(strstr(t, "]("));
    free(t);
}

/* Inline HTML tags go; each block tag breaks the line, other tags join. */
static void test_html_tags(void **state)
{
    (void)state;
    SEEN("<p><strong>央视网消息</strong>（新闻联播）：正文。</p><p>第二段。</p>",
         "央视网消息（新闻联播）：正文。\n第二段。");
    static const char *const blocks[] = {"p",     "br",      "div",        "li", "tr",  "ul", "ol",
                                         "table", "section", "article",    "h1", "h2",  "h3", "h4",
                                         "h5",    "h6",      "blockquote", "hr", "pre", "td", "th"};
    for (size_t i = 0; i < sizeof blocks / sizeof *blocks; i++) {
        char md[128];
        snprintf(md, sizeof md, "甲<%s>乙</%s>丙", blocks[i], blocks[i]);
        SEEN(md, "甲\n乙\n丙");
    }
    SEEN("甲<BR>乙<br/>丙<Br />丁", "甲\n乙\n丙\n丁");
    SEEN("<P class=\"t\" style=\"x\">段落</P>", "段落");
    SEEN("甲<span>乙</span><em>丙</em><b>丁</b><a href=\"u\">戊</a>", "甲乙丙丁戊");
    SEEN("正文<!-- 注释 -->继续", "正文继续");
    /* What is not a tag stays as written. */
    SEEN("若 a < b 且 1<2", "若 a < b 且 1<2");
    SEEN("<>空的尖括号", "<>空的尖括号");
    SEEN("甲<p\n乙>跨行", "甲<p\n乙>跨行");
    SEEN("<span 未闭合", "<span 未闭合");
}

/* Common named entities and numeric ones (decimal and hex) become their
 * characters; anything else stays as written. */
static void test_entities(void **state)
{
    (void)state;
    EXACT("&nbsp;&amp;&lt;&gt;&quot;&apos;&#39;&ldquo;&rdquo;&mdash;&hellip;&middot;&copy;",
          "\u00A0&<>\"''“”—…·©");
    EXACT("&#20013;&#x56FD;&#X56FD;&#x4e2d;", "中国国中");
    EXACT("&#128512;", "\xF0\x9F\x98\x80");
    /* A decoded '<' is text, never a tag. */
    SEEN("&lt;p&gt;文字&lt;/p&gt;", "<p>文字</p>");
    static const char *const kept[] = {
        "&#0;",   "&#xD800;", "&#x110000;",       "&#;",    "&#x;",
        "&#12a;", "&#12",     "&nosuch;",         "AT&T",   "末尾&",
        "&#",     "&#x",      "&#1234567890123;", "&#xG1;", "& nbsp;"};
    for (size_t i = 0; i < sizeof kept / sizeof *kept; i++)
        EXACT(kept[i], kept[i]);
}

/* Code fences (``` and ~~~, with or without a language) go; the lines
 * between them stay, each on its own line. */
static void test_code_fences(void **state)
{
    (void)state;
    SEEN("说明：\n```python\nprint(总量)\n```\n之后", "说明：\nprint(总量)\n之后");
    SEEN("~~~\n代码行一\n代码行二\n~~~", "代码行一\n代码行二");
    /* Each fence leaves an empty line, so no phrase joins what it
     * separated. */
    char *t = md_text("前\n```\n甲\n```\n后");
    assert_string_equal(t, "前\n\n甲\n\n后");
    free(t);
    /* A fence that is never closed still goes. */
    SEEN("```c\n未闭合的代码", "未闭合的代码");
}

/* List items keep their text, each on its own line, whatever marks them. */
static void test_lists(void **state)
{
    (void)state;
    static const char list[] = "本期节目主要内容：\n"
                               "1.【领航中国】共护一江水；\n"
                               "2.【喜迎二十大】踔厉奋发；\n"
                               "（1）21家主要银行减免服务费用；\n"
                               "- 第一项\n"
                               "* 第二项\n"
                               "+ 第三项\n"
                               "  - 嵌套的项\n";
    char *t = md_text(list);
    static const char *const items[] = {"本期节目主要内容：",
                                        "1.【领航中国】共护一江水；",
                                        "2.【喜迎二十大】踔厉奋发；",
                                        "（1）21家主要银行减免服务费用；",
                                        "第一项",
                                        "第二项",
                                        "第三项",
                                        "嵌套的项"};
    for (size_t i = 0; i < sizeof items / sizeof *items; i++)
        if (!strstr(t, items[i]))
            fail_msg("list item [%s] lost: [%s]", items[i], t);
    assert_int_equal(count_char(t, '\n'), count_char(list, '\n'));
    /* Items never run together. */
    assert_null(strstr(t, "第一项第二项"));
    free(t);
    /* Each item keeps its marker as written, so that the cleaner sees a
     * list item and joins nothing into it; a nested item has its own. */
    SEEN("- 第一项\n* 第二项\n+ 第三项\n  - 嵌套的项", "- 第一项\n* 第二项\n+ 第三项\n- 嵌套的项");
    SEEN("1. 甲\n2. 乙\n\n3) 丙", "1. 甲\n2. 乙\n3) 丙");
    SEEN("- - 最内层", "- 最内层");
    /* Where the text does not follow the marker, the item is marked "- ". */
    SEEN("-\n  晚到的项", "- 晚到的项");
    SEEN("1. **加粗的项**", "- 加粗的项");
    /* Cleaned, two items of prose stay two paragraphs. */
    t = md_text("- 推进高质量发展，加快建设现代化产业体系\n- 坚持稳中求进，深化改革开放\n");
    zc_buf clean = ZC_BUF_INIT;
    zc_error err;
    assert_int_equal(zc_clean(t, strlen(t), &clean, &err), ZC_OK);
    assert_int_equal(count_char(clean.data, '\n'), 1);
    zc_buf_free(&clean);
    free(t);
}

/* Table cells keep their text; the cells of a row stay apart, and each row
 * is a line. */
static void test_tables(void **state)
{
    (void)state;
    static const char table[] =
        "| 指标 | 数值 |\n|---|---:|\n| 地区生产总值 | 5.2% |\n| 粮食产量 | "
        "1.39万亿斤 |\n";
    char *t = md_text(table);
    static const char *const cells[] = {"指标", "数值",     "地区生产总值",
                                        "5.2%", "粮食产量", "1.39万亿斤"};
    for (size_t i = 0; i < sizeof cells / sizeof *cells; i++)
        if (!strstr(t, cells[i]))
            fail_msg("table cell [%s] lost: [%s]", cells[i], t);
    assert_null(strstr(t, "指标数值"));
    assert_null(strstr(t, "地区生产总值5.2%"));
    assert_int_equal(count_char(t, '\n'), count_char(table, '\n'));
    free(t);
    /* Each row is a line that starts "| " (a table row to the cleaner),
     * its cells with text apart by " | ", whether the source has the outer
     * pipes or not. */
    SEEN(table, "| 指标 | 数值\n| 地区生产总值 | 5.2%\n| 粮食产量 | 1.39万亿斤");
    SEEN("甲 | 乙\n--- | ---\n丙 | 丁", "| 甲 | 乙\n| 丙 | 丁");
    SEEN("| 甲 | | 丙 |\n|---|---|---|\n| [链接](u) | **粗** | |", "| 甲 | 丙\n| 链接 | 粗");
}

/* What else CommonMark reads as markup goes, and the words stay. */
static void test_commonmark(void **state)
{
    (void)state;
    /* Setext headings and thematic breaks. */
    SEEN("标题\n===\n正文", "标题\n正文");
    SEEN("前\n\n---\n\n后\n\n***\n\n尾", "前\n后\n尾");
    /* Code spans, hard line breaks, escapes. */
    SEEN("用`zhengce search`检索", "用zhengce search检索");
    SEEN("甲  \n乙\\\n丙", "甲\n乙\n丙");
    SEEN("\\# 不是标题 \\[不是链接\\](u)", "# 不是标题 [不是链接](u)");
    /* Links: titles, references and their definitions, markup inside, and
     * autolinks (nothing but an address) all go but the text. */
    SEEN("[国务院](http://www.gov.cn \"标题\")公报", "国务院公报");
    SEEN("[国务院][gov]公报\n\n[gov]: http://www.gov.cn\n正文", "国务院公报\n正文");
    SEEN("[**加粗**链接](u)", "加粗链接");
    SEEN("见<http://www.gov.cn/a.htm>和<user@example.com>", "见和");
    /* A tag over two lines goes whole; its line break stays. */
    char *t = md_text("甲<a\nhref=\"u\">乙</a>");
    assert_string_equal(t, "甲\n乙");
    free(t);
    /* Lines that start with a tag are read as Markdown too (no HTML
     * blocks): the tags go, the Markdown after them is read. */
    SEEN("<div>\n甲&amp;乙<br>丙 **丁**\n</div>", "甲&乙\n丙 丁");
    SEEN("<p>第一段。</p>\n**加粗**与![图](map.png)", "第一段。\n加粗与图");
    /* A carriage return alone breaks the line too, and stays. */
    EXACT("甲\r乙", "甲\r乙");
}

/* Plain text passes through byte for byte, line breaks included, and each
 * line stays a line: search never matches across one. */
static void test_plain_and_lines(void **state)
{
    (void)state;
    EXACT("", "");
    EXACT("\n", "\n");
    EXACT("一行", "一行");
    EXACT("一行\n二行", "一行\n二行");
    EXACT("一行\n二行\n", "一行\n二行\n");
    EXACT("一行\r\n二行\r\n", "一行\r\n二行\r\n");
    EXACT("\n\n空行之间\n\n", "\n\n空行之间\n\n");
    EXACT("规上工业增加值增长9.5%，PM2.5下降；5G基站1.2万个。",
          "规上工业增加值增长9.5%，PM2.5下降；5G基站1.2万个。");
    /* Headings, quotes, links and emphasis keep the line count. */
    static const char doc[] = "# 标题\n> 引用\n**加粗**\n[链接](u)\n正文\n";
    char *t = md_text(doc);
    assert_int_equal(count_char(t, '\n'), count_char(doc, '\n'));
    free(t);
    /* Bytes after a NUL in the given length are read too. */
    size_t n;
    t = md_text_n("甲\0乙", 7, &n);
    assert_int_equal(n, 7);
    assert_memory_equal(t, "甲\0乙", 7);
    free(t);
}

/* The text is appended to what the buffer holds. */
static void test_appends(void **state)
{
    (void)state;
    zc_buf out = ZC_BUF_INIT;
    assert_int_equal(zc_buf_puts(&out, "前文\n"), 0);
    assert_int_equal(zc_markdown_text("## 后文", strlen("## 后文"), &out), ZC_OK);
    assert_string_equal(out.data, "前文\n后文");
    zc_buf_free(&out);
}

/* Markup cut short anywhere, and random mixtures of markup and text: the
 * text is valid UTF-8, never longer than the input, and every Han
 * character outside a link address or a tag is kept. */
static void test_broken_and_random(void **state)
{
    (void)state;
    static const char *const pieces[] = {
        "#",   ">",  "**", "__", "*",   "_",  "[",      "]",   "(",           ")",   "![",
        "](",  "<",  ">",  "</", "<p>", "&",  "&#",     "&#x", ";",           "&lt", "```",
        "~~~", "\n", " ",  "\t", "新",  "余", "高新区", "。",  "\xE3\x80\x80"};
    const size_t np = sizeof pieces / sizeof *pieces;
    /* Every piece alone and every pair. */
    for (size_t i = 0; i < np; i++)
        for (size_t j = 0; j <= np; j++) {
            char md[32];
            snprintf(md, sizeof md, "%s%s", pieces[i], j < np ? pieces[j] : "");
            size_t n;
            free(md_text_n(md, strlen(md), &n));
            assert_true(n <= strlen(md));
        }
    srand(20250607);
    for (int r = 0; r < 2000; r++) {
        char md[512];
        size_t len = 0;
        int han = 0, guarded = 0;
        while (len < 400) {
            const char *p = pieces[(size_t)rand() % np];
            size_t pl = strlen(p);
            memcpy(md + len, p, pl);
            len += pl;
            han += !strcmp(p, "新");
            /* A link's address, a tag and a fence's first line go whole. */
            guarded |= strchr(p, '(') || strchr(p, '<') || strchr(p, '`') || strchr(p, '~');
        }
        md[len] = '\0';
        size_t n;
        char *t = md_text_n(md, len, &n);
        if (n > len)
            fail_msg("[%s]: %zu bytes of text from %zu", md, n, len);
        /* With no '(' or '<' to hide it, each 新 is still there. */
        if (!guarded) {
            int kept = 0;
            for (const char *s = t; (s = strstr(s, "新")); s += 3)
                kept++;
            if (kept != han)
                fail_msg("[%s]: %d of %d 新 kept: [%s]", md, kept, han, t);
        }
        free(t);
    }
}

/* ------------------------------------------------------------ data */

typedef struct news_check {
    long links;
    long headings;
} news_check;

/* A transcript of news-xwlb (a heading, a numbered summary, links to the
 * original, HTML paragraphs with entities) leaves no markup, and every
 * link leaves its text. */
static void check_news(void *ctx, const char *name, const char *path, char *raw, size_t n)
{
    (void)name;
    news_check *c = ctx;
    size_t tn;
    char *t = md_text_n(raw, n, &tn);
    static const char *const markup[] = {"<p>",    "</p>",  "<strong>", "<br",
                                         "&nbsp;", "&amp;", "](",       "**"};
    for (size_t i = 0; i < sizeof markup / sizeof *markup; i++)
        if (strstr(t, markup[i]))
            fail_msg("%s: '%s' left in the text", path, markup[i]);
    for (const char *line = t; line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
        const char *s = line;
        while (*s == ' ')
            s++;
        if (*s == '#')
            fail_msg("%s: a heading mark left: %.60s", path, line);
    }
    if (count_char(t, '\n') < count_char(raw, '\n'))
        fail_msg("%s: lines lost", path);
    /* Each link's text is there. */
    for (const char *s = raw; (s = strstr(s, "](")); s += 2) {
        const char *open = s;
        while (open > raw && open[-1] != '[' && open[-1] != '\n')
            open--;
        if (open == raw || open[-1] != '[')
            continue;
        char text[256];
        size_t tl = (size_t)(s - open);
        if (tl == 0 || tl >= sizeof text)
            continue;
        memcpy(text, open, tl);
        text[tl] = '\0';
        if (!strstr(t, text))
            fail_msg("%s: link text [%s] lost", path, text);
        c->links++;
    }
    if (raw[0] == '#') {
        const char *nl = memchr(raw, '\n', n);
        char heading[512];
        const char *h = raw;
        while (*h == '#' || *h == ' ')
            h++;
        size_t hl = (size_t)((nl ? nl : raw + n) - h);
        if (hl < sizeof heading) {
            memcpy(heading, h, hl);
            heading[hl] = '\0';
            if (!strstr(t, heading))
                fail_msg("%s: the heading [%s] lost", path, heading);
            c->headings++;
        }
    }
    free(t);
}

static void test_data_news(void **state)
{
    (void)state;
    char *dir = zc_test_data_path("news-xwlb");
    news_check c = {0, 0};
    long files = zc_test_each_file(dir, NULL, ".md", check_news, &c);
    free(dir);
    if (files < 0) {
        skip();
        return;
    }
    /* The transcripts are what is claimed of them: each has its heading,
     * most their links. */
    assert_true(files > 1000);
    assert_int_equal(c.headings, files);
    assert_true(c.links > files);
    print_message("# news-xwlb: %ld transcripts, %ld links\n", files, c.links);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_headings),
        cmocka_unit_test(test_quotes),
        cmocka_unit_test(test_emphasis),
        cmocka_unit_test(test_links),
        cmocka_unit_test(test_html_tags),
        cmocka_unit_test(test_entities),
        cmocka_unit_test(test_code_fences),
        cmocka_unit_test(test_lists),
        cmocka_unit_test(test_tables),
        cmocka_unit_test(test_commonmark),
        cmocka_unit_test(test_plain_and_lines),
        cmocka_unit_test(test_appends),
        cmocka_unit_test(test_broken_and_random),
    };
    const struct CMUnitTest data[] = {
        cmocka_unit_test(test_data_news),
    };
    return zc_test_main(argc, argv, tests, sizeof tests / sizeof *tests, data,
                        sizeof data / sizeof *data);
}
