/* The research tools through the public API: the input's bytes up to its
 * first NUL are a query for trend and kwic; the bytes after it, when
 * there are any, a document's text, added (replacing the last input's)
 * before the query runs, so the occurrence scanner meets any text. The
 * options come from the input's length. Checks: ZC_OK or ZC_ERR_QUERY
 * with a message; kwic's lines are trend's occurrences, each with a match,
 * all UTF-8; the JSON is UTF-8; similar and keywords of a document answer. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/utf8.h"
#include "fuzz.h"
#include "zhengce.h"

static zc_index *ix;
static char dir[4096];
static char xinyu[32]; /* the id of the first document */

static const zc_doc docs[] = {
    {.key = "xinyu",
     .text = "新余市2025年政府工作报告\n过去一年，新余高新区锂电产业集群加快建设，新能源汽车"
             "产量增长35.2%。\n我们坚持“项目为王”，推进5G网络、PM2.5治理和“新质生产力”培育。\n"
             "新余高新区打造新型工业强市，新型工业强市建设取得新成效。",
     .region = "新余市",
     .year = 2025},
    {.key = "shanghai",
     .text = "上海推进集成电路、生物医药、人工智能三大先导产业发展，减少煤炭消费。\n"
             "Shanghai will promote 27GWh of storage. 规上工业增加值增长5%。",
     .year = 2024},
    {.key = "jiangxi",
     .title = "江西省2020年国民经济和社会发展统计公报",
     .text = "江西省着力打造“一带一路”内陆开放型经济试验区。\n规模以上工业增加值增长4.6%，"
             "乡村振兴取得新进展，新型工业强市。",
     .region = "江西",
     .date = "2021-02-05"},
};

static void cleanup(void)
{
    zc_index_free(ix);
    ix = NULL;
}

static void setup(void)
{
    zc_fuzz_tmpdir(dir, sizeof dir, "research");
    atexit(cleanup);
    zc_error err;
    ZC_FUZZ_SETUP(zc_index_open(dir, ZC_OPEN_WRITE | ZC_OPEN_CREATE, &ix, &err) == ZC_OK,
                  err.message);
    for (size_t i = 0; i < sizeof docs / sizeof *docs; i++)
        ZC_FUZZ_SETUP(zc_index_add_doc(ix, &docs[i], &err) == ZC_OK, err.message);
    ZC_FUZZ_SETUP(zc_index_commit(ix, &err) == ZC_OK, err.message);
    zc_results *r = NULL;
    ZC_FUZZ_SETUP(zc_search(ix, "锂电", NULL, &r, &err) == ZC_OK && zc_results_count(r) == 1,
                  "the first document not found");
    snprintf(xinyu, sizeof xinyu, "%s", zc_results_hit(r, 0)->id);
    zc_results_free(r);
}

static void check_json(int rc, char *json, const zc_error *err)
{
    ZC_FUZZ_CHECK(rc == ZC_OK, "json: %s", err->message);
    ZC_FUZZ_CHECK(zc_utf8_valid(json, strlen(json), NULL), "JSON not UTF-8");
    free(json);
}

static void tools(const char *query, size_t size)
{
    zc_research_options o;
    zc_research_options_init(&o, ZC_RESEARCH_OPTIONS_VERSION);
    o.synonyms = (size / 2) % 2;
    o.by = (zc_trend_by)(size % 4);
    o.sort = (zc_kwic_sort)((size / 4) % 5);
    o.width = 1 + (unsigned)(size % 40);
    zc_error err;
    zc_trend *t = NULL;
    int rc = zc_trend_run(ix, query, &o, &t, &err);
    if (rc) {
        ZC_FUZZ_CHECK(rc == ZC_ERR_QUERY || rc == ZC_ERR_NOMEM, "trend code %d: %s", rc,
                      err.message);
        ZC_FUZZ_CHECK(err.message[0] != '\0', "no message");
        return;
    }
    char *json = NULL;
    rc = zc_trend_json(t, &json, &err);
    check_json(rc, json, &err);
    zc_kwic *k = NULL;
    rc = zc_kwic_run(ix, query, &o, &k, &err);
    ZC_FUZZ_CHECK(rc == ZC_OK, "kwic after trend: %s", err.message);
    ZC_FUZZ_CHECK(zc_kwic_total(k) == zc_trend_occurrences(t), "kwic %llu, trend %llu",
                  (unsigned long long)zc_kwic_total(k),
                  (unsigned long long)zc_trend_occurrences(t));
    ZC_FUZZ_CHECK(zc_kwic_count(k) == zc_kwic_total(k), "%zu lines of %llu", zc_kwic_count(k),
                  (unsigned long long)zc_kwic_total(k));
    for (size_t i = 0; i < zc_kwic_count(k); i++) {
        const zc_kwic_line *l = zc_kwic_line_at(k, i);
        ZC_FUZZ_CHECK(l->match[0] != '\0', "line %zu has no match", i);
        ZC_FUZZ_CHECK(zc_utf8_valid(l->left, strlen(l->left), NULL) &&
                          zc_utf8_valid(l->right, strlen(l->right), NULL),
                      "line %zu: context not UTF-8", i);
    }
    rc = zc_kwic_json(k, &json, &err);
    check_json(rc, json, &err);
    zc_kwic_free(k);
    zc_trend_free(t);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!ix)
        setup();
    char *query = malloc(size + 1);
    ZC_FUZZ_SETUP(query != NULL, "out of memory");
    memcpy(query, data, size);
    query[size] = '\0';
    size_t qlen = strlen(query);
    zc_error err;
    if (qlen + 1 < size) {
        zc_doc d = {.key = "fuzz", .text = query + qlen + 1, .text_len = size - qlen - 1};
        if (zc_index_add_doc(ix, &d, &err) == ZC_OK)
            ZC_FUZZ_SETUP(zc_index_commit(ix, &err) == ZC_OK, err.message);
    }
    tools(query, size);
    /* The documents' own tools, on an index the input may have changed. */
    zc_research_options o;
    zc_research_options_init(&o, ZC_RESEARCH_OPTIONS_VERSION);
    o.against = (zc_against)(size % 3);
    zc_keywords *kw = NULL;
    int rc = zc_keywords_run(ix, xinyu, &o, &kw, &err);
    ZC_FUZZ_CHECK(rc == ZC_OK || rc == ZC_ERR_NOT_FOUND, "keywords: %s", err.message);
    char *json = NULL;
    if (rc == ZC_OK) {
        rc = zc_keywords_json(kw, &json, &err);
        check_json(rc, json, &err);
    }
    zc_keywords_free(kw);
    zc_similar *sim = NULL;
    rc = zc_similar_run(ix, xinyu, &o, &sim, &err);
    ZC_FUZZ_CHECK(rc == ZC_OK, "similar: %s", err.message);
    rc = zc_similar_json(sim, &json, &err);
    check_json(rc, json, &err);
    zc_similar_free(sim);
    free(query);
    return 0;
}
