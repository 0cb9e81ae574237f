/* The scoring helpers of keywords (research/keywords.c): log-likelihood
 * and the background's membership test. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "research/keywords.h"

/* G² as a sum over the two observed cells, written apart from the code. */
static double g2_ref(double a, double b, double n1, double n2)
{
    double e1 = n1 * (a + b) / (n1 + n2), e2 = n2 * (a + b) / (n1 + n2);
    return 2 * ((a > 0 ? a * log(a / e1) : 0) + (b > 0 ? b * log(b / e2) : 0));
}

static void g2_formula(void **state)
{
    (void)state;
    const double cases[][4] = {{10, 0, 1000, 100000},
                               {57, 3, 8000, 400000},
                               {5, 40, 2000, 90000},
                               {1, 0, 50, 50},
                               {300, 1000, 30000, 2e6}};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const double *c = cases[i];
        double got = zc_kw_g2((uint64_t)c[0], (uint64_t)c[1], c[2], c[3]);
        assert_true(got > 0);
        assert_true(fabs(got - g2_ref(c[0], c[1], c[2], c[3])) < 1e-9 * got);
    }
}

static void g2_only_over(void **state)
{
    (void)state;
    /* Under-represented or equally frequent: no score. */
    assert_true(zc_kw_g2(1, 100, 1000, 1000) == 0);
    assert_true(zc_kw_g2(10, 100, 1000, 10000) == 0);
    assert_true(zc_kw_g2(0, 5, 1000, 10000) == 0);
    assert_true(zc_kw_g2(3, 0, 0, 10000) == 0);
    assert_true(zc_kw_g2(3, 0, 1000, 0) == 0);
}

static void g2_grows(void **state)
{
    (void)state;
    /* More in the document, or less in the background: more telling. */
    double prev = 0;
    for (uint64_t a = 2; a < 60; a += 3) {
        double g = zc_kw_g2(a, 10, 5000, 500000);
        assert_true(g > prev);
        prev = g;
    }
    prev = INFINITY;
    for (uint64_t b = 0; b < 60; b += 3) {
        double g = zc_kw_g2(20, b, 5000, 500000);
        assert_true(g < prev);
        prev = g;
    }
}

static void background_members(void **state)
{
    (void)state;
    zc_xdocid set[] = {2, 3, 5, 8, 13, 21, 34};
    zc_kw_bg bg = {.self = 5, .set = set, .n = sizeof set / sizeof *set};
    for (zc_xdocid d = 0; d < 40; d++) {
        int want = 0;
        for (size_t i = 0; i < bg.n; i++)
            want |= set[i] == d;
        assert_int_equal(zc_kw_in(&bg, d), want);
    }
    /* Against the whole index: every document but itself. */
    zc_kw_bg all = {.self = 7};
    assert_false(zc_kw_in(&all, 7));
    assert_true(zc_kw_in(&all, 1));
    assert_true(zc_kw_in(&all, 8));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(g2_formula),
        cmocka_unit_test(g2_only_over),
        cmocka_unit_test(g2_grows),
        cmocka_unit_test(background_members),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
