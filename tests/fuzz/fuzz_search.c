/* A whole search through the public API (include/zhengce.h): parse,
 * normalize, segment, compile to a Xapian query, run it, make snippets,
 * highlights, facets and JSON, on a small index built once in a temporary
 * directory from three documents given in memory. Every input is a query
 * (up to its first NUL byte); the options come from the input's length.
 * Checks: the result is ZC_OK or ZC_ERR_QUERY with a message; hits are
 * within the limit, highlights inside their snippet, the JSON valid UTF-8. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/utf8.h"
#include "fuzz.h"
#include "zhengce.h"

static zc_index *ix;
static char dir[4096];

static const zc_doc docs[] = {
    {.key = "xinyu",
     .path = "2025_新余市_政府工作报告.txt",
     .text = "新余市2025年政府工作报告\n"
             "过去一年，新余高新区锂电产业集群加快建设，新能源汽车产量增长35.2%。\n"
             "我们坚持“项目为王”，推进5G网络、PM2.5治理和“新质生产力”培育。\n"
             "（新华社记者 张三 摄）\n"
             "2026年主要目标：地区生产总值增长6%左右，城镇新增就业3万人。",
     .region = "新余市",
     .year = 2025},
    {.key = "shanghai",
     .text = "上海市推進集成電路產業發展。\n"
             "上海推进集成电路、生物医药、人工智能三大先导产业发展，"
             "减少煤炭消费，ＡＢＣ１２３全角字符也能找到。\n"
             "Shanghai will promote the COVID-19 recovery and 27GWh of storage.",
     .year = 2024},
    {.key = "jiangxi",
     .title = "江西省2020年国民经济和社会发展统计公报",
     .text = "江西省着力打造“一带一路”内陆开放型经济试验区。\n"
             "煤炭、钢铁去产能任务全面完成，乡村振兴取得新进展。",
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
    zc_fuzz_tmpdir(dir, sizeof dir, "search");
    atexit(cleanup); /* runs first: the index closes before its directory goes */
    zc_error err;
    ZC_FUZZ_SETUP(zc_index_open(dir, ZC_OPEN_WRITE | ZC_OPEN_CREATE, &ix, &err) == ZC_OK,
                  err.message);
    for (size_t i = 0; i < sizeof docs / sizeof *docs; i++)
        ZC_FUZZ_SETUP(zc_index_add_doc(ix, &docs[i], &err) == ZC_OK, err.message);
    ZC_FUZZ_SETUP(zc_index_commit(ix, &err) == ZC_OK, err.message);
}

static void check_results(const zc_results *r, const zc_search_options *o)
{
    size_t n = zc_results_count(r);
    ZC_FUZZ_CHECK(n <= o->limit, "%zu hits, limit %u", n, o->limit);
    ZC_FUZZ_CHECK(zc_results_total(r) <= sizeof docs / sizeof *docs, "total %llu",
                  (unsigned long long)zc_results_total(r));
    for (size_t i = 0; i < n; i++) {
        const zc_hit *h = zc_results_hit(r, i);
        ZC_FUZZ_CHECK(h && h->id && h->path && h->title && h->region && h->snippet,
                      "hit %zu has a NULL field", i);
        size_t chars = zc_utf8_count(h->snippet, strlen(h->snippet));
        ZC_FUZZ_CHECK(zc_utf8_valid(h->snippet, strlen(h->snippet), NULL), "snippet not UTF-8");
        for (size_t k = 0; k < h->n_highlights; k++) {
            size_t a = h->highlights[2 * k], b = h->highlights[2 * k + 1];
            ZC_FUZZ_CHECK(a < b && b <= chars, "highlight [%zu,%zu) in a snippet of %zu", a, b,
                          chars);
        }
    }
    for (int kind = ZC_FACET_REGION; kind <= ZC_FACET_YEAR; kind++)
        for (size_t i = 0; i < zc_results_facet_count(r, kind); i++)
            ZC_FUZZ_CHECK(zc_results_facet(r, kind, i)->value != NULL, "facet without value");
    char *json = NULL;
    zc_error err;
    ZC_FUZZ_CHECK(zc_results_json(r, &json, &err) == ZC_OK, "json: %s", err.message);
    ZC_FUZZ_CHECK(zc_utf8_valid(json, strlen(json), NULL), "JSON not UTF-8");
    free(json);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!ix)
        setup();
    char *query = malloc(size + 1);
    ZC_FUZZ_SETUP(query != NULL, "out of memory");
    memcpy(query, data, size);
    query[size] = '\0';

    zc_search_options o;
    zc_search_options_init(&o, ZC_SEARCH_OPTIONS_VERSION);
    o.sort = (zc_sort)(size % 3); /* relevance, newest, oldest first */
    o.any = (size / 2) % 2;
    o.match = (zc_match)((size / 16) % 3); /* exact, words, any */
    o.synonyms = (size / 4) % 2;
    o.explain = (size / 8) % 2;
    o.snippet_len = 10 + (unsigned)(size % 7) * 20;
    o.limit = 1 + (unsigned)(size % 3);

    zc_results *r = NULL;
    zc_error err;
    int rc = zc_search(ix, query, &o, &r, &err);
    if (rc) {
        ZC_FUZZ_CHECK(rc == ZC_ERR_QUERY || rc == ZC_ERR_NOMEM, "code %d: %s", rc, err.message);
        ZC_FUZZ_CHECK(err.message[0] != '\0', "no message");
    } else {
        check_results(r, &o);
        if (o.explain)
            ZC_FUZZ_CHECK(zc_results_explain(r) != NULL, "no explanation");
    }
    zc_results_free(r);
    free(query);
    return 0;
}
