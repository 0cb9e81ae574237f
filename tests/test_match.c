/* The searcher's contract (docs/query.md) checked against
 * an independent substring scan of the cleaned text as the index stores it
 * (match_fixture.h, Latin letters and digits matching whole runs):
 * phrases, single characters, Latin and number tokens, keywords as
 * written (random stretches of the text), operators as set algebra,
 * filters and facets. Synonyms are off
 * wherever the scan decides, since it knows none. The default tests index
 * corpus/; "data" runs the matching, filter and facet checks over the 31
 * provincial reports of ../shared/data (exit 77 when the data is absent). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "common/utf8.h"
#include "dict/dict.h"
#include "index/schema.h"
#include "match_fixture.h"
#include "test_util.h"
#include "text/seg.h"
#include "xapian-c/xapian_c.h"
#include "zhengce.h"

/* ---------------------------------------------------------- 1. matching */

static void check_phrases(corpus *c, int count)
{
    char q[128];
    for (int done = 0; done < count;) {
        char *p = random_phrase(c, 8);
        if (!p)
            continue;
        snprintf(q, sizeof q, "\"%s\"", p);
        expect(c, q, NULL, scan(c, p));
        free(p);
        done++;
    }
}

/* Every character (as keyword and as phrase), up to about 200 spread
 * evenly over the distinct characters of the texts. Query syntax
 * characters are left out: alone they are operators or errors. */
static int check_chars(corpus *c)
{
    uint8_t *seen = calloc(0x110000 / 8, 1);
    uint32_t *cps = NULL;
    size_t n = 0, cap = 0;
    for (size_t d = 0; d < c->n; d++) {
        const char *t = c->text[d];
        size_t len = strlen(t);
        for (size_t i = 0; i < len;) {
            uint32_t cp;
            size_t k = zc_utf8_decode(t + i, len - i, &cp);
            i += k ? k : 1;
            if (!k || cp < 0x20 || zc_is_space(cp) || zc_is_newline(cp) || zc_is_zero_width(cp) ||
                seen[cp / 8] & (1u << cp % 8))
                continue;
            seen[cp / 8] |= (uint8_t)(1u << cp % 8);
            if ((cp < 0x80 && !((cp | 32) >= 'a' && (cp | 32) <= 'z') &&
                 !(cp >= '0' && cp <= '9')) ||
                cp == 0x201C || cp == 0x201D || cp == 0xFF02 || cp == 0xFF08 || cp == 0xFF09 ||
                cp == 0xFF0D)
                continue;
            if (n == cap)
                cps = realloc(cps, (cap = cap ? 2 * cap : 256) * sizeof *cps);
            cps[n++] = cp;
        }
    }
    free(seen);
    size_t step = n / 200 + 1;
    int done = 0;
    for (size_t i = 0; i < n; i += step) {
        char ch[8], q[16];
        ch[zc_utf8_encode(cps[i], ch)] = '\0';
        dset want = scan(c, ch);
        expect(c, ch, NULL, want);
        snprintf(q, sizeof q, "\"%s\"", ch);
        expect(c, q, NULL, want);
        done++;
    }
    free(cps);
    return done;
}

static int is_latin(char ch)
{
    return (ch >= '0' && ch <= '9') || ((ch | 32) >= 'a' && (ch | 32) <= 'z');
}

/* Every Latin/number token: a maximal run of ASCII letters, digits, '.'
 * and '%' (without leading '.'/'%' and trailing '.'), as a keyword, and
 * with the Han character next to it as a phrase (2025年). Each must match
 * exactly the documents containing it (5G, PM2.5, 27GWh, 5.8%), in either
 * case of its letters. */
static int check_latin(corpus *c, int *mixed)
{
    strv toks = {0};
    *mixed = 0;
    for (size_t d = 0; d < c->n; d++) {
        const char *t = c->text[d];
        for (size_t i = 0; t[i];) {
            if (!is_latin(t[i]) && t[i] != '.' && t[i] != '%') {
                i++;
                continue;
            }
            size_t a = i, b;
            while (is_latin(t[i]) || t[i] == '.' || t[i] == '%')
                i++;
            b = i;
            while (a < b && (t[a] == '.' || t[a] == '%'))
                a++;
            while (b > a && t[b - 1] == '.')
                b--;
            int alnum = 0;
            for (size_t k = a; k < b; k++)
                alnum |= is_latin(t[k]);
            if (!alnum)
                continue;
            size_t before = toks.n;
            strv_push(&toks, t + a, b - a, (int)d);
            if (toks.n == before)
                continue;
            /* A Han character glued to it, after or else before. */
            uint32_t cp = 0;
            size_t k = zc_utf8_decode(t + b, strlen(t + b), &cp), s = a;
            char ph[96];
            if (k && zc_is_han(cp) && b - a < 80) {
                snprintf(ph, sizeof ph, "%.*s%.*s", (int)(b - a), t + a, (int)k, t + b);
            } else {
                while (s > 0 && ((unsigned char)t[s - 1] & 0xC0) == 0x80)
                    s--;
                if (s == 0 || a - s + 1 > 4 || b - a >= 80 ||
                    !zc_utf8_decode(t + s - 1, a - s + 1, &cp) || !zc_is_han(cp))
                    continue;
                snprintf(ph, sizeof ph, "%.*s", (int)(b - s + 1), t + s - 1);
            }
            char q[128];
            snprintf(q, sizeof q, "\"%s\"", ph);
            expect(c, q, NULL, scan(c, ph));
            ++*mixed;
        }
    }
    for (size_t i = 0; i < toks.n; i++) {
        const char *w = toks.v[i];
        expect(c, w, NULL, scan(c, w));
        /* Latin letters match regardless of case: the same hits swapped. */
        char *sw = strdup(w);
        int letters = 0;
        for (char *p = sw; *p; p++)
            if ((*p | 32) >= 'a' && (*p | 32) <= 'z')
                *p ^= 32, letters = 1;
        if (letters)
            expect(c, sw, NULL, scan(c, w));
        free(sw);
    }
    int n = (int)toks.n;
    strv_free(&toks);
    return n;
}

/* Keywords that are accurate-mode tokens of 2–4 characters: each matches
 * exactly the documents containing it as written; with ~ (its words
 * anywhere), a token of 4 characters (ABCD) is cut into the dictionary
 * words inside it or stays whole, so the hits are the documents with ABCD
 * or those with both AB and CD. Several keywords need each one (AND). */
static int check_keywords(corpus *c, int *combos)
{
    for (size_t i = 0; i < c->words.n; i++)
        expect(c, c->words.v[i], NULL, scan(c, c->words.v[i]));
    for (size_t i = 0; i < c->words4.n; i++) {
        const char *w = c->words4.v[i];
        size_t half = zc_utf8_align(w, strlen(w), strlen(w) / 2);
        char *ab = strndup(w, half), q[64];
        expect(c, w, NULL, scan(c, w));
        snprintf(q, sizeof q, "~%s", w);
        expect2(c, q, NULL, scan(c, w), scan(c, ab) & scan(c, w + half));
        free(ab);
    }
    *combos = 0;
    for (int k = 0; k < 120; k++) {
        size_t nk = 2 + (size_t)k % 2;
        char q[256] = "";
        dset want = ~(dset)0;
        /* Every other query takes its keywords from one document. */
        size_t first = rnd(c) % c->words.n;
        for (size_t j = 0; j < nk; j++) {
            size_t w = first;
            for (int tries = 0; j > 0 && tries < 50; tries++) {
                w = rnd(c) % c->words.n;
                if (k % 2 || c->words.doc[w] == c->words.doc[first])
                    break;
            }
            strcat(q, j ? " " : "");
            strcat(q, c->words.v[w]);
            want &= scan(c, c->words.v[w]);
        }
        expect(c, q, NULL, want);
        ++*combos;
    }
    return (int)(c->words.n + c->words4.n);
}

static void check_matching(corpus *c)
{
    int exact = check_substrings(c, 300);
    printf("# %d of 300 random 2-6 character keywords matched as written\n", exact);
    check_phrases(c, 500);
    int chars = check_chars(c), mixed, combos;
    int latin = check_latin(c, &mixed);
    int kw = check_keywords(c, &combos);
    printf("# %zu documents: 500 phrases, %d characters (x2), %d Latin/number tokens, "
           "%d mixed phrases, %d keywords, %d multi-keyword queries\n",
           c->n, chars, latin, mixed, kw, combos);
    assert_true(chars >= 150);
    assert_true(combos >= 100);
    no_failures(c);
}

/* ---------------------------------------------------------- 2. operators */

static void check_operators(corpus *c)
{
    char q[512];
    for (int round = 0; round < 25; round++) {
        const char *a = word(c), *b = word(c), *d = word(c), *e = word(c), *f = word(c);
        dset A = scan(c, a), B = scan(c, b), D = scan(c, d), E = scan(c, e), F = scan(c, f);
        snprintf(q, sizeof q, "%s OR %s", a, b);
        expect(c, q, NULL, A | B);
        snprintf(q, sizeof q, "%s -%s", a, b);
        expect(c, q, NULL, A & ~B);
        snprintf(q, sizeof q, "%s NOT %s", a, b);
        expect(c, q, NULL, A & ~B);
        snprintf(q, sizeof q, "%s AND %s", a, b);
        expect(c, q, NULL, A & B);
        snprintf(q, sizeof q, "(%s OR %s) %s", a, b, d);
        expect(c, q, NULL, (A | B) & D);
        snprintf(q, sizeof q, "%s %s OR %s", a, b, d); /* (a b) OR d */
        expect(c, q, NULL, (A & B) | D);
        snprintf(q, sizeof q, "%s OR %s -%s", a, b, d); /* a OR (b -d) */
        expect(c, q, NULL, A | (B & ~D));
        snprintf(q, sizeof q, "((%s OR %s) (%s OR %s)) OR %s", a, b, d, e, f);
        expect(c, q, NULL, ((A | B) & (D | E)) | F);
        snprintf(q, sizeof q, "(%s OR %s) -%s", a, b, d); /* the exclusion is no context */
        expect(c, q, NULL, (A | B) & ~D);
        snprintf(q, sizeof q, "%s -(%s OR %s)", a, b, d);
        expect(c, q, NULL, A & ~(B | D));
        snprintf(q, sizeof q, "(%s (%s OR (%s -%s)))", a, b, d, e);
        expect(c, q, NULL, A & (B | (D & ~E)));
        snprintf(q, sizeof q, "（%s OR %s） %s", a, b, d);
        expect(c, q, NULL, (A | B) & D);
        char *p = random_phrase(c, 6);
        if (p) {
            snprintf(q, sizeof q, "\"%s\" OR %s", p, a);
            expect(c, q, NULL, scan(c, p) | A);
            snprintf(q, sizeof q, "%s -\"%s\"", a, p);
            expect(c, q, NULL, A & ~scan(c, p));
            free(p);
        }
        zc_search_options o;
        opts_init(&o);
        o.any = 1;
        snprintf(q, sizeof q, "%s %s %s", a, b, d);
        expect(c, q, &o, A | B | D);
    }
    no_failures(c);
}

/* ----------------------------------------------------------- 3. filters */

static void check_filters(corpus *c, const char *kw)
{
    char q[512];
    dset K = scan(c, kw);
    zc_search_options o;
    /* Every region of every document, at every level, by its full name;
     * and the keyword inside it, as a filter and as --region. */
    for (size_t i = 0; i < c->n; i++) {
        char *path = strdup(c->region[i]);
        for (char *save, *r = strtok_r(path, "/", &save); r; r = strtok_r(NULL, "/", &save)) {
            dset R = with_region(c, r);
            snprintf(q, sizeof q, "region:%s", r);
            expect(c, q, NULL, R);
            snprintf(q, sizeof q, "%s region:%s", kw, r);
            expect(c, q, NULL, K & R);
            opts_init(&o);
            o.region = r;
            expect(c, kw, &o, K & R);
        }
        free(path);
    }
    /* Short forms, where the documents have them. */
    const char *shorts[][2] = {{"江西", "江西省"},
                               {"新余", "新余市"},
                               {"抚州", "抚州市"},
                               {"上海", "上海市"},
                               {"广西", "广西壮族自治区"}};
    for (size_t i = 0; i < sizeof shorts / sizeof *shorts; i++) {
        dset R = with_region(c, shorts[i][1]);
        if (!R)
            continue;
        snprintf(q, sizeof q, "region:%s", shorts[i][0]);
        expect(c, q, NULL, R);
        snprintf(q, sizeof q, "%s region:%s", kw, shorts[i][0]);
        expect(c, q, NULL, K & R);
        opts_init(&o);
        o.region = shorts[i][0];
        expect(c, kw, &o, K & R);
    }
    /* Years: each one, closed and open ranges, in the query and as options. */
    int ranges[][2] = {{2020, 2025}, {2025, 0}, {0, 2024}, {2024, 2024}, {2026, 2026}};
    for (size_t i = 0; i < c->n + 5; i++) {
        int lo = i < c->n ? c->year[i] : ranges[i - c->n][0];
        int hi = i < c->n ? c->year[i] : ranges[i - c->n][1];
        if (i < c->n && !lo)
            continue;
        dset Y = with_years(c, lo, hi);
        char yv[32];
        if (lo == hi)
            snprintf(yv, sizeof yv, "%d", lo);
        else if (!lo || !hi)
            snprintf(yv, sizeof yv, lo ? "%d.." : "..%d", lo ? lo : hi);
        else
            snprintf(yv, sizeof yv, "%d..%d", lo, hi);
        snprintf(q, sizeof q, "year:%s", yv);
        expect(c, q, NULL, Y);
        snprintf(q, sizeof q, "%s year:%s", kw, yv);
        expect(c, q, NULL, K & Y);
        opts_init(&o);
        o.year_lo = lo, o.year_hi = hi;
        expect(c, kw, &o, K & Y);
    }
    /* title: a stretch of each title; every hit's title holds it. */
    for (size_t i = 0; i < c->n; i++) {
        const char *t = c->title[i];
        size_t len = strlen(t), at = zc_utf8_align(t, len, len / 3), end = at;
        for (int k = 0; k < 3 && end < len; k++) {
            uint32_t cp;
            end += zc_utf8_decode(t + end, len - end, &cp);
        }
        char *part = strndup(t + at, end - at);
        /* Quotes, parentheses and blanks end a chunk. */
        static const char *const syntax[] = {" ", "\"", "(",  ")",  "\xE3\x80\x80",
                                             "“", "”",  "＂", "（", "）"};
        int plain = 1;
        for (size_t k = 0; k < sizeof syntax / sizeof *syntax; k++)
            plain &= strstr(part, syntax[k]) == NULL;
        if (plain) {
            snprintf(q, sizeof q, "title:%s", part);
            zc_results *r;
            dset got = run(c, q, NULL, &r);
            if (got != with_title(c, part))
                mismatch(c, q, got, with_title(c, part), with_title(c, part));
            zc_results_free(r);
        }
        free(part);
    }
    /* Unknown regions are errors, in the query and as an option. */
    zc_results *r = NULL;
    zc_error err;
    opts_init(&o);
    assert_int_equal(zc_search(c->ix, "新能源 region:火星", &o, &r, &err), ZC_ERR_QUERY);
    assert_null(r);
    o.region = "火星";
    assert_int_equal(zc_search(c->ix, "新能源", &o, &r, &err), ZC_ERR_QUERY);
    no_failures(c);
}

/* ------------------------------------------------------------ 4. facets */

typedef struct tally {
    char name[96], parent[96];
    int level; /* 1 province, 2 city, 3 county */
    uint64_t count;
} tally;

static const char *level_name(int level)
{
    return level == 1 ? "province" : level == 2 ? "city" : "county";
}

/* The facets equal the counts over the hit list, in the documented order. */
static void check_facets(corpus *c, const char *q, const zc_search_options *o)
{
    zc_results *r;
    run(c, q, o, &r);
    tally t[256];
    size_t nt = 0;
    int years[MAX_DOCS];
    uint64_t ycount[MAX_DOCS];
    size_t ny = 0;
    for (size_t i = 0; i < zc_results_count(r); i++) {
        const zc_hit *h = zc_results_hit(r, i);
        char *path = strdup(h->region), *save, parent[96] = "";
        int level = 1;
        for (char *p = strtok_r(path, "/", &save); p; p = strtok_r(NULL, "/", &save), level++) {
            size_t k = 0;
            while (k < nt && (strcmp(t[k].name, p) || t[k].level != level))
                k++;
            if (k == nt) {
                assert_true(nt < 256);
                snprintf(t[nt].name, sizeof t[nt].name, "%s", p);
                snprintf(t[nt].parent, sizeof t[nt].parent, "%s", parent);
                t[nt].level = level, t[nt++].count = 0;
            }
            t[k].count++;
            snprintf(parent, sizeof parent, "%s", p);
        }
        free(path);
        if (h->year) {
            size_t k = 0;
            while (k < ny && years[k] != h->year)
                k++;
            if (k == ny)
                years[ny] = h->year, ycount[ny++] = 0;
            ycount[k]++;
        }
    }
    size_t nf = zc_results_facet_count(r, ZC_FACET_REGION);
    if (nf != nt)
        fail_msg("query [%s]: %zu region facets, the hits have %zu regions", q, nf, nt);
    for (size_t i = 0; i < nf; i++) {
        const zc_facet *f = zc_results_facet(r, ZC_FACET_REGION, i);
        size_t k = 0;
        while (k < nt && (strcmp(t[k].name, f->value) || strcmp(level_name(t[k].level), f->level)))
            k++;
        if (k == nt)
            fail_msg("query [%s]: facet %s (%s) is no region of the hits", q, f->value, f->level);
        if (f->count != t[k].count)
            fail_msg("query [%s]: facet %s counts %llu, the hits %llu", q, f->value,
                     (unsigned long long)f->count, (unsigned long long)t[k].count);
        if (t[k].level == 1)
            assert_null(f->parent);
        else if (!f->parent || strcmp(f->parent, t[k].parent))
            fail_msg("query [%s]: facet %s has parent %s, expected %s", q, f->value,
                     f->parent ? f->parent : "NULL", t[k].parent);
        assert_int_equal(f->year, 0);
        if (i > 0) { /* province, city, county; each by count, descending */
            const zc_facet *p = zc_results_facet(r, ZC_FACET_REGION, i - 1);
            int pl = !strcmp(p->level, "province") ? 1 : !strcmp(p->level, "city") ? 2 : 3;
            assert_true(pl < t[k].level || (pl == t[k].level && p->count >= f->count));
        }
    }
    nf = zc_results_facet_count(r, ZC_FACET_YEAR);
    if (nf != ny)
        fail_msg("query [%s]: %zu year facets, the hits have %zu years", q, nf, ny);
    for (size_t i = 0; i < nf; i++) {
        const zc_facet *f = zc_results_facet(r, ZC_FACET_YEAR, i);
        size_t k = 0;
        while (k < ny && years[k] != f->year)
            k++;
        if (k == ny || ycount[k] != f->count)
            fail_msg("query [%s]: year facet %d (%llu) differs from the hits", q, f->year,
                     (unsigned long long)f->count);
        char v[16];
        snprintf(v, sizeof v, "%d", f->year);
        assert_string_equal(f->value, v);
        assert_null(f->level);
        assert_null(f->parent);
        if (i > 0)
            assert_true(zc_results_facet(r, ZC_FACET_YEAR, i - 1)->year > f->year);
    }
    zc_results_free(r);
}

static void check_all_facets(corpus *c)
{
    const char *qs[] = {"的",           "新能源",         "region:江西 新能源",
                        "发展 OR 锂电", "\"高质量发展\"", "year:2024..",
                        "工作 -锂"};
    for (size_t i = 0; i < sizeof qs / sizeof *qs; i++)
        check_facets(c, qs[i], NULL);
    for (size_t i = 0; i < 20; i++)
        check_facets(c, word(c), NULL);
    zc_search_options o;
    opts_init(&o);
    char *province = strndup(c->region[0], strcspn(c->region[0], "/"));
    o.region = province;
    check_facets(c, "发展", &o);
    free(province);
}

/* ------------------------------------------------------------- the tests */

static void test_matching(void **state)
{
    check_matching(*state);
}

static void test_operators(void **state)
{
    check_operators(*state);
}

static void test_filters(void **state)
{
    corpus *c = *state;
    check_filters(c, "新能源");
    check_filters(c, "高新区");
    /* region:江西 holds every seed: the cities' reports are found. */
    assert_int_equal(run(c, "region:江西", NULL, NULL), (BIT(c->n) - 1));
    assert_int_equal(__builtin_popcountll(run(c, "region:新余", NULL, NULL)), 4);
}

static void test_facets(void **state)
{
    corpus *c = *state;
    check_all_facets(c);
    /* Acceptance 2: region:江西 新能源 shows 新余市 and 抚州市. */
    zc_results *r;
    zc_search_options o;
    opts_init(&o);
    run(c, "region:江西 新能源", &o, &r);
    int cities = 0;
    for (size_t i = 0; i < zc_results_facet_count(r, ZC_FACET_REGION); i++) {
        const zc_facet *f = zc_results_facet(r, ZC_FACET_REGION, i);
        cities += !strcmp(f->value, "新余市") || !strcmp(f->value, "抚州市");
    }
    assert_int_equal(cities, 2);
    zc_results_free(r);
}

/* ---------------------------------------------------------------- data */

/* Matching, filters and facets over the 31 provincial reports. */
static void test_provincial(void **state)
{
    (void)state;
    double t0 = zc_test_now();
    corpus *c = corpus_provincial();
    printf("# indexed in %.1f s\n", zc_test_now() - t0);
    check_matching(c);
    check_filters(c, "新能源");
    check_filters(c, "人工智能");
    check_all_facets(c);
    check_facets(c, "region:江西 新能源", NULL);
    printf("# %u queries in %.1f s\n", c->queries, zc_test_now() - t0);
    corpus_free(c);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_matching),
        cmocka_unit_test(test_operators),
        cmocka_unit_test(test_filters),
        cmocka_unit_test(test_facets),
    };
    const struct CMUnitTest data[] = {cmocka_unit_test(test_provincial)};
    if (argc > 1)
        return zc_test_main(argc, argv, tests, 0, data, 1);
    return cmocka_run_group_tests(tests, setup_seeds, teardown);
}
