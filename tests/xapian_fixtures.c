/* The corpus and helpers of the Xapian wrapper tests (xapian_fixtures.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_util.h"
#include "xapian_fixtures.h"

static zc_error E; /* the error of the helper's own calls */

void zc_xt_check_failure(const char *call, int rc, const zc_error *e, int want, const char *needle)
{
    if (rc != want || e->code != want)
        fail_msg("%s -> %d (want %d): %s", call, rc, want, e->message);
    if (needle && !strstr(e->message, needle))
        fail_msg("%s: message '%s' lacks '%s'", call, e->message, needle);
}

const zc_xt_doc zc_xt_docs[] = {
    {"the quick brown fox", "2001", "news", "江西省\x1f江西省/新余市"},
    {"the lazy brown dog", "2003", "news", "江西省\x1f江西省/南昌市"},
    {"quick fox jumps quick", "2002", "blog", "北京市"},
    {"a b a", "2005", "blog", "江西省\x1f江西省\x1f北京市"},
    {"a a b", "2004", "misc", ""},
    {"b a a b", "2000", "news", "北京市\x1f\x1f上海市"},
};

char *zc_xt_join(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);
    assert_non_null(p);
    snprintf(p, n, "%s/%s", dir, name);
    return p;
}

static zc_xdoc *make_doc(int id)
{
    const zc_xt_doc *d = &zc_xt_docs[id - 1];
    zc_xdoc *doc;
    char term[64], buf[18];
    OK(zc_xdoc_new(&doc, &E));
    const char *p = d->text;
    for (unsigned pos = 1; *p; pos++) {
        size_t len = strcspn(p, " ");
        OK(zc_xdoc_add_posting_n(doc, p, len, pos, 1, &E));
        p += len;
        p += strspn(p, " ");
    }
    snprintf(term, sizeof term, "Q%d", id);
    OK(zc_xdoc_add_boolean_term(doc, term, &E));
    snprintf(term, sizeof term, "C%s", d->cat);
    OK(zc_xdoc_add_boolean_term(doc, term, &E));
    OK(zc_xdoc_set_value(doc, SLOT_YEAR, d->year, strlen(d->year), &E));
    OK(zc_xdoc_set_value(doc, SLOT_CAT, d->cat, strlen(d->cat), &E));
    OK(zc_xdoc_set_value(doc, SLOT_REGIONS, d->regions, strlen(d->regions), &E));
    size_t n = zc_x_sortable_serialise(atof(d->year), buf);
    OK(zc_xdoc_set_value(doc, SLOT_YEARNUM, buf, n, &E));
    OK(zc_xdoc_set_data(doc, d->text, strlen(d->text), &E));
    snprintf(buf, sizeof buf, "%d", id);
    OK(zc_xdoc_set_value(doc, SLOT_NUM, buf, strlen(buf), &E));
    return doc;
}

void zc_xt_build_db(const char *path, int from, int to)
{
    zc_xdb *db;
    OK(zc_xdb_open_writable(path, ZC_XDB_OVERWRITE, &db, &E));
    for (int id = from; id <= to; id++) {
        zc_xdoc *doc = make_doc(id);
        zc_xdocid got = 0;
        OK(zc_xdb_add_document(db, doc, &got, &E));
        assert_int_equal(got, id - from + 1);
        zc_xdoc_free(doc);
    }
    OK(zc_xdb_commit(db, &E));
    zc_xdb_free(db);
}

int zc_xt_setup(void **state)
{
    zc_xt_fixture *f = calloc(1, sizeof *f);
    if (!f || !(f->dir = zc_test_tmpdir()))
        return -1;
    f->main = zc_xt_join(f->dir, "main");
    f->shard_a = zc_xt_join(f->dir, "a");
    f->shard_b = zc_xt_join(f->dir, "b");
    zc_xt_build_db(f->main, 1, NDOCS);
    zc_xt_build_db(f->shard_a, 1, 3);
    zc_xt_build_db(f->shard_b, 4, NDOCS);
    *state = f;
    return 0;
}

int zc_xt_teardown(void **state)
{
    zc_xt_fixture *f = *state;
    zc_test_rmtree(f->dir);
    free(f->dir), free(f->main), free(f->shard_a), free(f->shard_b), free(f);
    return 0;
}

zc_xdb *zc_xt_open_main(void **state)
{
    zc_xdb *db;
    OK(zc_xdb_open(((zc_xt_fixture *)*state)->main, &db, &E));
    return db;
}

zc_xquery *zc_xt_term(const char *term)
{
    zc_xquery *q;
    OK(zc_xquery_term(term, 1, 0, &q, &E));
    return q;
}

zc_xquery *zc_xt_combine(zc_xop op, unsigned param, int n, ...)
{
    zc_xquery *subs[8], *q;
    va_list ap;
    va_start(ap, n);
    for (int i = 0; i < n; i++)
        subs[i] = va_arg(ap, zc_xquery *);
    va_end(ap);
    OK(zc_xquery_combine(op, subs, (size_t)n, param, &q, &E));
    for (int i = 0; i < n; i++)
        zc_xquery_free(subs[i]);
    return q;
}

static int cmp_id(const void *a, const void *b)
{
    unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;
    return x < y ? -1 : x > y;
}

unsigned zc_xt_mset_num(const zc_xmset *m, size_t i)
{
    char *v;
    size_t len;
    OK(zc_xmset_get_value(m, i, SLOT_NUM, &v, &len, &E));
    unsigned k = (unsigned)atoi(v);
    free(v);
    assert_in_range(k, 1, NDOCS);
    return k;
}

void zc_xt_mset_ids(const zc_xmset *m, int sorted, char *out, size_t cap)
{
    unsigned ids[64];
    size_t n = zc_xmset_size(m);
    assert_true(n <= 64);
    for (size_t i = 0; i < n; i++)
        ids[i] = zc_xt_mset_num(m, i);
    if (sorted)
        qsort(ids, n, sizeof ids[0], cmp_id);
    out[0] = '\0';
    for (size_t i = 0; i < n; i++)
        snprintf(out + strlen(out), cap - strlen(out), "%s%u", i ? "," : "", ids[i]);
}

zc_xmset *zc_xt_search(const zc_xdb *db, const zc_xquery *q, unsigned max)
{
    zc_xenquire *e;
    zc_xmset *m;
    OK(zc_xenquire_new(db, &e, &E));
    OK(zc_xenquire_set_query(e, q, 0, &E));
    OK(zc_xenquire_get_mset(e, 0, max, 100, &m, &E));
    zc_xenquire_free(e); /* the mset outlives its enquire */
    return m;
}

void zc_xt_expect(const zc_xdb *db, zc_xquery *q, const char *want)
{
    char got[256];
    zc_xmset *m = zc_xt_search(db, q, 100);
    zc_xt_mset_ids(m, 1, got, sizeof got);
    zc_xmset_free(m);
    zc_xquery_free(q);
    assert_string_equal(got, want);
}

void zc_xt_expect_facets(const zc_xspy *s, const char *want)
{
    char got[512] = "";
    for (size_t i = 0; i < zc_xspy_count(s); i++) {
        const char *v;
        size_t len;
        uint64_t c;
        assert_int_equal(zc_xspy_get(s, i, &v, &len, &c), ZC_OK);
        snprintf(got + strlen(got), sizeof got - strlen(got), "%.*s=%llu;", (int)len, v,
                 (unsigned long long)c);
    }
    assert_int_equal(zc_xspy_get(s, zc_xspy_count(s), NULL, NULL, NULL), ZC_ERR_INVALID);
    assert_string_equal(got, want);
}

void zc_xt_facets_on(const zc_xdb *db)
{
    zc_xenquire *e;
    zc_xspy *cat, *reg;
    zc_xmset *m;
    zc_xquery *q;
    OK(zc_xenquire_new(db, &e, &E));
    OK(zc_xenquire_add_facet(e, SLOT_CAT, 0, 0, &cat, &E));
    OK(zc_xenquire_add_facet(e, SLOT_REGIONS, 1, '\x1f', &reg, &E));
    assert_int_equal(zc_xspy_count(cat), 0);
    OK(zc_xquery_match_all(&q, &E));
    OK(zc_xenquire_set_query(e, q, 0, &E));
    zc_xquery_free(q);
    /* Twice: the counts describe the last run, not a running sum. */
    for (int run = 0; run < 2; run++) {
        OK(zc_xenquire_get_mset(e, 0, 1, NDOCS, &m, &E));
        zc_xmset_free(m);
        zc_xt_expect_facets(cat, CATS_ALL);
        zc_xt_expect_facets(reg, REGIONS_ALL);
    }
    q = T("quick");
    OK(zc_xenquire_set_query(e, q, 0, &E));
    zc_xquery_free(q);
    OK(zc_xenquire_get_mset(e, 0, 10, NDOCS, &m, &E));
    zc_xmset_free(m);
    zc_xt_expect_facets(cat, "blog=1;news=1;");
    zc_xt_expect_facets(reg, "北京市=1;江西省=1;江西省/新余市=1;");
    zc_xenquire_free(e);
}
