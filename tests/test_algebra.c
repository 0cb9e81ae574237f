/* The query operators as set algebra with synonyms on, as the command line
 * searches by default. The substring scan of test_match.c knows no
 * synonyms, so here each query's hits are checked against its parts' own
 * hits instead: a b = A ∩ B, a OR b = A ∪ B, a -b = A \ B, and so on
 * through groups. Half the words drawn are in a synonym group of
 * dict/lexicon, so the expansions meet exclusions, alternatives and
 * phrases. The default
 * tests index corpus/; "data" runs the same over the 31 provincial reports
 * of ../shared/data (exit 77 when the data is absent). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "dict/dict.h"
#include "match_fixture.h"
#include "test_util.h"
#include "zhengce.h"

/* Every word of a synonym group that some text contains. */
static strv with_synonyms(corpus *c)
{
    strv s = {0};
    uint32_t n;
    for (uint32_t g = 0; (n = zc_dict_syn_group_size(c->dict, g)) > 0; g++) {
        for (uint32_t i = 0; i < n; i++) {
            const char *w = zc_dict_syn_group_word(c->dict, g, i);
            if (w && scan(c, w))
                strv_push(&s, w, strlen(w), -1);
        }
    }
    return s;
}

static const char *draw(corpus *c, const strv *syn)
{
    if (syn->n && rnd(c) % 2)
        return syn->v[rnd(c) % syn->n];
    return word(c);
}

static void check_algebra(corpus *c, int rounds)
{
    strv syn = with_synonyms(c);
    printf("# %zu words of synonym groups occur\n", syn.n);
    assert_true(syn.n > 0);
    zc_search_options o;
    opts_init(&o);
    o.synonyms = 1;
    char q[512];
    for (int round = 0; round < rounds; round++) {
        const char *a = draw(c, &syn), *b = draw(c, &syn), *d = draw(c, &syn);
        dset A = run(c, a, &o, NULL), B = run(c, b, &o, NULL), D = run(c, d, &o, NULL);
        /* With synonyms a word finds at least what its own text does. */
        if ((A & scan(c, a)) != scan(c, a))
            mismatch(c, a, A, scan(c, a), scan(c, a));
        snprintf(q, sizeof q, "%s %s", a, b);
        expect(c, q, &o, A & B);
        snprintf(q, sizeof q, "%s OR %s", a, b);
        expect(c, q, &o, A | B);
        snprintf(q, sizeof q, "%s -%s", a, b);
        expect(c, q, &o, A & ~B);
        snprintf(q, sizeof q, "-%s %s", b, a);
        expect(c, q, &o, A & ~B);
        snprintf(q, sizeof q, "(%s OR %s) -%s", a, b, d);
        expect(c, q, &o, (A | B) & ~D);
        snprintf(q, sizeof q, "%s -(%s OR %s)", a, b, d);
        expect(c, q, &o, A & ~(B | D));
        snprintf(q, sizeof q, "%s (%s OR %s)", a, b, d);
        expect(c, q, &o, A & (B | D));
        snprintf(q, sizeof q, "(%s OR %s) (%s OR %s)", a, b, d, a);
        expect(c, q, &o, (A | B) & (D | A));
        snprintf(q, sizeof q, "%s OR (%s -%s)", a, b, d);
        expect(c, q, &o, A | (B & ~D));
        /* A phrase is never expanded: exactly its text. */
        snprintf(q, sizeof q, "\"%s\" -%s", a, b);
        expect(c, q, &o, scan(c, a) & ~B);
        snprintf(q, sizeof q, "%s -\"%s\"", a, b);
        expect(c, q, &o, A & ~scan(c, b));
        snprintf(q, sizeof q, "(\"%s\" OR %s) NOT %s", a, b, d);
        expect(c, q, &o, (scan(c, a) | B) & ~D);
    }
    strv_free(&syn);
    no_failures(c);
}

static void test_algebra(void **state)
{
    corpus *c = *state;
    check_algebra(c, 40);
    /* Found once: an excluded word was taken for text every match must
     * contain (高新区 ~ 高新技术产业开发区 ~ 高新技术开发区). */
    zc_search_options o;
    opts_init(&o);
    o.synonyms = 1;
    dset parks = scan(c, "高新区") | scan(c, "高新技术产业开发区") | scan(c, "高新技术开发区");
    expect(c, "高新区 -新余", &o, parks & ~scan(c, "新余"));
    expect(c, "高新区 -\"南昌\"", &o, parks & ~scan(c, "南昌"));
    expect(c, "(高新区 OR 锂电) NOT 新余", &o, (parks | scan(c, "锂电")) & ~scan(c, "新余"));
    assert_true(parks & ~scan(c, "新余"));
    no_failures(c);
}

static void test_provincial(void **state)
{
    (void)state;
    corpus *c = corpus_provincial();
    check_algebra(c, 60);
    printf("# %u queries\n", c->queries);
    corpus_free(c);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_algebra)};
    const struct CMUnitTest data[] = {cmocka_unit_test(test_provincial)};
    if (argc > 1)
        return zc_test_main(argc, argv, tests, 0, data, 1);
    return cmocka_run_group_tests(tests, setup_seeds, teardown);
}
