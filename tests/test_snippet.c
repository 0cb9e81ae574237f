/* Snippets: the window around the densest cluster, further fragments for
 * far-apart patterns, sentence starts, exact and merged highlights, and
 * large or empty inputs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "common/utf8.h"
#include "searcher/snippet.h"
#include "test_util.h"
#include "text/unit.h"

/* Patterns from strings, split into units as the index splits text. */
static zc_pattern *make_pats(const char *const *strs, size_t n)
{
    zc_pattern *p = calloc(n ? n : 1, sizeof *p);
    assert_non_null(p);
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(strs[i]);
        p[i].terms = calloc(len ? len : 1, sizeof *p[i].terms);
        assert_non_null(p[i].terms);
        zc_unit_iter it;
        zc_unit u;
        zc_unit_iter_init(&it, strs[i], len);
        while (zc_unit_next(&it, &u))
            memcpy(p[i].terms[p[i].n++], u.term, sizeof u.term);
    }
    return p;
}

static void free_pats(zc_pattern *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(p[i].terms);
    free(p);
}

static size_t nchars(const char *s)
{
    return zc_utf8_count(s, strlen(s));
}

/* The highlighted characters of a snippet, each span followed by '|'. */
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

/* Snippets text for the patterns (a NULL-terminated list) and checks the
 * text (unless want_text is NULL) and the highlighted parts. */
static void snippet_case(const char *text, const char *const *strs, size_t len,
                         const char *want_text, const char *want_marked)
{
    size_t n = 0;
    while (strs[n])
        n++;
    zc_pattern *p = make_pats(strs, n);
    zc_error err;
    zc_snippet s;
    assert_int_equal(zc_snip_make(text, strlen(text), p, n, len, &s, &err), ZC_OK);
    if (want_text)
        assert_string_equal(s.text, want_text);
    char *m = marked(&s);
    assert_string_equal(m, want_marked);
    free(m);
    zc_snip_free(&s);
    free_pats(p, n);
}

#define PATS(...) ((const char *const[]){__VA_ARGS__, NULL})

static void test_basics(void **state)
{
    (void)state;
    /* Whole matches, case-folded Latin, line breaks shown as one space. */
    snippet_case("新余高新区\n\n发展5G网络", PATS("高新区", "5g"), 120, "新余高新区 发展5G网络",
                 "高新区|5G|");
    /* A window cut on both sides, with the match inside. */
    snippet_case("一二三四五六七八九十高新区一二三四五六七八九十", PATS("高新区"), 11,
                 "…九十高新区一二三四…", "高新区|");
    /* No match: the start of the text, nothing marked. */
    snippet_case("一二三", PATS("四"), 120, "一二三", "");
    /* A phrase across a line break is no match. */
    snippet_case("高新\n区 高新区", PATS("高新区"), 120, "高新 区 高新区", "高新区|");
    /* Blanks beside a line break print as one space; a blank run is one
     * unit, matched and shown as one space. */
    snippet_case("规上 \n  工业\t\t增加值", PATS("工业 增加"), 120, "规上 工业 增加值",
                 "工业 增加|");
}

static void test_merged_highlights(void **state)
{
    (void)state;
    /* Overlapping matches, of one pattern or several, merge. */
    snippet_case("高新高新高", PATS("高新高", "新高新"), 120, "高新高新高", "高新高新高|");
    snippet_case("高新高新高", PATS("高新高"), 120, "高新高新高", "高新高新高|");
    /* Latin letters and digits match whole runs: not inside a longer one. */
    snippet_case("ababa aba", PATS("aba"), 120, "ababa aba", "aba|");
    snippet_case("domain AI 2025年 025号 15% 5%", PATS("ai", "025", "5%"), 120, NULL, "AI|025|5%|");
    snippet_case("27GWh 5G网络", PATS("gwh", "5g"), 120, NULL, "GWh|5G|");
    snippet_case("推进高新区建设", PATS("高新区", "新区建设"), 120, NULL, "高新区建设|");
    /* Adjacent matches stay apart; a pattern given twice counts once. */
    snippet_case("高新区高新区", PATS("高新区", "高新区"), 120, NULL, "高新区|高新区|");
}

static char *repeat(const char *unit, size_t times)
{
    size_t n = strlen(unit);
    char *s = malloc(n * times + 1);
    assert_non_null(s);
    for (size_t i = 0; i < times; i++)
        memcpy(s + i * n, unit, n);
    s[n * times] = '\0';
    return s;
}

static char *concat(const char *const *parts)
{
    size_t n = 0;
    for (size_t i = 0; parts[i]; i++)
        n += strlen(parts[i]);
    char *s = malloc(n + 1);
    assert_non_null(s);
    s[0] = '\0';
    for (size_t i = 0; parts[i]; i++)
        strcat(s, parts[i]);
    return s;
}

static void test_densest_cluster(void **state)
{
    (void)state;
    char *fill = repeat("的", 150);
    char *text = concat(PATS("新余高新区建设", fill, "发展5G网络，高新区5G基站", fill));
    zc_pattern *p = make_pats(PATS("高新区", "5g"), 2);
    zc_snippet s;
    zc_error err;
    assert_int_equal(zc_snip_make(text, strlen(text), p, 2, 40, &s, &err), ZC_OK);
    char *m = marked(&s);
    assert_string_equal(m, "5G|高新区|5G|");
    assert_non_null(strstr(s.text, "发展5G网络，高新区5G基站"));
    assert_true(nchars(s.text) <= 40);
    free(m);
    zc_snip_free(&s);
    free_pats(p, 2);
    free(text);
    free(fill);
}

static void test_fragments(void **state)
{
    (void)state;
    char *fill = repeat("的", 300);
    char *text = concat(PATS(fill, "锂电池", fill, "光伏产业", fill, "氢能", fill));
    /* Each fragment shows its pattern; text order; "…" joins them. */
    snippet_case(text, PATS("氢能", "锂电池", "光伏"), 120, NULL, "锂电池|光伏|氢能|");
    zc_pattern *p = make_pats(PATS("氢能", "锂电池", "光伏"), 3);
    zc_snippet s;
    zc_error err;
    assert_int_equal(zc_snip_make(text, strlen(text), p, 3, 120, &s, &err), ZC_OK);
    size_t dots = 0;
    for (const char *q = s.text; (q = strstr(q, "…")); q += strlen("…"))
        dots++;
    assert_int_equal(dots, 4);
    assert_true(nchars(s.text) <= 120);
    assert_true(nchars(s.text) >= 100);
    zc_snip_free(&s);
    /* Two patterns far apart: two fragments, each about half. */
    assert_int_equal(zc_snip_make(text, strlen(text), p + 1, 2, 120, &s, &err), ZC_OK);
    char *m = marked(&s);
    assert_string_equal(m, "锂电池|光伏|");
    free(m);
    assert_true(nchars(s.text) <= 120);
    zc_snip_free(&s);
    /* Near each other: one fragment holds both. */
    char *near = concat(PATS(fill, "锂电池和光伏", fill));
    assert_int_equal(zc_snip_make(near, strlen(near), p + 1, 2, 120, &s, &err), ZC_OK);
    assert_non_null(strstr(s.text, "锂电池和光伏"));
    dots = 0;
    for (const char *q = s.text; (q = strstr(q, "…")); q += strlen("…"))
        dots++;
    assert_int_equal(dots, 2);
    zc_snip_free(&s);
    free_pats(p, 3);
    free(near);
    free(text);
    free(fill);
}

static void test_sentence_start(void **state)
{
    (void)state;
    char *fill = repeat("的", 60);
    /* A sentence starts 2 characters before the match: begin there. */
    char *text = concat(PATS(fill, "。本市高新区建设取得进展", fill));
    zc_pattern *p = make_pats(PATS("高新区"), 1);
    zc_snippet s;
    zc_error err;
    assert_int_equal(zc_snip_make(text, strlen(text), p, 1, 40, &s, &err), ZC_OK);
    assert_true(strncmp(s.text, "本市高新区", strlen("本市高新区")) == 0);
    assert_true(nchars(s.text) <= 40);
    zc_snip_free(&s);
    /* The same after a line break. */
    char *text2 = concat(PATS(fill, "\n  本市高新区建设取得进展", fill));
    assert_int_equal(zc_snip_make(text2, strlen(text2), p, 1, 40, &s, &err), ZC_OK);
    assert_true(strncmp(s.text, "本市高新区", strlen("本市高新区")) == 0);
    zc_snip_free(&s);
    /* Too far before the match: a cut marked "…", the match kept near
     * the front. */
    char *text3 = concat(PATS(fill, "。本市今年以来全力推进的各项重点工作中高新区建设", fill));
    assert_int_equal(zc_snip_make(text3, strlen(text3), p, 1, 40, &s, &err), ZC_OK);
    assert_true(strncmp(s.text, "…", strlen("…")) == 0);
    assert_null(strstr(s.text, "本市"));
    assert_non_null(strstr(s.text, "高新区"));
    zc_snip_free(&s);
    free_pats(p, 1);
    free(text);
    free(text2);
    free(text3);
    free(fill);
}

static void test_empty(void **state)
{
    (void)state;
    zc_pattern *p = make_pats(PATS("高新区"), 1);
    zc_snippet s;
    zc_error err;
    assert_int_equal(zc_snip_make("", 0, p, 1, 120, &s, &err), ZC_OK);
    assert_string_equal(s.text, "");
    assert_int_equal(s.n_hl, 0);
    zc_snip_free(&s);
    /* No patterns (a title or filter match): the start of the text. */
    char *fill = repeat("一", 200);
    assert_int_equal(zc_snip_make(fill, strlen(fill), NULL, 0, 120, &s, &err), ZC_OK);
    assert_int_equal(nchars(s.text), 120);
    assert_true(strncmp(s.text, "一一", strlen("一一")) == 0);
    assert_non_null(strstr(s.text, "一…"));
    assert_int_equal(s.n_hl, 0);
    zc_snip_free(&s);
    /* An empty pattern matches nothing. */
    zc_pattern empty = {NULL, 0};
    assert_int_equal(zc_snip_make("一二三", strlen("一二三"), &empty, 1, 120, &s, &err), ZC_OK);
    assert_string_equal(s.text, "一二三");
    assert_int_equal(s.n_hl, 0);
    zc_snip_free(&s);
    /* Invalid bytes show as U+FFFD; NUL bytes vanish. */
    assert_int_equal(zc_snip_make("a\xFF\0b", 4, p, 1, 120, &s, &err), ZC_OK);
    assert_string_equal(s.text, "a\xEF\xBF\xBD"
                                "b");
    zc_snip_free(&s);
    free(fill);
    free_pats(p, 1);
}

static void check_valid_snippet(const zc_snippet *s, size_t maxlen)
{
    assert_true(zc_utf8_valid(s->text, strlen(s->text), NULL));
    size_t n = nchars(s->text);
    assert_true(n <= maxlen);
    for (size_t k = 0; k < s->n_hl; k++) {
        assert_true(s->hl[2 * k] < s->hl[2 * k + 1]);
        assert_true(s->hl[2 * k + 1] <= n);
        if (k)
            assert_true(s->hl[2 * k - 1] <= s->hl[2 * k]);
    }
}

static void test_large(void **state)
{
    (void)state;
    /* 10 MB on one line; matches near the start, in the middle and at the
     * end, far beyond the collecting horizon. */
    const char *unit = "经济社会发展取得新成效，";
    size_t times = (10u << 20) / strlen(unit);
    char *text = repeat(unit, times);
    size_t len = strlen(text);
    memcpy(text + 36 * 100, "锂电池", strlen("锂电池"));
    memcpy(text + 36 * (times / 2), "光伏产业", strlen("光伏产业"));
    memcpy(text + len - 36, "氢能", strlen("氢能"));
    zc_pattern *p = make_pats(PATS("锂电池", "光伏", "氢能", "新成效"), 4);
    zc_snippet s;
    zc_error err;
    assert_int_equal(zc_snip_make(text, len, p, 3, 120, &s, &err), ZC_OK);
    check_valid_snippet(&s, 120);
    char *m = marked(&s);
    assert_non_null(strstr(m, "锂电池|"));
    free(m);
    zc_snip_free(&s);
    /* Only the far patterns: found by skipping, not splitting, the text. */
    assert_int_equal(zc_snip_make(text, len, p + 1, 2, 120, &s, &err), ZC_OK);
    check_valid_snippet(&s, 120);
    m = marked(&s);
    assert_string_equal(m, "光伏|");
    free(m);
    zc_snip_free(&s);
    assert_int_equal(zc_snip_make(text, len, p + 2, 1, 120, &s, &err), ZC_OK);
    m = marked(&s);
    assert_string_equal(m, "氢能|");
    free(m);
    zc_snip_free(&s);
    /* A pattern matching everywhere: collecting stops early. */
    assert_int_equal(zc_snip_make(text, len, p + 3, 1, 120, &s, &err), ZC_OK);
    check_valid_snippet(&s, 120);
    assert_true(s.n_hl >= 5);
    zc_snip_free(&s);
    free_pats(p, 4);
    free(text);
}

/* Random texts and patterns from the corpus. */

typedef struct corpus {
    char *text[16];
    size_t len[16];
    size_t n;
} corpus;

static void add_file(void *ctx, const char *name, const char *path, char *data, size_t len)
{
    (void)name;
    (void)path;
    corpus *c = ctx;
    if (c->n < 16) {
        c->text[c->n] = malloc(len + 1);
        assert_non_null(c->text[c->n]);
        memcpy(c->text[c->n], data, len + 1);
        c->len[c->n++] = len;
    }
}

static uint64_t rnd(uint64_t *x)
{
    *x ^= *x << 13;
    *x ^= *x >> 7;
    *x ^= *x << 17;
    return *x;
}

typedef struct ounit {
    size_t c0, c1;
    uint32_t pos;
    unsigned run; /* text/unit.h */
    char term[8];
} ounit;

static size_t split(const char *s, size_t len, ounit **out)
{
    ounit *v = malloc((len + 1) * sizeof *v);
    assert_non_null(v);
    size_t n = 0;
    zc_unit_iter it;
    zc_unit u;
    zc_unit_iter_init(&it, s, len);
    while (zc_unit_next(&it, &u)) {
        v[n].c0 = u.char_off;
        v[n].c1 = u.char_off + u.char_len;
        v[n].pos = u.pos;
        v[n].run = u.run;
        memcpy(v[n].term, u.term, 8);
        n++;
    }
    *out = v;
    return n;
}

/* A pattern of 1-6 units of one line of the text, without blanks or
 * "…" (those can also arise where the snippet joins or folds text). */
static int random_pattern(const ounit *u, size_t n, uint64_t *seed, zc_pattern *p)
{
    if (n == 0)
        return 0;
    size_t at = rnd(seed) % n, k = 1 + rnd(seed) % 6;
    if (at + k > n)
        return 0;
    for (size_t j = 0; j < k; j++) {
        if (u[at + j].pos != u[at].pos + j || !strcmp(u[at + j].term, " ") ||
            !strcmp(u[at + j].term, "…"))
            return 0;
    }
    p->terms = malloc(k * sizeof *p->terms);
    assert_non_null(p->terms);
    for (size_t j = 0; j < k; j++)
        memcpy(p->terms[j], u[at + j].term, 8);
    p->n = k;
    return 1;
}

/* Whether the unit term is a letter or a digit, whose runs match whole. */
static int in_run(const char *t)
{
    return t[0] && !t[1] && zc_unit_run_class((unsigned char)t[0]);
}

/* Whether p occurs at unit i, its letters and digits at its edges whole
 * runs: 1 it does, 0 it does not, 2 it may (where the unit beside such an
 * edge is "…", the snippet's cut may stand for more of the run, which the
 * snippet cannot tell). */
static int occurs_at(const ounit *u, size_t n, size_t i, const zc_pattern *p)
{
    if (i + p->n > n)
        return 0;
    for (size_t j = 0; j < p->n; j++)
        if (u[i + j].pos != u[i].pos + j || strcmp(u[i + j].term, p->terms[j]))
            return 0;
    size_t z = i + p->n - 1;
    int cut = 0;
    if (in_run(p->terms[0])) {
        if (i > 0 && u[i - 1].pos + 1 == u[i].pos && !strcmp(u[i - 1].term, "…"))
            cut = 1;
        else if (!(u[i].run & ZC_UNIT_RUN_START))
            return 0;
    }
    if (in_run(p->terms[p->n - 1])) {
        if (z + 1 < n && u[z + 1].pos == u[z].pos + 1 && !strcmp(u[z + 1].term, "…"))
            cut = 1;
        else if (!(u[z].run & ZC_UNIT_RUN_END))
            return 0;
    }
    return cut ? 2 : 1;
}

/* Every occurrence of a pattern in the snippet lies in a highlight, and
 * every highlight is exactly a chain of overlapping occurrences. */
static void check_highlights(const zc_snippet *s, const zc_pattern *pats, size_t np)
{
    ounit *u;
    size_t n = split(s->text, strlen(s->text), &u);
    size_t *reach = calloc(s->n_hl + 1, sizeof *reach);
    assert_non_null(reach);
    for (size_t k = 0; k < s->n_hl; k++)
        reach[k] = s->hl[2 * k];
    /* Occurrences by start, so chains can be followed in one pass. */
    for (size_t i = 0; i < n; i++) {
        for (size_t p = 0; p < np; p++) {
            int occ = occurs_at(u, n, i, &pats[p]);
            if (!occ)
                continue;
            size_t a = u[i].c0, z = u[i + pats[p].n - 1].c1, k = 0;
            while (k < s->n_hl && !(s->hl[2 * k] <= a && z <= s->hl[2 * k + 1]))
                k++;
            if (k == s->n_hl && occ == 2)
                continue; /* not one after all */
            if (k == s->n_hl)
                fail_msg("unhighlighted occurrence at %zu in \"%s\"", a, s->text);
            /* It continues the chain: starts at or inside what is covered. */
            if (a == s->hl[2 * k] ? 0 : a >= reach[k])
                fail_msg("highlight %zu of \"%s\" is no chain of matches", k, s->text);
            if (z > reach[k])
                reach[k] = z;
        }
    }
    for (size_t k = 0; k < s->n_hl; k++)
        if (reach[k] != s->hl[2 * k + 1])
            fail_msg("highlight %zu of \"%s\" is not covered by matches", k, s->text);
    free(reach);
    free(u);
}

static void test_random_corpus(void **state)
{
    (void)state;
    char *dir = zc_test_source_path("corpus");
    corpus c = {{0}, {0}, 0};
    assert_true(zc_test_each_file(dir, NULL, ".txt", add_file, &c) > 0);
    free(dir);
    ounit *units[16];
    size_t nunits[16];
    for (size_t f = 0; f < c.n; f++)
        nunits[f] = split(c.text[f], c.len[f], &units[f]);
    uint64_t seed = 0x9E3779B97F4A7C15u;
    for (int round = 0; round < 400; round++) {
        size_t f = rnd(&seed) % c.n, np = 0;
        zc_pattern pats[4];
        size_t want = 1 + rnd(&seed) % 4;
        for (int tries = 0; np < want && tries < 50; tries++) {
            /* Mostly from this text; sometimes from another one. */
            size_t g = rnd(&seed) % 4 ? f : rnd(&seed) % c.n;
            np += (size_t)random_pattern(units[g], nunits[g], &seed, &pats[np]);
        }
        size_t len = 20 + rnd(&seed) % 200;
        zc_snippet s;
        zc_error err;
        assert_int_equal(zc_snip_make(c.text[f], c.len[f], pats, np, len, &s, &err), ZC_OK);
        check_valid_snippet(&s, len + 8);
        check_highlights(&s, pats, np);
        zc_snip_free(&s);
        for (size_t p = 0; p < np; p++)
            free(pats[p].terms);
    }
    for (size_t f = 0; f < c.n; f++) {
        free(units[f]);
        free(c.text[f]);
    }
}

/* Random bytes: CJK, Latin, blanks, line breaks, zero-width and invalid
 * sequences; the snippet stays valid UTF-8 with exact highlights. */
static void test_random_bytes(void **state)
{
    (void)state;
    static const char *const pieces[] = {
        "高", "新", "区",           "a",    "B",    "5",        " ", "\t",
        "\n", "。", "\xE2\x80\x8B", "\xFF", "\x80", "\xE9\xAB", "，"};
    uint64_t seed = 42;
    for (int round = 0; round < 300; round++) {
        char text[2048];
        size_t n = 0, want = rnd(&seed) % 400;
        for (size_t i = 0; i < want; i++) {
            const char *p = pieces[rnd(&seed) % (sizeof pieces / sizeof *pieces)];
            memcpy(text + n, p, strlen(p));
            n += strlen(p);
        }
        ounit *u;
        size_t nu = split(text, n, &u), np = 0;
        zc_pattern pats[3];
        for (int tries = 0; np < 3 && tries < 20; tries++)
            np += (size_t)random_pattern(u, nu, &seed, &pats[np]);
        size_t len = 10 + rnd(&seed) % 100;
        zc_snippet s;
        zc_error err;
        assert_int_equal(zc_snip_make(text, n, pats, np, len, &s, &err), ZC_OK);
        check_valid_snippet(&s, len + 8);
        check_highlights(&s, pats, np);
        zc_snip_free(&s);
        for (size_t p = 0; p < np; p++)
            free(pats[p].terms);
        free(u);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_basics),          cmocka_unit_test(test_merged_highlights),
        cmocka_unit_test(test_densest_cluster), cmocka_unit_test(test_fragments),
        cmocka_unit_test(test_sentence_start),  cmocka_unit_test(test_empty),
        cmocka_unit_test(test_large),           cmocka_unit_test(test_random_corpus),
        cmocka_unit_test(test_random_bytes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
