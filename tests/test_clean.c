/* Cleaning layout artefacts (text/clean.c), on small inputs, on the five
 * seed reports in corpus/ and, with the argument "data", on the provincial
 * reports of ../shared/data (ctest label "data"; exit status 77 when the
 * data is absent). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/utf8.h"
#include "test_util.h"
#include "text/clean.h"

/* zc_clean(in) as a malloc'd string; also checks idempotency. */
static char *clean_n(const char *in, size_t len)
{
    zc_buf out = ZC_BUF_INIT, again = ZC_BUF_INIT;
    zc_error err;
    int rc = zc_clean(in, len, &out, &err);
    if (rc)
        fail_msg("zc_clean: %s", err.message);
    assert_int_equal(zc_clean(out.data, out.len, &again, &err), ZC_OK);
    if (again.len != out.len || memcmp(again.data, out.data, out.len))
        fail_msg("not idempotent:\n--- input\n%.*s\n--- once\n%s\n--- twice\n%s", (int)len, in,
                 out.data, again.data);
    zc_buf_free(&again);
    return zc_buf_detach(&out);
}

static char *clean(const char *in)
{
    return clean_n(in, strlen(in));
}

static void expect(const char *in, const char *want)
{
    char *got = clean(in);
    if (strcmp(got, want))
        fail_msg("cleaning\n%s\ngave\n%s\nwanted\n%s", in, got, want);
    free(got);
}

/* Checks the invariants of cleaned text. */
static void check_shape(const char *t)
{
    size_t n = strlen(t);
    assert_true(zc_utf8_valid(t, n, NULL));
    assert_null(strstr(t, "\n\n"));
    assert_null(strchr(t, '\r'));
    assert_null(strstr(t, "\xE3\x80\x80")); /* U+3000 */
    assert_null(strstr(t, "  "));
    assert_null(strstr(t, " \n"));
    assert_null(strstr(t, "\n "));
    if (n) {
        assert_true(t[0] != '\n' && t[0] != ' ');
        assert_true(t[n - 1] != '\n' && t[n - 1] != ' ');
    }
}

static void test_characters(void **state)
{
    (void)state;
    expect("a\r\nb\rc\n", "a\nb\nc");
    expect("新\xE2\x80\x8B余\xC2\xAD高\xEF\xBB\xBF新\xE2\x81\xA0区\xE2\x80\x8D", "新余高新区");
    char nul[] = "ab\0c\x01"
                 "d\x7F"
                 "e\x1B";
    char *got = clean_n(nul, sizeof nul - 1);
    assert_string_equal(got, "abcde");
    free(got);
    expect("a\tb", "a b");
    expect("上一段。\xE2\x80\xA8下一段。", "上一段。\n下一段。"); /* U+2028 */
    expect("page one.\fpage two.", "page one.\npage two.");
    expect("x\xC2\x85y", "x\ny");               /* NEL */
    expect("左\xE2\x80\x8E右\xC2\x9F", "左右"); /* LRM, a C1 control */
}

static void test_blanks(void **state)
{
    (void)state;
    expect("落实好“双链 ”共 建 机 制 ，着 力 引 进", "落实好“双链”共建机制，着力引进");
    expect("政府工作报 告", "政府工作报告");
    expect("回顾 2023，这一年", "回顾2023，这一年");
    expect("签约总金额 539.3 亿元", "签约总金额539.3亿元");
    expect("2023第六届Micro   LED 显示技术", "2023第六届Micro LED显示技术");
    expect("新增海关 AEO 高级认证企业", "新增海关AEO高级认证企业");
    expect("\xE3\x80\x80\xE3\x80\x80新余，一座城市。", "新余，一座城市。");
    expect("  trailing blanks  \t", "trailing blanks");
    expect("A \xE3\x80\x80 B", "A B");
    expect("做大做强优势产业\xC2\xA0助推经济高质量发展", "做大做强优势产业助推经济高质量发展");
    expect("省长\xE3\x80\x80王予波", "省长王予波");
    expect("\xC2\xA0\xC2\xA0 \n", "");
}

static void test_paragraphs(void **state)
{
    (void)state;
    expect("", "");
    expect("\n\n \n\t\n", "");
    expect("甲。\n\n\n\n乙。\n", "甲。\n乙。");
    expect("\n\n标题\n\n正文第一句。\n\n", "标题\n正文第一句。");
    expect("one\ntwo\n\nthree", "one\ntwo\nthree");
}

/* Lines of at most width display columns (CJK characters count two),
 * separated by sep: a hard wrap. */
static char *wrap(const char *text, size_t width, const char *sep)
{
    zc_buf b = ZC_BUF_INIT;
    size_t n = strlen(text), col = 0;
    for (size_t i = 0; i < n;) {
        if (text[i] == '\n') { /* a paragraph break */
            zc_buf_puts(&b, sep);
            col = 0;
            i++;
            continue;
        }
        uint32_t cp;
        size_t l = zc_utf8_decode(text + i, n - i, &cp), w = cp < 0x1100 ? 1 : 2;
        if (cp < 0x80) { /* words and numbers are not broken */
            while (i + l < n && text[i + l] != '\n' && (unsigned char)text[i + l] < 0x80)
                l++;
            w = l;
        }
        if (col + w > width) {
            zc_buf_puts(&b, sep);
            col = 0;
        }
        zc_buf_append(&b, text + i, l);
        i += l;
        col += w;
    }
    return zc_buf_detach(&b);
}

static const char para1[] =
    "这一年，新余高新区大力实施“招商引资百日攻坚行动”，高质量举办深圳锂电新能源新材料产业招商大"
    "会、江西锂电产业合作恳谈会、2023第六届Micro LED显示技术和产业发展大会等专题招商活动。新余"
    "高新区全年新签约项目117个，签约总金额539."
    "3亿元，其中亿元以上项目32个，推动重点优势产业做大做强。";
static const char para2[] =
    "突出领导“首位”招商。新余高新区主要领导坚持带头招商，通过“面对面”洽谈拍板，重点推动了赣锋锂"
    "电储能与动力产业园、中国有研科技集团有限公司下一代电池材料研发及产业化等一批重大项目签约落地"
    "。";

static void test_hard_wraps(void **state)
{
    (void)state;
    /* A document wrapped at 20 characters with blank lines between the
     * wrapped lines, a heading between two paragraphs. */
    char doc[4096];
    snprintf(doc, sizeof doc, "招商引资促产业集群发展\n%s\n%s\n项目会战促经济提质增效\n%s", para1,
             para2, para1);
    char *wrapped = wrap(doc, 40, "\n\n");
    char *got = clean(wrapped);
    char want[4096];
    snprintf(want, sizeof want, "招商引资促产业集群发展\n%s\n%s\n项目会战促经济提质增效\n%s", para1,
             para2, para1);
    assert_string_equal(got, want);
    free(got);
    free(wrapped);
    /* The same with page numbers between pages and CR LF line ends. */
    wrapped = wrap(doc, 44, "\r\n\r\n- 3 -\r\n");
    got = clean(wrapped);
    assert_string_equal(got, want);
    free(got);
    free(wrapped);
}

static void test_breaks_kept(void **state)
{
    (void)state;
    /* A comma never ends a paragraph; a heading does not join. */
    expect("我们要坚持，\n继续努力。", "我们要坚持，继续努力。");
    expect("一、坚持转型升级\n加快传统产业转型升级，推动发展。",
           "一、坚持转型升级\n加快传统产业转型升级，推动发展。");
    /* A line cut after a finished sentence continues on the next one. */
    expect("改革向纵深推进。2025年完成改革\n\n任务277项，取得突破。",
           "改革向纵深推进。2025年完成改革任务277项，取得突破。");
    /* Headings and subtitles without a full stop stay lines. */
    expect(
        "准确把握形势任务\n深刻领会战略定位，推动建设取得成果\n打造新型工业强市——这是战略定位。",
        "准确把握形势任务\n深刻领会战略定位，推动建设取得成果\n打造新型工业强市——这是战略定位。");
    /* List items and their introduction. */
    expect("主要做了以下工作：\n1.稳增长；\n2.促改革。",
           "主要做了以下工作：\n1.稳增长；\n2.促改革。");
    expect("总体要求是，\n（一）坚持稳中求进。", "总体要求是，\n（一）坚持稳中求进。");
    expect("任务如下。一是\n二是加强领导。", "任务如下。一是\n二是加强领导。");
    /* A caption between the parts of a cut paragraph stays on its own. */
    expect("项目引进是起点。新余通过“提升服务效能、夯实\n\n新余城区鸟瞰图 "
           "郭锋杰摄\n\n要素保障”让企业扩产。",
           "项目引进是起点。新余通过“提升服务效能、夯实\n新余城区鸟瞰图郭锋杰摄\n要素保障”让企业扩"
           "产。");
    /* Markdown headings and tables are never joined. */
    expect("# 新闻联播。今天\n## 新闻摘要\n| 项目 | 金额 |\n| 甲 | 1 |",
           "#新闻联播。今天\n##新闻摘要\n|项目|金额|\n|甲| 1 |");
    expect("报告。第二部分\n第二章 总则", "报告。第二部分\n第二章总则");
}

static void test_boilerplate_lines(void **state)
{
    (void)state;
    const char *page =
        "下载\n打印\n全屏\n收藏\n【字号：\n加大\n还原\n减小\n】\n2026年某省政府工作报告\n"
        "——2026年1月27日在某省第十四届人民代表大会第四次会议上\n来源：某某日报\n时间：2026-02-09\n"
        "省长 "
        "张三\n各位代表：\n现在，我代表省人民政府，向大会报告工作，请予审议，并请省政协委员提出意见"
        "。\n"
        "下载\n来源：新华社\n- 2 -\n第 3 页\n打印本页\n"
        "各位代表！让我们更加紧密地团结在以习近平同志为核心的党中央周围，奋力谱写新篇章！\n"
        "相关报道：\n扫一扫在手机打开当前页\n【打印本页】【关闭窗口】\n责任编辑：\n李四\n";
    expect(page,
           "2026年某省政府工作报告\n"
           "——2026年1月27日在某省第十四届人民代表大会第四次会议上\n省长张三\n各位代表：\n"
           "现在，我代表省人民政府，向大会报告工作，请予审议，并请省政协委员提出意见。\n"
           "下载\n来源：新华社\n"
           "各位代表！让我们更加紧密地团结在以习近平同志为核心的党中央周围，奋力谱写新篇章！");
    const char *crumbs =
        "您的位置:\n首页\n>\n要闻\n>\n本地新闻\n2026年政府工作报告\n来源：\n某日报\n"
        "2026-02-03 09:02:33\n【字体：\n大\n中\n小\n】\n"
        "现在，我代表省人民政府，向大会报告工作，请予审议，并请省政协委员提出意见。\n"
        "》》点击图片进入专题《《\n收藏\n|\n分享到:\n分享到微信\n×\n相关文档：";
    expect(crumbs, "2026年政府工作报告\n"
                   "现在，我代表省人民政府，向大会报告工作，请予审议，并请省政协委员提出意见。");
}

static void test_is_boilerplate(void **state)
{
    (void)state;
    static const char *const any[] = {"- 12 -",
                                      "—3—",
                                      "－ 7 －",
                                      "第 3 页",
                                      "第3页 共12页",
                                      "共12页/第3页",
                                      "Page 4 of 9",
                                      "打印本页",
                                      "关闭窗口",
                                      "【打印本页】【关闭窗口】",
                                      "【字号：大 中 小】",
                                      "字体：大 中 小",
                                      "扫一扫在手机打开当前页",
                                      NULL};
    static const char *const edge[] = {"下载",
                                       "下载 打印 全屏 收藏",
                                       "分享到:",
                                       "收藏 | 分享",
                                       "来源：解放日报",
                                       "（来源：青海日报）",
                                       "责任编辑：李莎莎",
                                       "编辑：何继红",
                                       "时间：2026-02-09",
                                       "发表时间：",
                                       "2026-02-03 09:02:33",
                                       "2026年02月10日 07时41分",
                                       "首页",
                                       ">",
                                       "】",
                                       "相关报道：",
                                       "阅读量：1234",
                                       NULL};
    static const char *const none[] = {
        "下载量大幅增长。",
        "打印机产业",
        "来源广泛",
        "第三产业",
        "2023年",
        "12",
        "- 12 - 项目",
        "数据来源：中共新余市委宣传部",
        "各位代表：",
        "第3章",
        "大中小企业",
        "政府工作报告",
        "",
        "来源："
        "这是一段很长的正文，不是来源信息，而是一个句子，里面有逗号，还有更多的文字，"
        "超过六十个字符的长度限制，所以不算页面的来源行。",
        NULL};
    for (int k = 0; any[k]; k++)
        if (zc_clean_is_boilerplate(any[k], strlen(any[k])) != ZC_BOILER_ANY)
            fail_msg("'%s' should be boilerplate anywhere", any[k]);
    for (int k = 0; edge[k]; k++)
        if (zc_clean_is_boilerplate(edge[k], strlen(edge[k])) != ZC_BOILER_EDGE)
            fail_msg("'%s' should be edge boilerplate", edge[k]);
    for (int k = 0; none[k]; k++)
        if (zc_clean_is_boilerplate(none[k], strlen(none[k])) != ZC_BOILER_NONE)
            fail_msg("'%s' is not boilerplate", none[k]);
}

static void test_is_caption(void **state)
{
    (void)state;
    static const char *const yes[] = {
        "新余城区鸟瞰图 郭锋杰摄",
        "新余城区鸟瞰图郭锋杰摄",
        "赣锋循环科技年产2万吨电池级碳酸锂及8万吨电池级磷酸铁项目现场 凌厚祥摄",
        "（新华社记者 张三 摄）",
        "(记者 李四 摄)",
        "省长叶建春作政府工作报告。本报全媒体记者 林 君摄",
        "任振鹤作政府工作报告。新甘肃·甘肃日报记者 盛学卿",
        "抚州中心城区鸟瞰图",
        "（本版图片由抚州市委宣传部提供）",
        "图为新建成的产业园。",
        "（新华社发）",
        "  河下镇堵头村“一老一小”幸福院的手工时刻 赵春亮摄  ",
        NULL};
    static const char *const no[] = {
        "这是一项拍摄",
        "打造新型工业强市迈出坚实步伐",
        "壮阔新程起宏图",
        "新闻摄影",
        "记者从民政部了解到，2025年我国持续推进社会组织规范化建设。",
        "",
        "摄",
        "新余市摄影家协会举办了年度展览，展出作品两百余幅，吸引市民参观。",
        NULL};
    for (int k = 0; yes[k]; k++)
        if (!zc_clean_is_caption(yes[k], strlen(yes[k])))
            fail_msg("'%s' is a caption", yes[k]);
    for (int k = 0; no[k]; k++)
        if (zc_clean_is_caption(no[k], strlen(no[k])))
            fail_msg("'%s' is no caption", no[k]);
}

static void test_invalid_utf8(void **state)
{
    (void)state;
    zc_buf out = ZC_BUF_INIT;
    zc_buf_puts(&out, "kept");
    zc_error err;
    assert_int_equal(zc_clean("新余\xFF高新区", 10, &out, &err), ZC_ERR_ENCODING);
    assert_non_null(strstr(err.message, "byte offset 6"));
    assert_string_equal(out.data, "kept");
    assert_int_equal(out.len, 4);
    /* Appends. */
    assert_int_equal(zc_clean(" 新 余 ", 9, &out, &err), ZC_OK);
    assert_string_equal(out.data, "kept新余");
    zc_buf_free(&out);
}

/* Random documents made of the characters that matter: cleaning is
 * idempotent and never breaks UTF-8. */
static void test_random_idempotent(void **state)
{
    (void)state;
    /* clang-format off */
    static const char *const atoms[] = {
        "新", "余", "高", "区", "。", "，", "、", "：", "；", "“", "”", "（", "）", "\n", "\n\n",
        "\r\n", " ", "\xE3\x80\x80", "\t", "a", "B", "7", "2023", ".", ",", "-", "#", "|", "一、",
        "（二）", "3.", "摄", "记者", "张三", "图", "下载", "【字号：", "】", "来源：", "- 5 -",
        "\xE2\x80\x8B", "\xC2\xA0", "第", "页", "！", "……", "——", "Micro", "LED", ">", "首页",
        NULL};
    /* clang-format on */
    size_t natoms = 0;
    while (atoms[natoms])
        natoms++;
    srand(12345);
    zc_buf doc = ZC_BUF_INIT;
    for (int round = 0; round < 3000; round++) {
        zc_buf_clear(&doc);
        int len = rand() % 200;
        for (int k = 0; k < len; k++)
            zc_buf_puts(&doc, atoms[rand() % natoms]);
        char *once = clean_n(doc.data ? doc.data : "", doc.len); /* checks idempotency */
        check_shape(once);
        free(once);
    }
    zc_buf_free(&doc);
}

/* Long inputs take linear time (run, never timed as a pass condition). */
static void test_big_inputs(void **state)
{
    (void)state;
    size_t n = 10u << 20;
    char *big = malloc(n + 1);
    assert_non_null(big);
    static const char unit[] = "新余高新区 2023 年，Micro LED ";
    size_t ul = sizeof unit - 1, i = 0;
    for (; i + ul <= n; i += ul)
        memcpy(big + i, unit, ul);
    memset(big + i, 'x', n - i);
    zc_buf out = ZC_BUF_INIT;
    zc_error err;
    assert_int_equal(zc_clean(big, n, &out, &err), ZC_OK);
    assert_true(out.len > n / 2 && out.len <= n);
    assert_null(memchr(out.data, '\n', out.len));
    zc_buf_free(&out);
    /* One million short lines, headings and wrapped lines mixed. */
    static const char lines[] = "一、标题\n正文，\n续行。\n- 3 -\n\n";
    size_t ll = sizeof lines - 1, m = 0;
    for (i = 0; m < 1000000; m += 5, i += ll) {
        if (i + ll > n)
            break;
        memcpy(big + i, lines, ll);
    }
    assert_int_equal(zc_clean(big, i, &out, &err), ZC_OK);
    assert_true(out.len > 0);
    zc_buf_free(&out);
    free(big);
}

/* ------------------------------------------------------------ seeds */

typedef struct seed_check {
    const char *file;
    const char *first_line;
    const char *has[6];   /* phrases found after cleaning */
    const char *lines[4]; /* "…\n…": line boundaries that must remain */
} seed_check;

static const seed_check seeds[] = {
    {"corpus/000_c7aa4d322e244bff.txt",
     "新余在聚力打造新型工业强市中勇担当大作为",
     {"夯实要素保障", "2025年完成改革任务277项", "统筹高质量发展和高水平安全",
      "新余深化“一业一查一码”改革", NULL},
     {"新余在聚力打造新型工业强市中勇担当大作为\n新年伊始", "\n创新转型|产业能级迈上新台阶\n",
      "\n新余国际陆港凌厚祥摄\n", NULL}},
    {"corpus/001_28de832e850c6ae0.txt",
     "奋力谱写中国式现代化江西篇章",
     {"新余市聚焦产业发展的关键点", "钢锂双驱发展格局基本形成", NULL},
     {"奋力谱写中国式现代化江西篇章\n新余打造新型工业强市迈出坚实步伐\n新余城区鸟瞰图郭锋杰摄\n",
      "\n准确把握经济社会发展形势任务\n深刻领会省委赋予新余的战略定位和使命任务，推动新型工业强市建"
      "设取得成果\n打造新型工业强市——这是",
      "\n紧盯打造新型工业强市战略定位\n坚持转型升级、创新引领、项目带动", NULL}},
    {"corpus/002_703a66e9d902f6c3.txt",
     "玉兔摆尾去，金龙衔珠来。回顾2023，这一年，全球经济萎靡不振",
     {"新余高新区在新余市委", "落实好“双链”共建机制", "2023年电子信息产业实现营业收入40.5亿元",
      "新余高新区锂电池产能达27GWh", "2023第六届Micro LED显示技术", "为谱写中国式现代化新余篇章"},
     {"。\n招商引资促产业集群发展\n这一年，新余高新区大力实施",
      "。\n项目会战促经济提质增效\n这一年", "。\n改革创新促发展活力迸发\n这一年",
      "。\n民生为本促幸福指数攀升\n这一年"}},
    {"corpus/003_b399b6283a605430.txt",
     "江西新余做优“工小美”创造新辉煌",
     {"新余，一座因钢设市的城市", "连续八次获得全国双拥模范", NULL},
     {"江西新余做优“工小美”创造新辉煌\n新余，一座因钢设市的城市",
      "\n做大做强优势产业助推经济高质量发展\n新余因钢设市",
      "\n做细做实民生保障提升百姓获得感\n近年来", "\n数据来源：中共新余市委宣传部"}},
    {"corpus/004_f38267a61ae27191.txt",
     "赣进",
     {"抚州将从六个方面发力", "精心描绘共同繁荣新图景", NULL},
     {"赣进\n启航新征程拼出新光景\n抚州中心城区鸟瞰图\n壮阔新程起宏图\n",
      "\n推进工业强市不断塑造产业发展新优势\n推动产业集群提能升级",
      "\n扩大有效需求切实增强经济发展新动能\n深入实施提振消费专项行动", NULL}},
};

static void test_seeds(void **state)
{
    (void)state;
    for (size_t k = 0; k < sizeof seeds / sizeof *seeds; k++) {
        const seed_check *sc = &seeds[k];
        char *path = zc_test_source_path(sc->file);
        size_t n;
        char *raw = zc_test_read_file(path, &n);
        if (!raw)
            fail_msg("cannot read %s", path);
        char *t = clean_n(raw, n);
        check_shape(t);
        size_t fl = strlen(sc->first_line);
        if (strncmp(t, sc->first_line, fl))
            fail_msg("%s: starts with '%.60s'", sc->file, t);
        for (int j = 0; j < 6 && sc->has[j]; j++)
            if (!strstr(t, sc->has[j]))
                fail_msg("%s: '%s' not found after cleaning", sc->file, sc->has[j]);
        for (int j = 0; j < 4 && sc->lines[j]; j++)
            if (!strstr(t, sc->lines[j]))
                fail_msg("%s: lines '%s' not kept", sc->file, sc->lines[j]);
        /* Every caption of the seeds is recognised as one. */
        for (const char *l = t; *l;) {
            const char *e = strchr(l, '\n');
            size_t ll = e ? (size_t)(e - l) : strlen(l);
            if (ll >= 3 && !memcmp(l + ll - 3, "摄", 3))
                assert_true(zc_clean_is_caption(l, ll));
            l += ll + (e != NULL);
        }
        free(t);
        free(raw);
        free(path);
    }
}

/* ------------------------------------------------------------ data */

static int has_line(const char *t, const char *line)
{
    size_t n = strlen(line);
    for (const char *p = t; (p = strstr(p, line)) != NULL; p++)
        if ((p == t || p[-1] == '\n') && (p[n] == '\n' || p[n] == '\0'))
            return 1;
    return 0;
}

/* One provincial report: web boilerplate gone, the title and the opening
 * lines kept, idempotent. */
static void check_provincial(void *ctx, const char *name, const char *path, char *csv, size_t len)
{
    (void)ctx, (void)path, (void)len;
    /* clang-format off */
    static const char *const gone[] = {
        "下载", "打印", "全屏", "收藏", "【字号：", "【字体：", "加大", "还原", "减小", "】",
        "相关报道：", "打印本页", "关闭窗口", "扫一扫在手机打开当前页", "分享到微信", "首页", ">",
        NULL};
    /* clang-format on */
    /* The first record after the header: the title third, the text sixth. */
    const char *record = strchr(csv, '\n');
    assert_non_null(record);
    char *f[8] = {0};
    size_t nf = zc_test_csv_record(record + 1, f, 8);
    assert_true(nf >= 6);
    const char *title = f[2], *text = f[5];
    char *t = clean(text);
    check_shape(t);
    for (int k = 0; gone[k]; k++)
        if (has_line(t, gone[k]))
            fail_msg("%s: line '%s' left", name, gone[k]);
    for (const char *l = t; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL)
        if (!strncmp(l, "来源：", 9) || !strncmp(l, "时间：", 9))
            fail_msg("%s: line '%.40s' left", name, l);
    if (has_line(text, title) && !has_line(t, title))
        fail_msg("%s: title line '%s' lost", name, title);
    if (strstr(text, "\n各位代表：\n") && !has_line(t, "各位代表："))
        fail_msg("%s: '各位代表：' not a line of its own", name);
    free(t);
    for (size_t k = 0; k < nf; k++)
        free(f[k]);
}

/* The 31 provincial reports. */
static void test_data_provincial(void **state)
{
    (void)state;
    char *dir = zc_test_data_path("reports-provincial-2026");
    long files = zc_test_each_file(dir, "2026_", NULL, check_provincial, NULL);
    free(dir);
    if (files < 0) {
        skip();
        return;
    }
    assert_int_equal(files, 31);
}

static void append_file(void *ctx, const char *name, const char *path, char *data, size_t len)
{
    (void)name, (void)path;
    zc_buf_append(ctx, data, len);
    zc_buf_putc(ctx, '\n');
}

/* Cleaning speed on the news transcripts (printed, never asserted). */
static void test_data_news_speed(void **state)
{
    (void)state;
    char *dir = zc_test_data_path("news-xwlb");
    zc_buf all = ZC_BUF_INIT;
    long files = zc_test_each_file(dir, NULL, ".md", append_file, &all);
    free(dir);
    if (files < 0) {
        skip();
        return;
    }
    zc_buf out = ZC_BUF_INIT;
    zc_error err;
    double best = 1e9;
    for (int r = 0; r < 3; r++) {
        zc_buf_clear(&out);
        double t0 = zc_test_now();
        assert_int_equal(zc_clean(all.data, all.len, &out, &err), ZC_OK);
        double t = zc_test_now() - t0;
        best = t < best ? t : best;
    }
    printf("# zc_clean (news-xwlb, %.1f MB): %.0f MB/s\n", all.len / 1e6, all.len / 1e6 / best);
    zc_buf_free(&out);
    zc_buf_free(&all);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_characters),     cmocka_unit_test(test_blanks),
        cmocka_unit_test(test_paragraphs),     cmocka_unit_test(test_hard_wraps),
        cmocka_unit_test(test_breaks_kept),    cmocka_unit_test(test_boilerplate_lines),
        cmocka_unit_test(test_is_boilerplate), cmocka_unit_test(test_is_caption),
        cmocka_unit_test(test_invalid_utf8),   cmocka_unit_test(test_random_idempotent),
        cmocka_unit_test(test_big_inputs),     cmocka_unit_test(test_seeds),
    };
    const struct CMUnitTest data[] = {
        cmocka_unit_test(test_data_provincial),
        cmocka_unit_test(test_data_news_speed),
    };
    return zc_test_main(argc, argv, tests, sizeof tests / sizeof *tests, data,
                        sizeof data / sizeof *data);
}
