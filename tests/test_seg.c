/* The segmenter: policy terms, numbers with units, mixed scripts, region
 * names, search mode, offsets, user words, bad input. Uses the dictionary
 * of the build. The `zhengce segment` command: test_cli_segment.c. */
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
#include "test_util.h"
#include "text/seg.h"
#include "text/unit.h"

typedef struct fixture {
    zc_dict *d;
    zc_seg *seg;
    char out[65536];
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    zc_error err;
    if (!f || zc_dict_open(NULL, &f->d, &err) || zc_seg_new(f->d, &f->seg, &err)) {
        fprintf(stderr, "setup: %s\n", err.message);
        return -1;
    }
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    zc_seg_free(f->seg);
    zc_dict_free(f->d);
    free(f);
    return 0;
}

/* The tokens of text joined by single spaces (SUB tokens included). */
static const char *cut(fixture *f, const char *text, zc_seg_mode mode, int flags)
{
    const zc_token *t;
    size_t n, o = 0;
    zc_error err;
    assert_int_equal(zc_seg_cut(f->seg, text, strlen(text), mode, flags, &t, &n, &err), ZC_OK);
    f->out[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        assert_true(o + t[i].byte_len + 2 < sizeof f->out);
        if (i)
            f->out[o++] = ' ';
        memcpy(f->out + o, text + t[i].byte_off, t[i].byte_len);
        o += t[i].byte_len;
    }
    f->out[o] = '\0';
    return f->out;
}

static const char *acc(fixture *f, const char *text)
{
    return cut(f, text, ZC_SEG_ACCURATE, 0);
}

/* Whether word is one of the tokens in the space-joined list. */
static int has_token(const char *list, const char *word)
{
    size_t wl = strlen(word);
    for (const char *p = list; (p = strstr(p, word)) != NULL; p++)
        if ((p == list || p[-1] == ' ') && (p[wl] == ' ' || p[wl] == '\0'))
            return 1;
    return 0;
}

#define assert_tokens(f, text, want) assert_string_equal(acc(f, text), want)
#define assert_has(list, word)                                                                     \
    do {                                                                                           \
        if (!has_token(list, word))                                                                \
            fail_msg("'%s' is not a token of '%s'", word, list);                                   \
    } while (0)

static void test_policy_terms(void **state)
{
    fixture *f = *state;
    const char *out = acc(f, "加快发展新质生产力，编制“十五五”规划，培育专精特新企业。");
    assert_has(out, "新质生产力");
    assert_has(out, "十五五");
    assert_has(out, "专精特新");
    assert_has(out, "“");
    assert_has(out, "。");
    assert_tokens(f, "新质生产力", "新质生产力");
    assert_tokens(f, "十五五", "十五五");
}

static void test_numbers_and_units(void **state)
{
    fixture *f = *state;
    const char *out = acc(f, "2025年地区生产总值增长5.8%，新增储能27GWh，PM2.5浓度下降。");
    assert_has(out, "2025年");
    assert_has(out, "5.8%");
    assert_has(out, "27GWh");
    assert_has(out, "PM2.5");
    assert_tokens(f, "建成2×100万千瓦机组", "建成 2×100万 千瓦 机组");
    assert_tokens(f, "投资1.5亿元", "投资 1.5亿 元");
    assert_tokens(f, "共1,000,000人", "共 1,000,000 人");
    assert_tokens(f, "占3/4", "占 3/4");
    assert_tokens(f, "10:30开会", "10:30 开会");
    assert_tokens(f, "气温-5℃", "气温 -5 ℃");
    assert_tokens(f, "2020-2025年", "2020 - 2025年");
    assert_has(acc(f, "10年来"), "10"); /* a duration, not a date */
    assert_tokens(f, "12月31日电", "12月 31日 电");
    assert_tokens(f, "第600架", "第600 架");
    /* Full-width digits as ASCII ones (the PKU text has them). */
    assert_tokens(f, "１９９７年１２月３１日", "１９９７年 １２月 ３１日");
    assert_tokens(f, "增长１２．５％", "增长 １２．５％");
    /* Chinese numerals. */
    assert_tokens(f, "二○○一年新年", "二○○一年 新年");
    assert_tokens(f, "十二月三十一日", "十二月 三十一日");
    assert_has(acc(f, "增长百分之三十"), "百分之三十");
    assert_has(acc(f, "第十四个五年规划"), "第十四");
}

static void test_mixed_scripts(void **state)
{
    fixture *f = *state;
    assert_tokens(f, "5G基站和AI大模型", "5G 基站 和 AI 大模型");
    assert_tokens(f, "COVID-19疫情", "COVID-19 疫情");
    assert_has(acc(f, "访问www.gov.cn获取"), "www.gov.cn");
    /* Dictionary words are matched case- and width-insensitively, the
     * text is output as it is. */
    assert_has(acc(f, "做B超检查"), "B超");
    assert_has(acc(f, "做b超检查"), "b超");
    assert_has(acc(f, "做Ｂ超检查"), "Ｂ超");
    assert_has(acc(f, "Привет мир"), "Привет");
}

static void test_regions(void **state)
{
    fixture *f = *state;
    assert_tokens(f, "新余市渝水区", "新余市 渝水区");
    const char *out = acc(f, "江西省新余市渝水区人民政府");
    assert_has(out, "江西省");
    assert_has(out, "新余市");
    assert_has(out, "渝水区");
    out = cut(f, "新余高新区", ZC_SEG_SEARCH, 0);
    assert_has(out, "新余");
    assert_has(out, "高新区");
}

static void test_search_mode(void **state)
{
    fixture *f = *state;
    const zc_token *t;
    size_t n;
    zc_error err;
    const char *text = "中华人民共和国";
    assert_int_equal(zc_seg_cut(f->seg, text, strlen(text), ZC_SEG_SEARCH, 0, &t, &n, &err), 0);
    assert_true(n > 2);
    /* Sub-words come first, flagged, inside the word that follows. */
    assert_true(t[n - 1].byte_len == strlen(text) && !(t[n - 1].flags & ZC_TOK_SUB));
    for (size_t i = 0; i + 1 < n; i++) {
        assert_true(t[i].flags & ZC_TOK_SUB);
        assert_true(t[i].unit_len == 2 || t[i].unit_len == 3);
    }
    assert_has(cut(f, text, ZC_SEG_SEARCH, 0), "共和国");
    /* Numbers get no sub-words. */
    assert_string_equal(cut(f, "2025年", ZC_SEG_SEARCH, 0), "2025年");
}

static void test_punctuation(void **state)
{
    fixture *f = *state;
    assert_tokens(f, "发展——改革……", "发展 —— 改革 ……");
    assert_tokens(f, "《政府工作报告》", "《 政府工作报告 》");
    const zc_token *t;
    size_t n;
    zc_error err;
    assert_int_equal(zc_seg_cut(f->seg, "，", 3, ZC_SEG_ACCURATE, 0, &t, &n, &err), 0);
    assert_int_equal(n, 1);
    assert_true(t[0].flags & ZC_TOK_PUNCT);
}

static void test_hmm(void **state)
{
    fixture *f = *state;
    /* jieba's example: the HMM finds 杭研, which no dictionary has. */
    const char *text = "他来到了网易杭研大厦";
    assert_has(acc(f, text), "杭研");
    const char *out = cut(f, text, ZC_SEG_ACCURATE, ZC_SEG_NO_HMM);
    assert_has(out, "杭");
    assert_has(out, "研");
    /* Frequent single words are not glued to an unknown neighbour. */
    assert_has(acc(f, "这是二是"), "是");
}

static void test_empty_and_blank(void **state)
{
    fixture *f = *state;
    const zc_token *t;
    size_t n = 99;
    zc_error err;
    assert_int_equal(zc_seg_cut(f->seg, "", 0, ZC_SEG_ACCURATE, 0, &t, &n, &err), 0);
    assert_int_equal(n, 0);
    const char *blank = " \t\xE3\x80\x80 \r\n ";
    assert_int_equal(zc_seg_cut(f->seg, blank, strlen(blank), ZC_SEG_SEARCH, 0, &t, &n, &err), 0);
    assert_int_equal(n, 0);
    /* Blanks separate and are never tokens; a blank run is one unit. */
    const char *text = "a  \t b\n高新区";
    assert_int_equal(zc_seg_cut(f->seg, text, strlen(text), ZC_SEG_ACCURATE, 0, &t, &n, &err), 0);
    assert_int_equal(n, 3);
    assert_int_equal(t[0].unit_off, 0);
    assert_int_equal(t[1].unit_off, 2);
    assert_int_equal(t[1].byte_off, 5);
    assert_int_equal(t[2].unit_off, 3);
    assert_int_equal(t[2].unit_len, 3);
    assert_int_equal(t[2].byte_len, 9);
}

static void test_invalid_utf8(void **state)
{
    fixture *f = *state;
    const zc_token *t;
    size_t n = 99;
    zc_error err;
    const char *bad = "新余\xE9\xAB高新区";
    assert_int_equal(zc_seg_cut(f->seg, bad, strlen(bad), ZC_SEG_ACCURATE, 0, &t, &n, &err),
                     ZC_ERR_ENCODING);
    assert_int_equal(n, 0);
    assert_int_equal(zc_seg_bad_offset(f->seg), 6);
    assert_non_null(strstr(err.message, "byte 6"));
    assert_int_equal(zc_seg_cut(f->seg, "ab\xFF", 3, ZC_SEG_ACCURATE, 0, &t, &n, &err),
                     ZC_ERR_ENCODING);
    assert_int_equal(zc_seg_bad_offset(f->seg), 2);
    /* The segmenter is usable again afterwards. */
    assert_tokens(f, "高新区", "高新区");
}

/* A token's entry, where the segmenter knows it, is the one a lookup of
 * its text finds. Returns how many tokens knew it. */
static size_t check_entries(fixture *f, const char *text, const zc_token *t, size_t n)
{
    size_t known = 0;
    for (size_t k = 0; k < n; k++) {
        if (t[k].entry == ZC_TOK_ENTRY_UNKNOWN)
            continue;
        known++;
        zc_dict_word w;
        int found = zc_dict_lookup(f->d, text + t[k].byte_off, t[k].byte_len, &w);
        if (!found != (t[k].entry == ZC_TOK_NO_ENTRY) || (found && w.entry != t[k].entry))
            fail_msg("token '%.*s': entry %u, lookup %s %u", (int)t[k].byte_len,
                     text + t[k].byte_off, t[k].entry, found ? "finds" : "finds none",
                     found ? w.entry : 0);
        assert_int_equal(zc_dict_entry_word_flags(f->d, t[k].entry),
                         zc_dict_word_flags(f->d, text + t[k].byte_off, t[k].byte_len));
    }
    return known;
}

/* Accurate-mode tokens cover every non-blank character once, in order,
 * and their unit offsets are those of text/unit.h. */
static void check_cover(fixture *f, const char *text, size_t len)
{
    const zc_token *t;
    size_t n;
    zc_error err;
    assert_int_equal(zc_seg_cut(f->seg, text, len, ZC_SEG_ACCURATE, 0, &t, &n, &err), 0);
    check_entries(f, text, t, n);
    zc_unit_iter it;
    zc_unit u;
    zc_unit_iter_init(&it, text, len);
    size_t k = 0, units = 0;
    while (zc_unit_next(&it, &u)) {
        if (u.cp == ' ') {
            units++;
            continue;
        }
        assert_true(k < n);
        if (u.byte_off == t[k].byte_off)
            assert_int_equal(t[k].unit_off, units);
        assert_true(u.byte_off >= t[k].byte_off &&
                    u.byte_off + u.byte_len <= t[k].byte_off + t[k].byte_len);
        if (u.byte_off + u.byte_len == t[k].byte_off + t[k].byte_len) {
            assert_int_equal(t[k].unit_len, units + 1 - t[k].unit_off);
            k++;
        }
        units++;
    }
    assert_int_equal(k, n);
}

static const char sample[] =
    "2026年政府工作报告：全省GDP增长5.2%，新余市渝水区建成27GWh储能项目，PM2.5下降"
    "（同比-3.1％）；“十五五”开局——推进AI+制造，1,200家专精特新企业…… ";

static void test_offsets(void **state)
{
    fixture *f = *state;
    check_cover(f, sample, strlen(sample));
    const char *mixed = "Ａ股 ５Ｇ\t\t网络\n\n第三季度 2025/3/5 10:30 C++ ○○ 二○○一 x";
    check_cover(f, mixed, strlen(mixed));
}

/* On the seeds, every word the route took from the dictionary comes with
 * its entry, and each entry is right. */
static void entries_of_file(void *ctx, const char *name, const char *path, char *data, size_t len)
{
    (void)name, (void)path;
    fixture *f = ctx;
    const zc_token *t;
    size_t n;
    zc_error err;
    assert_int_equal(zc_seg_cut(f->seg, data, len, ZC_SEG_ACCURATE, 0, &t, &n, &err), 0);
    size_t known = check_entries(f, data, t, n);
    assert_true(n > 1000);
    /* Only the HMM's words, numbers, Latin tokens and punctuation (atoms
     * the route does not walk) leave it to a lookup. */
    size_t walked = 0;
    for (size_t k = 0; k < n; k++)
        if (!(t[k].flags & (ZC_TOK_PUNCT | ZC_TOK_NUMBER | ZC_TOK_LATIN | ZC_TOK_HMM)))
            walked++;
    assert_int_equal(known, walked);
}

static void test_token_entries(void **state)
{
    char *dir = zc_test_source_path("corpus");
    assert_int_equal(zc_test_each_file(dir, NULL, ".txt", entries_of_file, *state), 5);
    free(dir);
}

static void test_long_line(void **state)
{
    fixture *f = *state;
    /* A 10 MB line: bounded scratch memory, everything covered. */
    size_t unit = strlen(sample), reps = 10 * 1000 * 1000 / unit + 1;
    char *big = malloc(unit * reps + 1);
    assert_non_null(big);
    for (size_t i = 0; i < reps; i++)
        memcpy(big + i * unit, sample, unit);
    check_cover(f, big, unit * reps);
    /* Without blanks or punctuation too (blocks are cut blindly). */
    for (size_t i = 0; i + 3 <= 3 * 1000 * 1000; i += 3)
        memcpy(big + i, "高", 3);
    check_cover(f, big, 3 * 1000 * 1000);
    free(big);
}

/* Cut a part at a time (zc_seg_cut_part), whatever the part size, a text
 * gives the tokens of the whole, in order and with the same offsets. */
static void parts_of_file(void *ctx, const char *name, const char *path, char *data, size_t len)
{
    (void)name, (void)path;
    fixture *f = ctx;
    const zc_token *t;
    size_t n;
    zc_error err;
    for (int mode = 0; mode < 2; mode++) {
        assert_int_equal(zc_seg_cut(f->seg, data, len, mode, 0, &t, &n, &err), ZC_OK);
        size_t total = n;
        zc_token *whole = malloc((n ? n : 1) * sizeof *whole);
        assert_non_null(whole);
        memcpy(whole, t, n * sizeof *whole);
        static const size_t sizes[] = {1, 7, 1000};
        for (size_t s = 0; s < sizeof sizes / sizeof *sizes; s++) {
            zc_seg_cursor c = ZC_SEG_CURSOR_INIT;
            size_t k = 0, parts = 0;
            while (c.pos < len) {
                size_t pos = c.pos;
                assert_int_equal(
                    zc_seg_cut_part(f->seg, data, len, mode, 0, &c, sizes[s], &t, &n, &err), ZC_OK);
                assert_true(c.pos > pos);
                assert_true(k + n <= total);
                for (size_t i = 0; i < n; i++, k++) {
                    const zc_token *a = &t[i], *b = &whole[k];
                    if (a->byte_off != b->byte_off || a->byte_len != b->byte_len ||
                        a->unit_off != b->unit_off || a->unit_len != b->unit_len ||
                        a->flags != b->flags || a->entry != b->entry)
                        fail_msg("mode %d, parts of %zu tokens: token %zu differs", mode, sizes[s],
                                 k);
                }
                parts++;
            }
            assert_int_equal(k, total);
            assert_true(parts > 1);
        }
        free(whole);
    }
}

static void test_parts(void **state)
{
    char *dir = zc_test_source_path("corpus");
    assert_int_equal(zc_test_each_file(dir, NULL, ".txt", parts_of_file, *state), 5);
    free(dir);
}

static void test_user_words(void **state)
{
    fixture *f = *state;
    zc_error err;
    assert_false(has_token(acc(f, "赣西新城区建设"), "赣西新城区"));
    assert_int_equal(zc_seg_add_word(f->seg, "赣西新城区", 0, "ns", &err), ZC_OK);
    assert_has(acc(f, "赣西新城区建设"), "赣西新城区");
    assert_has(cut(f, "赣西新城区建设", ZC_SEG_SEARCH, 0), "城区");
    /* Case-insensitive, and an explicit low frequency loses. */
    assert_int_equal(zc_seg_add_word(f->seg, "ABC新区", 0, NULL, &err), ZC_OK);
    assert_has(acc(f, "abc新区"), "abc新区");
    assert_int_equal(zc_seg_add_word(f->seg, "高新", 1e-3, NULL, &err), ZC_OK);
    assert_has(acc(f, "高新区"), "高新区");
    assert_int_equal(zc_seg_add_word(f->seg, "a b", 0, NULL, &err), ZC_ERR_INVALID);
    assert_int_equal(zc_seg_add_word(f->seg, "", 0, NULL, &err), ZC_ERR_INVALID);

    char *dir = zc_test_tmpdir();
    char *ok = zc_test_write_file(dir, "user.txt", "# comment\n\n赣东北新片区\n抚州高新 5000 ns\n",
                                  strlen("# comment\n\n赣东北新片区\n抚州高新 5000 ns\n"));
    assert_int_equal(zc_seg_load_user_dict(f->seg, ok, &err), ZC_OK);
    assert_has(acc(f, "赣东北新片区"), "赣东北新片区");
    char *bad =
        zc_test_write_file(dir, "bad.txt", "好词\n坏 词 1 2\n", strlen("好词\n坏 词 1 2\n"));
    assert_int_not_equal(zc_seg_load_user_dict(f->seg, bad, &err), ZC_OK);
    assert_non_null(strstr(err.message, "bad.txt:2"));
    char missing[4200];
    snprintf(missing, sizeof missing, "%s/none.txt", dir);
    assert_int_equal(zc_seg_load_user_dict(f->seg, missing, &err), ZC_ERR_NOT_FOUND);
    zc_test_rmtree(dir);
    free(dir);
    free(ok);
    free(bad);
}

static void test_two_segmenters(void **state)
{
    fixture *f = *state;
    zc_seg *other;
    zc_error err;
    assert_int_equal(zc_seg_new(f->d, &other, &err), ZC_OK);
    const zc_token *t1, *t2;
    size_t n1, n2;
    assert_int_equal(zc_seg_cut(other, sample, strlen(sample), 0, 0, &t2, &n2, &err), 0);
    assert_int_equal(zc_seg_cut(f->seg, sample, strlen(sample), 0, 0, &t1, &n1, &err), 0);
    assert_int_equal(n1, n2);
    assert_memory_equal(t1, t2, n1 * sizeof *t1);
    zc_seg_free(other);
    zc_seg_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_policy_terms),  cmocka_unit_test(test_numbers_and_units),
        cmocka_unit_test(test_mixed_scripts), cmocka_unit_test(test_regions),
        cmocka_unit_test(test_search_mode),   cmocka_unit_test(test_punctuation),
        cmocka_unit_test(test_hmm),           cmocka_unit_test(test_empty_and_blank),
        cmocka_unit_test(test_invalid_utf8),  cmocka_unit_test(test_offsets),
        cmocka_unit_test(test_token_entries), cmocka_unit_test(test_long_line),
        cmocka_unit_test(test_parts),         cmocka_unit_test(test_two_segmenters),
        cmocka_unit_test(test_user_words),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
