/* zc_document_get and `zhengce show` on an index of corpus/: a document
 * found by id and by path, its text whole, a query's matches marked at
 * every occurrence (counted against a plain substring scan of the text)
 * and as the search's snippets highlight them; bad names, versions and
 * queries refused with their codes; show's marks and exit statuses. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "test_util.h"
#include "zhengce.h"

typedef struct env {
    char *tmp;
    char db[4200];
    zc_index *ix;
} env;

static int setup(void **state)
{
    env *e = calloc(1, sizeof *e);
    if (!e || !(e->tmp = zc_test_tmpdir()))
        return -1;
    snprintf(e->db, sizeof e->db, "%s/db", e->tmp);
    if (zc_test_open_corpus(e->tmp, e->db, &e->ix))
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

/* The byte offset of character c of s. */
static size_t byte_of(const char *s, size_t c)
{
    size_t b = 0;
    for (size_t k = 0; k < c && s[b]; k++) {
        b++;
        while (((unsigned char)s[b] & 0xC0) == 0x80)
            b++;
    }
    return b;
}

/* Occurrences of w in s (w cannot overlap itself here). */
static size_t count_in(const char *s, const char *w)
{
    size_t n = 0;
    for (const char *p = strstr(s, w); p; p = strstr(p + strlen(w), w))
        n++;
    return n;
}

static void test_matches(void **state)
{
    env *e = *state;
    static const char *const words[] = {"新余", "高新区", "锂电", "工业"};
    /* Without synonyms, so that each match is the word itself (锂电 would
     * mark 锂电池 whole too). */
    zc_search_options so = ZC_SEARCH_OPTIONS_INIT;
    so.limit = 100;
    so.synonyms = 0;
    zc_document_options o = ZC_DOCUMENT_OPTIONS_INIT;
    o.synonyms = 0;
    for (size_t w = 0; w < sizeof words / sizeof *words; w++) {
        zc_results *r = NULL;
        zc_error err;
        assert_int_equal(zc_search(e->ix, words[w], &so, &r, &err), ZC_OK);
        assert_true(zc_results_count(r) > 0);
        for (size_t i = 0; i < zc_results_count(r); i++) {
            const zc_hit *h = zc_results_hit(r, i);
            zc_document *d = NULL;
            assert_int_equal(zc_document_get(e->ix, h->id, words[w], &o, &d, &err), ZC_OK);
            assert_string_equal(zc_document_id(d), h->id);
            assert_string_equal(zc_document_path(d), h->path);
            assert_string_equal(zc_document_title(d), h->title);
            assert_string_equal(zc_document_region(d), h->region);
            assert_int_equal(zc_document_year(d), h->year);
            size_t len, n;
            const char *text = zc_document_text(d, &len);
            assert_int_equal(strlen(text), len);
            const size_t *m = zc_document_matches(d, &n);
            /* every occurrence, each exactly the word */
            assert_int_equal(n, count_in(text, words[w]));
            for (size_t k = 0; k < n; k++) {
                size_t b0 = byte_of(text, m[2 * k]), b1 = byte_of(text, m[2 * k + 1]);
                assert_int_equal(b1 - b0, strlen(words[w]));
                assert_memory_equal(text + b0, words[w], b1 - b0);
            }
            /* what the snippet highlights is what the document marks */
            for (size_t k = 0; k < h->n_highlights; k++) {
                size_t b0 = byte_of(h->snippet, h->highlights[2 * k]),
                       b1 = byte_of(h->snippet, h->highlights[2 * k + 1]);
                assert_int_equal(b1 - b0, strlen(words[w]));
                assert_memory_equal(h->snippet + b0, words[w], b1 - b0);
            }
            zc_document_free(d);
        }
        zc_results_free(r);
    }
}

static void test_by_path_and_errors(void **state)
{
    env *e = *state;
    zc_error err;
    zc_document *d = NULL, *p = NULL;
    char *path = zc_test_source_path("corpus/002_703a66e9d902f6c3.txt");
    assert_int_equal(zc_document_get(e->ix, path, NULL, NULL, &p, &err), ZC_OK);
    size_t n = 1;
    zc_document_matches(p, &n);
    assert_int_equal(n, 0);
    assert_int_equal(zc_document_get(e->ix, zc_document_id(p), NULL, NULL, &d, &err), ZC_OK);
    assert_string_equal(zc_document_path(d), zc_document_path(p));
    assert_string_equal(zc_document_region_code(d), "360500"); /* 新余市 */
    char *json = NULL;
    assert_int_equal(zc_document_json(d, &json, &err), ZC_OK);
    json_t *j = json_loads(json, 0, NULL);
    assert_non_null(j);
    assert_true(json_is_null(json_object_get(j, "query")));
    assert_string_equal(json_string_value(json_object_get(j, "text")), zc_document_text(d, NULL));
    json_decref(j);
    free(json);
    zc_document_free(d);
    zc_document_free(p);
    free(path);

    assert_int_equal(zc_document_get(e->ix, "0123456789abcdef", NULL, NULL, &d, &err),
                     ZC_ERR_NOT_FOUND);
    assert_non_null(strstr(err.message, "0123456789abcdef"));
    assert_null(d);
    assert_int_equal(zc_document_get(e->ix, "/no/such/file.txt", NULL, NULL, &d, &err),
                     ZC_ERR_NOT_FOUND);
    assert_non_null(strstr(err.message, "/no/such/file.txt"));
    assert_int_equal(zc_document_get(e->ix, "", NULL, NULL, &d, &err), ZC_ERR_INVALID);
    zc_document_options o = ZC_DOCUMENT_OPTIONS_INIT;
    o.version = 77;
    assert_int_equal(zc_document_get(e->ix, "x", NULL, &o, &d, &err), ZC_ERR_INVALID);
    assert_int_equal(zc_document_options_init(&o, 77), ZC_ERR_INVALID);
    assert_int_equal(zc_document_options_init(&o, ZC_DOCUMENT_OPTIONS_VERSION), ZC_OK);
    path = zc_test_source_path("corpus/002_703a66e9d902f6c3.txt");
    assert_int_equal(zc_document_get(e->ix, path, "a OR", &o, &d, &err), ZC_ERR_QUERY);
    assert_null(d);
    free(path);
}

/* show: brackets when not on a terminal, one pair per match; exit 1 when
 * the query matches nothing in the document, 2 for no such document. */
static void test_show(void **state)
{
    env *e = *state;
    char *path = zc_test_source_path("corpus/002_703a66e9d902f6c3.txt");
    zc_document *d = NULL;
    zc_error err;
    assert_int_equal(zc_document_get(e->ix, path, "新余", NULL, &d, &err), ZC_OK);
    size_t n;
    zc_document_matches(d, &n);
    zc_test_run r = zc_test_cli(e->tmp, "show --db '%s' -q 新余 '%s'", e->db, path);
    assert_int_equal(r.status, 0);
    assert_int_equal(count_in(r.out, "[[新余]]"), n);
    assert_int_equal(count_in(r.out, "[["), n);
    assert_non_null(strstr(r.out, "region   江西省/新余市"));
    assert_null(strstr(r.out, "\033["));
    zc_test_run_free(&r);
    r = zc_test_cli(e->tmp, "show --db '%s' -q 火星 '%s'", e->db, path);
    assert_int_equal(r.status, 1);
    assert_null(strstr(r.out, "[["));
    zc_test_run_free(&r);
    r = zc_test_cli(e->tmp, "show --db '%s' 0123456789abcdef", e->db);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "no document '0123456789abcdef'"));
    zc_test_run_free(&r);
    r = zc_test_cli(e->tmp, "show --db '%s' -q '(((' '%s'", e->db, path);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "bad query '((('"));
    zc_test_run_free(&r);
    r = zc_test_cli(e->tmp, "show --db '%s'", e->db);
    assert_int_equal(r.status, 2);
    zc_test_run_free(&r);
    zc_document_free(d);
    free(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_matches),
        cmocka_unit_test(test_by_path_and_errors),
        cmocka_unit_test(test_show),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
