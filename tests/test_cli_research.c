/* The research commands end to end: JSON shapes, CSV, one kwic line per
 * occurrence, paging, exit statuses and messages. */
#include <jansson.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "test_util.h"

typedef struct fx {
    char *tmp, *corpus;
} fx;

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    f->tmp = zc_test_tmpdir();
    f->corpus = zc_test_source_path("corpus");
    zc_test_run r = zc_test_cli(f->tmp, "index --db '%s/db' '%s'", f->tmp, f->corpus);
    assert_int_equal(r.status, 0);
    zc_test_run_free(&r);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    zc_test_rmtree(f->tmp);
    free(f->tmp);
    free(f->corpus);
    free(f);
    return 0;
}

static json_t *json_of(const zc_test_run *r)
{
    json_error_t e;
    json_t *j = json_loads(r->out, 0, &e);
    if (!j)
        fail_msg("not JSON (%s): %.200s", e.text, r->out);
    return j;
}

static size_t lines(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

static void trend_shapes(void **state)
{
    fx *f = *state;
    const char *by[] = {"year", "region", "year,region", "type"};
    for (size_t k = 0; k < 4; k++) {
        zc_test_run r =
            zc_test_cli(f->tmp, "trend --db '%s/db' --json --by %s 发展", f->tmp, by[k]);
        assert_int_equal(r.status, 0);
        json_t *j = json_of(&r);
        assert_string_equal(json_string_value(json_object_get(j, "by")), by[k]);
        json_t *bs = json_object_get(j, "buckets");
        json_int_t occ = 0, docs = 0;
        for (size_t i = 0; i < json_array_size(bs); i++) {
            json_t *b = json_array_get(bs, i);
            occ += json_integer_value(json_object_get(b, "occurrences"));
            docs += json_integer_value(json_object_get(b, "documents"));
            assert_non_null(json_object_get(b, "per_10k"));
            assert_non_null(json_object_get(b, "first"));
            assert_non_null(json_object_get(b, k == 3 ? "type" : k == 1 ? "region" : "year"));
        }
        assert_int_equal(occ, json_integer_value(json_object_get(j, "occurrences")));
        assert_int_equal(docs, json_integer_value(json_object_get(j, "documents")));
        assert_true(occ > 0);
        size_t nb = json_array_size(bs);
        json_decref(j);
        zc_test_run_free(&r);
        /* CSV: a header and a row per bucket. */
        zc_test_run c = zc_test_cli(f->tmp, "trend --db '%s/db' --csv --by %s 发展", f->tmp, by[k]);
        assert_int_equal(c.status, 0);
        assert_int_equal(lines(c.out), nb + 1);
        zc_test_run_free(&c);
    }
}

static void kwic_one_line_each(void **state)
{
    fx *f = *state;
    zc_test_run j = zc_test_cli(f->tmp, "kwic --db '%s/db' --json 经济", f->tmp);
    assert_int_equal(j.status, 0);
    json_t *o = json_of(&j);
    size_t total = (size_t)json_integer_value(json_object_get(o, "total"));
    assert_int_equal(json_array_size(json_object_get(o, "lines")), total);
    json_t *l = json_array_get(json_object_get(o, "lines"), 0);
    const char *keys[] = {"id",   "path",  "title", "region", "date",
                          "left", "match", "right", "offset"};
    for (size_t k = 0; k < 9; k++)
        assert_non_null(json_object_get(l, keys[k]));
    assert_string_equal(json_string_value(json_object_get(l, "match")), "经济");
    json_decref(o);
    zc_test_run_free(&j);
    /* Plain: exactly one tab-separated line per occurrence. */
    zc_test_run p = zc_test_cli(f->tmp, "kwic --db '%s/db' --sort left 经济", f->tmp);
    assert_int_equal(p.status, 0);
    assert_int_equal(lines(p.out), total);
    const char *line = p.out;
    size_t tabs = 0;
    for (; *line != '\n'; line++)
        tabs += *line == '\t';
    assert_int_equal(tabs, 6);
    zc_test_run_free(&p);
    zc_test_run c = zc_test_cli(f->tmp, "kwic --db '%s/db' --csv --sort right 经济", f->tmp);
    assert_int_equal(c.status, 0);
    assert_int_equal(lines(c.out), total + 1);
    zc_test_run_free(&c);
    /* A page. */
    zc_test_run g =
        zc_test_cli(f->tmp, "kwic --db '%s/db' --json --limit 3 --offset 2 经济", f->tmp);
    json_t *page = json_of(&g);
    assert_int_equal(json_array_size(json_object_get(page, "lines")), 3);
    assert_int_equal(json_integer_value(json_object_get(page, "offset")), 2);
    assert_int_equal(json_integer_value(json_object_get(page, "total")), total);
    json_decref(page);
    zc_test_run_free(&g);
}

static void statuses(void **state)
{
    fx *f = *state;
    zc_test_run r = zc_test_cli(f->tmp, "trend --db '%s/db' 没有这样的词语组合吧", f->tmp);
    assert_int_equal(r.status, 1);
    zc_test_run_free(&r);
    r = zc_test_cli(f->tmp, "kwic --db '%s/db' '(发展'", f->tmp);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "bad query"));
    zc_test_run_free(&r);
    r = zc_test_cli(f->tmp, "trend --db '%s/db' --by month 发展", f->tmp);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "--by"));
    zc_test_run_free(&r);
    r = zc_test_cli(f->tmp, "kwic --db '%s/db' --width 0 发展", f->tmp);
    assert_int_equal(r.status, 2);
    zc_test_run_free(&r);
    r = zc_test_cli(f->tmp, "similar --db '%s/db' 0123456789abcdef", f->tmp);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "0123456789abcdef"));
    zc_test_run_free(&r);
    r = zc_test_cli(f->tmp, "keywords --db '%s/db' /no/such/file.txt", f->tmp);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "/no/such/file.txt"));
    zc_test_run_free(&r);
    r = zc_test_cli(f->tmp, "kwic --db '%s/db'", f->tmp);
    assert_int_equal(r.status, 2);
    zc_test_run_free(&r);
}

static void similar_and_keywords(void **state)
{
    fx *f = *state;
    char path[4096];
    snprintf(path, sizeof path, "%s/001_28de832e850c6ae0.txt", f->corpus);
    zc_test_run r = zc_test_cli(f->tmp, "similar --db '%s/db' --json '%s'", f->tmp, path);
    assert_int_equal(r.status, 0);
    json_t *j = json_of(&r);
    json_t *hits = json_object_get(j, "hits");
    assert_true(json_array_size(hits) > 0);
    const char *self = json_string_value(json_object_get(j, "query"));
    for (size_t i = 0; i < json_array_size(hits); i++) {
        json_t *h = json_array_get(hits, i);
        assert_string_not_equal(json_string_value(json_object_get(h, "id")), self);
        assert_true(json_array_size(json_object_get(h, "shared_terms")) > 0);
        assert_int_equal(json_integer_value(json_object_get(h, "rank")), i + 1);
    }
    zc_test_run_free(&r);
    /* The same document by its id. */
    zc_test_run k = zc_test_cli(f->tmp, "keywords --db '%s/db' --json --limit 5 %s", f->tmp, self);
    assert_int_equal(k.status, 0);
    json_t *kw = json_of(&k);
    assert_string_equal(json_string_value(json_object_get(kw, "id")), self);
    json_t *ks = json_object_get(kw, "keywords");
    assert_true(json_array_size(ks) > 0 && json_array_size(ks) <= 5);
    double prev = 1e300;
    for (size_t i = 0; i < json_array_size(ks); i++) {
        json_t *e = json_array_get(ks, i);
        double s = json_number_value(json_object_get(e, "score"));
        assert_true(s > 0 && s <= prev);
        prev = s;
        assert_true(json_integer_value(json_object_get(e, "count")) > 0);
    }
    json_decref(kw);
    json_decref(j);
    zc_test_run_free(&k);
}

/* similar and keywords as text and CSV say what their JSON says: every
 * similar hit's id and shared words, every keyword with its count. */
static void similar_and_keywords_as_text(void **state)
{
    fx *f = *state;
    char path[4096];
    snprintf(path, sizeof path, "%s/001_28de832e850c6ae0.txt", f->corpus);
    zc_test_run j = zc_test_cli(f->tmp, "similar --db '%s/db' --json --limit 3 '%s'", f->tmp, path);
    zc_test_run t = zc_test_cli(f->tmp, "similar --db '%s/db' --limit 3 '%s'", f->tmp, path);
    assert_int_equal(j.status, 0);
    assert_int_equal(t.status, 0);
    json_t *js = json_of(&j);
    json_t *hits = json_object_get(js, "hits");
    assert_true(json_array_size(hits) > 0);
    for (size_t i = 0; i < json_array_size(hits); i++) {
        json_t *h = json_array_get(hits, i);
        const char *id = json_string_value(json_object_get(h, "id"));
        if (!strstr(t.out, id))
            fail_msg("similar's text lacks hit %s:\n%s", id, t.out);
        json_t *sh = json_object_get(h, "shared_terms");
        const char *w = json_string_value(json_array_get(sh, 0));
        if (!w || !strstr(t.out, w))
            fail_msg("similar's text lacks the shared word %s", w ? w : "(none)");
    }
    assert_int_equal(lines(t.out), 3 * json_array_size(hits));
    const char *self = json_string_value(json_object_get(js, "query"));
    zc_test_run kj = zc_test_cli(f->tmp, "keywords --db '%s/db' --json --limit 8 %s", f->tmp, self);
    zc_test_run kt = zc_test_cli(f->tmp, "keywords --db '%s/db' --limit 8 %s", f->tmp, self);
    zc_test_run kc = zc_test_cli(f->tmp, "keywords --db '%s/db' --csv --limit 8 %s", f->tmp, self);
    assert_int_equal(kj.status, 0);
    assert_int_equal(kt.status, 0);
    assert_int_equal(kc.status, 0);
    json_t *kw = json_of(&kj);
    json_t *ks = json_object_get(kw, "keywords");
    assert_true(json_array_size(ks) > 0);
    assert_int_equal(lines(kt.out), json_array_size(ks) + 1);
    assert_int_equal(lines(kc.out), json_array_size(ks) + 1);
    assert_true(strncmp(kc.out, "term,score,count,background,phrase\n", 35) == 0);
    for (size_t i = 0; i < json_array_size(ks); i++) {
        json_t *e = json_array_get(ks, i);
        char want[512];
        snprintf(want, sizeof want, "%s,", json_string_value(json_object_get(e, "term")));
        if (!strstr(kt.out, json_string_value(json_object_get(e, "term"))) || !strstr(kc.out, want))
            fail_msg("keyword %s missing from the text or the CSV", want);
    }
    json_decref(kw);
    json_decref(js);
    zc_test_run_free(&j);
    zc_test_run_free(&t);
    zc_test_run_free(&kj);
    zc_test_run_free(&kt);
    zc_test_run_free(&kc);
}

/* A file the index does not hold is analysed as the indexer would, and
 * leaves nothing behind in the index. */
static void unindexed_file(void **state)
{
    fx *f = *state;
    char src[4096];
    snprintf(src, sizeof src, "%s/003_b399b6283a605430.txt", f->corpus);
    size_t len = 0;
    char *text = zc_test_read_file(src, &len);
    assert_non_null(text);
    char *copy = zc_test_write_file(f->tmp, "outside.txt", text, len);
    free(text);
    zc_test_run r = zc_test_cli(f->tmp, "similar --db '%s/db' --json '%s'", f->tmp, copy);
    assert_int_equal(r.status, 0);
    json_t *j = json_of(&r);
    json_t *hits = json_object_get(j, "hits");
    /* Its indexed twin, the same text, comes first. */
    assert_true(json_array_size(hits) > 0);
    assert_string_equal(json_string_value(json_object_get(json_array_get(hits, 0), "path")), src);
    json_decref(j);
    zc_test_run_free(&r);
    r = zc_test_cli(f->tmp, "keywords --db '%s/db' --json '%s'", f->tmp, copy);
    assert_int_equal(r.status, 0);
    zc_test_run_free(&r);
    r = zc_test_cli(f->tmp, "info --db '%s/db' --json", f->tmp);
    j = json_of(&r);
    assert_int_equal(json_integer_value(json_object_get(j, "documents")), 5);
    json_decref(j);
    zc_test_run_free(&r);
    free(copy);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(trend_shapes),
        cmocka_unit_test(kwic_one_line_each),
        cmocka_unit_test(statuses),
        cmocka_unit_test(similar_and_keywords),
        cmocka_unit_test(similar_and_keywords_as_text),
        cmocka_unit_test(unindexed_file),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
