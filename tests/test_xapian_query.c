/* Tests of the C wrapper over libxapian (xapian-c/xapian_c.h): queries,
 * enquire, sorting, estimates, facets, deep queries. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "xapian_fixtures.h"

static zc_error E; /* the error of the call under test */

static void test_phrase_near(void **state)
{
    zc_xdb *db = zc_xt_open_main(state);
    zc_xt_expect(db, Q(ZC_XOP_PHRASE, 0, 2, T("a"), T("b")), "4,5,6");
    /* A repeated term: "a b a" at consecutive positions is only in doc 4. */
    zc_xt_expect(db, Q(ZC_XOP_PHRASE, 0, 3, T("a"), T("b"), T("a")), "4");
    zc_xt_expect(db, Q(ZC_XOP_PHRASE, 0, 2, T("quick"), T("fox")), "3");
    zc_xt_expect(db, Q(ZC_XOP_PHRASE, 0, 2, T("fox"), T("quick")), "");
    zc_xt_expect(db, Q(ZC_XOP_PHRASE, 3, 2, T("quick"), T("fox")), "1,3");
    /* NEAR ignores order; the window bounds the span. */
    zc_xt_expect(db, Q(ZC_XOP_NEAR, 0, 2, T("fox"), T("quick")), "3");
    zc_xt_expect(db, Q(ZC_XOP_NEAR, 3, 2, T("fox"), T("quick")), "1,3");
    zc_xdb_free(db);
}

static void test_boolean_ops(void **state)
{
    zc_xdb *db = zc_xt_open_main(state);
    zc_xt_expect(db, Q(ZC_XOP_AND, 0, 2, T("quick"), T("fox")), "1,3");
    zc_xt_expect(db, Q(ZC_XOP_OR, 0, 2, T("lazy"), T("jumps")), "2,3");
    zc_xt_expect(db, Q(ZC_XOP_AND_NOT, 0, 2, T("brown"), T("lazy")), "1");
    zc_xt_expect(db, Q(ZC_XOP_AND_NOT, 0, 3, T("the"), T("lazy"), T("quick")), "");
    zc_xt_expect(db, Q(ZC_XOP_XOR, 0, 2, T("quick"), T("brown")), "2,3");
    zc_xt_expect(db, Q(ZC_XOP_FILTER, 0, 2, T("fox"), T("Cnews")), "1");
    zc_xt_expect(db, Q(ZC_XOP_SYNONYM, 0, 2, T("dog"), T("fox")), "1,2,3");
    zc_xt_expect(db, Q(ZC_XOP_ELITE_SET, 1, 3, T("quick"), T("dog"), T("zzz")), "2");

    /* AND_MAYBE: matches of the left side, ranked up by the right. */
    zc_xquery *q = Q(ZC_XOP_AND_MAYBE, 0, 2, T("brown"), T("quick"));
    zc_xmset *m = zc_xt_search(db, q, 10);
    char got[64];
    zc_xt_mset_ids(m, 0, got, sizeof got);
    assert_string_equal(got, "1,2");
    assert_true(zc_xmset_weight(m, 0) > zc_xmset_weight(m, 1));
    zc_xmset_free(m);
    zc_xquery_free(q);

    /* SCALE_WEIGHT 0 keeps the matches but makes them weightless. */
    zc_xquery *quick = T("quick"), *scaled;
    OK(zc_xquery_scale_weight(quick, 0.0, &scaled, &E));
    m = zc_xt_search(db, scaled, 10);
    assert_int_equal(zc_xmset_size(m), 2);
    assert_true(zc_xmset_weight(m, 0) == 0.0);
    zc_xmset_free(m);
    zc_xt_expect(db, scaled, "1,3");
    FAILS(zc_xquery_scale_weight(quick, -1.0, &scaled, &E), ZC_ERR_INVALID, NULL);
    zc_xquery_free(quick);

    /* Value ranges in byte order, open at either end. */
    OK(zc_xquery_value_range(SLOT_YEAR, "2002", 4, "2004", 4, &q, &E));
    zc_xt_expect(db, q, "2,3,5");
    OK(zc_xquery_value_range(SLOT_YEAR, "2004", 4, NULL, 0, &q, &E));
    zc_xt_expect(db, q, "4,5");
    OK(zc_xquery_value_range(SLOT_YEAR, NULL, 0, "2001", 4, &q, &E));
    zc_xt_expect(db, q, "1,6");
    OK(zc_xquery_value_range(SLOT_YEAR, NULL, 0, NULL, 0, &q, &E));
    zc_xt_expect(db, q, "1,2,3,4,5,6");
    OK(zc_xquery_match_all(&q, &E));
    zc_xt_expect(db, q, "1,2,3,4,5,6");
    OK(zc_xquery_match_nothing(&q, &E));
    zc_xt_expect(db, q, "");
    q = Q(ZC_XOP_AND, 0, 0);
    zc_xt_expect(db, q, "");
    zc_xdb_free(db);
}

static void test_query_misc(void **state)
{
    (void)state;
    zc_xquery *a = T("alpha"), *b, *q;
    OK(zc_xquery_term_n("beta\0x", 4, 2, 7, &b, &E));
    OK(zc_xquery_pair(ZC_XOP_OR, a, b, &q, &E));
    char *desc;
    OK(zc_xquery_describe(q, &desc, &E));
    assert_non_null(strstr(desc, "alpha"));
    assert_non_null(strstr(desc, "beta"));
    assert_non_null(strstr(desc, "OR"));
    free(desc);
    zc_xquery_free(q);

    zc_xquery *subs[2] = {a, NULL};
    FAILS(zc_xquery_combine(ZC_XOP_AND, subs, 2, 0, &q, &E), ZC_ERR_INVALID, NULL);
    assert_null(q);
    FAILS(zc_xquery_combine(ZC_XOP_MAX, subs, 1, 0, &q, &E), ZC_ERR_INVALID, NULL);
    FAILS(zc_xquery_term("", 1, 0, &q, &E), ZC_ERR_INVALID, NULL);
    zc_xquery_free(a);
    zc_xquery_free(b);
    zc_xquery_free(NULL);
    zc_xdoc_free(NULL);
    zc_xmset_free(NULL);
    zc_xenquire_free(NULL);
    zc_xdb_free(NULL);

    /* Sortable encoding preserves order. */
    char x[18], y[18];
    size_t nx = zc_x_sortable_serialise(-2.5, x), ny = zc_x_sortable_serialise(1e6, y);
    assert_true(nx > 0 && nx <= 18 && ny > 0 && ny <= 18);
    assert_true(memcmp(x, y, nx < ny ? nx : ny) < 0);
    assert_true(zc_x_sortable_unserialise(x, nx) == -2.5);
    assert_true(zc_x_sortable_unserialise(y, ny) == 1e6);
}

static void test_sort_estimates(void **state)
{
    zc_xdb *db = zc_xt_open_main(state);
    zc_xenquire *e;
    zc_xquery *all;
    zc_xmset *m;
    char got[64];
    OK(zc_xquery_match_all(&all, &E));
    OK(zc_xenquire_new(db, &e, &E));
    OK(zc_xenquire_set_query(e, all, 0, &E));
    OK(zc_xenquire_set_sort(e, ZC_XSORT_VALUE, SLOT_YEAR, 1, &E));
    OK(zc_xenquire_get_mset(e, 0, 10, 0, &m, &E));
    zc_xt_mset_ids(m, 0, got, sizeof got);
    assert_string_equal(got, "4,5,2,3,1,6");
    zc_xmset_free(m);
    OK(zc_xenquire_set_sort(e, ZC_XSORT_VALUE_THEN_RELEVANCE, SLOT_YEARNUM, 0, &E));
    OK(zc_xenquire_get_mset(e, 1, 3, 0, &m, &E));
    zc_xt_mset_ids(m, 0, got, sizeof got);
    assert_string_equal(got, "1,3,2");
    zc_xmset_free(m);

    OK(zc_xenquire_set_sort(e, ZC_XSORT_RELEVANCE, 0, 0, &E));

    /* With check_at_least covering the database the counts are exact. */
    OK(zc_xenquire_get_mset(e, 0, 2, NDOCS, &m, &E));
    assert_int_equal(zc_xmset_size(m), 2);
    assert_int_equal(zc_xmset_estimated(m), NDOCS);
    assert_int_equal(zc_xmset_lower_bound(m), NDOCS);
    zc_xmset_free(m);

    zc_xquery *q = Q(ZC_XOP_OR, 0, 3, T("a"), T("quick"), T("brown"));
    OK(zc_xenquire_set_query(e, q, 0, &E));
    OK(zc_xenquire_get_mset(e, 0, 1, 0, &m, &E));
    assert_int_equal(zc_xmset_size(m), 1);
    assert_true(zc_xmset_lower_bound(m) <= zc_xmset_estimated(m));
    assert_true(zc_xmset_estimated(m) <= NDOCS);
    assert_true(zc_xmset_weight(m, 0) > 0);
    zc_xmset_free(m);
    OK(zc_xenquire_get_mset(e, 0, 10, NDOCS, &m, &E));
    assert_int_equal(zc_xmset_lower_bound(m), 6);
    assert_int_equal(zc_xmset_estimated(m), 6);
    zc_xmset_free(m);
    OK(zc_xenquire_set_bool_weight(e, &E));
    OK(zc_xenquire_get_mset(e, 0, 10, 0, &m, &E));
    assert_true(zc_xmset_weight(m, 0) == 0.0);
    zc_xmset_free(m);

    /* Out-of-range result indexes are harmless. */
    OK(zc_xenquire_get_mset(e, 0, 2, 0, &m, &E));
    char *s;
    size_t len;
    assert_true(zc_xmset_weight(m, 99) == 0.0);
    FAILS(zc_xmset_get_data(m, 2, &s, &len, &E), ZC_ERR_INVALID, "out of range");
    FAILS(zc_xmset_get_value(m, 5, 0, &s, &len, &E), ZC_ERR_INVALID, NULL);
    OK(zc_xmset_get_data(m, 1, &s, &len, &E));
    assert_string_equal(s, zc_xt_docs[zc_xt_mset_num(m, 1) - 1].text);
    free(s);
    OK(zc_xmset_get_value(m, 0, SLOT_CAT, &s, &len, &E));
    assert_string_equal(s, zc_xt_docs[zc_xt_mset_num(m, 0) - 1].cat);
    free(s);
    zc_xmset_free(m);
    zc_xquery_free(q);
    zc_xquery_free(all);
    zc_xenquire_free(e);
    zc_xdb_free(db);
}

/* Checks a spy's counts against "value=count;..." in byte order. */
static void test_facets(void **state)
{
    zc_xdb *db = zc_xt_open_main(state);
    zc_xt_facets_on(db);
    zc_xdb_free(db);
}

/* A search in a thread of its own, with a stack of 256 KB. */
typedef struct small_stack {
    const zc_xdb *db;
    const zc_xquery *q;
    char ids[64];
    int rc;
} small_stack;

static void *search_small(void *arg)
{
    small_stack *s = arg;
    zc_error err;
    zc_xenquire *e = NULL;
    zc_xmset *m = NULL;
    s->rc = zc_xenquire_new(s->db, &e, &err);
    if (s->rc == ZC_OK)
        s->rc = zc_xenquire_set_query(e, s->q, 0, &err);
    if (s->rc == ZC_OK)
        s->rc = zc_xenquire_get_mset(e, 0, 10, 100, &m, &err);
    /* The corpus numbers in order. */
    if (s->rc == ZC_OK)
        zc_xt_mset_ids(m, 1, s->ids, sizeof s->ids);
    zc_xmset_free(m);
    zc_xenquire_free(e);
    return NULL;
}

/* Checks the docids q matches, searched with a 256 KB stack in a child
 * process (so that overflowing it fails the test, not ends it); frees q.
 * Xapian builds what it flattens as a chain, one level per part: a query
 * of many parts must reach it as a balanced tree. */
static void expect_small_stack(const zc_xdb *db, zc_xquery *q, const char *want)
{
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        small_stack s = {db, q, "", ZC_ERR_INVALID};
        pthread_attr_t a;
        pthread_t t;
        pthread_attr_init(&a);
        pthread_attr_setstacksize(&a, 256u << 10);
        if (pthread_create(&t, &a, search_small, &s) != 0)
            _exit(3);
        pthread_join(t, NULL);
        if (s.rc == ZC_OK && strcmp(s.ids, want) != 0)
            fprintf(stderr, "matched %s, not %s\n", s.ids, want);
        _exit(s.rc != ZC_OK ? 2 : strcmp(s.ids, want) != 0);
    }
    int st;
    assert_int_equal(waitpid(pid, &st, 0), pid);
    if (WIFSIGNALED(st))
        fail_msg("the search died of signal %d: its query recursed as deep as it is long",
                 WTERMSIG(st));
    assert_int_equal(WEXITSTATUS(st), 0);
    zc_xquery_free(q);
}

/* n copies of q's kind of subquery, made by make(i), combined with op. */
static zc_xquery *many(zc_xop op, size_t n, zc_xquery *(*make)(size_t i))
{
    zc_xquery **v = malloc(n * sizeof *v), *q;
    assert_non_null(v);
    for (size_t i = 0; i < n; i++)
        v[i] = make(i);
    OK(zc_xquery_combine(op, v, n, 0, &q, &E));
    for (size_t i = 0; i < n; i++)
        zc_xquery_free(v[i]);
    free(v);
    return q;
}

static zc_xquery *absent_term(size_t i)
{
    char t[32];
    snprintf(t, sizeof t, "Zabsent%zu", i);
    return i == 0 ? T("quick") : T(t);
}

static zc_xquery *quick_fox(size_t i)
{
    (void)i;
    zc_xquery *a, *b, *p;
    OK(zc_xquery_term("quick", 1, 1, &a, &E));
    OK(zc_xquery_term("fox", 1, 2, &b, &E));
    zc_xquery *v[2] = {a, b};
    OK(zc_xquery_combine(ZC_XOP_PHRASE, v, 2, 2, &p, &E));
    zc_xquery_free(a);
    zc_xquery_free(b);
    return p;
}

static zc_xquery *weighted_fox(size_t i)
{
    zc_xquery *q = quick_fox(i), *r = T("fox"), *m;
    OK(zc_xquery_pair(ZC_XOP_AND_MAYBE, q, r, &m, &E));
    zc_xquery_free(q);
    zc_xquery_free(r);
    return m;
}

/* What Xapian flattens into one OR or one AND it builds as a chain when
 * the posting lists look alike (absent terms, copies of one phrase): such
 * queries of many parts overflowed a small stack before combining built
 * balanced trees. */
static void test_deep_queries(void **state)
{
    zc_xdb *db = zc_xt_open_main(state);
    expect_small_stack(db, many(ZC_XOP_OR, 100000, absent_term), "1,3");
    expect_small_stack(db, many(ZC_XOP_AND, 5000, quick_fox), "3");
    expect_small_stack(db, many(ZC_XOP_AND, 5000, weighted_fox), "3");
    /* Excluding many: the right side of AND_NOT is an OR as well. */
    zc_xquery *all, *x, *q;
    OK(zc_xquery_match_all(&all, &E));
    x = many(ZC_XOP_OR, 100000, absent_term);
    OK(zc_xquery_pair(ZC_XOP_AND_NOT, all, x, &q, &E));
    zc_xquery_free(all);
    zc_xquery_free(x);
    expect_small_stack(db, q, "2,4,5,6");
    zc_xdb_free(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_phrase_near), cmocka_unit_test(test_boolean_ops),
        cmocka_unit_test(test_query_misc),  cmocka_unit_test(test_sort_estimates),
        cmocka_unit_test(test_facets),      cmocka_unit_test(test_deep_queries),
    };
    return cmocka_run_group_tests(tests, zc_xt_setup, zc_xt_teardown);
}
