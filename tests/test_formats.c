/* Document formats end to end: files written at test time from corpus/
 * text (DOCX, OFD, PDF through cairo, XLSX) are indexed and every phrase
 * drawn from the source text finds its file; detection by content, Excel
 * dates, garbage text layers, running heads. With the data, every file of
 * govdocs indexes and phrases from an independent reading find it
 * (test_formats_data.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>

#include <cmocka.h>

#include "extract/extract.h"
#include "extract/pdf_layout.h"
#include "format_fixture.h"
#include "format_index.h"
#include "test_util.h"

void zc_formats_data_test(void **state);
void zc_formats_ocr_test(void **state);

/* The text of corpus file i (in directory order), malloc'd. */
typedef struct pick {
    int want, seen;
    char *text;
} pick;

static void take(void *ctx, const char *name, const char *path, char *data, size_t len)
{
    (void)name;
    (void)path;
    (void)len;
    pick *p = ctx;
    if (p->seen++ == p->want)
        p->text = strdup(data);
}

static char *corpus_text(int i)
{
    char *dir = zc_test_source_path("corpus");
    pick p = {i, 0, NULL};
    zc_test_each_file(dir, "0", ".txt", take, &p);
    free(dir);
    assert_non_null(p.text);
    return p.text;
}

static char *file_bytes(const char *path, size_t *len)
{
    char *d = zc_test_read_file(path, len);
    assert_non_null(d);
    return d;
}

static void test_detect(void **state)
{
    (void)state;
    char *tmp = zc_test_tmpdir();
    char *text = corpus_text(0);
    char *paths[] = {zc_fx_docx(tmp, "a.docx", text, "页眉"), zc_fx_ofd(tmp, "a.ofd", text, 10),
                     zc_fx_pdf(tmp, "a.txt", text, 30, 30, NULL)};
    zc_format want[] = {ZC_FMT_DOCX, ZC_FMT_OFD, ZC_FMT_PDF};
    for (size_t i = 0; i < 3; i++) {
        size_t n;
        char *d = file_bytes(paths[i], &n);
        assert_int_equal(zc_detect(d, n), want[i]);
        free(d);
        free(paths[i]);
    }
    const char *cells[] = {"title", "content", "甲", "乙"};
    int dates[] = {0, 0};
    char *x = zc_fx_xlsx(tmp, "b.bin", cells, 2, 2, dates);
    size_t n;
    char *d = file_bytes(x, &n);
    assert_int_equal(zc_detect(d, n), ZC_FMT_XLSX);
    free(d);
    free(x);
    const char *names[] = {"readme.md"}, *data[] = {"# 说明"};
    char *z = zc_fx_zip(tmp, "c.docx", names, data, 1);
    d = file_bytes(z, &n);
    assert_int_equal(zc_detect(d, n), ZC_FMT_ZIP); /* named .docx, is no document */
    free(d);
    free(z);
    assert_int_equal(zc_detect(text, strlen(text)), ZC_FMT_TEXT);
    assert_int_equal(zc_detect("\x89PNG\r\n\x1a\n", 8), ZC_FMT_BINARY);
    free(text);
    zc_test_rmtree(tmp);
    free(tmp);
}

static void test_excel_dates(void **state)
{
    (void)state;
    /* Serial 1 is 1900-01-01; Excel counts a 29 February 1900 (serial 60)
     * that never was, so 61 is 1 March; 45292 is 2024-01-01. */
    static const struct {
        double v;
        const char *want;
    } cases[] = {{1, "1900-01-01"},
                 {59, "1900-02-28"},
                 {61, "1900-03-01"},
                 {45292, "2024-01-01"},
                 {45292.5, "2024-01-01 12:00"},
                 {43890, "2020-02-29"}};
    char out[24];
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        assert_int_equal(zc_excel_date(cases[i].v, out), 1);
        assert_string_equal(out, cases[i].want);
    }
    assert_int_equal(zc_excel_date(60, out), 0);
    assert_int_equal(zc_excel_date(-3, out), 0);
    assert_int_equal(zc_excel_date(1e9, out), 0);
}

static void test_garbage(void **state)
{
    (void)state;
    const char *why;
    char *text = corpus_text(1);
    assert_int_equal(zc_pdf_garbage(text, strlen(text), &why), 0);
    free(text);
    const char *english = "The State Council issued guidelines on Thursday to promote the "
                          "integration of artificial intelligence (AI) with industry, 2025.";
    assert_int_equal(zc_pdf_garbage(english, strlen(english), &why), 0);
    /* Glyph codes read as ideographs: rare characters in a row. */
    const char *cjk = "犐犆犛３５．２４０．０１ 犆犆犛犔７０ 犌犅／犜３９６７７—２０２０ 犗犉犇 "
                      "犃犅犆犇犈犉犌犎犐犑犓犔犕犖犗犘犙犚犛犜犝犞犠犡";
    assert_int_equal(zc_pdf_garbage(cjk, strlen(cjk), &why), 1);
    assert_non_null(strstr(why, "implausible"));
    /* Glyph numbers read as ASCII and Latin-1. */
    const char *noise = "! \" # $ % & ' ' ( ) * 4>?@ABC )*9&G #$w~EQ¬?@ ：qr ¶Õkl?@ ：qr)X "
                        "、±² ÍÎ ×ÉÊ <x< ÕE¥¦9±Ô mÑABC DE)*94>?@ÍÎ";
    assert_int_equal(zc_pdf_garbage(noise, strlen(noise), &why), 1);
}

static void test_running_heads(void **state)
{
    (void)state;
    zc_pdf_pages p;
    assert_int_equal(zc_pdf_pages_init(&p, 4, NULL), ZC_OK);
    static const char *body[] = {"推动高质量发展取得新成效\n继续推进改革任务\n",
                                 "科技创新引领产业升级\n加快建设现代化产业体系\n",
                                 "扩大内需战略深入实施\n消费潜力持续释放\n",
                                 "城乡融合发展迈出新步伐\n乡村振兴全面推进\n",
                                 "民生福祉不断增进\n就业形势总体稳定\n"};
    char page[512];
    for (int i = 1; i <= 5; i++) {
        snprintf(page, sizeof page, "北京市人民政府公报 2024年第%d期\n%s- %d -\n", i, body[i - 1],
                 i);
        assert_int_equal(zc_pdf_pages_add(&p, page, NULL), ZC_OK);
    }
    char *out;
    size_t len;
    assert_int_equal(zc_pdf_pages_join(&p, &out, &len, NULL), ZC_OK);
    assert_null(strstr(out, "公报"));
    assert_null(strstr(out, "- 3 -"));
    for (int i = 0; i < 5; i++)
        assert_non_null(strstr(out, body[i]));
    free(out);
    zc_pdf_pages_free(&p);
}

/* Each phrase drawn from text finds the file at path, in the index db. */
static void phrases_find(const char *db, const char *path, const char *text, unsigned seed)
{
    zc_index *ix;
    zc_error err;
    assert_int_equal(zc_index_open(db, ZC_OPEN_READ, &ix, &err), ZC_OK);
    char *ph[20];
    size_t n = zc_fx_phrases(text, seed, ph, 20);
    assert_true(n >= 10);
    for (size_t i = 0; i < n; i++) {
        if (zc_fx_count(ix, ph[i], path) == 0)
            fail_msg("\"%s\" (from the source text) does not find %s", ph[i], path);
        free(ph[i]);
    }
    zc_index_free(ix);
}

static void round_trip(int corpus, const char *kind)
{
    char *tmp = zc_test_tmpdir();
    char *dir = g_strdup_printf("%s/files", tmp), *db = g_strdup_printf("%s/db", tmp);
    assert_int_equal(mkdir(dir, 0755), 0);
    char *text = corpus_text(corpus), *path;
    const char *head = "内部资料妥善保管";
    if (strcmp(kind, "docx") == 0)
        path = zc_fx_docx(dir, "报告.docx", text, head);
    else if (strcmp(kind, "ofd") == 0)
        path = zc_fx_ofd(dir, "报告.ofd", text, 12);
    else if (strcmp(kind, "pdf") == 0)
        path = zc_fx_pdf(dir, "报告.pdf", text, 32, 30, head);
    else /* a PDF by another name */
        path = zc_fx_pdf(dir, "报告.txt", text, 32, 30, head);
    zc_fx_run run;
    zc_fx_index(db, dir, ZC_OCR_OFF, NULL, &run);
    if (run.nfailed)
        fail_msg("%s: %s", run.failed[0].path, run.failed[0].why);
    assert_int_equal(run.stats.indexed, 1);
    assert_int_equal(run.stats.documents, 1);
    phrases_find(db, path, text, (unsigned)corpus * 7 + 1);
    zc_index *ix;
    zc_error err;
    assert_int_equal(zc_index_open(db, ZC_OPEN_READ, &ix, &err), ZC_OK);
    /* A header part is read once; a PDF's running head is dropped. */
    assert_int_equal(zc_fx_count(ix, head, NULL), strcmp(kind, "docx") == 0 ? 1 : 0);
    assert_int_equal(zc_fx_count(ix, "PDF", NULL), 0);
    zc_index_free(ix);
    zc_fx_run_free(&run);
    free(text);
    free(path);
    g_free(dir);
    g_free(db);
    zc_test_rmtree(tmp);
    free(tmp);
}

static void test_docx_round_trip(void **state)
{
    (void)state;
    round_trip(2, "docx");
}

static void test_ofd_round_trip(void **state)
{
    (void)state;
    round_trip(3, "ofd");
}

static void test_pdf_round_trip(void **state)
{
    (void)state;
    round_trip(4, "pdf");
}

static void test_pdf_named_txt(void **state)
{
    (void)state;
    round_trip(0, "txt");
}

/* A workbook of policy documents with English headers and Excel dates
 * (with a date format, and bare serials): one document per row, with its
 * title, year and date. */
static void workbook(int date_style)
{
    char *tmp = zc_test_tmpdir();
    char *dir = g_strdup_printf("%s/files", tmp), *db = g_strdup_printf("%s/db", tmp);
    assert_int_equal(mkdir(dir, 0755), 0);
    char *t[3];
    for (int i = 0; i < 3; i++)
        t[i] = corpus_text(i + 1);
    const char *cells[] = {
        "Policy Title",       "Publish Date", "Issuing Authority", "Region",       "Policy Content",
        "关于甲项工作的通知", "45356",        "国务院办公厅",      "全国",         t[0],
        "关于乙项工作的意见", "44936",        "山东省人民政府",    "山东省",       t[1],
        "丙市实施方案",       "45838",        "济南市人民政府",    "山东省济南市", t[2],
    };
    int dates[] = {0, date_style, 0, 0, 0};
    char *path = zc_fx_xlsx(dir, "policies.xlsx", cells, 4, 5, dates);
    zc_fx_run run;
    zc_fx_index(db, dir, ZC_OCR_OFF, NULL, &run);
    if (run.nfailed)
        fail_msg("%s: %s", run.failed[0].path, run.failed[0].why);
    assert_int_equal(run.stats.documents, 3);
    for (int i = 0; i < 3; i++)
        phrases_find(db, path, t[i], 11u + (unsigned)i);
    zc_index *ix;
    zc_error err;
    assert_int_equal(zc_index_open(db, ZC_OPEN_READ, &ix, &err), ZC_OK);
    zc_search_options o;
    zc_search_options_init(&o, ZC_SEARCH_OPTIONS_VERSION);
    o.sort = ZC_SORT_DATE_ASC;
    o.source = path;
    zc_results *r;
    /* 2023-01-10, 2024-03-05, 2025-06-30: oldest first */
    assert_int_equal(zc_search(ix, "的", &o, &r, &err), ZC_OK);
    assert_int_equal(zc_results_total(r), 3);
    static const char *titles[] = {"关于乙项工作的意见", "关于甲项工作的通知", "丙市实施方案"};
    static const int years[] = {2023, 2024, 2025};
    for (size_t i = 0; i < 3; i++) {
        const zc_hit *h = zc_results_hit(r, i);
        assert_string_equal(h->title, titles[i]);
        assert_int_equal(h->year, years[i]);
    }
    zc_results_free(r);
    zc_index_free(ix);
    zc_fx_run_free(&run);
    for (int i = 0; i < 3; i++)
        free(t[i]);
    free(path);
    g_free(dir);
    g_free(db);
    zc_test_rmtree(tmp);
    free(tmp);
}

static void test_workbook_rows(void **state)
{
    (void)state;
    workbook(1);
}

static void test_workbook_bare_serials(void **state)
{
    (void)state;
    workbook(2);
}

/* A sheet without a text column is one document, its rows as lines; a
 * --text-column names a column the names do not. */
static void test_workbook_sheet_and_text_column(void **state)
{
    (void)state;
    char *tmp = zc_test_tmpdir();
    char *dir = g_strdup_printf("%s/files", tmp), *db = g_strdup_printf("%s/db", tmp);
    assert_int_equal(mkdir(dir, 0755), 0);
    const char *cells[] = {"地区",    "2023年", "2022年",  "北京市", "43760.7",
                           "41610.9", "天津市", "16737.3", "16311.3"};
    int dates[] = {0, 0, 0};
    char *path = zc_fx_xlsx(dir, "gdp.xlsx", cells, 3, 3, dates);
    const char *cells2[] = {"名称", "摘要", "甲文件", "推进新型工业化", "乙文件", "发展数字经济"};
    char *path2 = zc_fx_xlsx(dir, "list.xlsx", cells2, 3, 2, dates);
    zc_fx_run run;
    zc_fx_index(db, dir, ZC_OCR_OFF, "摘要", &run);
    assert_int_equal(run.nfailed, 0);
    assert_int_equal(run.stats.documents, 3); /* one sheet, two rows */
    zc_index *ix;
    zc_error err;
    assert_int_equal(zc_index_open(db, ZC_OPEN_READ, &ix, &err), ZC_OK);
    assert_int_equal(zc_fx_count(ix, "天津市", path), 1);
    assert_int_equal(zc_fx_count(ix, "16737.3", path), 1);
    assert_int_equal(zc_fx_count(ix, "数字经济", path2), 1);
    zc_index_free(ix);
    zc_fx_run_free(&run);
    free(path);
    free(path2);
    g_free(dir);
    g_free(db);
    zc_test_rmtree(tmp);
    free(tmp);
}

/* An Excel 97 workbook (BIFF8: shared strings split by a CONTINUE record,
 * a date format, RK numbers) with an English text column: a document per
 * row, dated. The file is the xls fuzz target's seed. */
static void test_workbook_xls(void **state)
{
    (void)state;
    char *tmp = zc_test_tmpdir();
    char *dir = g_strdup_printf("%s/files", tmp), *db = g_strdup_printf("%s/db", tmp);
    assert_int_equal(mkdir(dir, 0755), 0);
    char *seed = zc_test_source_path("tests/fuzz/seeds/xls/book.xls");
    size_t len;
    char *bytes = zc_test_read_file(seed, &len);
    assert_non_null(bytes);
    char *path = zc_test_write_file(dir, "book.xls", bytes, len);
    zc_fx_run run;
    zc_fx_index(db, dir, ZC_OCR_OFF, NULL, &run);
    if (run.nfailed)
        fail_msg("%s: %s", run.failed[0].path, run.failed[0].why);
    assert_int_equal(run.stats.documents, 2);
    zc_index *ix;
    zc_error err;
    assert_int_equal(zc_index_open(db, ZC_OPEN_READ, &ix, &err), ZC_OK);
    assert_int_equal(zc_fx_count(ix, "新型工业化", path), 1);
    assert_int_equal(zc_fx_count(ix, "标签文字", path), 1);
    zc_search_options o;
    zc_search_options_init(&o, ZC_SEARCH_OPTIONS_VERSION);
    o.year_lo = o.year_hi = 2024;
    zc_results *r;
    assert_int_equal(zc_search(ix, "新型工业化", &o, &r, &err), ZC_OK);
    assert_int_equal(zc_results_total(r), 1);
    zc_results_free(r);
    zc_index_free(ix);
    zc_fx_run_free(&run);
    free(bytes);
    free(seed);
    free(path);
    g_free(dir);
    g_free(db);
    zc_test_rmtree(tmp);
    free(tmp);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_detect),
        cmocka_unit_test(test_excel_dates),
        cmocka_unit_test(test_garbage),
        cmocka_unit_test(test_running_heads),
        cmocka_unit_test(test_docx_round_trip),
        cmocka_unit_test(test_ofd_round_trip),
        cmocka_unit_test(test_pdf_round_trip),
        cmocka_unit_test(test_pdf_named_txt),
        cmocka_unit_test(test_workbook_rows),
        cmocka_unit_test(test_workbook_bare_serials),
        cmocka_unit_test(test_workbook_sheet_and_text_column),
        cmocka_unit_test(test_workbook_xls),
    };
    const struct CMUnitTest data[] = {
        cmocka_unit_test(zc_formats_data_test),
        cmocka_unit_test(zc_formats_ocr_test),
    };
    return zc_test_main(argc, argv, tests, sizeof tests / sizeof *tests, data,
                        sizeof data / sizeof *data);
}
