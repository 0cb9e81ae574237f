/* Builds an index from records in memory and searches it.
 *   cc example.c $(pkg-config --cflags --libs zhengce) -o example
 *   ./example /tmp/example-index */
#include <stdio.h>
#include <zhengce.h>

static const zc_doc docs[] = {
    {.key = "r1",
     .title = "新余市政府工作报告",
     .region = "新余市",
     .year = 2025,
     .text = "加快建设新余高新区锂电产业集群，规上工业增加值增长8%。"},
    {.key = "r2",
     .title = "上海市政府工作报告",
     .region = "上海市",
     .year = 2024,
     .text = "推进国际科技创新中心建设，发展集成电路和人工智能产业。"},
    {.key = "r3",
     .title = "宜春市经济运行情况",
     .region = "宜春市",
     .year = 2025,
     .text = "宜春锂电新能源产业营业收入突破千亿元。"},
};

static int fail(const zc_error *err)
{
    fprintf(stderr, "example: %s: %s\n", zc_code_name(err->code), err->message);
    return 2;
}

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : "example-index";
    const char *query = argc > 2 ? argv[2] : "锂电";
    zc_error err;
    zc_index *ix = NULL;
    if (zc_index_open(dir, ZC_OPEN_WRITE | ZC_OPEN_CREATE, &ix, &err))
        return fail(&err);
    for (size_t i = 0; i < sizeof docs / sizeof *docs; i++)
        if (zc_index_add_doc(ix, &docs[i], &err))
            return fail(&err);
    if (zc_index_commit(ix, &err))
        return fail(&err);

    zc_search_options o = ZC_SEARCH_OPTIONS_INIT; /* or zc_search_options_init() */
    zc_results *r = NULL;
    if (zc_search(ix, query, &o, &r, &err))
        return fail(&err);
    printf("zhengce %s: %llu hits for %s\n", zc_version(), (unsigned long long)zc_results_total(r),
           query);
    for (size_t i = 0; i < zc_results_count(r); i++) {
        const zc_hit *h = zc_results_hit(r, i);
        printf("%u. %s [%s %d] %s\n", h->rank, h->title, h->region, h->year, h->snippet);
    }
    for (size_t i = 0; i < zc_results_facet_count(r, ZC_FACET_REGION); i++) {
        const zc_facet *f = zc_results_facet(r, ZC_FACET_REGION, i);
        printf("  %s (%s): %llu\n", f->value, f->level, (unsigned long long)f->count);
    }
    zc_results_free(r);
    zc_index_free(ix);
    return 0;
}
