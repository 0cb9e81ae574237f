/* The evidence rules of document metadata (indexer/meta_year.c,
 * indexer/meta_region.c), each on small hand-written texts: when a
 * document is from and whether it speaks for the whole country. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "index/schema.h"
#include "indexer/meta.h"
#include "text/clean.h"

/* zc_meta_dated of text (cleaned first, as the indexer does) and title:
 * the year, and the month and day through *md (month * 100 + day). */
static int dated(const char *text, const char *title, int *md)
{
    zc_buf out = ZC_BUF_INIT;
    zc_error err;
    assert_int_equal(zc_clean(text, strlen(text), &out, &err), ZC_OK);
    int m = -1, d = -1;
    int y = zc_meta_dated(out.data, out.len, title, &m, &d);
    if (md)
        *md = m * 100 + d;
    zc_buf_free(&out);
    return y;
}

static int national(const char *text, const char *title)
{
    return zc_meta_national(text, strlen(text), title);
}

static void test_year_digits(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        int year;
    } cases[] = {
        {"2024年", 2024},     {"一九八六年", 1986}, {"二〇二五年", 2025}, {"二○二五年", 2025},
        {"二零一零年", 2010}, {"二0二0年", 2020},   {"2 0 2 4年", 2024},  {"12024年", 0},
        {"1848年", 0},        {"十九年", 0},        {"第24年", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const char *s = cases[i].s;
        size_t at = strlen(s) - strlen("年");
        int y = zc_meta_year_before(s, at, NULL);
        if (y != cases[i].year)
            fail_msg("%s: %d, expected %d", s, y, cases[i].year);
    }
}

/* A national work report of each decade, from its first lines. */
static void test_reports_by_decade(void **state)
{
    (void)state;
    int md;
    assert_int_equal(dated("政府工作报告\n——一九五四年九月二十三日在第一届全国人民代表大会第一次会"
                           "议上\n各位代表：",
                           NULL, &md),
                     1954);
    assert_int_equal(md, 923);
    assert_int_equal(dated("各位代表：\n我代表国务院向大会报告工作。",
                           "在第二届全国人民代表大会第"
                           "一次会议上的政府工作报告",
                           NULL),
                     1959);
    assert_int_equal(dated("政府工作报告\n——一九七八年二月二十六日在第五届全国人民代表大会第一次"
                           "会议上\n各位代表：",
                           NULL, NULL),
                     1978);
    /* The session alone, when the date is not there. */
    assert_int_equal(
        dated("政府工作报告\n在第六届全国人民代表大会第四次会议上\n各位代表：", NULL, NULL), 1986);
    /* A review of 1995: the report of 1996. */
    assert_int_equal(dated("各位代表：\n现在，我代表国务院，向大会作政府工作报告，请予审议。\n"
                           "一、1995年工作回顾\n过去一年，我们……",
                           NULL, &md),
                     1996);
    assert_int_equal(md, 0);
    assert_int_equal(dated("政府工作报告\n——二〇〇五年三月五日在第十届全国人民代表大会第三次会议上"
                           "\n各位代表：",
                           NULL, &md),
                     2005);
    assert_int_equal(md, 305);
    assert_int_equal(dated("政府工作报告\n各位代表：\n现在，我代表国务院，向大会报告政府工作。\n"
                           "一、2015年工作回顾\n过去一年……",
                           NULL, NULL),
                     2016);
    assert_int_equal(dated("政府工作报告\n——2025年3月5日在第十四届全国人民代表大会第三次会议上\n"
                           "国务院总理 李强\n各位代表：",
                           NULL, &md),
                     2025);
    assert_int_equal(md, 305);
    /* A congress of the Party, by its number or by the committee that
     * reports to it. */
    assert_int_equal(dated("同志们：\n现在，我代表第十九届中央委员会向大会作报告。", NULL, NULL),
                     2022);
    assert_int_equal(dated("同志们：\n我受十二届中央委员会委托，向大会作报告。", NULL, NULL), 1987);
    assert_int_equal(dated("同志们：", "论联合政府 (七大)", NULL), 1945);
    /* A work report's title. */
    assert_int_equal(dated("各位代表：", "2024年北京市政府工作报告", NULL), 2024);
}

static void test_documents(void **state)
{
    (void)state;
    int md;
    const char *opinion =
        "国务院关于深入实施“人工智能+”行动的意见\n国发〔2025〕11号\n"
        "各省、自治区、直辖市人民政府，国务院各部委、各直属机构：\n"
        "为深入实施“人工智能+”行动，推动人工智能与经济社会各行业各领域广泛深度融合，现提出如下"
        "意见。\n一、总体要求\n……\n国务院\n2025年8月21日\n（此件公开发布）";
    assert_int_equal(dated(opinion, NULL, &md), 2025);
    assert_int_equal(md, 821);
    assert_true(national(opinion, NULL));
    const char *notice = "某省人民政府办公厅关于印发某省促进民营经济发展若干措施的通知\n"
                         "某府厅字〔2024〕12号\n各市、县（区）人民政府，省政府各部门：\n"
                         "《某省促进民营经济发展若干措施》已经省政府同意，现印发给你们，请认真贯彻"
                         "执行。\n某省人民政府办公厅\n2024年3月1日";
    assert_int_equal(dated(notice, NULL, &md), 2024);
    assert_int_equal(md, 301);
    assert_false(national(notice, NULL));
    assert_int_equal(dated("成文日期：2023年12月28日\n发布日期：2024年1月2日\n正文", NULL, &md),
                     2023);
    assert_int_equal(md, 1228);
    /* A licence footer's years are no evidence. */
    assert_int_equal(dated("同志们：\n这次大会是在我国改革发展关键阶段召开的。\n"
                           "本作品来自1949年10月1日之后的中国共产党文件，属于公有领域。\n"
                           "2024年社群共识\n2024年10月1日",
                           NULL, NULL),
                     0);
    /* No evidence, no year: a year written in passing is none. */
    assert_int_equal(dated("会议强调，2035年基本实现社会主义现代化。", NULL, NULL), 0);
}

static void test_national(void **state)
{
    (void)state;
    /* The speaker decides; Hong Kong, Macao and Taiwan in passing do not. */
    assert_true(national("政府工作报告\n各位代表：\n现在，我代表国务院，向大会报告政府工作。\n"
                         "我们坚持“一国两制”，支持香港、澳门发展，推进台湾问题的解决。",
                         NULL));
    assert_true(
        national("政府工作报告\n——1978年2月26日在第五届全国人民代表大会第一次会议上", NULL));
    assert_true(national("同志们：\n现在，我代表第十七届中央委员会向大会作报告。", NULL));
    assert_true(national("正文", "国务院办公厅关于加快发展银发经济增进老年人福祉的意见"));
    assert_true(national("正文", "财政部关于进一步加强政府采购管理的通知"));
    assert_true(national("正文", "在中国共产党第九次全国代表大会上的报告"));
    /* A provincial report: its own congress, its own government. */
    assert_false(national("2026年江西省政府工作报告\n——2026年1月27日在江西省第十四届人民代表大会"
                          "第五次会议上\n各位代表：\n现在，我代表省人民政府，向大会报告工作。\n"
                          "认真贯彻国务院部署，落实全国人民代表大会精神。",
                          "2026年江西省政府工作报告"));
    assert_false(national("新余市人民政府关于印发新余市工业发展规划的通知\n各县（区）人民政府：\n"
                          "根据国务院关于推动制造业高质量发展的意见，制定本规划。",
                          NULL));
    assert_false(national("会议强调，要支持香港、澳门更好融入国家发展大局。", NULL));
    /* A statistics bulletin of the whole country: no place in its title,
     * the country counted in its opening. One of a place names it, or
     * counts its own whole (全市, 全县). */
    const char *bulletin = "2021年民政事业发展统计公报\n2021年，各级民政部门深入贯彻新发展理念。\n"
                           "一、综合\n截至2021年底，全国民政部门登记和管理的机构和设施共计238.0万"
                           "个。\n除省级行政区划数以外，各项统计数据均未包括香港特别行政区。\n";
    assert_true(national(bulletin, "2021年民政事业发展统计公报"));
    assert_false(national("2023年周口市国民经济和社会发展统计公报\n全国经济回升向好，全市地区生"
                          "产总值增长5.0%。\n",
                          "2023年周口市国民经济和社会发展统计公报"));
    assert_false(national("2023年国民经济和社会发展统计公报\n2023年，全县上下坚持稳中求进，全国"
                          "经济回升向好。\n",
                          "2023年国民经济和社会发展统计公报"));
    assert_false(national("2023年国民经济和社会发展统计公报\n2023年，经济运行稳中向好。\n",
                          "2023年国民经济和社会发展统计公报"));
    assert_false(national(bulletin, "2021年民政事业发展情况"));
}

static char *title_of(const char *text)
{
    return zc_meta_title(text, strlen(text), 40);
}

static void test_titles_and_types(void **state)
{
    (void)state;
    static const struct {
        const char *title, *type;
    } kinds[] = {
        {"2024年北京市政府工作报告", "政府工作报告"},
        {"国务院关于深入实施“人工智能+”行动的意见", "意见"},
        {"某省人民政府办公厅关于印发某省促进民营经济发展若干措施的通知", "通知"},
        {"金融产品网络营销管理办法（征求意见稿）", "办法"},
        {"中华人民共和国促进科技成果转化条例", "条例"},
        {"2021年民政事业发展统计公报", "公报"},
        {"在中国共产党第九次全国代表大会上的报告", "报告"},
        {"某市国民经济和社会发展第十五个五年规划纲要", "规划"},
        {"启航新征程 拼出新光景", NULL},
    };
    for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++) {
        const char *t = zc_meta_type_of_title(kinds[i].title);
        if (kinds[i].type ? !t || strcmp(t, kinds[i].type) : t != NULL)
            fail_msg("%s: %s, expected %s", kinds[i].title, t ? t : "none",
                     kinds[i].type ? kinds[i].type : "none");
    }
    const char *r = "各位代表：\n现在，我代表国务院，向大会报告政府工作，请予审议。";
    assert_string_equal(zc_meta_type(r, strlen(r), "政府工作"), "政府工作报告");
    /* Headings are no titles. */
    assert_true(zc_meta_is_heading("一、2024年工作回顾", strlen("一、2024年工作回顾")));
    assert_true(zc_meta_is_heading("（三）坚持创新驱动", strlen("（三）坚持创新驱动")));
    assert_true(zc_meta_is_heading("第一章 总则", strlen("第一章 总则")));
    assert_false(zc_meta_is_heading("一九五四年政府工作报告", strlen("一九五四年政府工作报告")));
    char *t =
        title_of("一、2024年工作回顾\n过去一年，我们……经济运行稳中有进，发展质量稳步提升，各项工作"
                 "取得新成效。");
    assert_string_equal(t, "");
    free(t);
    /* A note in brackets and the speaker's first words cut at a note mark
     * are no titles: none, and the file's name stands in. */
    t = title_of("（译自某某档案俄文稿）\n现在我代表中央委员会作关于上届代表会议\n[\n1\n]\n以来的"
                 "工作报告。中央委员会的人员太少，搜集不了很多材料，概述得不可能全面。");
    assert_string_equal(t, "");
    free(t);
    /* A column name before the title; a title cut before its last
     * character; a main title on two lines. */
    t = title_of(
        "要闻动态\n2026年政府工作报告\n——2026年1月28日在某省第十四届人民代表大会第四次会议上");
    assert_string_equal(t, "2026年政府工作报告");
    free(t);
    t = title_of("政府工作报\n告\n——二〇二五年三月五日在第十四届全国人民代表大会第三次会议上");
    assert_string_equal(t, "政府工作报告");
    free(t);
    t = title_of("决胜全面建成小康社会\n夺取新时代中国特色社会主义伟大胜利\n——在中国共产党第十九次"
                 "全国代表大会上的报告\n同志们：");
    assert_string_equal(t, "决胜全面建成小康社会 夺取新时代中国特色社会主义伟大胜利");
    free(t);
    /* A year alone, or a table's first row (cells after a separator),
     * names nothing: the title is the next line that does. */
    t = title_of("2019\n海关总署关于建设新时代海关的通知\n各直属海关：");
    assert_string_equal(t, "海关总署关于建设新时代海关的通知");
    free(t);
    t = title_of("|数据库：分省年度数据\n|地区|2023年|2022年");
    assert_string_equal(t, "");
    free(t);
    /* A processing form's title field: the label is no part of the
     * title, bare or with its colon; a title that only starts with the
     * label's words keeps them. */
    t = title_of("某市政府文件处理笺\n来文单位市人民政府办公室\n"
                 "公文标题市委主要领导同志调研后续落实事项的通知\n拟办意见");
    assert_string_equal(t, "市委主要领导同志调研后续落实事项的通知");
    free(t);
    t = title_of("标题：关于做好春节期间安全生产工作的通知\n各单位：");
    assert_string_equal(t, "关于做好春节期间安全生产工作的通知");
    free(t);
    t = title_of("公文标题的拟写方法\n公文标题是公文的眼睛，拟写时要做到准确、简要、规范，"
                 "不能随意简化，也不能随意扩展。");
    assert_string_equal(t, "公文标题的拟写方法");
    free(t);
    /* A byline is no title: the lines after it are. */
    t = title_of("2019\n文/海关总署\n勇立潮头真抓实干\n建设新时代海关数字档案室\n当前，随着信"
                 "息技术的飞速发展，数字化、网络化已深刻影响着人们的工作和生活。");
    assert_null(strstr(t, "海关总署"));
    assert_non_null(strstr(t, "勇立潮头真抓实干"));
    free(t);
}

static void test_issuer_and_number(void **state)
{
    (void)state;
    static const char *const same[] = {"国发〔2025〕3号", "国发[2025]3号",   "国发(2025)3号",
                                       "国发［2025］3号", "国发【2025】3号", "国发 〔2025〕 3号"};
    for (size_t i = 0; i < sizeof same / sizeof *same; i++) {
        zc_schema_docno d;
        if (!zc_schema_docno_parse(same[i], strlen(same[i]), &d))
            fail_msg("%s: not a number", same[i]);
        assert_string_equal(d.prefix, "国发");
        assert_int_equal(d.year, 2025);
        assert_int_equal(d.number, 3);
        char t[128];
        assert_true(zc_schema_docno_term(&d, 1, t, sizeof t) > 0);
        assert_string_equal(t, "XN国发2025#3");
    }
    zc_schema_docno d;
    assert_true(zc_schema_docno_parse("国发2025", strlen("国发2025"), &d));
    assert_int_equal(d.number, 0);
    char t[128];
    assert_true(zc_schema_docno_term(&d, 0, t, sizeof t) > 0);
    assert_string_equal(t, "XN国发2025");
    assert_false(zc_schema_docno_parse("国发〔2025", strlen("国发〔2025"), &d));
    assert_false(zc_schema_docno_parse("〔2025〕3号", strlen("〔2025〕3号"), &d));
    assert_false(zc_schema_docno_parse("国发〔25〕3号", strlen("国发〔25〕3号"), &d));

    const char *opinion = "国务院关于推进某项工作的意见\n国发(2025)11号\n各省、自治区、直辖市人民"
                          "政府：\n现提出如下意见。\n国务院\n2025年8月21日";
    char *no = zc_meta_docno(opinion, strlen(opinion));
    assert_non_null(no);
    assert_string_equal(no, "国发〔2025〕11号");
    free(no);
    char *who = zc_meta_issuer(opinion, strlen(opinion), "国务院关于推进某项工作的意见");
    assert_string_equal(who, "国务院");
    free(who);
    /* The signature above the date, a red header. */
    const char *notice = "关于做好某项工作的通知\n各县（区）：\n现将有关事项通知如下。\n"
                         "某省人民政府办公厅\n2024年3月1日";
    who = zc_meta_issuer(notice, strlen(notice), "关于做好某项工作的通知");
    assert_string_equal(who, "某省人民政府办公厅");
    free(who);
    const char *red = "某区卫生局文件\n某卫发〔2011〕76号\n关于同意某同志辞职的批复\n区中医院：";
    who = zc_meta_issuer(red, strlen(red), "关于同意某同志辞职的批复");
    assert_string_equal(who, "某区卫生局");
    free(who);
    no = zc_meta_docno(red, strlen(red));
    assert_string_equal(no, "某卫发〔2011〕76号");
    free(no);
    /* A number cited in the body is not the document's. */
    const char *body =
        "某会议纪要\n会议认为，应当按照国务院办公厅关于做好某项工作的通知（国办发〔2024〕"
        "5号）的要求，抓好落实，确保各项任务按期完成，并及时报告进展情况。";
    assert_null(zc_meta_docno(body, strlen(body)));
    assert_null(zc_meta_issuer(body, strlen(body), "某会议纪要"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_year_digits),      cmocka_unit_test(test_reports_by_decade),
        cmocka_unit_test(test_documents),        cmocka_unit_test(test_national),
        cmocka_unit_test(test_titles_and_types), cmocka_unit_test(test_issuer_and_number),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
