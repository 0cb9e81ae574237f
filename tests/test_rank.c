/* The searcher's contract (docs/query.md, docs/cli.md) on what comes with the
 * hits: ranking, sorting by year, snippets and highlights, and the
 * zero-result hint, checked on corpus/ and on small generated documents
 * against the substring scan of match_fixture.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "common/utf8.h"
#include "dict/dict.h"
#include "index/schema.h"
#include "match_fixture.h"
#include "test_util.h"
#include "text/seg.h"
#include "xapian-c/xapian_c.h"
#include "zhengce.h"

/* ----------------------------------------------------------- 5. ranking */

/* A document: title, then copies lines holding body, then filler lines
 * (none of them holds 新型, 工业, 强市 or 钠). */
static void add_doc(const char *dir, const char *name, const char *title, const char *body,
                    int copies, int fill)
{
    static const char *const filler[] = {"全年地区生产总值稳步增长。", "城乡居民收入持续提高。",
                                         "生态环境质量明显改善。", "民生保障水平不断提升。"};
    char text[16384];
    size_t n = (size_t)snprintf(text, sizeof text, "%s\n", title);
    for (int i = 0; i < copies; i++)
        n += (size_t)snprintf(text + n, sizeof text - n, "%s%s\n", filler[i % 4], body);
    for (int i = 0; i < fill; i++)
        n += (size_t)snprintf(text + n, sizeof text - n, "%s\n", filler[(i + copies) % 4]);
    free(zc_test_write_file(dir, name, text, n));
}

/* The rank (1-based) of each named file in the results of q. */
static void ranks(zc_index *ix, const char *q, zc_sort sort, const char *const *names, size_t n,
                  unsigned *rank, int *years, size_t *total)
{
    zc_search_options o;
    opts_init(&o);
    o.sort = sort;
    zc_results *r;
    zc_error err;
    assert_int_equal(zc_search(ix, q, &o, &r, &err), ZC_OK);
    *total = zc_results_count(r);
    for (size_t i = 0; i < n; i++)
        rank[i] = 0;
    for (size_t k = 0; k < zc_results_count(r); k++) {
        const zc_hit *h = zc_results_hit(r, k);
        const char *base = strrchr(h->path, '/') ? strrchr(h->path, '/') + 1 : h->path;
        for (size_t i = 0; i < n; i++)
            if (names && !strcmp(names[i], base))
                rank[i] = h->rank;
        if (years)
            years[k] = h->year;
    }
    zc_results_free(r);
}

/* Documents holding 新型工业强市 rank above those holding 新型, 工业 and
 * 强市 only apart, however often; a title match above a body match. */
static void test_ranking(void **state)
{
    (void)state;
    char *tmp = zc_test_tmpdir(), dir[4200], db[4200];
    snprintf(dir, sizeof dir, "%s/docs", tmp);
    snprintf(db, sizeof db, "%s/db", tmp);
    assert_int_equal(mkdir(dir, 0755), 0);
    const char *names[10];
    char buf[10][32];
    for (int i = 0; i < 10; i++) {
        snprintf(buf[i], sizeof buf[i], "%s%d.txt", i < 4 ? "together" : "apart", i);
        names[i] = buf[i];
        char title[64];
        snprintf(title, sizeof title, "第%d号材料", i + 1);
        if (i < 4) /* once, contiguous, in a longer or shorter text */
            add_doc(dir, names[i], title,
                    i % 2 ? "推进新型工业强市建设。" : "我市坚定不移建设新型工业强市。", 1,
                    2 + i * 4);
        else /* apart, up to 16 times each */
            add_doc(dir, names[i], title, "新型材料不断涌现，工业经济稳中有进，强市战略全面实施。",
                    1 + (i - 4) * 3, 4);
    }
    add_doc(dir, "title.txt", "钠离子电池产业发展报告", "今年钠离子电池产能扩大。", 1, 4);
    add_doc(dir, "body.txt", "产业发展情况报告", "今年钠离子电池产能扩大，钠离子电池项目开工。", 1,
            4);
    zc_index *ix;
    zc_error err;
    zc_index_stats st;
    memset(&st, 0, sizeof st);
    const char *src = dir;
    assert_int_equal(zc_index_open(db, ZC_OPEN_WRITE | ZC_OPEN_CREATE, &ix, &err), ZC_OK);
    assert_int_equal(zc_index_update(ix, &src, 1, NULL, &st, &err), ZC_OK);
    assert_int_equal(st.indexed, 12);
    zc_index_free(ix);
    assert_int_equal(zc_index_open(db, ZC_OPEN_READ, &ix, &err), ZC_OK);

    unsigned rank[10];
    size_t total;
    /* ~: the words apart match too, after the contiguous ones. */
    ranks(ix, "~新型工业强市", ZC_SORT_RELEVANCE, names, 10, rank, NULL, &total);
    assert_int_equal(total, 10);
    for (int i = 0; i < 4; i++)
        for (int j = 4; j < 10; j++)
            if (!rank[i] || !rank[j] || rank[i] > rank[j])
                fail_msg("~新型工业强市: %s (contiguous) ranks %u, %s (apart) %u", names[i],
                         rank[i], names[j], rank[j]);
    /* As written, as a keyword or a phrase: the contiguous ones alone. */
    ranks(ix, "新型工业强市", ZC_SORT_RELEVANCE, names, 10, rank, NULL, &total);
    assert_int_equal(total, 4);
    ranks(ix, "\"新型工业强市\"", ZC_SORT_RELEVANCE, names, 10, rank, NULL, &total);
    assert_int_equal(total, 4);

    const char *tb[] = {"title.txt", "body.txt"};
    ranks(ix, "钠离子电池", ZC_SORT_RELEVANCE, tb, 2, rank, NULL, &total);
    assert_int_equal(total, 2);
    if (rank[0] != 1)
        fail_msg("钠离子电池: the title match ranks %u, the body match %u", rank[0], rank[1]);
    zc_index_free(ix);
    zc_test_rmtree(tmp);
    free(tmp);
}

/* --sort year: newest first (unknown years last). */
static void test_sort_year(void **state)
{
    corpus *c = *state;
    const char *qs[] = {"的", "新余 OR 抚州", "region:江西", "发展"};
    for (size_t i = 0; i < sizeof qs / sizeof *qs; i++) {
        int years[MAX_DOCS];
        unsigned rank[1];
        size_t total;
        ranks(c->ix, qs[i], ZC_SORT_YEAR, NULL, 0, rank, years, &total);
        assert_true(total > 1);
        for (size_t k = 1; k < total; k++)
            if (years[k] && (!years[k - 1] || years[k - 1] < years[k]))
                fail_msg("[%s] sorted by year: hit %zu is of %d, hit %zu of %d", qs[i], k,
                         years[k - 1], k + 1, years[k]);
    }
}

/* ---------------------------------------------------------- 6. snippets */

/* Does every character of h lie inside an occurrence, within h, of one of
 * pats (compared as matching compares)? */
static int covered(const char *h, const char *const *pats, size_t np)
{
    char *nh = zc_test_scan_view(h);
    size_t len = strlen(nh);
    char *cov = calloc(len + 1, 1);
    for (size_t p = 0; p < np; p++) {
        char *np_ = zc_test_scan_view(pats[p]);
        size_t pl = strlen(np_);
        for (const char *s = nh; pl && (s = strstr(s, np_)); s++)
            memset(cov + (s - nh), 1, pl);
        free(np_);
    }
    int ok = len > 0;
    for (size_t i = 0; i < len; i++)
        ok &= cov[i];
    free(cov);
    free(nh);
    return ok;
}

static const char *char_at(const char *s, size_t n)
{
    while (n-- && *s) {
        s++;
        while (((unsigned char)*s & 0xC0) == 0x80)
            s++;
    }
    return s;
}

static void check_snippets(corpus *c, const char *q, const char *const *pats, size_t np)
{
    zc_search_options o;
    opts_init(&o);
    zc_results *r;
    run(c, q, &o, &r);
    for (size_t i = 0; i < zc_results_count(r); i++) {
        const zc_hit *h = zc_results_hit(r, i);
        size_t bad, len = strlen(h->snippet);
        if (!zc_utf8_valid(h->snippet, len, &bad))
            fail_msg("[%s] %s: snippet not valid UTF-8 at byte %zu", q, h->path, bad);
        size_t chars = zc_utf8_count(h->snippet, len), prev = 0;
        if (h->n_highlights == 0)
            fail_msg("[%s] %s: a hit without highlights", q, h->path);
        for (size_t k = 0; k < h->n_highlights; k++) {
            size_t a = h->highlights[2 * k], b = h->highlights[2 * k + 1];
            if (a >= b || b > chars || a < prev)
                fail_msg("[%s] %s: highlight [%zu, %zu) in %zu characters (previous end %zu)", q,
                         h->path, a, b, chars, prev);
            prev = b;
            const char *s = char_at(h->snippet, a), *e = char_at(h->snippet, b);
            char *text = strndup(s, (size_t)(e - s));
            if (!covered(text, pats, np)) {
                if (c->failures++ < 40)
                    fprintf(stderr, "BAD HIGHLIGHT [%s] %s: '%s' is no match of the query\n", q,
                            h->path, text);
            }
            free(text);
        }
    }
    zc_results_free(r);
}

static void test_snippets(void **state)
{
    corpus *c = *state;
    char q[256];
    for (int i = 0; i < 40; i++) {
        const char *a = word(c), *b = word(c);
        check_snippets(c, a, &a, 1);
        const char *ab[] = {a, b};
        snprintf(q, sizeof q, "%s %s", a, b);
        check_snippets(c, q, ab, 2);
        char *p = random_phrase(c, 8);
        if (p) {
            const char *pa[] = {p, a};
            snprintf(q, sizeof q, "\"%s\"", p);
            check_snippets(c, q, pa, 1);
            snprintf(q, sizeof q, "\"%s\" OR %s", p, a);
            check_snippets(c, q, pa, 2);
            free(p);
        }
    }
    const char *latin[] = {"5G", "PM2.5", "2025年", "GWh", "新余", "\"锂电\""};
    for (size_t i = 0; i < sizeof latin / sizeof *latin; i++) {
        const char *pat = latin[i][0] == '"' ? "锂电" : latin[i];
        check_snippets(c, latin[i], &pat, 1);
    }
    no_failures(c);
}

/* ------------------------------------------------------ 7. zero results */

/* Words each present but never together: no hit, the words apart find
 * nothing either, and the hint counts the documents with any of them.
 * Words present together but never adjacent, as one keyword: no hit, and
 * the hint counts the documents with its words apart, as ~ finds them. */
static void test_zero_results(void **state)
{
    corpus *c = *state;
    int found = 0;
    for (size_t i = 0; i < c->words.n && found < 5; i++)
        for (size_t j = i + 1; j < c->words.n && found < 5; j++) {
            dset A = scan(c, c->words.v[i]), B = scan(c, c->words.v[j]);
            if (!A || !B || (A & B))
                continue;
            char q[128];
            snprintf(q, sizeof q, "%s %s", c->words.v[i], c->words.v[j]);
            zc_results *r;
            run(c, q, NULL, &r);
            if (zc_results_total(r) != 0 || zc_results_words_total(r) != 0 ||
                zc_results_any_total(r) != (uint64_t)__builtin_popcountll(A | B))
                fail_msg("[%s]: total %llu, any_total %llu, expected 0 and %d", q,
                         (unsigned long long)zc_results_total(r),
                         (unsigned long long)zc_results_any_total(r), __builtin_popcountll(A | B));
            zc_results_free(r);
            found++;
        }
    assert_true(found > 0);
    int apart = 0;
    for (size_t i = 0; i < c->words.n && apart < 5; i++)
        for (size_t j = 0; j < c->words.n && apart < 5; j++) {
            char q[128], tq[130];
            snprintf(q, sizeof q, "%s%s", c->words.v[i], c->words.v[j]);
            dset both = scan(c, c->words.v[i]) & scan(c, c->words.v[j]);
            if (i == j || !both || scan(c, q))
                continue;
            snprintf(tq, sizeof tq, "~%s", q);
            dset loose = run(c, tq, NULL, NULL);
            if (!loose) /* cut into other words than the two */
                continue;
            zc_results *r;
            run(c, q, NULL, &r);
            if (zc_results_total(r) != 0 ||
                zc_results_words_total(r) != (uint64_t)__builtin_popcountll(loose))
                fail_msg("[%s]: total %llu, words_total %llu, expected 0 and %d (of ~)", q,
                         (unsigned long long)zc_results_total(r),
                         (unsigned long long)zc_results_words_total(r),
                         __builtin_popcountll(loose));
            zc_results_free(r);
            apart++;
        }
    assert_true(apart > 0);
}

/* A word typed twice is searched for once and weighs once: `w "w"` lists
 * every document holding w (the copy adds no condition, not even its
 * ranking's), and `w w w` lists the hits of `w w` in the same order. */
static void test_repeats(void **state)
{
    corpus *c = *state;
    for (size_t i = 0; i < c->words.n && i < 8; i++) {
        const char *w = c->words.v[i];
        char q[256];
        snprintf(q, sizeof q, "%s \"%s\"", w, w);
        expect(c, q, NULL, scan(c, w));
        zc_results *a, *b;
        snprintf(q, sizeof q, "%s %s", w, w);
        run(c, q, NULL, &a);
        snprintf(q, sizeof q, "%s %s %s", w, w, w);
        run(c, q, NULL, &b);
        assert_int_equal(zc_results_count(a), zc_results_count(b));
        for (size_t k = 0; k < zc_results_count(a); k++)
            if (strcmp(zc_results_hit(a, k)->id, zc_results_hit(b, k)->id) != 0 ||
                zc_results_hit(a, k)->score != zc_results_hit(b, k)->score)
                fail_msg("[%s]: hit %zu differs from that of [%s %s]", q, k + 1, w, w);
        zc_results_free(a);
        zc_results_free(b);
    }
    no_failures(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sort_year),    cmocka_unit_test(test_snippets),
        cmocka_unit_test(test_zero_results), cmocka_unit_test(test_repeats),
        cmocka_unit_test(test_ranking),
    };
    return cmocka_run_group_tests(tests, setup_seeds, teardown);
}
