/* The unit splitter, UTF-8 helpers, query parsing and snippets: the
 * pieces exact matching is built from. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "common/utf8.h"
#include "dict/unit.h"
#include "searcher/search_internal.h"

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

static void test_query_parse(void **state)
{
    (void)state;
    zc_query *q;
    zc_error err;
    assert_int_equal(zc_query_parse("高新区  \"5G 网络\"\xE3\x80\x80锂", &q, &err), ZC_OK);
    assert_int_equal(q->n, 3);
    assert_string_equal(q->clauses[0].text, "高新区");
    assert_false(q->clauses[0].phrase);
    assert_string_equal(q->clauses[1].text, "5G 网络");
    assert_true(q->clauses[1].phrase);
    assert_string_equal(q->clauses[2].text, "锂");
    zc_query_free(q);

    assert_int_equal(zc_query_parse("\xE2\x80\x9C新质生产力\xE2\x80\x9D", &q, &err), ZC_OK);
    assert_int_equal(q->n, 1);
    assert_string_equal(q->clauses[0].text, "新质生产力");
    zc_query_free(q);

    assert_int_equal(zc_query_parse("a \"bc", &q, &err), ZC_ERR_QUERY);
    assert_non_null(strstr(err.message, "unbalanced quote at character 3"));
    assert_int_equal(zc_query_parse("   ", &q, &err), ZC_ERR_QUERY);
    assert_non_null(strstr(err.message, "empty query"));
    assert_int_equal(zc_query_parse("\xFF", &q, &err), ZC_ERR_QUERY);
}

/* The highlighted characters of a snippet, joined by '|'. */
static char *marked(const zc_snippet *s)
{
    char *out = calloc(1, strlen(s->text) * 2 + 16);
    size_t ci = 0, o = 0;
    for (size_t i = 0; s->text[i];) {
        size_t n = 1;
        while (((unsigned char)s->text[i + n] & 0xC0) == 0x80)
            n++;
        for (size_t k = 0; k < s->n_hl; k++) {
            if (ci >= s->hl[2 * k] && ci < s->hl[2 * k + 1]) {
                memcpy(out + o, s->text + i, n);
                o += n;
                if (ci + 1 == s->hl[2 * k + 1])
                    out[o++] = '|';
            }
        }
        i += n;
        ci++;
    }
    return out;
}

static void snippet_case(const char *text, const char *query, size_t len, const char *want_text,
                         const char *want_marked)
{
    zc_query *q;
    zc_pattern *p;
    zc_error err;
    zc_snippet s;
    assert_int_equal(zc_query_parse(query, &q, &err), ZC_OK);
    assert_int_equal(zc_query_patterns(q, &p, &err), ZC_OK);
    assert_int_equal(zc_snip_make(text, strlen(text), p, q->n, len, &s, &err), ZC_OK);
    if (want_text)
        assert_string_equal(s.text, want_text);
    char *m = marked(&s);
    assert_string_equal(m, want_marked);
    free(m);
    zc_snip_free(&s);
    zc_query_patterns_free(p, q->n);
    zc_query_free(q);
}

static void test_snippets(void **state)
{
    (void)state;
    /* Whole matches, case-folded Latin, line breaks shown as one space. */
    snippet_case("新余高新区\n\n发展5G网络", "高新区 5g", 120, "新余高新区 发展5G网络",
                 "高新区|5G|");
    /* A window cut on both sides, with the match inside. */
    snippet_case("一二三四五六七八九十高新区一二三四五六七八九十", "高新区", 9,
                 "…九十高新区一二三四…", "高新区|");
    /* Overlapping matches merge into one highlight. */
    snippet_case("ababa", "aba bab", 120, "ababa", "ababa|");
    /* No match: the start of the text, nothing marked. */
    snippet_case("一二三", "四", 120, "一二三", "");
    /* A phrase across a line break is no match. */
    snippet_case("高新\n区 高新区", "高新区", 120, NULL, "高新区|");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_units_cjk_and_ascii),
        cmocka_unit_test(test_units_blanks_and_lines),
        cmocka_unit_test(test_units_invalid_and_empty),
        cmocka_unit_test(test_utf8),
        cmocka_unit_test(test_query_parse),
        cmocka_unit_test(test_snippets),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
