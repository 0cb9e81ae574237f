/* Input normalization: NFKC with kept Chinese punctuation, traditional →
 * simplified, case folding, errors, and the fast paths checked against the
 * reference computation on real and synthetic text. */
#include <dirent.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "common/buf.h"
#include "test_util.h"
#include "text/normalize.h"

/* A traditional (Taiwan) rendering of a paragraph of corpus/000. */
static const char trad_para[] =
    "新年伊始，贛西大地湧動著奮進的熱潮。2025年，新餘市在省委、省政府的堅強領導下，"
    "聚焦“走在前、勇爭先、善作為”的目標要求，統籌高質量發展和高水平安全。地區生產總值"
    "增長5.8%左右，規上工業增加值增長9.5%左右，主要經濟指標增速邁入全省“第一方陣”。";
static const char simp_para[] =
    "新年伊始，赣西大地涌动著奋进的热潮。2025年，新余市在省委、省政府的坚强领导下，"
    "聚焦“走在前、勇争先、善作为”的目标要求，统筹高质量发展和高水平安全。地区生产总值"
    "增长5.8%左右，规上工业增加值增长9.5%左右，主要经济指标增速迈入全省“第一方阵”。";

static zc_norm *new_norm(int flags)
{
    zc_norm *n = NULL;
    zc_error err;
    zc_error_clear(&err);
    int rc = zc_norm_new(flags, &n, &err);
    if (rc)
        fail_msg("zc_norm_new: %s", err.message);
    assert_non_null(n);
    return n;
}

/* Normalizes len bytes of s; fails the test on error. */
static char *norm_len(zc_norm *n, const char *s, size_t len, size_t *out_len)
{
    char *out = NULL;
    zc_error err;
    zc_error_clear(&err);
    int rc = zc_norm_text(n, s, len, &out, out_len, &err);
    if (rc)
        fail_msg("zc_norm_text: %s", err.message);
    assert_non_null(out);
    return out;
}

static char *norm(zc_norm *n, const char *s)
{
    return norm_len(n, s, strlen(s), NULL);
}

static void check(zc_norm *n, const char *in, const char *want)
{
    char *got = norm(n, in);
    assert_string_equal(got, want);
    free(got);
}

static void test_fullwidth_and_nfkc(void **state)
{
    (void)state;
    zc_norm *n = new_norm(ZC_NORM_DEFAULT);
    check(n, "ＡＢＣ１２３", "ABC123");
    check(n, "增长１２％，ＰＭ２．５＋ＧＤＰ", "增长12%，PM2.5+GDP");
    check(n, "新余\xE3\x80\x80高新区", "新余 高新区"); /* U+3000 */
    check(n,
          "a\xC2\xA0"
          "b",
          "a b"); /* NBSP */
    check(n, "①②③ ㎡ ℃ ㈠", "123 m2 °C (一)");
    /* Kangxi radical, compatibility ideograph U+F900 (→ 豈 U+8C48 → 岂),
     * full-width yen, quote, brackets, tilde and slash. */
    check(n, "⼀ \xEF\xA4\x80 ￥ ＂ ［］ ～ ／", "一 岂 ¥ \" [] ~ /");
    zc_norm *nf = new_norm(ZC_NORM_NFKC);
    check(nf, "\xEF\xA4\x80", "\xE8\xB1\x88");
    zc_norm_free(nf);
    /* Half-width katakana and the half-width ideographic full stop. */
    check(n, "ｶﾞ ｡ ､", "ガ 。 、");
    /* Canonical composition, also across what was split in the input. */
    check(n, "e\xCC\x81 A\xCC\x8A", "\xC3\xA9 \xC3\x85");
    /* Hangul jamo L V T compose into one syllable (U+D55C). */
    check(n, "\xE1\x84\x92\xE1\x85\xA1\xE1\x86\xAB", "\xED\x95\x9C");
    zc_norm_free(n);
}

static void test_kept_punctuation(void **state)
{
    (void)state;
    zc_norm *n = new_norm(ZC_NORM_DEFAULT);
    const char *kept = "一，二！三？四：五；（六）七……八";
    check(n, kept, kept);
    /* Not kept: these become ASCII. */
    check(n, "．－＝＜＞", ".-=<>");
    /* Presentation forms become the kept character, not ASCII. */
    check(n, "甲﹐乙︰丙﹙丁﹚戊︙", "甲，乙..丙（丁）戊…");
    /* A combining mark after a kept character does not undo it. */
    check(n, "，\xCC\x81", "，\xCC\x81");
    /* Without NFKC nothing is touched. */
    zc_norm *t = new_norm(ZC_NORM_T2S);
    check(t, "ＡＢＣ，經濟", "ＡＢＣ，经济");
    zc_norm_free(t);
    zc_norm_free(n);
}

static void test_traditional(void **state)
{
    (void)state;
    zc_norm *n = new_norm(ZC_NORM_DEFAULT);
    check(n, "經濟", "经济");
    check(n, "经济", "经济");
    /* OpenCC's t2s does not fold Japanese shinjitai. */
    check(n, "経済", "経済");
    check(n, trad_para, simp_para);
    /* Phrase level: 乾隆 stays, 幹部 and 乾燥 change. */
    check(n, "乾隆年間的幹部，乾燥", "乾隆年间的干部，干燥");
    /* Characters only phrases change, with nothing else to convert near. */
    check(n, "，反覆，", "，反复，");
    check(n, "要藉口嗎", "要借口吗");
    check(n, "。明瞭。沈默。衹得。牴牾。", "。明了。沉默。只得。抵牾。");
    check(n, "覆盖 沈阳", "覆盖 沈阳");
    /* t2s alone gives 塔什库尔乾红 (the phrase 乾紅 keeps 乾), whose 乾 converts
     * again: normalizing goes on until nothing changes, so it is idempotent. */
    check(n, "塔什庫爾乾紅", "塔什库尔干红");
    check(n, "塔什库尔乾红", "塔什库尔干红");
    /* Supplementary planes: U+29028 → U+2B55A; U+20000 stays. */
    check(n, "\xF0\xA9\x80\xA8\xF0\xA0\x80\x80經", "\xF0\xAB\x95\x9A\xF0\xA0\x80\x80经");
    zc_norm_free(n);
}

static void test_mixed(void **state)
{
    (void)state;
    zc_norm *n = new_norm(ZC_NORM_DEFAULT);
    check(n, "２０２５年，臺灣ＬＥＤ產業增長５％！ＰＭ２．５降至３５μｇ／ｍ³。",
          "2025年，台湾LED产业增长5%！PM2.5降至35μg/m3。");
    check(n, "Micro LED 顯示技術（第六屆）", "Micro LED 显示技术（第六届）");
    zc_norm_free(n);
}

static void test_empty(void **state)
{
    (void)state;
    zc_norm *n = new_norm(ZC_NORM_DEFAULT | ZC_NORM_CASEFOLD);
    size_t len = 99;
    char *s = norm_len(n, "", 0, &len);
    assert_string_equal(s, "");
    assert_int_equal(len, 0);
    free(s);
    s = norm_len(n, NULL, 0, &len);
    assert_string_equal(s, "");
    free(s);
    zc_norm_free(n);
}

static void expect_bad(zc_norm *n, const char *in, size_t len, size_t off)
{
    char *out = (char *)1;
    zc_error err;
    zc_error_clear(&err);
    assert_int_equal(zc_norm_text(n, in, len, &out, NULL, &err), ZC_ERR_ENCODING);
    assert_null(out);
    assert_int_equal(err.code, ZC_ERR_ENCODING);
    char want[64];
    snprintf(want, sizeof want, "byte offset %zu", off);
    if (!strstr(err.message, want))
        fail_msg("message '%s' lacks '%s'", err.message, want);
}

static void test_invalid_utf8(void **state)
{
    (void)state;
    static const int flag_sets[] = {ZC_NORM_DEFAULT, ZC_NORM_T2S, ZC_NORM_NFKC, 0,
                                    ZC_NORM_CASEFOLD};
    for (size_t f = 0; f < sizeof flag_sets / sizeof *flag_sets; f++) {
        zc_norm *n = new_norm(flag_sets[f]);
        expect_bad(n,
                   "ab\xFF"
                   "cd",
                   5, 2);
        expect_bad(n, "经济\xE7\xBB", 8, 6);     /* truncated at the end */
        expect_bad(n, "x\xC0\xAF", 3, 1);        /* overlong '/' */
        expect_bad(n, "经\xED\xA0\x80", 6, 3);   /* surrogate */
        expect_bad(n, "\xF4\x90\x80\x80", 4, 0); /* above U+10FFFF */
        expect_bad(n, "ＡＢ\x80", 7, 6);         /* stray continuation byte */
        /* zc_norm_append leaves the buffer as it was. */
        zc_buf b = ZC_BUF_INIT;
        zc_error err;
        assert_int_equal(zc_buf_puts(&b, "前文"), ZC_OK);
        assert_int_equal(zc_norm_append(n, "經濟\xFF", 7, &b, &err), ZC_ERR_ENCODING);
        assert_string_equal(b.data, "前文");
        assert_int_equal(zc_norm_append(n, "經濟", 6, &b, &err), ZC_OK);
        if (flag_sets[f] & ZC_NORM_T2S)
            assert_string_equal(b.data, "前文经济");
        else
            assert_string_equal(b.data, "前文經濟");
        zc_buf_free(&b);
        zc_norm_free(n);
    }
}

static void test_nul_bytes(void **state)
{
    (void)state;
    zc_norm *n = new_norm(ZC_NORM_DEFAULT);
    size_t len;
    char *s = norm_len(n, "經\0濟Ａ\0", 11, &len);
    assert_int_equal(len, 9);
    assert_memory_equal(s, "经\0济A\0", 10);
    free(s);
    zc_norm_free(n);
}

static void test_casefold(void **state)
{
    (void)state;
    zc_norm *d = new_norm(ZC_NORM_DEFAULT);
    check(d, "ABC Ａ Straße", "ABC A Straße");
    zc_norm_free(d);
    zc_norm *n = new_norm(ZC_NORM_DEFAULT | ZC_NORM_CASEFOLD);
    check(n, "ABC Ａ Straße ΣΑΣ Ⅻ 經濟GDP", "abc a strasse σασ xii 经济gdp");
    zc_norm_free(n);
    zc_norm *c = new_norm(ZC_NORM_CASEFOLD);
    check(c, "ABC Ａ É", "abc ａ é");
    zc_norm_free(c);
}

static void test_line_breaks(void **state)
{
    (void)state;
    zc_norm *n = new_norm(ZC_NORM_DEFAULT | ZC_NORM_CASEFOLD);
    check(n, "新余\n\n高新區\r\nＡ\rＢ\n", "新余\n\n高新区\r\na\rb\n");
    /* Line and paragraph separators, NEL, VT and FF stay as they are. */
    check(n, "甲\xE2\x80\xA8乙\xE2\x80\xA9丙\xC2\x85丁\x0B戊\x0C",
          "甲\xE2\x80\xA8乙\xE2\x80\xA9丙\xC2\x85丁\x0B戊\x0C");
    /* A line break between two halves of a phrase keeps them apart. */
    check(n, "反\n覆", "反\n覆");
    zc_norm_free(n);
}

static void test_flags_and_config(void **state)
{
    (void)state;
    zc_norm *n = (zc_norm *)1;
    zc_error err;
    assert_int_equal(zc_norm_new(0x40, &n, &err), ZC_ERR_INVALID);
    assert_null(n);
    assert_int_equal(zc_norm_new_config(ZC_NORM_T2S, "no-such-config.json", &n, &err),
                     ZC_ERR_NOT_FOUND);
    assert_null(n);
    assert_non_null(strstr(err.message, "no-such-config.json"));
    /* Another configuration works, without the fast path. */
    assert_int_equal(zc_norm_new_config(ZC_NORM_DEFAULT, "tw2s.json", &n, &err), ZC_OK);
    check(n, "經濟，ＡＢ", "经济，AB");
    assert_int_equal(zc_norm_flags(n), ZC_NORM_DEFAULT);
    zc_norm_free(n);
    zc_norm_free(NULL);
}

/* Reads corpus/NAME files of the source tree into *texts; returns how many. */
static size_t read_corpus(char **texts, size_t max)
{
    char *dir = zc_test_source_path("corpus");
    assert_non_null(dir);
    DIR *d = opendir(dir);
    if (!d)
        fail_msg("cannot open %s", dir);
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < max) {
        size_t l = strlen(e->d_name);
        if (l < 4 || strcmp(e->d_name + l - 4, ".txt") != 0)
            continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        texts[n] = zc_test_read_file(path, NULL);
        assert_non_null(texts[n]);
        n++;
    }
    closedir(d);
    free(dir);
    assert_true(n > 0);
    return n;
}

static void test_idempotent_on_corpus(void **state)
{
    (void)state;
    char *texts[32];
    size_t nt = read_corpus(texts, 32);
    zc_norm *n = new_norm(ZC_NORM_DEFAULT);
    zc_norm *ref = new_norm(ZC_NORM_DEFAULT | ZC_NORM_REFERENCE);
    for (size_t i = 0; i <= nt; i++) {
        const char *t = i < nt ? texts[i] : trad_para;
        size_t l1, l2, l3;
        char *once = norm_len(n, t, strlen(t), &l1);
        char *twice = norm_len(n, once, l1, &l2);
        char *slow = norm_len(ref, t, strlen(t), &l3);
        assert_int_equal(l1, l2);
        assert_memory_equal(once, twice, l1);
        assert_int_equal(l1, l3);
        assert_memory_equal(once, slow, l1);
        free(once);
        free(twice);
        free(slow);
    }
    for (size_t i = 0; i < nt; i++)
        free(texts[i]);
    zc_norm_free(ref);
    zc_norm_free(n);
}

/* A few MB mixing corpus text, traditional text, full-width forms, kept
 * punctuation, combining marks and supplementary characters. */
static char *long_text(size_t want, size_t *len)
{
    char *texts[32];
    size_t nt = read_corpus(texts, 32);
    static const char *extra[] = {
        trad_para,
        "ＡＢＣ１２３％　反覆研究，藉此明瞭。\n",
        "e\xCC\x81\xCC\xA3 ﹐︙ 经济與發展\xF0\xA0\x80\x80\xF0\xAA\x9C\xB6\n",
        "臺灣的幹部說：「乾隆年間」……\r\n",
    };
    zc_buf b = ZC_BUF_INIT;
    for (size_t k = 0; b.len < want; k++) {
        assert_int_equal(zc_buf_puts(&b, texts[k % nt]), ZC_OK);
        assert_int_equal(zc_buf_puts(&b, extra[k % 4]), ZC_OK);
    }
    for (size_t i = 0; i < nt; i++)
        free(texts[i]);
    *len = b.len;
    return zc_buf_detach(&b);
}

static void test_long_input(void **state)
{
    (void)state;
    size_t len;
    char *text = long_text((size_t)2 << 20, &len);
    zc_norm *n = new_norm(ZC_NORM_DEFAULT);
    zc_norm *ref = new_norm(ZC_NORM_DEFAULT | ZC_NORM_REFERENCE);
    size_t l1, l2, l3;
    char *fast = norm_len(n, text, len, &l1);
    char *slow = norm_len(ref, text, len, &l2);
    assert_int_equal(l1, l2);
    assert_memory_equal(fast, slow, l1);
    /* Line by line gives the same text: nothing crosses a line break. */
    zc_buf b = ZC_BUF_INIT;
    zc_error err;
    for (size_t i = 0; i < len;) {
        const char *nl = memchr(text + i, '\n', len - i);
        size_t end = nl ? (size_t)(nl - text) + 1 : len;
        assert_int_equal(zc_norm_append(n, text + i, end - i, &b, &err), ZC_OK);
        i = end;
    }
    assert_int_equal(b.len, l1);
    assert_memory_equal(b.data, fast, l1);
    /* And normalizing the result changes nothing. */
    char *again = norm_len(n, fast, l1, &l3);
    assert_int_equal(l3, l1);
    assert_memory_equal(again, fast, l1);
    free(again);
    zc_buf_free(&b);
    free(fast);
    free(slow);
    free(text);
    zc_norm_free(ref);
    zc_norm_free(n);
}

typedef struct thread_job {
    const char *text;
    size_t len;
    char *out[4];
    size_t out_len[4];
    int rc;
} thread_job;

static void *thread_main(void *arg)
{
    thread_job *j = arg;
    zc_norm *n = NULL;
    zc_error err;
    j->rc = zc_norm_new(ZC_NORM_DEFAULT, &n, &err);
    for (int r = 0; r < 4 && !j->rc; r++)
        j->rc = zc_norm_text(n, j->text, j->len, &j->out[r], &j->out_len[r], &err);
    zc_norm_free(n);
    return NULL;
}

static void test_two_threads(void **state)
{
    (void)state;
    size_t len;
    char *text = long_text((size_t)1 << 20, &len);
    zc_norm *n = new_norm(ZC_NORM_DEFAULT);
    size_t want_len;
    char *want = norm_len(n, text, len, &want_len);
    zc_norm_free(n);
    thread_job jobs[2];
    pthread_t th[2];
    memset(jobs, 0, sizeof jobs);
    for (int t = 0; t < 2; t++) {
        jobs[t].text = text;
        jobs[t].len = len;
        assert_int_equal(pthread_create(&th[t], NULL, thread_main, &jobs[t]), 0);
    }
    for (int t = 0; t < 2; t++) {
        assert_int_equal(pthread_join(th[t], NULL), 0);
        assert_int_equal(jobs[t].rc, ZC_OK);
        for (int r = 0; r < 4; r++) {
            assert_int_equal(jobs[t].out_len[r], want_len);
            assert_memory_equal(jobs[t].out[r], want, want_len);
            free(jobs[t].out[r]);
        }
    }
    free(want);
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fullwidth_and_nfkc),
        cmocka_unit_test(test_kept_punctuation),
        cmocka_unit_test(test_traditional),
        cmocka_unit_test(test_mixed),
        cmocka_unit_test(test_empty),
        cmocka_unit_test(test_invalid_utf8),
        cmocka_unit_test(test_nul_bytes),
        cmocka_unit_test(test_casefold),
        cmocka_unit_test(test_line_breaks),
        cmocka_unit_test(test_flags_and_config),
        cmocka_unit_test(test_idempotent_on_corpus),
        cmocka_unit_test(test_long_input),
        cmocka_unit_test(test_two_threads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
