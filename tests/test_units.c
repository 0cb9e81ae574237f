/* The unit splitter and UTF-8 helpers: the pieces exact matching is built
 * from. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "common/utf8.h"
#include "dict/unit.h"

typedef struct expect {
    const char *term;
    uint32_t pos;
    size_t char_off;
} expect;

static void check_units(const char *text, const expect *ex, size_t n)
{
    zc_unit_iter it;
    zc_unit u;
    zc_unit_iter_init(&it, text, strlen(text));
    size_t i = 0;
    while (zc_unit_next(&it, &u)) {
        assert_true(i < n);
        assert_string_equal(u.term, ex[i].term);
        assert_int_equal(u.pos, ex[i].pos);
        assert_int_equal(u.char_off, ex[i].char_off);
        i++;
    }
    assert_int_equal(i, n);
}

static void test_units_cjk_and_ascii(void **state)
{
    (void)state;
    const expect ex[] = {{"新", 1, 0}, {"余", 2, 1}, {"5", 3, 2}, {"g", 4, 3},
                         {"网", 5, 4}, {"2", 6, 5}, {".", 7, 6}, {"5", 8, 7}};
    check_units("新余5G网2.5", ex, sizeof ex / sizeof *ex);
}

static void test_units_blanks_and_lines(void **state)
{
    (void)state;
    /* A blank run is one unit; a line break leaves a position gap;
     * the ideographic space is a blank; zero-width characters vanish. */
    const expect ex[] = {{"a", 1, 0}, {" ", 2, 1}, {"b", 3, 4},
                         {"高", 5, 6}, {"新", 6, 8}, {" ", 7, 9}, {"区", 8, 10}};
    check_units("a \t b\n高\xE2\x80\x8B新\xE3\x80\x80区", ex, sizeof ex / sizeof *ex);
}

static void test_units_invalid_and_empty(void **state)
{
    (void)state;
    const expect ex[] = {{"x", 1, 0}, {"\xEF\xBF\xBD", 2, 1}, {"y", 3, 2}};
    check_units("x\xFFy", ex, 3);
    check_units("", NULL, 0);
    check_units("\n\n", NULL, 0);
}

static void test_utf8(void **state)
{
    (void)state;
    uint32_t cp;
    assert_int_equal(zc_utf8_decode("\xE9\xAB\x98", 3, &cp), 3);
    assert_int_equal(cp, 0x9AD8);
    assert_int_equal(zc_utf8_decode("\xC0\x80", 2, &cp), 0);    /* overlong */
    assert_int_equal(zc_utf8_decode("\xED\xA0\x80", 3, &cp), 0); /* surrogate */
    assert_int_equal(zc_utf8_decode("\xE9\xAB", 2, &cp), 0);     /* truncated */
    size_t bad = 99;
    assert_true(zc_utf8_valid("ab高", 5, &bad));
    assert_false(zc_utf8_valid("ab\xFF", 3, &bad));
    assert_int_equal(bad, 2);
    char buf[4];
    assert_int_equal(zc_utf8_encode(0x20000, buf), 4);
    assert_int_equal(zc_utf8_decode(buf, 4, &cp), 4);
    assert_int_equal(cp, 0x20000);
    assert_int_equal(zc_utf8_count("高新区ab", 11), 5);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_units_cjk_and_ascii),
        cmocka_unit_test(test_units_blanks_and_lines),
        cmocka_unit_test(test_units_invalid_and_empty),
        cmocka_unit_test(test_utf8),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
