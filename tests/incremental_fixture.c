/* What test_incremental compares: the results of one query on an index
 * brought up to date incrementally and on a full rebuild of the same
 * files (see incremental_fixture.h). */
#include "incremental_fixture.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "test_util.h"

int zc_inc_add(zc_inc_query *qs, int n, int sort, const char *fmt, ...)
{
    if (n >= ZC_INC_MAX_QUERIES)
        fail_msg("more than %d queries", ZC_INC_MAX_QUERIES);
    zc_inc_query *q = &qs[n];
    memset(q, 0, sizeof *q);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(q->text, sizeof q->text, fmt, ap);
    va_end(ap);
    q->sort = sort;
    return n + 1;
}

zc_results *zc_inc_search(zc_index *ix, const zc_inc_query *q, unsigned offset, unsigned limit,
                          unsigned threads)
{
    zc_search_options o;
    zc_search_options_init(&o, ZC_SEARCH_OPTIONS_VERSION);
    o.offset = offset;
    o.limit = limit;
    o.sort = (zc_sort)q->sort;
    o.threads = threads;
    o.snippet_len = 40;
    zc_results *r = NULL;
    zc_error err;
    if (zc_search(ix, q->text, &o, &r, &err) != ZC_OK)
        fail_msg("'%s': %s", q->text, err.message);
    return r;
}

/* Equal scores, but for the order of summing (see the header). */
#define ZC_INC_TIE 1e-7

static int near(double a, double b)
{
    double m = fabs(a) > fabs(b) ? fabs(a) : fabs(b);
    return fabs(a - b) <= ZC_INC_TIE * m;
}

/* Same place in the order: the same year (year order) and a near score. */
static int tied(const zc_results *r, size_t i, size_t j, int sort)
{
    const zc_hit *a = zc_results_hit(r, i), *b = zc_results_hit(r, j);
    return (sort == ZC_SORT_RELEVANCE || a->year == b->year) && near(a->score, b->score);
}

static int cmp_line(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The facet entries of kind as "value|level|parent=count" lines, sorted:
 * entries of equal count have no set order. */
static char *facet_lines(const zc_results *r, zc_facet_kind kind)
{
    size_t n = zc_results_facet_count(r, kind);
    char **lines = calloc(n ? n : 1, sizeof *lines);
    size_t total = 1;
    for (size_t i = 0; i < n; i++) {
        const zc_facet *f = zc_results_facet(r, kind, i);
        char buf[512];
        snprintf(buf, sizeof buf, "%s|%s|%s=%llu", f->value, f->level ? f->level : "",
                 f->parent ? f->parent : "", (unsigned long long)f->count);
        lines[i] = strdup(buf);
        total += strlen(buf) + 1;
    }
    qsort(lines, n, sizeof *lines, cmp_line);
    char *out = calloc(1, total);
    for (size_t i = 0; i < n; i++) {
        strcat(out, lines[i]);
        strcat(out, "\n");
        free(lines[i]);
    }
    free(lines);
    return out;
}

int zc_inc_compare(const zc_inc_query *q, const zc_results *inc, const zc_results *ref,
                   const char *what, const char *ref_name)
{
    if (zc_results_total(inc) != zc_results_total(ref))
        fail_msg("%s: '%s': %llu matches, %s %llu", what, q->text,
                 (unsigned long long)zc_results_total(inc), ref_name,
                 (unsigned long long)zc_results_total(ref));
    if (zc_results_any_total(inc) != zc_results_any_total(ref))
        fail_msg("%s: '%s': looser query %llu, %s %llu", what, q->text,
                 (unsigned long long)zc_results_any_total(inc), ref_name,
                 (unsigned long long)zc_results_any_total(ref));
    for (int k = ZC_FACET_REGION; k <= ZC_FACET_YEAR; k++) {
        char *a = facet_lines(inc, (zc_facet_kind)k), *b = facet_lines(ref, (zc_facet_kind)k);
        if (strcmp(a, b) != 0)
            fail_msg("%s: '%s': %s facets differ:\n%s-- %s:\n%s", what, q->text,
                     k == ZC_FACET_REGION ? "region" : "year", a, ref_name, b);
        free(a);
        free(b);
    }
    /* The page: each hit is the full rebuild's hit at its place, or one
     * tied with it there (ref holds more hits than inc, so a tie that runs
     * past the page is seen whole). */
    size_t n = zc_results_count(inc), m = zc_results_count(ref);
    if (n > m || (n < m && n < q->limit))
        fail_msg("%s: '%s': %zu hits on the page, %s %zu", what, q->text, n, ref_name, m);
    int swapped = 0;
    for (size_t i = 0; i < n; i++) {
        const zc_hit *h = zc_results_hit(inc, i);
        if (strcmp(h->id, zc_results_hit(ref, i)->id) == 0)
            continue;
        size_t lo = i, hi = i;
        while (lo > 0 && tied(ref, lo - 1, i, q->sort))
            lo--;
        while (hi + 1 < m && tied(ref, hi + 1, i, q->sort))
            hi++;
        int found = 0;
        for (size_t j = lo; j <= hi && !found; j++)
            found = strcmp(zc_results_hit(ref, j)->id, h->id) == 0;
        if (!found) {
            for (size_t j = i > 2 ? i - 2 : 0; j < i + 3 && j < m; j++)
                fprintf(stderr, "# %zu: %s %.17g | %s %.17g\n", j + 1,
                        j < n ? zc_results_hit(inc, j)->id : "-",
                        j < n ? zc_results_hit(inc, j)->score : 0.0, zc_results_hit(ref, j)->id,
                        zc_results_hit(ref, j)->score);
            for (size_t j = 0; j < m; j++)
                if (strcmp(zc_results_hit(ref, j)->id, h->id) == 0)
                    fprintf(stderr, "# %s has %s at %zu (%.17g)\n", ref_name, h->id, j + 1,
                            zc_results_hit(ref, j)->score);
            fail_msg("%s: '%s': hit %zu is %s (%.17g), %s has %s (%.17g) there", what, q->text,
                     i + 1, h->id, h->score, ref_name, zc_results_hit(ref, i)->id,
                     zc_results_hit(ref, i)->score);
        }
        swapped++;
    }
    return swapped;
}

/* ------------------------------------------------ a generated collection */

static const char *const topics[] = {
    "新能源汽车", "锂电产业", "光伏发电", "乡村振兴",   "高新区",   "数字经济", "营商环境",
    "科技创新",   "城市更新", "养老服务", "义务教育",   "医疗保障", "粮食安全", "招商引资",
    "5G基站",     "PM2.5",    "规上工业", "新质生产力", "碳达峰",   "人工智能", "高质量发展",
};
#define N_TOPICS (sizeof topics / sizeof *topics)
static const char *const regions[] = {
    "江西省新余市", "江西省南昌市", "广东省深圳市", "浙江省杭州市", "四川省成都市",
    "湖南省长沙市", "江西省",       "广东省",       "北京市",       "上海市",
};
#define N_REGIONS (sizeof regions / sizeof *regions)

uint64_t zc_inc_rnd(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

void zc_inc_write_report(const char *dir, int i, const char *extra)
{
    uint64_t s = 0x9e3779b97f4a7c15ull * (uint64_t)(i + 1);
    char name[64], text[4096];
    int at = snprintf(text, sizeof text, "%d年%s政府工作报告\n\n", 2015 + i % 11,
                      regions[i % N_REGIONS]);
    int sentences = 3 + (int)(zc_inc_rnd(&s) % 6);
    for (int k = 0; k < sentences; k++) {
        const char *a = topics[zc_inc_rnd(&s) % N_TOPICS], *b = topics[zc_inc_rnd(&s) % N_TOPICS];
        at += snprintf(text + at, sizeof text - (size_t)at, "政府推动%s发展，%s取得新进展%s。", a,
                       b, k % 2 ? "" : "，投资增长");
        if (zc_inc_rnd(&s) % 3 == 0)
            at += snprintf(text + at, sizeof text - (size_t)at, "\n");
    }
    if (extra)
        at += snprintf(text + at, sizeof text - (size_t)at, "\n%s\n", extra);
    snprintf(name, sizeof name, "d%02d/r%04d.%s", i % 12, i, i % 5 ? "txt" : "md");
    char sub[4200];
    snprintf(sub, sizeof sub, "%s/%s", dir, name);
    *strrchr(sub, '/') = '\0';
    mkdir(sub, 0755);
    free(zc_test_write_file(dir, name, text, (size_t)at));
}

void zc_inc_write_rows(const char *dir, const char *changed)
{
    char text[16384];
    int at = snprintf(text, sizeof text, "title,year,full_text\n");
    for (int r = 0; r < 40; r++)
        at += snprintf(text + at, sizeof text - (size_t)at,
                       "通知%d,%d,\"关于%s的通知：政府支持%s发展%s\"\n", r, 2018 + r % 8,
                       topics[r % N_TOPICS], topics[(r * 7) % N_TOPICS],
                       r == 17 && changed ? changed : "");
    free(zc_test_write_file(dir, "rows.csv", text, (size_t)at));
}

int zc_inc_generated_queries(zc_inc_query *qs)
{
    int n = 0;
    for (int sort = ZC_SORT_RELEVANCE; sort <= ZC_SORT_DATE_ASC; sort++) {
        /* In every document, or nearly: the terms libxapian 1.4 mistook. */
        static const char *const common[] = {"政府", "发展", "的",   "新",  "政",
                                             "，",   "进展", "报告", "工作"};
        for (size_t i = 0; i < sizeof common / sizeof *common; i++)
            n = zc_inc_add(qs, n, sort, "%s", common[i]);
        for (size_t i = 0; i < N_TOPICS; i++) {
            n = zc_inc_add(qs, n, sort, "%s", topics[i]);
            n = zc_inc_add(qs, n, sort, "\"%s发展\"", topics[i]);
            n = zc_inc_add(qs, n, sort, "%s %s", topics[i], topics[(i + 3) % N_TOPICS]);
            n = zc_inc_add(qs, n, sort, "%s OR %s", topics[i], topics[(i + 5) % N_TOPICS]);
            n = zc_inc_add(qs, n, sort, "政府 -%s", topics[i]);
        }
        for (size_t i = 0; i < N_REGIONS; i++)
            n = zc_inc_add(qs, n, sort, "region:%.9s %s", regions[i], topics[i % N_TOPICS]);
        n = zc_inc_add(qs, n, sort, "year:2019 政府");
        n = zc_inc_add(qs, n, sort, "year:2016..2021 投资");
        n = zc_inc_add(qs, n, sort, "region:江西 year:2020..2025");
        n = zc_inc_add(qs, n, sort, "通知");
        n = zc_inc_add(qs, n, sort, "改动");
        n = zc_inc_add(qs, n, sort, "锂 电");
    }
    return n;
}
