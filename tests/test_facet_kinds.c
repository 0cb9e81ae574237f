/* The type and issuer facets: on documents whose texts state their kind
 * and issuing body, each facet entry counts exactly the matches the
 * type: or issuer: filter finds, counted in the search's one pass with the
 * region and year facets; they are in the JSON and the command line's
 * facet lines, and absent with facets off. */
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

typedef struct env {
    char *tmp;
    char db[4200];
    zc_index *ix;
} env;

static const char *const docs[][2] = {
    {"a.txt", "国务院关于深入实施“人工智能+”行动的意见\n国发〔2025〕11号\n各省、自治区、直辖市人民"
              "政府，国务院各部委、各直属机构：\n为深入实施“人工智能+”行动，推动人工智能与经济社"
              "会各行业各领域广泛深度融合，现提出如下意见。\n国务院\n2025年8月21日\n"},
    {"b.txt", "国务院办公厅关于印发促进数字经济发展实施方案的通知\n国办发〔2024〕5号\n各省、自治"
              "区、直辖市人民政府，国务院各部委、各直属机构：\n《促进数字经济发展实施方案》已经国"
              "务院同意，现印发给你们。\n人工智能产业加快发展。\n国务院办公厅\n2024年3月1日\n"},
    {"c.txt", "江西省人民政府关于加快人工智能产业发展的意见\n赣府发〔2024〕8号\n各市、县（区）人民"
              "政府，省政府各部门：\n为加快人工智能产业发展，提出如下意见。\n江西省人民政府\n2024"
              "年6月3日\n"},
    {"d.txt", "国务院关于促进人工智能产业发展的通知\n国发〔2024〕2号\n各省、自治区、直辖市人民政府"
              "：\n人工智能产业是新兴产业。现就有关事项通知如下。\n国务院\n2024年1月5日\n"},
    {"e.txt", "人工智能产业观察\n人工智能产业在多地加快发展。\n"},
};

static int setup(void **state)
{
    env *e = calloc(1, sizeof *e);
    if (!e || !(e->tmp = zc_test_tmpdir()))
        return -1;
    snprintf(e->db, sizeof e->db, "%s/db", e->tmp);
    char dir[4200];
    snprintf(dir, sizeof dir, "%s/docs", e->tmp);
    if (mkdir(dir, 0755))
        return -1;
    for (size_t i = 0; i < sizeof docs / sizeof *docs; i++)
        free(zc_test_write_file(dir, docs[i][0], docs[i][1], strlen(docs[i][1])));
    zc_test_run r = zc_test_cli(e->tmp, "index --db '%s' '%s'", e->db, dir);
    int status = r.status;
    zc_test_run_free(&r);
    zc_error err;
    if (status != 0 || zc_index_open(e->db, ZC_OPEN_READ, &e->ix, &err))
        return -1;
    *state = e;
    return 0;
}

static int teardown(void **state)
{
    env *e = *state;
    zc_index_free(e->ix);
    zc_test_rmtree(e->tmp);
    free(e->tmp);
    free(e);
    return 0;
}

static uint64_t total_of(env *e, const char *q)
{
    zc_results *r = NULL;
    zc_error err;
    zc_search_options o = ZC_SEARCH_OPTIONS_INIT;
    o.facets = 0;
    o.limit = 0;
    if (zc_search(e->ix, q, &o, &r, &err))
        fail_msg("%s: %s", q, err.message);
    uint64_t n = zc_results_total(r);
    zc_results_free(r);
    return n;
}

static void test_counts_are_filters(void **state)
{
    env *e = *state;
    static const char *const queries[] = {"人工智能", "产业", "人工智能 year:2024", "意见"};
    static const struct {
        zc_facet_kind kind;
        const char *field;
    } kinds[] = {{ZC_FACET_TYPE, "type"}, {ZC_FACET_ISSUER, "issuer"}};
    size_t seen[2] = {0, 0};
    for (size_t q = 0; q < sizeof queries / sizeof *queries; q++) {
        zc_results *r = NULL;
        zc_error err;
        assert_int_equal(zc_search(e->ix, queries[q], NULL, &r, &err), ZC_OK);
        for (size_t k = 0; k < 2; k++) {
            uint64_t sum = 0;
            for (size_t i = 0; i < zc_results_facet_count(r, kinds[k].kind); i++) {
                const zc_facet *f = zc_results_facet(r, kinds[k].kind, i);
                char fq[512];
                snprintf(fq, sizeof fq, "%s %s:\"%s\"", queries[q], kinds[k].field, f->value);
                assert_int_equal(f->count, total_of(e, fq));
                assert_null(f->level);
                if (i > 0)
                    assert_true(zc_results_facet(r, kinds[k].kind, i - 1)->count >= f->count);
                sum += f->count;
                seen[k]++;
            }
            /* what has no stated type or issuer is not counted */
            assert_true(sum <= zc_results_total(r));
        }
        zc_results_free(r);
    }
    assert_true(seen[0] > 0 && seen[1] > 0);
    /* in the JSON, by name */
    zc_results *r = NULL;
    zc_error err;
    assert_int_equal(zc_search(e->ix, "人工智能", NULL, &r, &err), ZC_OK);
    char *s = NULL;
    assert_int_equal(zc_results_json(r, &s, &err), ZC_OK);
    json_t *j = json_loads(s, 0, NULL);
    assert_non_null(j);
    json_t *types = json_object_get(json_object_get(j, "facets"), "type");
    json_t *issuers = json_object_get(json_object_get(j, "facets"), "issuer");
    assert_int_equal(json_array_size(types), zc_results_facet_count(r, ZC_FACET_TYPE));
    assert_int_equal(json_array_size(issuers), zc_results_facet_count(r, ZC_FACET_ISSUER));
    assert_string_equal(json_string_value(json_object_get(json_array_get(types, 0), "value")),
                        zc_results_facet(r, ZC_FACET_TYPE, 0)->value);
    /* Each hit's fields as the library gives them, and null where one is
     * unknown, the region as much as the others (e.txt states none). */
    json_t *hits = json_object_get(j, "hits");
    assert_int_equal(json_array_size(hits), zc_results_count(r));
    int unknown_region = 0;
    for (size_t i = 0; i < zc_results_count(r); i++) {
        const zc_hit *h = zc_results_hit(r, i);
        const char *field[][2] = {{"region", h->region},
                                  {"date", h->date},
                                  {"type", h->type},
                                  {"issuer", h->issuer},
                                  {"docno", h->docno}};
        json_t *hj = json_array_get(hits, i);
        for (size_t k = 0; k < sizeof field / sizeof *field; k++) {
            json_t *v = json_object_get(hj, field[k][0]);
            if (!field[k][1] || !*field[k][1]) {
                if (!json_is_null(v))
                    fail_msg("%s of %s: unknown, printed as %s", field[k][0], h->path,
                             json_is_string(v) ? json_string_value(v) : "not null");
            } else
                assert_string_equal(json_string_value(v), field[k][1]);
        }
        unknown_region += !*h->region;
    }
    assert_int_equal(unknown_region, 1);
    json_decref(j);
    free(s);
    zc_results_free(r);
}

static void test_cli_lines(void **state)
{
    env *e = *state;
    zc_test_run r = zc_test_cli(e->tmp, "search --db '%s' 人工智能", e->db);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "\ntype: "));
    assert_non_null(strstr(r.out, "\nissuer: "));
    assert_non_null(strstr(r.out, "国务院 2"));
    zc_test_run_free(&r);
    r = zc_test_cli(e->tmp, "search --db '%s' --no-facets 人工智能", e->db);
    assert_null(strstr(r.out, "\ntype: "));
    zc_test_run_free(&r);
    zc_results *res = NULL;
    zc_error err;
    zc_search_options o = ZC_SEARCH_OPTIONS_INIT;
    o.facets = 0;
    assert_int_equal(zc_search(e->ix, "人工智能", &o, &res, &err), ZC_OK);
    assert_int_equal(zc_results_facet_count(res, ZC_FACET_TYPE), 0);
    assert_int_equal(zc_results_facet_count(res, ZC_FACET_ISSUER), 0);
    assert_null(zc_results_facet(res, (zc_facet_kind)9, 0));
    zc_results_free(res);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_counts_are_filters),
        cmocka_unit_test(test_cli_lines),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
