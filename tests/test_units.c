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
#include "test_util.h"
#include "text/unit.h"

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
                         {"网", 5, 4}, {"2", 6, 5},  {".", 7, 6}, {"5", 8, 7}};
    check_units("新余5G网2.5", ex, sizeof ex / sizeof *ex);
}

static void test_units_blanks_and_lines(void **state)
{
    (void)state;
    /* A blank run is one unit; a line break leaves a position gap;
     * the ideographic space is a blank; zero-width characters vanish. */
    const expect ex[] = {{"a", 1, 0},  {" ", 2, 1}, {"b", 3, 4},  {"高", 5, 6},
                         {"新", 6, 8}, {" ", 7, 9}, {"区", 8, 10}};
    check_units("a \t b\n高\xE2\x80\x8B新\xE3\x80\x80区", ex, sizeof ex / sizeof *ex);
}

/* The run flags of the units of text, as a string: per unit 'S' (starts
 * a run of letters or digits), 'E' (ends one), 'B' (both: a run of one),
 * '-' (inside one) or '.' (no letter or digit). */
static void run_flags(const char *text, char *out)
{
    zc_unit_iter it;
    zc_unit u;
    zc_unit_iter_init(&it, text, strlen(text));
    size_t i = 0;
    while (zc_unit_next(&it, &u)) {
        int cls = u.cp < 0x80 ? zc_unit_run_class(u.cp) : 0;
        out[i++] = !cls                                             ? (u.run ? '!' : '.')
                   : u.run == (ZC_UNIT_RUN_START | ZC_UNIT_RUN_END) ? 'B'
                   : u.run == ZC_UNIT_RUN_START                     ? 'S'
                   : u.run == ZC_UNIT_RUN_END                       ? 'E'
                                                                    : '-';
    }
    out[i] = '\0';
}

static void test_units_runs(void **state)
{
    (void)state;
    char got[64];
    /* Letters and digits are runs of their own kind; a line break ends
     * one, a zero-width character does not. */
    run_flags("新余5G网2.5 domain\nAI\xE2\x80\x8BX 27GWh", got);
    assert_string_equal(got, "..BB.B.B.S----E"
                             "S-E."
                             "SES-E");
    /* The same, character by character against a reference, on random
     * texts of letters, digits, Han, blanks, line breaks and ZWSP. */
    static const char *const pieces[] = {"a", "Z", "1", "0", "新", "-", "\n", "\xE2\x80\x8B", "%"};
    uint64_t rng = 7;
    for (int round = 0; round < 2000; round++) {
        char text[128] = "", want[64];
        int cls[32], n = 0, gap[32];
        int pending_gap = 0;
        size_t len = 1 + (size_t)round % 20;
        for (size_t k = 0; k < len; k++) {
            rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
            const char *p = pieces[(rng >> 33) % 9];
            strcat(text, p);
            if (!strcmp(p, "\n")) {
                pending_gap = 1;
            } else if (strcmp(p, "\xE2\x80\x8B")) {
                cls[n] = zc_unit_run_class((unsigned char)p[0]);
                gap[n++] = pending_gap;
                pending_gap = 0;
            }
        }
        int m = n;
        run_flags(text, got);
        assert_int_equal((int)strlen(got), m);
        for (int k = 0; k < m; k++) {
            int start = cls[k] && (k == 0 || gap[k] || cls[k - 1] != cls[k]);
            int end = cls[k] && (k + 1 == m || gap[k + 1] || cls[k + 1] != cls[k]);
            want[k] = !cls[k] ? '.' : start && end ? 'B' : start ? 'S' : end ? 'E' : '-';
        }
        want[m] = '\0';
        if (strcmp(got, want))
            fail_msg("[%s]: run flags %s, expected %s", text, got, want);
    }
}

/* The same rule read on the text: where a stretch begins and ends. */
static void test_units_whole_runs(void **state)
{
    (void)state;
    const char *t = "domain AI 27GWh 15% a\xE2\x80\x8B"
                    "b\n2025年";
    size_t len = strlen(t);
    const struct {
        const char *s;
        int whole;
    } cases[] = {{"ai", 0}, {"AI", 1},  {"domain", 1}, {"GWh", 1}, {"7GWh", 0}, {"27", 1},
                 {"5%", 0}, {"15%", 1}, {"a", 0},      {"b", 0},   {"2025", 1}, {"025", 0}};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const char *at = strstr(t, cases[i].s);
        assert_non_null(at);
        if (zc_unit_whole_runs(t, len, (size_t)(at - t), strlen(cases[i].s)) != cases[i].whole)
            fail_msg("%s: whole %d expected", cases[i].s, cases[i].whole);
    }
    assert_int_equal(zc_unit_whole_runs(t, len, 0, 0), 1);
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
    assert_int_equal(zc_utf8_decode("\xC0\x80", 2, &cp), 0);     /* overlong */
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
    /* The validator's fast paths (ASCII eight bytes at a time, runs of
     * three-byte sequences) find the first bad sequence all the same. */
    static const struct {
        const char *s;
        size_t bad;
    } bads[] = {
        {"ab\xC0\xAF", 2},            /* overlong */
        {"\xE0\x80\xAF", 0},          /* overlong */
        {"x\xED\xA0\x80", 1},         /* surrogate */
        {"\xF4\x90\x80\x80", 0},      /* above U+10FFFF */
        {"\xE6\x96", 0},              /* truncated */
        {"新\x80", 3},                /* stray continuation */
        {"abcdefgh\xFF", 8},          /* after a fast ASCII run */
        {"高新区高新区\xE9\xAB", 18}, /* a run of Han cut short */
        {"高新区\xED\xA0\x80新", 9},  /* a surrogate inside a run */
    };
    for (size_t k = 0; k < sizeof bads / sizeof *bads; k++) {
        size_t off = 999;
        assert_false(zc_utf8_valid(bads[k].s, strlen(bads[k].s), &off));
        assert_int_equal(off, bads[k].bad);
    }
    const char *good = "新余市2024年政府工作报告 Report — 𠀀\xC2\xA0"
                       "end";
    assert_true(zc_utf8_valid(good, strlen(good), NULL));
}

/* The unit split written the plain way, to hold the iterator's fast paths
 * to: decode every character first (invalid bytes as one U+FFFD each),
 * then walk the characters. out has room for len units. */
typedef struct ref_char {
    size_t b0, blen;
    uint32_t cp;
} ref_char;

static size_t ref_units(const char *s, size_t len, zc_unit *out)
{
    ref_char *ch = malloc((len + 1) * sizeof *ch);
    assert_non_null(ch);
    size_t nch = 0;
    for (size_t b = 0; b < len; nch++) {
        uint32_t cp;
        size_t k = zc_utf8_decode(s + b, len - b, &cp);
        ch[nch] = (ref_char){b, k ? k : 1, cp};
        b += k ? k : 1;
    }
    size_t n = 0;
    uint32_t pos = 0;
    int gap = 0;
    for (size_t i = 0; i < nch;) {
        uint32_t cp = ch[i].cp;
        if (zc_is_newline(cp)) {
            gap = 1;
            i++;
            continue;
        }
        if (zc_is_zero_width(cp) || cp == 0) {
            i++;
            continue;
        }
        zc_unit *u = &out[n++];
        size_t j = i + 1;
        if (zc_is_space(cp)) {
            while (j < nch && zc_is_space(ch[j].cp))
                j++;
            cp = ' ';
        } else if (cp >= 'A' && cp <= 'Z') {
            cp += 'a' - 'A';
        }
        pos += gap ? 2 : 1;
        gap = 0;
        u->byte_off = ch[i].b0;
        u->byte_len = ch[j - 1].b0 + ch[j - 1].blen - ch[i].b0;
        u->char_off = i;
        u->char_len = j - i;
        u->pos = pos;
        u->cp = cp;
        u->term_len = zc_utf8_encode(cp, u->term);
        u->term[u->term_len] = '\0';
        i = j;
    }
    free(ch);
    return n;
}

/* The iterator gives the reference's units, every field of every unit. */
static void check_ref(const char *s, size_t len)
{
    zc_unit *want = malloc((len + 1) * sizeof *want);
    assert_non_null(want);
    size_t n = ref_units(s, len, want);
    zc_unit_iter it;
    zc_unit u;
    zc_unit_iter_init(&it, s, len);
    size_t i = 0;
    for (; zc_unit_next(&it, &u); i++) {
        if (i >= n)
            fail_msg("unit %zu at byte %zu: the reference has %zu units", i, u.byte_off, n);
        const zc_unit *w = &want[i];
        if (u.byte_off != w->byte_off || u.byte_len != w->byte_len || u.char_off != w->char_off ||
            u.char_len != w->char_len || u.pos != w->pos || u.cp != w->cp ||
            u.term_len != w->term_len || memcmp(u.term, w->term, w->term_len + 1) != 0)
            fail_msg("unit %zu at byte %zu: got %zu+%zu c%zu+%zu pos %u U+%04X term len %zu, "
                     "want %zu+%zu c%zu+%zu pos %u U+%04X term len %zu",
                     i, w->byte_off, u.byte_off, u.byte_len, u.char_off, u.char_len, u.pos, u.cp,
                     u.term_len, w->byte_off, w->byte_len, w->char_off, w->char_len, w->pos, w->cp,
                     w->term_len);
    }
    assert_int_equal(i, n);
    assert_int_equal(zc_unit_next(&it, &u), 0);
    free(want);
}

/* Every code point (surrogates encoded too, as invalid bytes), doubled so
 * that blank runs and line-break gaps show, between two letters. */
static void test_units_every_code_point(void **state)
{
    (void)state;
    for (uint32_t cp = 0; cp <= 0x10FFFF; cp++) {
        char s[16];
        size_t n = 0;
        s[n++] = 'a';
        n += zc_utf8_encode(cp, s + n);
        n += zc_utf8_encode(cp, s + n);
        s[n++] = 'Z';
        check_ref(s, n);
    }
}

/* Every 1- and 2-byte string, and every 3-byte one with a 3-byte lead
 * (the fast path's guards: overlong forms, surrogates, bad or missing
 * continuation bytes), at the end of the text and before more text. */
static void test_units_every_short_sequence(void **state)
{
    (void)state;
    for (unsigned b0 = 0; b0 < 256; b0++) {
        for (unsigned b1 = 0; b1 < 256; b1++) {
            char s[8] = {(char)b0, (char)b1, 'x'};
            check_ref(s, 1);
            check_ref(s, 2);
            check_ref(s, 3);
            if (b0 < 0xE0 || b0 > 0xEF)
                continue;
            for (unsigned b2 = 0; b2 < 256; b2++) {
                s[2] = (char)b2;
                check_ref(s, 3);
            }
        }
    }
}

static void check_file(void *ctx, const char *name, const char *path, char *data, size_t len)
{
    (void)name;
    (void)path;
    (*(size_t *)ctx)++;
    check_ref(data, len);
}

static void test_units_corpus(void **state)
{
    (void)state;
    char *dir = zc_test_source_path("corpus");
    size_t files = 0;
    long n = zc_test_each_file(dir, NULL, ".txt", check_file, &files);
    free(dir);
    assert_true(n > 0);
    assert_int_equal((size_t)n, files);
}

/* Random mixes of the pieces text is made of. */
static uint64_t rnd(uint64_t *x)
{
    *x ^= *x << 13;
    *x ^= *x >> 7;
    *x ^= *x << 17;
    return *x;
}

static void test_units_random(void **state)
{
    (void)state;
    static const char *const pieces[] = {
        "高",
        "新",
        "区",
        "。",
        "，",
        "“",
        "”",
        "—",
        "…",
        "、",
        "（",
        "）",
        "\xEF\xBC\x81",
        "a",
        "Z",
        "G",
        "w",
        "h",
        "0",
        "9",
        ".",
        "%",
        "-",
        "~",
        "\x7F",
        "\x01",
        " ",
        "  ",
        "\t",
        "\xC2\xA0",
        "\xE3\x80\x80",
        "\xE2\x80\x82",
        "\xE1\x9A\x80",
        "\xE2\x80\xAF",
        "\xE2\x81\x9F",
        "\n",
        "\r\n",
        "\r",
        "\x0B",
        "\x0C",
        "\xC2\x85",
        "\xE2\x80\xA8",
        "\xE2\x80\xA9",
        "\xE2\x80\x8B",
        "\xE2\x80\x8D",
        "\xE2\x81\xA0",
        "\xEF\xBB\xBF",
        "\xC2\xAD",
        "\xEF\xBF\xBD",
        "\xC3\xA9",
        "\xF0\xA0\x80\x80",
        "\xFF",
        "\x80",
        "\xC0\x80",
        "\xE0\x80\x80",
        "\xE0\xA0\x80",
        "\xED\xA0\x80",
        "\xED\x9F\xBF",
        "\xF4\x90\x80\x80",
        "\xE9\xAB",
        "\xE9",
        "\xF0\xA0\x80",
        "\xC2",
    };
    const size_t npieces = sizeof pieces / sizeof *pieces;
    uint64_t x = 0x9E3779B97F4A7C15u;
    char s[1024];
    for (int round = 0; round < 5000; round++) {
        size_t len = 0, k = rnd(&x) % 120;
        for (size_t j = 0; j < k; j++) {
            /* Mostly CJK, as in the reports. */
            size_t p = rnd(&x) % 4 ? rnd(&x) % 13 : rnd(&x) % npieces;
            size_t n = strlen(pieces[p]);
            memcpy(s + len, pieces[p], n);
            len += n;
        }
        if (len && rnd(&x) % 4 == 0)
            len -= rnd(&x) % 3 % len; /* cut, maybe inside a character */
        check_ref(s, len);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_units_cjk_and_ascii),
        cmocka_unit_test(test_units_blanks_and_lines),
        cmocka_unit_test(test_units_invalid_and_empty),
        cmocka_unit_test(test_units_runs),
        cmocka_unit_test(test_units_whole_runs),
        cmocka_unit_test(test_utf8),
        cmocka_unit_test(test_units_every_code_point),
        cmocka_unit_test(test_units_every_short_sequence),
        cmocka_unit_test(test_units_corpus),
        cmocka_unit_test(test_units_random),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
