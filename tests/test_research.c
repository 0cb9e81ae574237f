/* The research tools against an independent scan: for 50 terms drawn from
 * the texts (single Han characters, two characters, longer stretches,
 * runs of Latin letters or digits), trend's documents and occurrences per
 * year, and kwic's lines, equal a substring count over each document's
 * cleaned text as stored, in the scan view (tests/test_util.h: blanks as
 * one, Latin lower case), Latin letters and digits as whole runs, never
 * across a line break (the scan view keeps line breaks, which no term
 * holds), synonyms off. On corpus/, on generated documents and (data) on
 * reports-provincial-2026; and (data) similar and keywords on the
 * provincial reports indexed with the CPC congress reports. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "common/utf8.h"
#include "match_fixture.h"
#include "research_fixture.h"
#include "test_util.h"
#include "zhengce.h"

static int is_alnum(unsigned char b)
{
    return (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9');
}

static int run_class(unsigned char b)
{
    return b >= 'a' && b <= 'z' ? 1 : b >= '0' && b <= '9' ? 2 : 0;
}

/* Occurrences of w in text (both in the scan view), overlapping ones too,
 * a Latin or digit run at either edge not continued by more of its kind. */
static uint64_t count_in(const char *text, const char *w)
{
    size_t wl = strlen(w);
    uint64_t n = 0;
    int first = run_class((unsigned char)w[0]), last = run_class((unsigned char)w[wl - 1]);
    for (const char *p = text; (p = strstr(p, w)); p++) {
        if (first && p > text && run_class((unsigned char)p[-1]) == first)
            continue;
        if (last && run_class((unsigned char)p[wl]) == last)
            continue;
        n++;
    }
    return n;
}

/* A term from the text of a random document: kind 0 one Han character, 1
 * two, 2 three to six, 3 a run of Latin letters or digits. NULL when the
 * draw found none. */
static char *draw(corpus *c, int kind)
{
    const char *t = c->norm[rnd(c) % c->n];
    size_t len = strlen(t);
    if (!len)
        return NULL;
    for (int tries = 0; tries < 200; tries++) {
        size_t at = rnd(c) % len;
        while (at > 0 && ((unsigned char)t[at] & 0xC0) == 0x80)
            at--;
        if (kind == 3) {
            if (!is_alnum((unsigned char)t[at]))
                continue;
            int cls = run_class((unsigned char)t[at]);
            size_t a = at, b = at;
            while (a > 0 && run_class((unsigned char)t[a - 1]) == cls)
                a--;
            while (run_class((unsigned char)t[b]) == cls)
                b++;
            char *w = strndup(t + a, b - a);
            if (!strcmp(w, "or") || !strcmp(w, "and") || !strcmp(w, "not")) {
                free(w);
                continue;
            }
            return w;
        }
        size_t want = kind == 0 ? 1 : kind == 1 ? 2 : 3 + rnd(c) % 4, got = 0, b = at;
        while (got < want) {
            uint32_t cp;
            size_t k = zc_utf8_decode(t + b, len - b, &cp);
            if (!k || !zc_is_han(cp))
                break;
            b += k;
            got++;
        }
        if (got == want)
            return strndup(t + at, b - at);
    }
    return NULL;
}

/* The scan: documents and occurrences per year, and in all. */
typedef struct expect {
    uint64_t docs, occ;
    uint64_t by_year_docs[3000], by_year_occ[3000];
    uint64_t per_doc[MAX_DOCS];
} expect;

static void scan_all(const corpus *c, const char *w, expect *e)
{
    memset(e, 0, sizeof *e);
    for (size_t i = 0; i < c->n; i++) {
        uint64_t n = count_in(c->norm[i], w);
        e->per_doc[i] = n;
        if (!n)
            continue;
        int y = c->year[i] >= 1000 && c->year[i] < 3000 ? c->year[i] : 0;
        e->docs++;
        e->occ += n;
        e->by_year_docs[y]++;
        e->by_year_occ[y] += n;
    }
}

static size_t doc_of(const corpus *c, const char *id)
{
    for (size_t i = 0; i < c->n; i++)
        if (!strcmp(c->id[i], id))
            return i;
    fail_msg("kwic line of an unknown document %s", id);
    return 0;
}

static void check_term(corpus *c, const char *w)
{
    expect *e = malloc(sizeof *e);
    scan_all(c, w, e);
    zc_research_options o;
    zc_research_options_init(&o, ZC_RESEARCH_OPTIONS_VERSION);
    o.synonyms = 0;
    zc_error err;
    zc_trend *t = NULL;
    if (zc_trend_run(c->ix, w, &o, &t, &err))
        fail_msg("trend '%s': %s", w, err.message);
    int bad = zc_trend_documents(t) != e->docs || zc_trend_occurrences(t) != e->occ;
    uint64_t sum_docs = 0;
    for (size_t i = 0; i < zc_trend_bucket_count(t); i++) {
        const zc_trend_bucket *b = zc_trend_bucket_at(t, i);
        int y = b->year >= 1000 && b->year < 3000 ? b->year : 0;
        bad |= b->documents != e->by_year_docs[y] || b->occurrences != e->by_year_occ[y];
        bad |= b->documents == 0 || b->chars == 0;
        sum_docs += b->documents;
    }
    bad |= sum_docs != e->docs;
    if (bad)
        printf("# trend '%s': %llu documents, %llu occurrences; the scan: %llu, %llu\n", w,
               (unsigned long long)zc_trend_documents(t),
               (unsigned long long)zc_trend_occurrences(t), (unsigned long long)e->docs,
               (unsigned long long)e->occ);
    zc_trend_free(t);

    zc_kwic *k = NULL;
    if (zc_kwic_run(c->ix, w, &o, &k, &err))
        fail_msg("kwic '%s': %s", w, err.message);
    uint64_t per_doc[MAX_DOCS] = {0};
    for (size_t i = 0; i < zc_kwic_count(k); i++) {
        const zc_kwic_line *l = zc_kwic_line_at(k, i);
        per_doc[doc_of(c, l->id)]++;
        char *m = zc_test_scan_view(l->match);
        if (strcmp(m, w)) {
            printf("# kwic '%s': a line's match is '%s'\n", w, l->match);
            bad = 1;
        }
        free(m);
    }
    if (zc_kwic_count(k) != e->occ || zc_kwic_total(k) != e->occ) {
        printf("# kwic '%s': %zu lines (total %llu); the scan: %llu\n", w, zc_kwic_count(k),
               (unsigned long long)zc_kwic_total(k), (unsigned long long)e->occ);
        bad = 1;
    }
    for (size_t i = 0; i < c->n; i++)
        if (per_doc[i] != e->per_doc[i]) {
            printf("# kwic '%s': %llu lines of %s; the scan: %llu\n", w,
                   (unsigned long long)per_doc[i], c->name[i], (unsigned long long)e->per_doc[i]);
            bad = 1;
        }
    zc_kwic_free(k);
    free(e);
    c->queries++;
    c->failures += bad;
}

/* 50 terms: 10 single characters, 15 of two, 15 longer, 10 Latin or
 * digit runs (fewer when the texts have none). */
static void fifty_terms(corpus *c)
{
    static const int kinds[4] = {10, 15, 15, 10};
    for (int kind = 0; kind < 4; kind++)
        for (int i = 0; i < kinds[kind]; i++) {
            char *w = draw(c, kind);
            if (w)
                check_term(c, w);
            free(w);
        }
    printf("# %u terms checked, %u mismatched\n", c->queries, c->failures);
    assert_true(c->queries >= 40);
    assert_int_equal(c->failures, 0);
}

static void corpus_terms(void **state)
{
    (void)state;
    char *src = zc_test_source_path("corpus");
    corpus *c = corpus_open(src, 0);
    free(src);
    fifty_terms(c);
    corpus_free(c);
}

static void generated_terms(void **state)
{
    (void)state;
    char *dir = zc_test_tmpdir();
    zc_research_generate(dir, 16, 20261207);
    corpus *c = corpus_open(dir, 0);
    fifty_terms(c);
    corpus_free(c);
    zc_test_rmtree(dir);
    free(dir);
}

/* Paging and sorting keep one line per occurrence: the pages of a sort
 * together are its lines, each once. */
static void kwic_pages(void **state)
{
    (void)state;
    char *src = zc_test_source_path("corpus");
    corpus *c = corpus_open(src, 0);
    free(src);
    zc_research_options o;
    zc_research_options_init(&o, ZC_RESEARCH_OPTIONS_VERSION);
    zc_error err;
    for (int sort = ZC_KWIC_SORT_DOCUMENT; sort <= ZC_KWIC_SORT_REGION; sort++) {
        o.sort = (zc_kwic_sort)sort;
        o.limit = 0;
        o.offset = 0;
        zc_kwic *all = NULL;
        assert_int_equal(zc_kwic_run(c->ix, "发展", &o, &all, &err), ZC_OK);
        size_t n = zc_kwic_count(all);
        assert_true(n > 20);
        o.limit = 7;
        size_t seen = 0;
        for (o.offset = 0; o.offset < n + 7; o.offset += 7) {
            zc_kwic *page = NULL;
            assert_int_equal(zc_kwic_run(c->ix, "发展", &o, &page, &err), ZC_OK);
            assert_int_equal(zc_kwic_total(page), n);
            for (size_t i = 0; i < zc_kwic_count(page); i++, seen++) {
                const zc_kwic_line *a = zc_kwic_line_at(page, i), *b = zc_kwic_line_at(all, seen);
                assert_string_equal(a->id, b->id);
                assert_int_equal(a->offset, b->offset);
            }
            zc_kwic_free(page);
        }
        assert_int_equal(seen, n);
        zc_kwic_free(all);
    }
    corpus_free(c);
}

static void provincial_terms(void **state)
{
    (void)state;
    corpus *c = corpus_provincial();
    fifty_terms(c);
    corpus_free(c);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(corpus_terms),
        cmocka_unit_test(generated_terms),
        cmocka_unit_test(kwic_pages),
    };
    const struct CMUnitTest data[] = {
        cmocka_unit_test(provincial_terms),
        cmocka_unit_test(zc_research_similar_congress),
        cmocka_unit_test(zc_research_keywords_provinces),
    };
    return zc_test_main(argc, argv, tests, sizeof tests / sizeof *tests, data,
                        sizeof data / sizeof *data);
}
