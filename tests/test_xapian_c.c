/* Tests of the C wrapper over libxapian (xapian-c/xapian_c.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "test_util.h"
#include "xapian-c/xapian_c.h"

static zc_error E; /* the error of the call under test */

/* libxapian 1.4.22's Database::check() frees one of its own objects through
 * a base-class pointer of a different size; AddressSanitizer builds would
 * abort there on a fault that is not ours. Read only by ASan builds. */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
    return "new_delete_type_mismatch=0";
}

#define OK(call)                                                                               \
    do {                                                                                       \
        zc_error_clear(&E);                                                                    \
        int rc_ = (call);                                                                      \
        if (rc_ != ZC_OK)                                                                      \
            fail_msg("%s -> %d: %s", #call, rc_, E.message);                                   \
    } while (0)

/* Fails the test unless the last call set want (and a message containing
 * needle, if given). */
static void check_failure(const char *call, int rc, int want, const char *needle)
{
    if (rc != want || E.code != want)
        fail_msg("%s -> %d (want %d): %s", call, rc, want, E.message);
    if (needle && !strstr(E.message, needle))
        fail_msg("%s: message '%s' lacks '%s'", call, E.message, needle);
}

#define FAILS(call, want, needle)                                                              \
    do {                                                                                       \
        zc_error_clear(&E);                                                                    \
        int rc_ = (call);                                                                      \
        check_failure(#call, rc_, (want), (needle));                                           \
    } while (0)

enum { SLOT_YEAR = 0, SLOT_REGIONS = 1, SLOT_CAT = 2, SLOT_YEARNUM = 3 };

/* The corpus: positional words, a year, a category, multi-valued regions. */
static const struct fixture_doc {
    const char *text, *year, *cat, *regions;
} DOCS[] = {
    {"the quick brown fox", "2001", "news", "江西省\x1f江西省/新余市"},
    {"the lazy brown dog", "2003", "news", "江西省\x1f江西省/南昌市"},
    {"quick fox jumps quick", "2002", "blog", "北京市"},
    {"a b a", "2005", "blog", "江西省\x1f江西省\x1f北京市"},
    {"a a b", "2004", "misc", ""},
    {"b a a b", "2000", "news", "北京市\x1f\x1f上海市"},
};
#define NDOCS 6

struct fixture {
    char *dir, *main, *shard_a, *shard_b;
};

static char *join(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);
    assert_non_null(p);
    snprintf(p, n, "%s/%s", dir, name);
    return p;
}

static zc_xdoc *make_doc(int id)
{
    const struct fixture_doc *d = &DOCS[id - 1];
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
    return doc;
}

/* Builds a database at path holding fixture docs [from, to]. */
static void build_db(const char *path, int from, int to)
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

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    if (!f || !(f->dir = zc_test_tmpdir()))
        return -1;
    f->main = join(f->dir, "main");
    f->shard_a = join(f->dir, "a");
    f->shard_b = join(f->dir, "b");
    build_db(f->main, 1, NDOCS);
    build_db(f->shard_a, 1, 3);
    build_db(f->shard_b, 4, NDOCS);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    zc_test_rmtree(f->dir);
    free(f->dir), free(f->main), free(f->shard_a), free(f->shard_b), free(f);
    return 0;
}

static zc_xdb *open_main(void **state)
{
    zc_xdb *db;
    OK(zc_xdb_open(((struct fixture *)*state)->main, &db, &E));
    return db;
}

/* Query builders; the combining ones consume their arguments. */
static zc_xquery *T(const char *term)
{
    zc_xquery *q;
    OK(zc_xquery_term(term, 1, 0, &q, &E));
    return q;
}

static zc_xquery *Q(zc_xop op, unsigned param, int n, ...)
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
    zc_xdocid x = *(const zc_xdocid *)a, y = *(const zc_xdocid *)b;
    return x < y ? -1 : x > y;
}

/* "1,3,5": the docids of an mset, in mset order or sorted. */
static void mset_ids(const zc_xmset *m, int sorted, char *out, size_t cap)
{
    zc_xdocid ids[64];
    size_t n = zc_xmset_size(m);
    assert_true(n <= 64);
    for (size_t i = 0; i < n; i++)
        ids[i] = zc_xmset_docid(m, i);
    if (sorted)
        qsort(ids, n, sizeof ids[0], cmp_id);
    out[0] = '\0';
    for (size_t i = 0; i < n; i++)
        snprintf(out + strlen(out), cap - strlen(out), "%s%u", i ? "," : "", ids[i]);
}

static zc_xmset *search(const zc_xdb *db, const zc_xquery *q, unsigned max)
{
    zc_xenquire *e;
    zc_xmset *m;
    OK(zc_xenquire_new(db, &e, &E));
    OK(zc_xenquire_set_query(e, q, 0, &E));
    OK(zc_xenquire_get_mset(e, 0, max, 100, &m, &E));
    zc_xenquire_free(e); /* the mset outlives its enquire */
    return m;
}

/* Checks the set of docids q matches, then frees q. */
static void expect(const zc_xdb *db, zc_xquery *q, const char *want)
{
    char got[256];
    zc_xmset *m = search(db, q, 100);
    mset_ids(m, 1, got, sizeof got);
    zc_xmset_free(m);
    zc_xquery_free(q);
    assert_string_equal(got, want);
}

static void test_roundtrip(void **state)
{
    struct fixture *f = *state;
    zc_xdb *db = open_main(state);
    assert_false(zc_xdb_is_writable(db));
    assert_string_equal(zc_xdb_name(db), f->main);
    assert_int_equal(zc_xdb_shard_count(db), 1);

    zc_xdoc *doc;
    char *s;
    size_t len, nterms;
    OK(zc_xdb_get_document(db, 3, &doc, &E));
    OK(zc_xdoc_get_data(doc, &s, &len, &E));
    assert_string_equal(s, DOCS[2].text);
    assert_int_equal(len, strlen(DOCS[2].text));
    free(s);
    OK(zc_xdoc_get_value(doc, SLOT_CAT, &s, &len, &E));
    assert_string_equal(s, "blog");
    free(s);
    OK(zc_xdoc_get_value(doc, 42, &s, &len, &E));
    assert_int_equal(len, 0);
    assert_string_equal(s, "");
    free(s);
    OK(zc_xdoc_term_count(doc, &nterms, &E));
    assert_int_equal(nterms, 5); /* quick fox jumps Q3 Cblog */
    OK(zc_xdoc_get_value(doc, SLOT_YEARNUM, &s, &len, &E));
    assert_true(zc_x_sortable_unserialise(s, len) == 2002.0);
    free(s);
    zc_xdoc_free(doc);
    FAILS(zc_xdb_get_document(db, 99, &doc, &E), ZC_ERR_NOT_FOUND, f->main);
    assert_null(doc);

    /* Writes on a read-only handle are refused, naming the index. */
    FAILS(zc_xdb_commit(db, &E), ZC_ERR_INVALID, f->main);
    FAILS(zc_xdb_delete_document(db, 1, &E), ZC_ERR_INVALID, "read-only");

    zc_xdb_free(db);

    /* A reader sees a new commit only after reopen. */
    char *path = join(f->dir, "rt");
    build_db(path, 1, NDOCS);
    OK(zc_xdb_open(path, &db, &E));
    zc_xdb *w;
    OK(zc_xdb_open_writable(path, ZC_XDB_OPEN, &w, &E));
    assert_true(zc_xdb_is_writable(w));
    zc_xdoc *extra;
    OK(zc_xdoc_new(&extra, &E));
    OK(zc_xdoc_add_term(extra, "extra", 1, &E));
    OK(zc_xdb_add_document(w, extra, NULL, &E));
    zc_xdoc_free(extra);
    OK(zc_xdb_commit(w, &E));
    zc_xdb_stats st;
    OK(zc_xdb_stats_get(db, &st, &E));
    assert_int_equal(st.doc_count, NDOCS);
    OK(zc_xdb_reopen(db, &E));
    OK(zc_xdb_stats_get(db, &st, &E));
    assert_int_equal(st.doc_count, NDOCS + 1);
    OK(zc_xdb_delete_document(w, NDOCS + 1, &E));
    zc_xdb_free(w); /* closing commits the deletion */
    OK(zc_xdb_reopen(db, &E));
    OK(zc_xdb_stats_get(db, &st, &E));
    assert_int_equal(st.doc_count, NDOCS);
    zc_xdb_free(db);
    zc_test_rmtree(path);
    free(path);
}

static void test_phrase_near(void **state)
{
    zc_xdb *db = open_main(state);
    expect(db, Q(ZC_XOP_PHRASE, 0, 2, T("a"), T("b")), "4,5,6");
    /* A repeated term: "a b a" at consecutive positions is only in doc 4. */
    expect(db, Q(ZC_XOP_PHRASE, 0, 3, T("a"), T("b"), T("a")), "4");
    expect(db, Q(ZC_XOP_PHRASE, 0, 2, T("quick"), T("fox")), "3");
    expect(db, Q(ZC_XOP_PHRASE, 0, 2, T("fox"), T("quick")), "");
    expect(db, Q(ZC_XOP_PHRASE, 3, 2, T("quick"), T("fox")), "1,3");
    /* NEAR ignores order; the window bounds the span. */
    expect(db, Q(ZC_XOP_NEAR, 0, 2, T("fox"), T("quick")), "3");
    expect(db, Q(ZC_XOP_NEAR, 3, 2, T("fox"), T("quick")), "1,3");
    zc_xdb_free(db);
}

static void test_boolean_ops(void **state)
{
    zc_xdb *db = open_main(state);
    expect(db, Q(ZC_XOP_AND, 0, 2, T("quick"), T("fox")), "1,3");
    expect(db, Q(ZC_XOP_OR, 0, 2, T("lazy"), T("jumps")), "2,3");
    expect(db, Q(ZC_XOP_AND_NOT, 0, 2, T("brown"), T("lazy")), "1");
    expect(db, Q(ZC_XOP_AND_NOT, 0, 3, T("the"), T("lazy"), T("quick")), "");
    expect(db, Q(ZC_XOP_XOR, 0, 2, T("quick"), T("brown")), "2,3");
    expect(db, Q(ZC_XOP_FILTER, 0, 2, T("fox"), T("Cnews")), "1");
    expect(db, Q(ZC_XOP_SYNONYM, 0, 2, T("dog"), T("fox")), "1,2,3");
    expect(db, Q(ZC_XOP_ELITE_SET, 1, 3, T("quick"), T("dog"), T("zzz")), "2");

    /* AND_MAYBE: matches of the left side, ranked up by the right. */
    zc_xquery *q = Q(ZC_XOP_AND_MAYBE, 0, 2, T("brown"), T("quick"));
    zc_xmset *m = search(db, q, 10);
    char got[64];
    mset_ids(m, 0, got, sizeof got);
    assert_string_equal(got, "1,2");
    assert_true(zc_xmset_weight(m, 0) > zc_xmset_weight(m, 1));
    zc_xmset_free(m);
    zc_xquery_free(q);

    /* SCALE_WEIGHT 0 keeps the matches but makes them weightless. */
    zc_xquery *quick = T("quick"), *scaled;
    OK(zc_xquery_scale_weight(quick, 0.0, &scaled, &E));
    m = search(db, scaled, 10);
    assert_int_equal(zc_xmset_size(m), 2);
    assert_true(zc_xmset_weight(m, 0) == 0.0);
    zc_xmset_free(m);
    expect(db, scaled, "1,3");
    FAILS(zc_xquery_scale_weight(quick, -1.0, &scaled, &E), ZC_ERR_INVALID, NULL);
    zc_xquery_free(quick);

    /* Value ranges in byte order, open at either end. */
    OK(zc_xquery_value_range(SLOT_YEAR, "2002", 4, "2004", 4, &q, &E));
    expect(db, q, "2,3,5");
    OK(zc_xquery_value_range(SLOT_YEAR, "2004", 4, NULL, 0, &q, &E));
    expect(db, q, "4,5");
    OK(zc_xquery_value_range(SLOT_YEAR, NULL, 0, "2001", 4, &q, &E));
    expect(db, q, "1,6");
    OK(zc_xquery_value_range(SLOT_YEAR, NULL, 0, NULL, 0, &q, &E));
    expect(db, q, "1,2,3,4,5,6");
    OK(zc_xquery_match_all(&q, &E));
    expect(db, q, "1,2,3,4,5,6");
    OK(zc_xquery_match_nothing(&q, &E));
    assert_true(zc_xquery_is_empty(q));
    expect(db, q, "");
    q = Q(ZC_XOP_AND, 0, 0);
    assert_true(zc_xquery_is_empty(q));
    expect(db, q, "");
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
    assert_false(zc_xquery_is_empty(q));
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
    zc_xeset_free(NULL);
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

static void test_replace_delete(void **state)
{
    struct fixture *f = *state;
    char *path = join(f->dir, "rd");
    zc_xdb *db;
    zc_xdoc *d1, *d2;
    zc_xdocid id1, id2, id3;
    uint64_t n;
    FAILS(zc_xdb_open_writable(path, ZC_XDB_OPEN, &db, &E), ZC_ERR_NOT_FOUND, path);
    OK(zc_xdb_open_writable(path, ZC_XDB_CREATE, &db, &E));
    OK(zc_xdoc_new(&d1, &E));
    OK(zc_xdoc_add_boolean_term(d1, "Qone", &E));
    OK(zc_xdoc_add_term(d1, "hello", 1, &E));
    OK(zc_xdb_replace_document_by_term(db, "Qone", d1, &id1, &E)); /* adds */
    OK(zc_xdoc_new(&d2, &E));
    OK(zc_xdoc_add_boolean_term(d2, "Qone", &E));
    OK(zc_xdoc_add_term(d2, "world", 1, &E));
    OK(zc_xdb_replace_document_by_term(db, "Qone", d2, &id2, &E)); /* replaces */
    assert_int_equal(id1, id2);
    OK(zc_xdb_term_freq(db, "hello", &n, &E));
    assert_int_equal(n, 0);
    OK(zc_xdb_term_freq(db, "world", &n, &E));
    assert_int_equal(n, 1);
    OK(zc_xdb_add_document(db, d1, &id3, &E));
    assert_int_equal(id3, 2);
    OK(zc_xdb_replace_document(db, id3, d2, &E));
    OK(zc_xdb_term_freq(db, "world", &n, &E));
    assert_int_equal(n, 2);
    OK(zc_xdb_delete_document_by_term(db, "Qone", &E)); /* both carry Qone */
    OK(zc_xdb_delete_document_by_term(db, "Qnone", &E));
    zc_xdb_stats st;
    OK(zc_xdb_stats_get(db, &st, &E));
    assert_int_equal(st.doc_count, 0);
    assert_int_equal(st.last_docid, 2);
    FAILS(zc_xdb_delete_document(db, 1, &E), ZC_ERR_NOT_FOUND, path);
    zc_xdb *other;
    FAILS(zc_xdb_open_writable(path, ZC_XDB_CREATE_OR_OPEN, &other, &E), ZC_ERR_LOCKED, path);
    zc_xdoc_free(d1);
    zc_xdoc_free(d2);
    zc_xdb_free(db);
    /* CREATE refuses an existing database; OVERWRITE replaces it. */
    FAILS(zc_xdb_open_writable(path, ZC_XDB_CREATE, &other, &E), ZC_ERR_BACKEND, "exists");
    assert_null(other);
    OK(zc_xdb_open_writable(path, ZC_XDB_OVERWRITE, &other, &E));
    OK(zc_xdb_stats_get(other, &st, &E));
    assert_int_equal(st.last_docid, 0);
    zc_xdb_free(other);
    zc_test_rmtree(path);
    free(path);
}

static void test_transactions_metadata(void **state)
{
    struct fixture *f = *state;
    char *path = join(f->dir, "tx");
    zc_xdb *db, *r;
    zc_xdoc *d;
    zc_xdb_stats st;
    OK(zc_xdb_open_writable(path, ZC_XDB_CREATE_OR_OPEN, &db, &E));
    OK(zc_xdoc_new(&d, &E));
    OK(zc_xdoc_add_term(d, "t", 1, &E));
    OK(zc_xdb_begin_transaction(db, 1, &E));
    FAILS(zc_xdb_begin_transaction(db, 1, &E), ZC_ERR_INVALID, path);
    OK(zc_xdb_add_document(db, d, NULL, &E));
    OK(zc_xdb_cancel_transaction(db, &E));
    OK(zc_xdb_stats_get(db, &st, &E));
    assert_int_equal(st.doc_count, 0);
    OK(zc_xdb_begin_transaction(db, 0, &E));
    OK(zc_xdb_add_document(db, d, NULL, &E));
    OK(zc_xdb_add_document(db, d, NULL, &E));
    OK(zc_xdb_commit_transaction(db, &E));
    FAILS(zc_xdb_commit_transaction(db, &E), ZC_ERR_INVALID, NULL);
    zc_xdoc_free(d);

    char *v;
    size_t len;
    OK(zc_xdb_set_metadata(db, "bin", "v\0w", 3, &E));
    OK(zc_xdb_set_metadata(db, "gone", "x", 1, &E));
    OK(zc_xdb_set_metadata(db, "gone", NULL, 0, &E));
    OK(zc_xdb_commit(db, &E));
    zc_xdb_free(db);

    OK(zc_xdb_open(path, &r, &E));
    OK(zc_xdb_stats_get(r, &st, &E));
    assert_int_equal(st.doc_count, 2);
    OK(zc_xdb_get_metadata(r, "bin", &v, &len, &E));
    assert_int_equal(len, 3);
    assert_memory_equal(v, "v\0w", 3);
    free(v);
    OK(zc_xdb_get_metadata(r, "gone", &v, &len, &E));
    assert_non_null(v);
    assert_int_equal(len, 0);
    free(v);
    FAILS(zc_xdb_set_metadata(r, "k", "v", 1, &E), ZC_ERR_INVALID, path);
    zc_xdb_free(r);
    zc_test_rmtree(path);
    free(path);
}

static void test_sort_collapse_estimates(void **state)
{
    zc_xdb *db = open_main(state);
    zc_xenquire *e;
    zc_xquery *all;
    zc_xmset *m;
    char got[64];
    OK(zc_xquery_match_all(&all, &E));
    OK(zc_xenquire_new(db, &e, &E));
    OK(zc_xenquire_set_query(e, all, 0, &E));
    OK(zc_xenquire_set_sort(e, ZC_XSORT_VALUE, SLOT_YEAR, 1, &E));
    OK(zc_xenquire_get_mset(e, 0, 10, 0, &m, &E));
    mset_ids(m, 0, got, sizeof got);
    assert_string_equal(got, "4,5,2,3,1,6");
    zc_xmset_free(m);
    OK(zc_xenquire_set_sort(e, ZC_XSORT_VALUE_THEN_RELEVANCE, SLOT_YEARNUM, 0, &E));
    OK(zc_xenquire_get_mset(e, 1, 3, 0, &m, &E));
    mset_ids(m, 0, got, sizeof got);
    assert_string_equal(got, "1,3,2");
    zc_xmset_free(m);

    OK(zc_xenquire_set_sort(e, ZC_XSORT_RELEVANCE, 0, 0, &E));
    OK(zc_xenquire_set_docid_order(e, 1, &E));
    OK(zc_xenquire_set_collapse_key(e, SLOT_CAT, 1, &E));
    OK(zc_xenquire_get_mset(e, 0, 10, 10, &m, &E));
    mset_ids(m, 0, got, sizeof got);
    assert_string_equal(got, "6,5,4"); /* newest docid of each category */
    zc_xmset_free(m);
    OK(zc_xenquire_set_collapse_key(e, SLOT_CAT, 2, &E));
    OK(zc_xenquire_get_mset(e, 0, 10, 10, &m, &E));
    assert_int_equal(zc_xmset_size(m), 5);
    zc_xmset_free(m);
    OK(zc_xenquire_set_collapse_key(e, SLOT_CAT, 0, &E));
    FAILS(zc_xenquire_set_docid_order(e, 7, &E), ZC_ERR_INVALID, NULL);
    FAILS(zc_xenquire_set_cutoff(e, 101, 0, &E), ZC_ERR_INVALID, NULL);

    /* With check_at_least covering the database the counts are exact. */
    OK(zc_xenquire_get_mset(e, 0, 2, NDOCS, &m, &E));
    assert_int_equal(zc_xmset_size(m), 2);
    assert_int_equal(zc_xmset_estimated(m), NDOCS);
    assert_int_equal(zc_xmset_lower_bound(m), NDOCS);
    assert_int_equal(zc_xmset_upper_bound(m), NDOCS);
    zc_xmset_free(m);

    zc_xquery *q = Q(ZC_XOP_OR, 0, 3, T("a"), T("quick"), T("brown"));
    OK(zc_xenquire_set_query(e, q, 0, &E));
    OK(zc_xenquire_set_bm25(e, 1.2, 0, 1, 0.75, 0.5, &E));
    OK(zc_xenquire_get_mset(e, 0, 1, 0, &m, &E));
    assert_int_equal(zc_xmset_size(m), 1);
    assert_true(zc_xmset_lower_bound(m) <= zc_xmset_estimated(m));
    assert_true(zc_xmset_estimated(m) <= zc_xmset_upper_bound(m));
    assert_true(zc_xmset_upper_bound(m) <= NDOCS);
    assert_true(zc_xmset_max_weight(m) > 0);
    assert_in_range(zc_xmset_percent(m, 0), 1, 100);
    zc_xmset_free(m);
    OK(zc_xenquire_get_mset(e, 0, 10, NDOCS, &m, &E));
    assert_int_equal(zc_xmset_lower_bound(m), 6);
    assert_int_equal(zc_xmset_upper_bound(m), 6);
    zc_xmset_free(m);
    FAILS(zc_xenquire_set_bm25(e, -1, 0, 1, 0.5, 0.5, &E), ZC_ERR_INVALID, NULL);
    OK(zc_xenquire_set_bool_weight(e, &E));
    OK(zc_xenquire_get_mset(e, 0, 10, 0, &m, &E));
    assert_true(zc_xmset_weight(m, 0) == 0.0);
    zc_xmset_free(m);

    /* Out-of-range result indexes are harmless. */
    OK(zc_xenquire_get_mset(e, 0, 2, 0, &m, &E));
    char *s;
    size_t len;
    zc_xdoc *doc;
    assert_int_equal(zc_xmset_docid(m, 2), 0);
    assert_true(zc_xmset_weight(m, 99) == 0.0);
    assert_int_equal(zc_xmset_percent(m, 99), 0);
    FAILS(zc_xmset_get_data(m, 2, &s, &len, &E), ZC_ERR_INVALID, "out of range");
    FAILS(zc_xmset_get_value(m, 5, 0, &s, &len, &E), ZC_ERR_INVALID, NULL);
    FAILS(zc_xmset_get_document(m, 5, &doc, &E), ZC_ERR_INVALID, NULL);
    OK(zc_xmset_get_data(m, 1, &s, &len, &E));
    assert_string_equal(s, DOCS[zc_xmset_docid(m, 1) - 1].text);
    free(s);
    OK(zc_xmset_get_value(m, 0, SLOT_CAT, &s, &len, &E));
    assert_string_equal(s, DOCS[zc_xmset_docid(m, 0) - 1].cat);
    free(s);
    OK(zc_xmset_get_document(m, 0, &doc, &E));
    zc_xdoc_free(doc);
    zc_xmset_free(m);
    zc_xquery_free(q);
    zc_xquery_free(all);
    zc_xenquire_free(e);
    zc_xdb_free(db);
}

/* Checks a spy's counts against "value=count;..." in byte order. */
static void expect_facets(const zc_xspy *s, uint64_t total, const char *want)
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
    assert_int_equal(zc_xspy_total(s), total);
}

#define CATS_ALL "blog=2;misc=1;news=3;"
#define REGIONS_ALL "上海市=1;北京市=3;江西省=3;江西省/南昌市=1;江西省/新余市=1;"

static void facets_on(const zc_xdb *db)
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
        expect_facets(cat, NDOCS, CATS_ALL);
        expect_facets(reg, NDOCS, REGIONS_ALL);
    }
    q = T("quick");
    OK(zc_xenquire_set_query(e, q, 0, &E));
    zc_xquery_free(q);
    OK(zc_xenquire_get_mset(e, 0, 10, NDOCS, &m, &E));
    zc_xmset_free(m);
    expect_facets(cat, 2, "blog=1;news=1;");
    expect_facets(reg, 2, "北京市=1;江西省=1;江西省/新余市=1;");
    zc_xenquire_free(e);
}

static void test_facets(void **state)
{
    zc_xdb *db = open_main(state);
    facets_on(db);
    zc_xdb_free(db);
}

static int collect_doc_terms(void *ctx, const char *term, size_t len, unsigned wdf)
{
    (void)wdf;
    char *buf = ctx;
    snprintf(buf + strlen(buf), 512 - strlen(buf), "%.*s ", (int)len, term);
    return 0;
}

static void test_eset(void **state)
{
    zc_xdb *db = open_main(state);
    zc_xenquire *e;
    zc_xeset *es;
    zc_xdocid rel[] = {1, 3};
    char terms[512] = " ";
    OK(zc_xdb_each_doc_term(db, 1, collect_doc_terms, terms, &E));
    OK(zc_xdb_each_doc_term(db, 3, collect_doc_terms, terms, &E));
    OK(zc_xenquire_new(db, &e, &E));
    OK(zc_xenquire_get_eset(e, 5, rel, 2, NULL, &es, &E));
    assert_true(zc_xeset_size(es) > 0);
    for (size_t i = 0; i < zc_xeset_size(es); i++) {
        char word[64];
        snprintf(word, sizeof word, " %s ", zc_xeset_term(es, i));
        assert_non_null(strstr(terms, word)); /* from the relevant docs */
        assert_true(zc_xeset_weight(es, i) > 0);
    }
    assert_null(zc_xeset_term(es, 99));
    zc_xeset_free(es);
    OK(zc_xenquire_get_eset(e, 5, rel, 2, "j", &es, &E));
    assert_int_equal(zc_xeset_size(es), 1);
    assert_string_equal(zc_xeset_term(es, 0), "jumps");
    zc_xeset_free(es);
    zc_xenquire_free(e);
    zc_xdb_free(db);
}

static int collect_terms(void *ctx, const char *term, size_t len, uint64_t freq)
{
    char *buf = ctx;
    snprintf(buf + strlen(buf), 256 - strlen(buf), "%.*s:%llu ", (int)len, term,
             (unsigned long long)freq);
    return 0;
}

static int collect_postings(void *ctx, zc_xdocid id, unsigned wdf)
{
    char *buf = ctx;
    snprintf(buf + strlen(buf), 256 - strlen(buf), "%u:%u ", id, wdf);
    return strlen(buf) > 6; /* stop after two */
}

static void test_stats_terms(void **state)
{
    zc_xdb *db = open_main(state);
    zc_xdb_stats st;
    uint64_t n;
    char buf[512] = "";
    OK(zc_xdb_stats_get(db, &st, &E));
    assert_int_equal(st.doc_count, NDOCS);
    assert_int_equal(st.last_docid, NDOCS);
    assert_int_equal(st.total_length, 4 + 4 + 4 + 3 + 3 + 4);
    assert_true(st.avg_length > 3.66 && st.avg_length < 3.67);
    assert_true(st.has_positions);
    OK(zc_xdb_term_freq(db, "quick", &n, &E));
    assert_int_equal(n, 2);
    OK(zc_xdb_coll_freq(db, "quick", &n, &E));
    assert_int_equal(n, 3);
    OK(zc_xdb_term_freq(db, "nosuch", &n, &E));
    assert_int_equal(n, 0);
    OK(zc_xdb_count_terms(db, "Q", &n, &E));
    assert_int_equal(n, NDOCS);
    OK(zc_xdb_count_terms(db, "", &n, &E));
    assert_int_equal(n, 18); /* 9 words, 6 ids, 3 categories */
    OK(zc_xdb_each_term(db, "C", collect_terms, buf, &E));
    assert_string_equal(buf, "Cblog:2 Cmisc:1 Cnews:3 ");
    buf[0] = '\0';
    OK(zc_xdb_each_posting(db, "a", collect_postings, buf, &E));
    assert_string_equal(buf, "4:2 5:2 ");
    buf[0] = '\0';
    OK(zc_xdb_each_doc_term(db, 4, collect_doc_terms, buf, &E));
    assert_string_equal(buf, "Cblog Q4 a b ");
    FAILS(zc_xdb_each_doc_term(db, 77, collect_doc_terms, buf, &E), ZC_ERR_NOT_FOUND, NULL);
    zc_xdb_free(db);
}

static void test_combined(void **state)
{
    struct fixture *f = *state;
    zc_xdb *all, *a, *b;
    OK(zc_xdb_new_combined(&all, &E));
    assert_string_equal(zc_xdb_name(all), "(combined)");
    assert_int_equal(zc_xdb_shard_count(all), 0);
    OK(zc_xdb_open(f->shard_a, &a, &E));
    OK(zc_xdb_open(f->shard_b, &b, &E));
    zc_xenquire *e;
    FAILS(zc_xenquire_new(all, &e, &E), ZC_ERR_INVALID, "(combined)"); /* no shards yet */
    zc_xquery *q;
    OK(zc_xdb_add_shard(all, a, &E));
    OK(zc_xdb_add_shard(all, b, &E));
    zc_xdb_free(a); /* Xapian keeps its own references */
    zc_xdb_free(b);
    assert_int_equal(zc_xdb_shard_count(all), 2);

    zc_xdb_stats st;
    OK(zc_xdb_stats_get(all, &st, &E));
    assert_int_equal(st.doc_count, NDOCS);
    facets_on(all); /* counts summed over both shards */

    q = T("jumps");
    zc_xmset *m = search(all, q, 10);
    zc_xquery_free(q);
    assert_int_equal(zc_xmset_size(m), 1);
    char *s;
    OK(zc_xmset_get_data(m, 0, &s, NULL, &E));
    assert_string_equal(s, DOCS[2].text);
    free(s);
    zc_xmset_free(m);
    q = Q(ZC_XOP_PHRASE, 0, 2, T("a"), T("b"));
    m = search(all, q, 10);
    zc_xquery_free(q);
    assert_int_equal(zc_xmset_size(m), 3);
    zc_xmset_free(m);
    zc_xdb_free(all);
}

static void test_compact(void **state)
{
    struct fixture *f = *state;
    char *dest = join(f->dir, "compact");
    const char *srcs[] = {f->shard_a, f->shard_b};
    zc_xdb *db;
    zc_xdb_stats st;
    uint64_t n;
    OK(zc_xdb_compact(srcs, 2, dest, &E));
    OK(zc_xdb_open(dest, &db, &E));
    OK(zc_xdb_stats_get(db, &st, &E));
    assert_int_equal(st.doc_count, NDOCS);
    assert_int_equal(st.last_docid, NDOCS);
    OK(zc_xdb_term_freq(db, "a", &n, &E));
    assert_int_equal(n, 3);
    zc_xquery *q = Q(ZC_XOP_PHRASE, 0, 3, T("a"), T("b"), T("a"));
    expect(db, q, "4");
    zc_xdb_free(db);
    OK(zc_xdb_check(dest, &E));
    FAILS(zc_xdb_compact(srcs, 2, dest, &E), ZC_ERR_INVALID, dest);
    char *missing = join(f->dir, "no-such-db");
    char *dest2 = join(f->dir, "compact2");
    const char *bad[] = {f->shard_a, missing};
    FAILS(zc_xdb_compact(bad, 2, dest2, &E), ZC_ERR_NOT_FOUND, missing);
    zc_test_rmtree(dest);
    zc_test_rmtree(dest2);
    free(dest), free(dest2), free(missing);
}

static void test_open_errors(void **state)
{
    struct fixture *f = *state;
    char *missing = join(f->dir, "nonexistent");
    zc_xdb *db, *w1, *w2;
    FAILS(zc_xdb_open(missing, &db, &E), ZC_ERR_NOT_FOUND, missing);
    assert_null(db);
    assert_non_null(strstr(E.message, "DatabaseNotFoundError"));
    FAILS(zc_xdb_open_writable(missing, ZC_XDB_OPEN, &db, &E), ZC_ERR_NOT_FOUND, missing);
    FAILS(zc_xdb_open_writable(missing, (zc_xdb_mode)42, &db, &E), ZC_ERR_INVALID, missing);
    FAILS(zc_xdb_check(missing, &E), ZC_ERR_NOT_FOUND, missing);

    OK(zc_xdb_open_writable(f->main, ZC_XDB_OPEN, &w1, &E));
    FAILS(zc_xdb_open_writable(f->main, ZC_XDB_OPEN, &w2, &E), ZC_ERR_LOCKED, f->main);
    assert_null(w2);
    OK(zc_xdb_open(f->main, &db, &E)); /* readers are not blocked */
    zc_xdb_free(db);
    zc_xdb_free(w1);
    OK(zc_xdb_open_writable(f->main, ZC_XDB_OPEN, &w2, &E)); /* lock released */
    zc_xdb_free(w2);
    free(missing);
}

static void garble(const char *dir, const char *file)
{
    char junk[8192];
    memset(junk, 0xab, sizeof junk);
    char *p = zc_test_write_file(dir, file, junk, sizeof junk);
    assert_non_null(p);
    free(p);
}

/* Opening and searching a damaged database fails cleanly. */
static void expect_broken(const char *path)
{
    zc_xdb *db;
    zc_error_clear(&E);
    int rc = zc_xdb_open(path, &db, &E);
    if (rc == ZC_OK) {
        zc_xenquire *e;
        zc_xmset *m = NULL;
        zc_xquery *q = T("quick");
        OK(zc_xenquire_new(db, &e, &E));
        rc = zc_xenquire_set_query(e, q, 0, &E);
        if (rc == ZC_OK)
            rc = zc_xenquire_get_mset(e, 0, 10, 10, &m, &E);
        zc_xmset_free(m);
        zc_xenquire_free(e);
        zc_xquery_free(q);
        zc_xdb_free(db);
    }
    assert_int_not_equal(rc, ZC_OK);
    assert_int_equal(rc, E.code);
    assert_non_null(strstr(E.message, path));
}

static void test_corrupt_and_check(void **state)
{
    struct fixture *f = *state;
    char *p1 = join(f->dir, "bad-postlist"), *p2 = join(f->dir, "bad-version");
    build_db(p1, 1, NDOCS);
    build_db(p2, 1, NDOCS);
    OK(zc_xdb_check(p1, &E));
    garble(p1, "postlist.glass");
    garble(p2, "iamglass");
    expect_broken(p1);
    assert_int_equal(E.code, ZC_ERR_CORRUPT);
    expect_broken(p2);
    assert_int_equal(E.code, ZC_ERR_CORRUPT);
    FAILS(zc_xdb_check(p1, &E), ZC_ERR_CORRUPT, p1);
    FAILS(zc_xdb_check(p2, &E), ZC_ERR_CORRUPT, p2);
    zc_test_rmtree(p1), zc_test_rmtree(p2);
    free(p1), free(p2);
}

/* A loopback port nothing listens on (just released by the kernel). */
static unsigned free_port(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(fd >= 0);
    struct sockaddr_in sa = {0};
    socklen_t len = sizeof sa;
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof sa), 0);
    assert_int_equal(getsockname(fd, (struct sockaddr *)&sa, &len), 0);
    close(fd);
    return ntohs(sa.sin_port);
}

static int can_connect(unsigned port)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sa = {0};
    sa.sin_family = AF_INET;
    sa.sin_port = htons((uint16_t)port);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int ok = fd >= 0 && connect(fd, (struct sockaddr *)&sa, sizeof sa) == 0;
    if (fd >= 0)
        close(fd);
    return ok;
}

static void test_remote_closed_port(void **state)
{
    (void)state;
    unsigned port = free_port();
    char where[64];
    zc_xdb *db;
    snprintf(where, sizeof where, "127.0.0.1:%u", port);
    FAILS(zc_xdb_open_remote("127.0.0.1", port, 2000, &db, &E), ZC_ERR_NETWORK, where);
    assert_null(db);
}

static pid_t server_pid;

static int stop_server(void **state)
{
    (void)state;
    if (server_pid > 0) {
        kill(server_pid, SIGTERM);
        waitpid(server_pid, NULL, 0);
        server_pid = 0;
    }
    return 0;
}

static void test_remote_tcpsrv(void **state)
{
    struct fixture *f = *state;
    const char *srv = "/usr/bin/xapian-tcpsrv";
    if (access(srv, X_OK) != 0) {
        skip();
        return;
    }
    unsigned port = free_port();
    char portstr[16];
    snprintf(portstr, sizeof portstr, "%u", port);
    server_pid = fork();
    assert_true(server_pid >= 0);
    /* Its own process group: on SIGTERM the server signals its whole group
     * (to stop its per-connection children), which must not include us. */
    if (server_pid == 0) {
        setpgid(0, 0);
        int devnull = open("/dev/null", O_WRONLY);
        if (devnull >= 0) {
            dup2(devnull, STDOUT_FILENO);
            dup2(devnull, STDERR_FILENO);
        }
        execl(srv, srv, "--port", portstr, "--interface", "127.0.0.1", f->main, (char *)NULL);
        _exit(127);
    }
    setpgid(server_pid, server_pid);
    /* Wait (at most 5 s) until it listens, failing early if it exited. */
    int up = 0;
    for (int i = 0; i < 100 && !up; i++) {
        up = can_connect(port);
        if (!up) {
            assert_int_equal(waitpid(server_pid, NULL, WNOHANG), 0);
            nanosleep(&(struct timespec){0, 50 * 1000 * 1000}, NULL);
        }
    }
    assert_true(up);

    zc_xdb *remote, *local = open_main(state);
    char where[64], want[64], got[64];
    snprintf(where, sizeof where, "127.0.0.1:%u", port);
    OK(zc_xdb_open_remote("127.0.0.1", port, 5000, &remote, &E));
    assert_string_equal(zc_xdb_name(remote), where);
    zc_xquery *q = Q(ZC_XOP_OR, 0, 2, T("quick"), T("a"));
    zc_xmset *ml = search(local, q, 10), *mr = search(remote, q, 10);
    mset_ids(ml, 0, want, sizeof want);
    mset_ids(mr, 0, got, sizeof got);
    assert_string_equal(got, want);
    assert_int_equal(zc_xmset_size(mr), 5);
    char *s;
    OK(zc_xmset_get_data(mr, 0, &s, NULL, &E));
    assert_string_equal(s, DOCS[zc_xmset_docid(mr, 0) - 1].text);
    free(s);
    zc_xmset_free(ml), zc_xmset_free(mr);
    zc_xquery_free(q);

    /* Single-valued facets are merged from the server. */
    zc_xenquire *e;
    zc_xspy *cat;
    zc_xmset *m;
    OK(zc_xquery_match_all(&q, &E));
    OK(zc_xenquire_new(remote, &e, &E));
    OK(zc_xenquire_set_query(e, q, 0, &E));
    OK(zc_xenquire_add_facet(e, SLOT_CAT, 0, 0, &cat, &E));
    OK(zc_xenquire_get_mset(e, 0, 1, NDOCS, &m, &E));
    expect_facets(cat, NDOCS, CATS_ALL);
    zc_xmset_free(m);
    /* The server does not know the multi-valued spy: a clean error. */
    zc_xspy *reg;
    OK(zc_xenquire_add_facet(e, SLOT_REGIONS, 1, '\x1f', &reg, &E));
    FAILS(zc_xenquire_get_mset(e, 0, 1, NDOCS, &m, &E), ZC_ERR_INVALID, where);
    assert_null(m);
    zc_xenquire_free(e);
    zc_xquery_free(q);

    zc_xdb_stats st;
    OK(zc_xdb_stats_get(remote, &st, &E));
    assert_int_equal(st.doc_count, NDOCS);
    zc_xdb_free(remote);
    zc_xdb_free(local);
    stop_server(state);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_roundtrip),
        cmocka_unit_test(test_phrase_near),
        cmocka_unit_test(test_boolean_ops),
        cmocka_unit_test(test_query_misc),
        cmocka_unit_test(test_replace_delete),
        cmocka_unit_test(test_transactions_metadata),
        cmocka_unit_test(test_sort_collapse_estimates),
        cmocka_unit_test(test_facets),
        cmocka_unit_test(test_eset),
        cmocka_unit_test(test_stats_terms),
        cmocka_unit_test(test_combined),
        cmocka_unit_test(test_compact),
        cmocka_unit_test(test_open_errors),
        cmocka_unit_test(test_corrupt_and_check),
        cmocka_unit_test(test_remote_closed_port),
        cmocka_unit_test_teardown(test_remote_tcpsrv, stop_server),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
