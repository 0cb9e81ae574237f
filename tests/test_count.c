/* Searches split by docid range (searcher/parts.c, count.c): the parts'
 * totals, facet counts and matched documents add up to what one count
 * finds, a search is split only where it should be, and each part
 * compiles the query once, for its count and its ranking both (what
 * --explain shows is what ran); a search whose terms say it matches few
 * documents counts in one part. The handle's ZC_TEST_COUNT_PART_DOCS makes
 * a small index large enough to split, ZC_TEST_COUNT_FEW sets how few. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "index/docrec.h"
#include "index/index.h"
#include "index/schema.h"
#include "searcher/search_internal.h"
#include "test_util.h"
#include "xapian-c/xapian_c.h"
#include "zhengce.h"

static char *tmp;
static char path[4096];

#define NDOCS 157 /* not a multiple of the parts */

static int setup(void **state)
{
    (void)state;
    tmp = zc_test_tmpdir();
    if (!tmp)
        return -1;
    snprintf(path, sizeof path, "%s/idx", tmp);
    static const char *const regions[] = {"新余市", "上海市", "宜春市", NULL};
    zc_index *w = NULL;
    zc_error err;
    if (zc_index_open(path, ZC_OPEN_WRITE | ZC_OPEN_CREATE, &w, &err))
        return -1;
    for (unsigned i = 0; i < NDOCS; i++) {
        char key[16], text[256];
        snprintf(key, sizeof key, "d%u", i);
        /* 锂电 in every third document, 光伏 in every fifth. */
        snprintf(text, sizeof text, "第%u号报告。%s%s产业发展。", i, i % 3 ? "" : "锂电",
                 i % 5 ? "风电" : "光伏");
        zc_doc d = {
            .key = key, .text = text, .region = regions[i % 4], .year = 2020 + (int)(i % 4)};
        if (zc_index_add_doc(w, &d, &err))
            return -1;
    }
    int rc = zc_index_commit(w, &err);
    zc_index_free(w);
    return rc ? -1 : 0;
}

static int teardown(void **state)
{
    (void)state;
    zc_test_rmtree(tmp);
    free(tmp);
    return 0;
}

/* The query each part builds: the phrase 锂电, or every document. */
static int make(int phrase, zc_xquery **out, zc_error *err)
{
    if (!phrase)
        return zc_index_every_document(out, err);
    zc_xquery *t[2] = {NULL, NULL};
    int rc = zc_xquery_term("锂", 1, 1, &t[0], err);
    if (rc == ZC_OK)
        rc = zc_xquery_term("电", 1, 2, &t[1], err);
    if (rc == ZC_OK)
        rc = zc_xquery_combine(ZC_XOP_PHRASE, t, 2, 2, out, err);
    zc_xquery_free(t[0]);
    zc_xquery_free(t[1]);
    return rc;
}

typedef struct counted {
    uint64_t total, docs_total, facet_sum;
    size_t parts;
} counted;

typedef struct how {
    int phrase; /* 锂电, or every document */
    int record; /* keep the matched documents, and list them */
} how;

/* A part: the query built on its handle, counted in its range with the
 * facet keys; with record, the documents the count kept listed in docid
 * order as its "ranking" (what a rank query restricted to them sees). */
static int count_part(zc_part *p, void *ctx)
{
    const how *h = ctx;
    int rc = make(h->phrase, &p->q.match, &p->err);
    if (rc == ZC_OK && h->record)
        rc = zc_xdocs_new(&p->q.docs, &p->err);
    if (rc == ZC_OK)
        rc = zc_count(p->view, p->q.match, p->lo, p->hi, 1, p->q.docs, &p->count, &p->err);
    if (rc == ZC_OK && h->record)
        rc = zc_xdocs_query(p->q.docs, &p->q.rank, &p->err);
    if (rc == ZC_OK && h->record)
        rc = zc_xenquire_new(p->view->db, &p->ranked.e, &p->err);
    if (rc == ZC_OK && h->record)
        rc = zc_xenquire_set_query(p->ranked.e, p->q.rank, 0, &p->err);
    if (rc == ZC_OK && h->record)
        rc = zc_xenquire_get_mset(p->ranked.e, 0, NDOCS, 0, &p->ranked.set, &p->err);
    return rc;
}

/* Counts in at most threads parts, on a view of a shared handle. */
static counted count(zc_index *ix, int phrase, unsigned threads)
{
    zc_index *v = NULL;
    zc_error err;
    assert_int_equal(zc_index_view_take(ix, &v, &err), ZC_OK);
    zc_parts ps;
    zc_parts_take(v, threads, NULL, NULL, &ps);
    how h = {phrase, 1};
    counted c = {0};
    if (zc_parts_run(&ps, count_part, &h, &err))
        fail_msg("%s", err.message);
    c.parts = ps.n;
    zc_xdocid last = 0;
    for (size_t k = 0; k < ps.n; k++) {
        const zc_part *p = &ps.part[k];
        c.total += p->count.total;
        assert_int_equal(zc_xdocs_count(p->q.docs), p->count.total);
        const char *val;
        size_t len;
        uint64_t n;
        for (size_t i = 0; i < zc_xspy_count(p->count.keys); i++) {
            assert_int_equal(zc_xspy_get(p->count.keys, i, &val, &len, &n), ZC_OK);
            c.facet_sum += n * (1 + len); /* weighs each key by its length */
        }
        /* Each part's documents (unweighted, so in docid order, the order
         * the documents "d0", "d1", … were added in), all after those of
         * the part before. */
        for (size_t i = 0; i < zc_xmset_size(p->ranked.set); i++) {
            char *rv;
            size_t rlen;
            zc_docrec rec;
            assert_int_equal(zc_xmset_get_value(p->ranked.set, i, ZC_SLOT_RECORD, &rv, &rlen, &err),
                             ZC_OK);
            assert_int_equal(zc_docrec_parse(rv, rlen, &rec, &err), ZC_OK);
            zc_xdocid d = 1 + (zc_xdocid)atoi(rec.path + 1);
            free(rv);
            assert_true(d > last);
            last = d;
            c.docs_total++;
        }
    }
    /* Counted again in the same parts, keeping nothing: the same total. */
    zc_parts_clear(&ps);
    h.record = 0;
    assert_int_equal(zc_parts_run(&ps, count_part, &h, &err), ZC_OK);
    uint64_t again = 0;
    for (size_t k = 0; k < ps.n; k++) {
        again += ps.part[k].count.total;
        assert_null(ps.part[k].q.docs);
    }
    assert_int_equal(again, c.total);
    zc_parts_give(&ps);
    zc_index_view_give(ix, v);
    return c;
}

/* The index, read-only, with parts of 20 documents: up to 7 of them. */
static zc_index *open_split(void)
{
    zc_index *ix = NULL;
    zc_error err;
    if (zc_index_open(path, ZC_OPEN_READ, &ix, &err))
        fail_msg("%s", err.message);
    zc_index_test_set(ix, ZC_TEST_COUNT_PART_DOCS, 20);
    return ix;
}

static void test_parts_add_up(void **state)
{
    (void)state;
    zc_index *ix = open_split();
    for (int phrase = 0; phrase < 2; phrase++) {
        counted one = count(ix, phrase, 1);
        assert_int_equal(one.parts, 1);
        assert_int_equal(one.total, phrase ? (NDOCS + 2) / 3 : NDOCS);
        assert_int_equal(one.docs_total, one.total);
        for (unsigned threads = 2; threads <= ZC_PARTS_MAX; threads++) {
            counted split = count(ix, phrase, threads);
            assert_int_equal(split.parts, threads);
            assert_int_equal(split.total, one.total);
            assert_int_equal(split.docs_total, one.total);
            assert_int_equal(split.facet_sum, one.facet_sum);
        }
    }
    /* Not split below the size of a part. */
    zc_index_test_set(ix, ZC_TEST_COUNT_PART_DOCS, 100);
    assert_int_equal(count(ix, 0, 4).parts, 1);
    zc_index_test_set(ix, ZC_TEST_COUNT_PART_DOCS, 0);
    assert_int_equal(count(ix, 0, 4).parts, 1); /* 157 documents: far too few */
    zc_index_free(ix);
}

/* q searched with options o in one thread (r[0]) and in three (r[1]). */
static void search_both(zc_index *ix, const char *q, const zc_search_options *o, zc_results *r[2])
{
    for (int k = 0; k < 2; k++) {
        zc_search_options t = *o;
        zc_error err;
        t.threads = k ? 3 : 1;
        if (zc_search(ix, q, &t, &r[k], &err))
            fail_msg("%s: %s", q, err.message);
    }
}

/* Whole searches: the same totals, hits, scores and facets either way. */
static void test_search_same(void **state)
{
    (void)state;
    zc_index *ix = open_split();
    static const char *const queries[] = {"锂电", "产业 光伏", "region:江西 发展", "报告 -风电",
                                          "year:2021..2022 锂电"};
    for (size_t q = 0; q < sizeof queries / sizeof *queries; q++) {
        for (int page = 0; page < 3; page++) {
            zc_results *r[2] = {NULL, NULL};
            zc_search_options o;
            zc_search_options_init(&o, ZC_SEARCH_OPTIONS_VERSION);
            /* everything; a page further on; newest first */
            o.limit = page == 0 ? 200 : 7;
            o.offset = page == 1 ? 9 : 0;
            o.sort = page == 2 ? ZC_SORT_YEAR : ZC_SORT_RELEVANCE;
            search_both(ix, queries[q], &o, r);
            assert_true(zc_results_total(r[0]) > 0);
            assert_int_equal(zc_results_total(r[0]), zc_results_total(r[1]));
            assert_int_equal(zc_results_count(r[0]), zc_results_count(r[1]));
            assert_true(zc_results_count(r[0]) > 0);
            for (size_t i = 0; i < zc_results_count(r[0]); i++) {
                const zc_hit *a = zc_results_hit(r[0], i), *b = zc_results_hit(r[1], i);
                assert_string_equal(a->id, b->id);
                assert_int_equal(a->rank, b->rank);
                assert_true(a->score == b->score);
                assert_string_equal(a->snippet, b->snippet);
                assert_int_equal(a->n_highlights, b->n_highlights);
                assert_memory_equal(a->highlights, b->highlights,
                                    2 * a->n_highlights * sizeof *a->highlights);
            }
            for (int k = 0; k < 2; k++) {
                size_t n = zc_results_facet_count(r[0], (zc_facet_kind)k);
                assert_true(n > 0);
                assert_int_equal(n, zc_results_facet_count(r[1], (zc_facet_kind)k));
                for (size_t i = 0; i < n; i++) {
                    const zc_facet *a = zc_results_facet(r[0], (zc_facet_kind)k, i);
                    const zc_facet *b = zc_results_facet(r[1], (zc_facet_kind)k, i);
                    assert_string_equal(a->value, b->value);
                    assert_int_equal(a->count, b->count);
                }
            }
            zc_results_free(r[0]);
            zc_results_free(r[1]);
        }
    }
    zc_index_free(ix);
}

static zc_results *search(zc_index *ix, const char *q, unsigned threads, int any, int explain)
{
    zc_search_options o;
    zc_error err;
    zc_results *r = NULL;
    zc_search_options_init(&o, ZC_SEARCH_OPTIONS_VERSION);
    o.threads = threads;
    o.any = any;
    o.explain = explain;
    if (zc_search(ix, q, &o, &r, &err))
        fail_msg("%s: %s", q, err.message);
    return r;
}

/* A search compiles its query once in each part, for the count and the
 * ranking both; the looser counts after a search that matched nothing
 * (its words apart, then any word), once more in each for each. */
static void test_compiles_once_per_part(void **state)
{
    (void)state;
    zc_index *ix = open_split();
    static const char *const queries[] = {"锂电", "产业 光伏", "报告 -风电", "光伏 OR 锂电"};
    for (unsigned threads = 1; threads <= 3; threads++) {
        for (size_t q = 0; q < sizeof queries / sizeof *queries; q++) {
            zc_results *r = search(ix, queries[q], threads, 0, 0);
            assert_true(zc_results_total(r) > 0);
            assert_int_equal(r->parts, threads);
            assert_int_equal(r->compiles, threads);
            zc_results_free(r);
        }
        /* Nothing has both words, apart either: the looser queries are
         * counted too. */
        zc_results *r = search(ix, "锂电 钚钍", threads, 0, 0);
        assert_int_equal(zc_results_total(r), 0);
        assert_int_equal(zc_results_words_total(r), 0);
        assert_int_equal(zc_results_any_total(r), (NDOCS + 2) / 3);
        assert_int_equal(r->parts, threads);
        assert_int_equal(r->compiles, 3 * threads);
        zc_results_free(r);
        r = search(ix, "锂电 钚钍", threads, 1, 0); /* --any itself: no second count */
        assert_int_equal(r->compiles, threads);
        zc_results_free(r);
    }
    zc_index_free(ix);
}

/* The line of --explain that starts with key (without its newline). */
static char *explain_line(const zc_results *r, const char *key)
{
    const char *e = zc_results_explain(r), *at = NULL;
    assert_non_null(e);
    for (const char *l = e; l && !at; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL)
        if (strncmp(l, key, strlen(key)) == 0)
            at = l;
    if (!at)
        fail_msg("no '%s' in --explain: %s", key, e);
    return strndup(at, strcspn(at, "\n"));
}

/* --explain describes the queries that ran: the rank query restricted to
 * the documents the count recorded (as many as it counted, in one part),
 * the match query within the part's docids when the search was split. */
static void test_explain_what_ran(void **state)
{
    (void)state;
    zc_index *ix = open_split();
    zc_results *r = search(ix, "锂电 发展", 1, 0, 1);
    uint64_t total = zc_results_total(r);
    assert_true(total > 0);
    char docset[64];
    snprintf(docset, sizeof docset, "DocSet(%llu documents)", (unsigned long long)total);
    char *rank = explain_line(r, "rank: "), *match = explain_line(r, "match: ");
    if (!strstr(rank, docset) || !strstr(rank, "AND_MAYBE"))
        fail_msg("want %s and the boosts: %s", docset, rank);
    assert_null(strstr(match, "DocSet"));
    assert_null(strstr(match, "AND_MAYBE"));
    assert_null(strstr(zc_results_explain(r), "\nparts: "));
    free(rank);
    free(match);
    zc_results_free(r);

    /* In 3 parts: those of the first, within its docids. */
    r = search(ix, "锂电 发展", 3, 0, 1);
    assert_int_equal(zc_results_total(r), total);
    rank = explain_line(r, "rank: ");
    match = explain_line(r, "match: ");
    char *parts = explain_line(r, "parts: ");
    assert_non_null(strstr(match, "DocRange(1.."));
    assert_non_null(strstr(rank, "DocSet("));
    assert_null(strstr(rank, docset)); /* a part's, not all of them */
    assert_non_null(strstr(parts, "parts: 3 "));
    free(rank);
    free(match);
    free(parts);
    zc_results_free(r);

    /* Nothing matched: no ranking ran. */
    r = search(ix, "锂电 钚钍", 1, 0, 1);
    rank = explain_line(r, "rank: ");
    assert_string_equal(rank, "rank: not run, nothing matched");
    free(rank);
    zc_results_free(r);
    zc_index_free(ix);
}

/* A search its terms bound below the handle's few matches (the rarest
 * bigram of a phrase, the sum of an OR's sides) counts in one part, with
 * what it finds unchanged; one they do not bound (a keyword synonyms may
 * widen, an excluded phrase, the looser modes) splits as before. */
static void test_few_in_one_part(void **state)
{
    (void)state;
    zc_index *ix = open_split();
    zc_index_test_set(ix, ZC_TEST_COUNT_FEW, 60);
    static const struct {
        const char *q;
        int synonyms, match;
        size_t parts; /* in 3 threads */
        uint64_t total;
    } cases[] = {
        {"\"锂电\"", 1, ZC_MATCH_EXACT, 1, 53},             /* its bigram: 53 documents */
        {"\"产业\"", 1, ZC_MATCH_EXACT, 3, NDOCS},          /* in all 157 */
        {"\"锂电\" \"产业\"", 1, ZC_MATCH_EXACT, 1, 53},    /* an AND: its rarest side */
        {"\"产业\" year:2021", 1, ZC_MATCH_EXACT, 3, 39},   /* filters bound nothing */
        {"\"光伏\" OR \"锂电\"", 1, ZC_MATCH_EXACT, 3, 74}, /* 32 + 53 */
        {"\"光伏\" OR \"光伏\"", 1, ZC_MATCH_EXACT, 3, 32}, /* 32 + 32: a bound, no more */
        {"\"产业\" -\"锂电\"", 1, ZC_MATCH_EXACT, 3, 104},  /* an exclusion bounds nothing */
        {"锂电", 1, ZC_MATCH_EXACT, 3, 53},                 /* synonyms may stand in */
        {"锂电", 0, ZC_MATCH_EXACT, 1, 53},                 /* none may */
        {"\"锂电\"", 1, ZC_MATCH_WORDS, 3, 53},             /* another mode */
        {"\"锂电光伏\"", 1, ZC_MATCH_EXACT, 1, 11},         /* 53, and its word's documents */
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        zc_index_test_set(ix, ZC_TEST_COUNT_FEW, i + 1 == sizeof cases / sizeof *cases ? 120 : 60);
        zc_results *r[2] = {NULL, NULL};
        zc_search_options o;
        zc_search_options_init(&o, ZC_SEARCH_OPTIONS_VERSION);
        o.limit = 100;
        o.synonyms = cases[i].synonyms;
        o.match = (zc_match)cases[i].match;
        search_both(ix, cases[i].q, &o, r);
        if (r[1]->parts != cases[i].parts)
            fail_msg("%s: %zu parts, not %zu", cases[i].q, r[1]->parts, cases[i].parts);
        if (zc_results_total(r[1]) != cases[i].total || zc_results_total(r[0]) != cases[i].total)
            fail_msg("%s: %llu and %llu matches, not %llu", cases[i].q,
                     (unsigned long long)zc_results_total(r[0]),
                     (unsigned long long)zc_results_total(r[1]),
                     (unsigned long long)cases[i].total);
        assert_int_equal(zc_results_count(r[0]), zc_results_count(r[1]));
        for (size_t h = 0; h < zc_results_count(r[0]); h++) {
            assert_string_equal(zc_results_hit(r[0], h)->id, zc_results_hit(r[1], h)->id);
            assert_true(zc_results_hit(r[0], h)->score == zc_results_hit(r[1], h)->score);
        }
        zc_results_free(r[0]);
        zc_results_free(r[1]);
    }
    /* Unset, a handle whose parts a test made small splits anyway. */
    zc_index_test_set(ix, ZC_TEST_COUNT_FEW, 0);
    zc_results *r = search(ix, "\"锂电\"", 3, 0, 0);
    assert_int_equal(r->parts, 3);
    zc_results_free(r);
    zc_index_free(ix);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parts_add_up),           cmocka_unit_test(test_search_same),
        cmocka_unit_test(test_compiles_once_per_part), cmocka_unit_test(test_explain_what_ran),
        cmocka_unit_test(test_few_in_one_part),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
