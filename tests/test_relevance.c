/* Relevance (docs/query.md, "Ranking"): a report that names a term more
 * often, in its title, or more densely ranks above one that does not,
 * other things equal, for a keyword and for a question (--match any); and
 * the first ten hits of a common term never tie. On generated reports,
 * and on the provincial reports of ../shared/data (the data run). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>
#include <jansson.h>

#include "test_util.h"
#include "zhengce.h"

/* Filler sentences: none holds a character of the terms below. */
static const char *const filler[] = {"全年地区生产总值稳步增长。", "城乡居民收入持续增加。",
                                     "民生保障水平不断提升。", "公共服务体系更加完善。"};

/* A term, and a text of as many characters sharing none with it. */
typedef struct term {
    const char *text, *other;
} term;

static const term terms[] = {{"高质量发展", "城乡面貌新"}, {"数字经济", "城乡面貌"}};

/* Appends a JSONL row: title, and lines lines of filler of which those
 * below `with` end with t->text, and the next `without` with t->other. */
static void row(FILE *f, const char *title, const term *t, int with, int without, int lines)
{
    fprintf(f, "{\"title\":\"%s\",\"content\":\"", title);
    for (int i = 0; i < lines; i++)
        fprintf(f, "%s%s\\n", filler[i % 4],
                i < with             ? t->text
                : i < with + without ? t->other
                                     : "");
    fprintf(f, "\"}\n");
}

/* The pairs: each first row should rank above the second. */
typedef struct pair {
    const char *what;
    int a, b; /* rows (from 1) */
} pair;

/* Writes the rows of term t to f, the pairs into p (rows from first + 1);
 * returns the number of rows written. */
static int write_pairs(FILE *f, const term *t, int first, pair p[3])
{
    char title[128];
    /* More often: as long, 6 against 2. */
    row(f, "第一号材料", t, 6, 0, 20);
    row(f, "第二号材料", t, 2, 4, 20);
    p[0] = (pair){"more often", first + 1, first + 2};
    /* In the title: the same text, titles as long. */
    snprintf(title, sizeof title, "关于%s的报告", t->text);
    row(f, title, t, 2, 0, 12);
    snprintf(title, sizeof title, "关于%s的报告", t->other);
    row(f, title, t, 2, 0, 12);
    p[1] = (pair){"in the title", first + 3, first + 4};
    /* More densely: as often, in a third of the text. */
    row(f, "第五号材料", t, 2, 0, 8);
    row(f, "第六号材料", t, 2, 0, 24);
    p[2] = (pair){"more densely", first + 5, first + 6};
    return 6;
}

/* The row (from 1) of a hit of the collection. */
static int hit_row(const zc_hit *h)
{
    const char *hash = strrchr(h->path, '#');
    return hash ? atoi(hash + 1) : 0;
}

/* Fails unless the first ten hits' scores all differ (strictly
 * decreasing), as the library gives them and as --json prints them. */
static void no_ties(const zc_results *r, const char *q)
{
    for (size_t k = 1; k < zc_results_count(r) && k < 10; k++) {
        const zc_hit *a = zc_results_hit(r, k - 1), *b = zc_results_hit(r, k);
        if (!(a->score > b->score))
            fail_msg("%s: hits %zu and %zu tie at %.6f (%s, %s)", q, k, k + 1, b->score, a->path,
                     b->path);
    }
    char *text = NULL;
    zc_error err;
    assert_int_equal(zc_results_json(r, &text, &err), ZC_OK);
    json_t *o = json_loads(text, 0, NULL), *hits = json_object_get(o, "hits");
    assert_non_null(hits);
    for (size_t k = 1; k < json_array_size(hits) && k < 10; k++) {
        json_t *x = json_object_get(json_array_get(hits, k - 1), "score");
        json_t *y = json_object_get(json_array_get(hits, k), "score");
        if (!(json_number_value(x) > json_number_value(y)))
            fail_msg("%s: --json prints hits %zu and %zu at the same score %.17g", q, k, k + 1,
                     json_number_value(y));
    }
    json_decref(o);
    free(text);
}

static zc_results *search(zc_index *ix, const char *q, int any)
{
    zc_search_options o;
    zc_search_options_init(&o, ZC_SEARCH_OPTIONS_VERSION);
    o.any = any;
    o.limit = 50;
    o.facets = 0;
    zc_results *r = NULL;
    zc_error err;
    if (zc_search(ix, q, &o, &r, &err) != ZC_OK)
        fail_msg("%s: %s", q, err.message);
    return r;
}

static zc_index *index_dir(const char *dir, const char *db)
{
    zc_index *ix;
    zc_error err;
    zc_index_stats st;
    memset(&st, 0, sizeof st);
    const char *src = dir;
    assert_int_equal(zc_index_open(db, ZC_OPEN_WRITE | ZC_OPEN_CREATE, &ix, &err), ZC_OK);
    if (zc_index_update(ix, &src, 1, NULL, &st, &err) != ZC_OK)
        fail_msg("%s: %s", dir, err.message);
    zc_index_free(ix);
    assert_int_equal(zc_index_open(db, ZC_OPEN_READ, &ix, &err), ZC_OK);
    return ix;
}

/* --explain takes each hit's score apart: the parts it lists for a hit add
 * up to the hit's score. */
static void explained(zc_index *ix, const char *q, int any)
{
    zc_search_options o;
    zc_search_options_init(&o, ZC_SEARCH_OPTIONS_VERSION);
    o.any = any;
    o.explain = 1;
    o.facets = 0;
    zc_results *r = NULL;
    zc_error err;
    if (zc_search(ix, q, &o, &r, &err) != ZC_OK)
        fail_msg("%s: %s", q, err.message);
    const char *why = strstr(zc_results_explain(r), "\nwhy: ");
    assert_non_null(why);
    for (size_t i = 0; i < zc_results_count(r); i++) {
        const zc_hit *h = zc_results_hit(r, i);
        char head[32];
        snprintf(head, sizeof head, "\n%u. ", h->rank);
        const char *line = strstr(why, head), *eq = line ? strstr(line, " = ") : NULL;
        if (!eq)
            fail_msg("%s: --explain has no line for hit %u", q, h->rank);
        double sum = 0;
        for (const char *p = eq + 3; *p && *p != '\n';) {
            const char *close = strchr(p, ']');
            if (!close || *p != '[')
                break;
            char *end;
            sum += strtod(close + 1, &end);
            p = end;
            while (*p == ' ' || *p == '+')
                p++;
        }
        if (sum < h->score - 1e-3 || sum > h->score + 1e-3)
            fail_msg("%s: hit %u scores %.6f, its parts add up to %.6f", q, h->rank, h->score, sum);
    }
    zc_results_free(r);
}

/* Each pair in order, for the term as a keyword and in a question; the
 * rows of the other term's pairs, and a spread of rows naming the term
 * from 1 to 12 times in texts of every length, around them. */
static void test_pairs(void **state)
{
    (void)state;
    char *tmp = zc_test_tmpdir(), dir[4200], db[4200], path[4300];
    snprintf(dir, sizeof dir, "%s/docs", tmp);
    snprintf(db, sizeof db, "%s/db", tmp);
    assert_int_equal(mkdir(dir, 0755), 0);
    snprintf(path, sizeof path, "%s/reports.jsonl", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    pair p[2][3];
    int rows = 0;
    for (size_t t = 0; t < 2; t++)
        rows += write_pairs(f, &terms[t], rows, p[t]);
    for (int i = 1; i <= 12; i++) {
        char title[32];
        snprintf(title, sizeof title, "第%d号综合材料", i + 6);
        row(f, title, &terms[i % 2], i, 0, 6 + (i * 7) % 23);
    }
    fclose(f);
    zc_index *ix = index_dir(dir, db);
    for (size_t t = 0; t < 2; t++) {
        char question[128];
        snprintf(question, sizeof question, "如何推动%s？", terms[t].text);
        const char *qs[] = {terms[t].text, question};
        for (int any = 0; any < 2; any++) {
            zc_results *r = search(ix, qs[any], any);
            for (int k = 0; k < 3; k++) {
                size_t ra = 0, rb = 0;
                for (size_t i = 0; i < zc_results_count(r); i++) {
                    int got = hit_row(zc_results_hit(r, i));
                    if (got == p[t][k].a)
                        ra = i + 1;
                    if (got == p[t][k].b)
                        rb = i + 1;
                }
                if (!ra || !rb || ra >= rb)
                    fail_msg("%s: the report naming it %s ranks %zu, the other %zu", qs[any],
                             p[t][k].what, ra, rb);
            }
            no_ties(r, qs[any]);
            zc_results_free(r);
            explained(ix, qs[any], any);
        }
    }
    zc_index_free(ix);
    zc_test_rmtree(tmp);
    free(tmp);
}

/* The provincial reports: the first ten hits of common terms never tie,
 * as keywords and as questions. */
static void test_provincial(void **state)
{
    (void)state;
    char *dir = zc_test_data_path("reports-provincial-2026");
    char *tmp = zc_test_tmpdir(), db[4200];
    snprintf(db, sizeof db, "%s/db", tmp);
    zc_index *ix = index_dir(dir, db);
    static const char *const common[] = {"高质量发展", "新质生产力", "乡村振兴", "营商环境",
                                         "科技创新",   "人工智能",   "民营经济", "生态环境"};
    for (size_t i = 0; i < sizeof common / sizeof *common; i++) {
        char question[128];
        snprintf(question, sizeof question, "怎样推进%s？", common[i]);
        const char *qs[] = {common[i], question};
        for (int any = 0; any < 2; any++) {
            zc_results *r = search(ix, qs[any], any);
            assert_true(zc_results_count(r) >= 10);
            no_ties(r, qs[any]);
            zc_results_free(r);
        }
    }
    zc_index_free(ix);
    zc_test_rmtree(tmp);
    free(tmp);
    free(dir);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_pairs)};
    const struct CMUnitTest data[] = {cmocka_unit_test(test_provincial)};
    return zc_test_main(argc, argv, tests, sizeof tests / sizeof *tests, data,
                        sizeof data / sizeof *data);
}
