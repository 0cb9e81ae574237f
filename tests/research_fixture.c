/* test_research's generated documents and its data tests of similar and
 * keywords. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "index/schema.h"
#include "research_fixture.h"
#include "test_util.h"
#include "xapian-c/xapian_c.h"
#include "zhengce.h"

static uint64_t next(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

void zc_research_generate(const char *dir, int n, uint64_t seed)
{
    static const char *const words[] = {
        "新型工业强市", "高质量发展", "数字经济",   "营商环境", "乡村振兴", "新质生产力", "规上",
        "规模以上",     "工业",       "企业",       "发展",     "发展中",   "展示",       "经济",
        "济南",         "高新区",     "新余高新区", "哈哈",     "哈",       "5G",         "5G网络",
        "GWh",          "27GWh",      "AI",         "domain",   "2025",     "2025年",     "025",
        "15%",          "5%",         "PM2.5",      "GDP",      "gdp",      "  ",         " ",
        "\n",           "\n\n",       "，",         "。",       "、",       "“",          "”",
        "（",           "）",         "一是",       "二是",     "全面",     "推进",       "项目",
        "政府",         "工作",       "报告",       "建设",     "改革",     "创新",       "服务",
        "产业",         "城市",       "农村",       "生态",     "文化",     "教育",       "医疗",
        "就业",         "科技",       "开放",       "安全"};
    static const char *const seps[] = {"，", "。", "；", "\n", "、"};
    uint64_t s = seed;
    for (int d = 0; d < n; d++) {
        char name[64], *text = malloc(64 * 1024);
        size_t len = (size_t)snprintf(text, 256, "%d年某市政府工作报告\n\n", 2018 + d % 6);
        size_t nw = 600 + next(&s) % 900;
        for (size_t i = 0; i < nw; i++) {
            const char *w = words[next(&s) % (sizeof words / sizeof *words)];
            size_t l = strlen(w);
            memcpy(text + len, w, l);
            len += l;
            if (next(&s) % 2) { /* words apart, as sentences have them */
                const char *p = seps[next(&s) % (sizeof seps / sizeof *seps)];
                memcpy(text + len, p, strlen(p));
                len += strlen(p);
            }
        }
        snprintf(name, sizeof name, "gen_%02d.txt", d);
        free(zc_test_write_file(dir, name, text, len));
        free(text);
    }
}

/* The documents of an index: id, path, cleaned text. */
typedef struct docs {
    char *id[64], *path[64], *text[64];
    size_t n;
} docs;

static void on_doc(void *ctx, zc_xdoc *doc)
{
    docs *d = ctx;
    if (d->n >= 64)
        return;
    size_t len;
    char *id = NULL, *path = NULL;
    id = zc_test_doc_field(doc, "id");
    path = zc_test_doc_field(doc, "path");
    d->id[d->n] = id;
    d->path[d->n] = path;
    d->text[d->n] = zc_test_doc_text(doc, &len);
    d->n++;
}

/* The provincial reports and the congress reports, indexed into tmp. */
static zc_index *both(char **tmp, docs *ds)
{
    char *prov = zc_test_data_path("reports-provincial-2026");
    char *cong = zc_test_data_path("cpc-congress/cpc_congress_reports.jsonl");
    struct stat sb;
    if (stat(prov, &sb) || stat(cong, &sb)) {
        printf("# %s or %s is absent: skipped\n", prov, cong);
        free(prov);
        free(cong);
        skip();
    }
    *tmp = zc_test_tmpdir();
    char db[4096];
    snprintf(db, sizeof db, "%s/db", *tmp);
    zc_index *ix = NULL;
    zc_error err;
    zc_index_stats st;
    const char *paths[] = {prov, cong};
    assert_int_equal(zc_index_open(db, ZC_OPEN_WRITE | ZC_OPEN_CREATE, &ix, &err), ZC_OK);
    if (zc_index_update(ix, paths, 2, NULL, &st, &err))
        fail_msg("indexing: %s", err.message);
    zc_index_free(ix);
    free(prov);
    free(cong);
    memset(ds, 0, sizeof *ds);
    zc_test_each_doc(db, on_doc, ds);
    assert_int_equal(zc_index_open(db, ZC_OPEN_READ, &ix, &err), ZC_OK);
    return ix;
}

static void free_docs(docs *ds)
{
    for (size_t i = 0; i < ds->n; i++) {
        free(ds->id[i]);
        free(ds->path[i]);
        free(ds->text[i]);
    }
}

static int congress(const char *path)
{
    return strstr(path, "cpc_congress") != NULL;
}

void zc_research_similar_congress(void **state)
{
    (void)state;
    char *tmp;
    docs ds;
    zc_index *ix = both(&tmp, &ds);
    zc_research_options o;
    zc_research_options_init(&o, ZC_RESEARCH_OPTIONS_VERSION);
    o.limit = 5;
    size_t reports = 0, bad = 0;
    for (size_t i = 0; i < ds.n; i++) {
        if (!congress(ds.path[i]))
            continue;
        if (strlen(ds.text[i]) < 2000) {
            /* The collection's 七大 is a stub naming the report's editions. */
            printf("# %s: %zu bytes, no report: passed over\n", ds.path[i], strlen(ds.text[i]));
            continue;
        }
        reports++;
        zc_similar *s = NULL;
        zc_error err;
        if (zc_similar_run(ix, ds.id[i], &o, &s, &err))
            fail_msg("similar %s: %s", ds.id[i], err.message);
        assert_int_equal(zc_similar_count(s), 5);
        for (size_t j = 0; j < zc_similar_count(s); j++) {
            const zc_hit *h = zc_similar_hit(s, j);
            assert_string_not_equal(h->id, ds.id[i]);
            assert_true(zc_similar_shared_count(s, j) > 0);
            if (!congress(h->path)) {
                printf("# similar to %s (%s): #%zu is %s\n", ds.id[i], ds.path[i], j + 1, h->path);
                bad++;
            }
        }
        zc_similar_free(s);
    }
    printf("# %zu congress reports, %zu of their top 5 not congress reports\n", reports, bad);
    assert_true(reports >= 10);
    assert_int_equal(bad, 0);
    zc_index_free(ix);
    free_docs(&ds);
    zc_test_rmtree(tmp);
    free(tmp);
}

/* Words no keyword list may hold: function words and the most common
 * words of any report. */
static const char *const stop[] = {"的",   "了",   "是",   "在",   "和",   "与",   "及",   "等",
                                   "我们", "你们", "他们", "一个", "这个", "那个", "这些", "那些",
                                   "以及", "其中", "因为", "所以", "但是", "而且", "并且", "或者",
                                   "如果", "已经", "可以", "没有", "不是", "就是", "一是", "二是",
                                   "三是", "第一", "第二", "一些", "有的", "之一", "的话", "什么"};

void zc_research_keywords_provinces(void **state)
{
    (void)state;
    char *tmp;
    docs ds;
    zc_index *ix = both(&tmp, &ds);
    zc_research_options o;
    zc_research_options_init(&o, ZC_RESEARCH_OPTIONS_VERSION);
    o.limit = 20;
    size_t reports = 0, without = 0, phrases = 0;
    for (size_t i = 0; i < ds.n; i++) {
        if (congress(ds.path[i]))
            continue;
        reports++;
        zc_keywords *k = NULL;
        zc_error err;
        if (zc_keywords_run(ix, ds.id[i], &o, &k, &err))
            fail_msg("keywords %s: %s", ds.id[i], err.message);
        assert_true(zc_keywords_count(k) >= 10);
        int own = 0;
        for (size_t j = 0; j < zc_keywords_count(k); j++) {
            const zc_keyword *w = zc_keywords_at(k, j);
            for (size_t s = 0; s < sizeof stop / sizeof *stop; s++)
                if (!strcmp(w->term, stop[s]))
                    fail_msg("keywords of %s hold the stop word %s", ds.path[i], w->term);
            assert_true(w->count > 0 && w->score > 0);
            assert_non_null(strstr(ds.text[i], w->term)); /* as the text has it */
            phrases += w->phrase != 0;
            if (own)
                continue;
            size_t others = 0;
            for (size_t m = 0; m < ds.n; m++)
                if (m != i && !congress(ds.path[m]) && strstr(ds.text[m], w->term))
                    others++;
            own = others <= 3;
        }
        if (!own) {
            printf("# keywords of %s: no term of its own among:", ds.path[i]);
            for (size_t j = 0; j < zc_keywords_count(k); j++)
                printf(" %s", zc_keywords_at(k, j)->term);
            printf("\n");
            without++;
        }
        zc_keywords_free(k);
    }
    printf("# %zu provincial reports, %zu without a term of their own, %zu phrases\n", reports,
           without, phrases);
    assert_true(reports >= 30);
    assert_int_equal(without, 0);
    assert_true(phrases >= reports / 2);
    zc_index_free(ix);
    free_docs(&ds);
    zc_test_rmtree(tmp);
    free(tmp);
}
