/* Metadata: title, region and year of the seed reports (with and without
 * their manifest), and, with the argument "data", of the 31 provincial
 * reports of 2026 in ../shared/data (ctest label "data"; exit status 77
 * when the data is absent). */
#include <jansson.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "indexer/record.h"
#include "test_util.h"
#include "zhengce.h"

typedef struct expect {
    const char *file;
    const char *title;  /* NULL: not checked */
    const char *region; /* as the JSON gives it */
    int year;           /* 0: not checked */
} expect;

/* What the seeds are, as a reader states them. */
static const expect seeds[] = {
    {"000_c7aa4d322e244bff.txt", "新余在聚力打造新型工业强市中勇担当大作为", "江西省/新余市", 2026},
    {"001_28de832e850c6ae0.txt", "新余 打造新型工业强市迈出坚实步伐", "江西省/新余市", 2024},
    {"002_703a66e9d902f6c3.txt", NULL, "江西省/新余市", 2024},
    {"003_b399b6283a605430.txt", "江西新余 做优“工小美” 创造新辉煌", "江西省/新余市", 0},
    {"004_f38267a61ae27191.txt", "启航新征程 拼出新光景", "江西省/抚州市", 2026},
};

/* The hits of a query that matches every document, by file name. */
static json_t *all_hits(const char *tmp, const char *db)
{
    zc_test_run r = zc_test_cli(tmp, "search --db '%s' --json --limit 1000 '，'", db);
    assert_int_equal(r.status, 0);
    json_t *root = json_loads(r.out, 0, NULL);
    assert_non_null(root);
    zc_test_run_free(&r);
    return root;
}

static json_t *hit_for(json_t *root, const char *file)
{
    size_t i;
    json_t *h;
    json_array_foreach(json_object_get(root, "hits"), i, h)
    {
        const char *p = json_string_value(json_object_get(h, "path"));
        const char *base = strrchr(p, '/');
        if (strcmp(base ? base + 1 : p, file) == 0)
            return h;
    }
    fail_msg("no hit for %s", file);
    return NULL;
}

static void check_seeds(const char *dir, int with_manifest)
{
    char *tmp = zc_test_tmpdir();
    char db[4200];
    snprintf(db, sizeof db, "%s/db", tmp);
    zc_test_run r = zc_test_cli(tmp, "index --db '%s' '%s'", db, dir);
    assert_int_equal(r.status, 0);
    zc_test_run_free(&r);
    json_t *root = all_hits(tmp, db);
    for (size_t i = 0; i < sizeof seeds / sizeof *seeds; i++) {
        json_t *h = hit_for(root, seeds[i].file);
        const char *title = json_string_value(json_object_get(h, "title"));
        const char *region = json_string_value(json_object_get(h, "region"));
        json_int_t year = json_integer_value(json_object_get(h, "year"));
        /* Without the manifest, the text alone must give the region; the
         * manifest states only what the text cannot give. */
        if (strcmp(region, seeds[i].region) != 0)
            fail_msg("%s (%s manifest): region '%s', expected '%s'", seeds[i].file,
                     with_manifest ? "with" : "without", region, seeds[i].region);
        if (with_manifest && seeds[i].title && strcmp(title, seeds[i].title) != 0)
            fail_msg("%s: title '%s', expected '%s'", seeds[i].file, title, seeds[i].title);
        if (with_manifest && seeds[i].year && year != seeds[i].year)
            fail_msg("%s: year %lld, expected %d", seeds[i].file, (long long)year, seeds[i].year);
        /* Titles never come from photo captions or column labels. */
        assert_null(strstr(title, "摄"));
        assert_true(strlen(title) > 6);
    }
    json_decref(root);
    zc_test_rmtree(tmp);
    free(tmp);
}

static void test_seeds_with_manifest(void **state)
{
    (void)state;
    char *dir = zc_test_source_path("corpus");
    check_seeds(dir, 1);
    free(dir);
}

static void test_seeds_text_only(void **state)
{
    (void)state;
    char *src = zc_test_source_path("corpus");
    char *tmp = zc_test_tmpdir();
    for (size_t i = 0; i < sizeof seeds / sizeof *seeds; i++) {
        char path[4200];
        snprintf(path, sizeof path, "%s/%s", src, seeds[i].file);
        size_t len;
        char *text = zc_test_read_file(path, &len);
        assert_non_null(text);
        free(zc_test_write_file(tmp, seeds[i].file, text, len));
        free(text);
    }
    check_seeds(tmp, 0);
    zc_test_rmtree(tmp);
    free(tmp);
    free(src);
}

/* What test_provinces gathers: the reports as plain text under neutral
 * names, and their provinces. */
typedef struct provinces {
    const char *txt;
    int n;
    char names[40][64];
} provinces;

static void add_province(void *ctx, const char *name, const char *path, char *raw, size_t len)
{
    (void)name, (void)path, (void)len;
    provinces *p = ctx;
    char *eol = strchr(raw, '\n');
    if (!eol || !memmem(raw, (size_t)(eol - raw), "full_text", 9))
        return; /* a list about the reports, not a report */
    /* The second record: province first, the text last. */
    char *fields[8] = {0};
    size_t nf = zc_test_csv_record(eol + 1, fields, 8);
    assert_true(nf >= 6 && p->n < 40);
    snprintf(p->names[p->n], sizeof p->names[p->n], "%s", fields[0]);
    char *body = fields[nf - 1];
    char file[32];
    snprintf(file, sizeof file, "p%02d.txt", p->n);
    free(zc_test_write_file(p->txt, file, body, strlen(body)));
    for (size_t k = 0; k < nf; k++)
        free(fields[k]);
    p->n++;
}

/* The 31 provincial reports, as plain text under neutral names: region and
 * year from the text alone. */
static void test_provinces(void **state)
{
    (void)state;
    char *tmp = zc_test_tmpdir(), txt[4200], db[4200];
    snprintf(txt, sizeof txt, "%s/txt", tmp);
    snprintf(db, sizeof db, "%s/db", tmp);
    assert_int_equal(mkdir(txt, 0755), 0);
    provinces p = {.txt = txt};
    char *data = zc_test_data_path("reports-provincial-2026");
    long files = zc_test_each_file(data, NULL, ".csv", add_province, &p);
    free(data);
    if (files < 0) {
        zc_test_rmtree(tmp);
        free(tmp);
        skip();
        return;
    }
    assert_int_equal(p.n, 31);
    zc_test_run r = zc_test_cli(tmp, "index --db '%s' '%s'", db, txt);
    assert_int_equal(r.status, 0);
    zc_test_run_free(&r);
    json_t *root = all_hits(tmp, db);
    int wrong = 0;
    for (int i = 0; i < p.n; i++) {
        char name[32];
        snprintf(name, sizeof name, "p%02d.txt", i);
        json_t *h = hit_for(root, name);
        const char *region = json_string_value(json_object_get(h, "region"));
        json_int_t year = json_integer_value(json_object_get(h, "year"));
        if (strcmp(region, p.names[i]) != 0 || year != 2026) {
            fprintf(stderr, "%s: %s %lld, expected %s 2026\n", name, region, (long long)year,
                    p.names[i]);
            wrong++;
        }
    }
    assert_int_equal(wrong, 0);
    json_decref(root);
    zc_test_rmtree(tmp);
    free(tmp);
}

/* National documents: 全国 from the text or a manifest, region:全国 and
 * type: select them, the date from the text. */
static void test_national_filters(void **state)
{
    (void)state;
    char *tmp = zc_test_tmpdir(), dir[4200], db[4200];
    snprintf(dir, sizeof dir, "%s/docs", tmp);
    snprintf(db, sizeof db, "%s/db", tmp);
    assert_int_equal(mkdir(dir, 0755), 0);
    static const char opinion[] =
        "国务院关于推进某项工作的意见\n国发〔2025〕3号\n各省、自治区、直辖市人民政府：\n"
        "为推进某项工作，支持香港、澳门发展，现提出如下意见。\n国务院\n2025年3月5日";
    static const char notice[] = "江西省人民政府关于某项工作的通知\n各设区市人民政府：\n"
                                 "为推进江西省某项工作，现将有关事项通知如下。\n江西省人民政府\n"
                                 "2024年6月1日";
    static const char plain[] = "某会议纪要\n会议讨论了有关工作，香港的代表出席了会议。";
    /* Its issuer decides, not the province its text names most. */
    static const char office[] =
        "浙江省人民政府办公厅关于加快数字经济发展的通知\n各市、县（市、区）人民政府：\n"
        "广东的经验值得借鉴，广东、广东、广东、广东等地做法先行，上海也有探索。\n"
        "浙江省人民政府办公厅\n2019年6月3日";
    free(zc_test_write_file(dir, "a.txt", opinion, strlen(opinion)));
    free(zc_test_write_file(dir, "b.txt", notice, strlen(notice)));
    free(zc_test_write_file(dir, "c.txt", plain, strlen(plain)));
    free(zc_test_write_file(dir, "d.txt", office, strlen(office)));
    static const char manifest[] = "file,title,region,year\nc.txt,,全国,\n";
    free(zc_test_write_file(dir, "zhengce-manifest.csv", manifest, strlen(manifest)));
    zc_test_run r = zc_test_cli(tmp, "index --db '%s' '%s'", db, dir);
    assert_int_equal(r.status, 0);
    zc_test_run_free(&r);
    json_t *root = all_hits(tmp, db);
    json_t *a = hit_for(root, "a.txt"), *b = hit_for(root, "b.txt"), *c = hit_for(root, "c.txt");
    assert_string_equal(json_string_value(json_object_get(a, "region")), "全国");
    assert_string_equal(json_string_value(json_object_get(a, "type")), "意见");
    assert_string_equal(json_string_value(json_object_get(a, "date")), "2025-03-05");
    assert_int_equal(json_integer_value(json_object_get(a, "year")), 2025);
    assert_string_equal(json_string_value(json_object_get(a, "docno")), "国发〔2025〕3号");
    assert_string_equal(json_string_value(json_object_get(a, "issuer")), "国务院");
    assert_string_equal(json_string_value(json_object_get(b, "region")), "江西省");
    assert_string_equal(json_string_value(json_object_get(b, "type")), "通知");
    assert_string_equal(json_string_value(json_object_get(b, "date")), "2024-06-01");
    assert_string_equal(json_string_value(json_object_get(c, "region")), "全国");
    json_t *d = hit_for(root, "d.txt");
    assert_string_equal(json_string_value(json_object_get(d, "region")), "浙江省");
    json_decref(root);
    static const struct {
        const char *q;
        int total;
    } q[] = {{"region:全国 ，", 2},
             {"region:江西 ，", 1},
             {"region:香港 ，", 0},
             {"region:浙江 ，", 1},
             {"region:广东 ，", 0},
             {"type:意见 ，", 1},
             {"type:通知 ，", 2},
             {"type:意见 region:全国 ，", 1},
             {"docno:国发2025 ，", 1},
             {"docno:国发〔2025〕3号 ，", 1},
             {"docno:国发[2025]3号 ，", 1},
             {"docno:国发（2025）3号 ，", 1},
             {"docno:国发［2025］3号 ，", 1},
             {"docno:国发〔2025〕4号 ，", 0},
             {"docno:国发2024 ，", 0},
             {"issuer:国务院 ，", 1},
             {"issuer:江西省人民政府 ，", 1}};
    for (size_t i = 0; i < sizeof q / sizeof *q; i++) {
        r = zc_test_cli(tmp, "search --db '%s' --json '%s'", db, q[i].q);
        json_t *j = json_loads(r.out, 0, NULL);
        if (!j || json_integer_value(json_object_get(j, "total")) != q[i].total)
            fail_msg("%s: %s", q[i].q, r.out);
        json_decref(j);
        zc_test_run_free(&r);
    }
    zc_test_rmtree(tmp);
    free(tmp);
}

/* The CPC congress reports (a JSONL collection with no year): national,
 * and the year from the text and title alone. */
static void test_congress(void **state)
{
    (void)state;
    static const int years[] = {1921, 1921, 1923, 1945, 1969, 1973, 1977, 1982,
                                1987, 1992, 1997, 2002, 2007, 2012, 2017, 2022};
    char *data = zc_test_data_path("cpc-congress/cpc_congress_reports.jsonl");
    struct stat st;
    if (stat(data, &st) != 0) {
        free(data);
        skip();
        return;
    }
    char *tmp = zc_test_tmpdir(), db[4200];
    snprintf(db, sizeof db, "%s/db", tmp);
    zc_test_run r = zc_test_cli(tmp, "index --db '%s' '%s'", db, data);
    assert_int_equal(r.status, 0);
    zc_test_run_free(&r);
    json_t *root = all_hits(tmp, db);
    size_t i;
    json_t *h;
    int n = 0, wrong = 0;
    json_array_foreach(json_object_get(root, "hits"), i, h)
    {
        const char *p = json_string_value(json_object_get(h, "path"));
        const char *hash = strrchr(p, '#');
        assert_non_null(hash);
        int row = atoi(hash + 1);
        assert_true(row >= 1 && row <= 16);
        const char *region = json_string_value(json_object_get(h, "region"));
        json_int_t year = json_integer_value(json_object_get(h, "year"));
        const char *title = json_string_value(json_object_get(h, "title"));
        if (strcmp(region, "全国") || year != years[row - 1] || strstr(title, "公有领域") ||
            strstr(title, "本作品")) {
            fprintf(stderr, "row %d: %s %lld %s\n", row, region, (long long)year, title);
            wrong++;
        }
        n++;
    }
    assert_int_equal(n, 16);
    assert_int_equal(wrong, 0);
    json_decref(root);
    r = zc_test_cli(tmp, "search --db '%s' --json '\"公有领域\"'", db);
    assert_int_equal(r.status, 1); /* the licence footer is not text */
    zc_test_run_free(&r);
    zc_test_rmtree(tmp);
    free(tmp);
    free(data);
}

/* A file name's date is the document's where its text dates nothing of
 * that year; a date the text gives in that year is kept. */
static void test_file_name_dates(void **state)
{
    (void)state;
    char *tmp = zc_test_tmpdir(), dir[4200], db[4200];
    snprintf(dir, sizeof dir, "%s/docs", tmp);
    snprintf(db, sizeof db, "%s/db", tmp);
    assert_int_equal(mkdir(dir, 0755), 0);
    static const char *const files[][3] = {
        {"20240519.md", "# 《新闻联播》\n\n今天，各地推出丰富旅游产品，游客出行平稳有序。\n",
         "2024-05-19"},
        {"20240601_通知.txt",
         "关于做好防汛工作的通知\n各区县人民政府：\n请做好防汛准备，确保安全。\n某某市人民政府\n"
         "2024年5月20日\n",
         "2024-05-20"},
        {"2023-03-05_报告.txt", "回顾过去一年，经济运行平稳，就业形势稳定。\n", "2023-03-05"},
        {"2022_纪要.txt", "会议研究了有关事项，作出部署。\n", NULL},
    };
    for (size_t i = 0; i < sizeof files / sizeof *files; i++)
        free(zc_test_write_file(dir, files[i][0], files[i][1], strlen(files[i][1])));
    zc_test_run r = zc_test_cli(tmp, "index --db '%s' '%s'", db, dir);
    assert_int_equal(r.status, 0);
    zc_test_run_free(&r);
    json_t *root = all_hits(tmp, db);
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        json_t *h = hit_for(root, files[i][0]);
        assert_non_null(h);
        json_t *date = json_object_get(h, "date");
        const char *got = json_is_null(date) ? "null" : json_string_value(date);
        const char *want = files[i][2] ? files[i][2] : "null";
        if (!got || strcmp(got, want))
            fail_msg("%s: date %s, expected %s", files[i][0], got ? got : "?", want);
    }
    json_decref(root);
    zc_test_rmtree(tmp);
    free(tmp);
}

/* Year, date and region from a file name alone. */
static void test_file_names(void **state)
{
    (void)state;
    static const struct {
        const char *path;
        int year, month, day;
        const char *region;
    } cases[] = {
        {"reports/2026_上海市_政府工作报告.txt", 2026, 0, 0, "上海市"},
        {"news/20260711.md", 2026, 7, 11, NULL},
        {"news/2026-07-11.md", 2026, 7, 11, NULL},
        {"news/2024_02_29_联播.md", 2024, 2, 29, NULL},
        {"news/20230229.md", 2023, 0, 0, NULL},   /* no 29 February in 2023: the year alone */
        {"news/2026-07.md", 2026, 0, 0, NULL},    /* a month, no day */
        {"news/2026-13-01.md", 2026, 0, 0, NULL}, /* no month 13 */
        {"news/2026-7-11.md", 2026, 0, 0, NULL},  /* two digits each, as dates are written */
        {"news/20261311.md", 0, 0, 0, NULL},      /* no month 13 */
        {"news/12345678.md", 0, 0, 0, NULL},      /* no year 1234 */
        {"news/202607.md", 0, 0, 0, NULL},
        {"a/江西省_新余市.txt", 0, 0, 0, "江西省"},
        {"a/2019_江西省_2020-01-02.txt", 2019, 0, 0, "江西省"}, /* the first year, alone */
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        zc_record r = {.year = -1};
        zc_src_name_meta(cases[i].path, &r);
        if (r.year != cases[i].year || r.name_month != cases[i].month || r.name_day != cases[i].day)
            fail_msg("%s: %d-%d-%d, expected %d-%d-%d", cases[i].path, r.year, r.name_month,
                     r.name_day, cases[i].year, cases[i].month, cases[i].day);
        if (cases[i].region)
            assert_non_null(r.region);
        if (cases[i].region)
            assert_string_equal(r.region, cases[i].region);
        else
            assert_null(r.region);
        free(r.region);
    }
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_file_names),          cmocka_unit_test(test_file_name_dates),
        cmocka_unit_test(test_seeds_with_manifest), cmocka_unit_test(test_seeds_text_only),
        cmocka_unit_test(test_national_filters),
    };
    const struct CMUnitTest data[] = {
        cmocka_unit_test(test_provinces),
        cmocka_unit_test(test_congress),
    };
    return zc_test_main(argc, argv, tests, sizeof tests / sizeof *tests, data,
                        sizeof data / sizeof *data);
}
