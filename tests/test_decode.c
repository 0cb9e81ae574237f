/* Decoding raw bytes to UTF-8 (extract/decode.c).
 * Run with the argument "data" for the tests on ../shared/data (ctest label
 * "data"; exit status 77, skipped, when the data is absent). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract/decode.h"
#include "test_util.h"

static const char sample[] =
    "新余高新区在新余市委、市政府的坚强领导下，认真贯彻落实党的二十大精神。\n"
    "2023年，规模以上工业企业实现营业收入624.3亿元，同比增长1.6%。\n";
static const char sample_trad[] = "經濟發展與政府工作報告，臺灣地區的經濟成長率達百分之三。\n"
                                  "新竹科學園區積體電路產業產值創新高。\n";

/* sample converted to `to` with iconv (malloc'd). */
static char *encode(const char *utf8, const char *to, size_t *len)
{
    iconv_t cd = iconv_open(to, "UTF-8");
    assert_true(cd != (iconv_t)-1);
    size_t in_left = strlen(utf8), cap = in_left * 4 + 16, out_left = cap;
    char *out = malloc(cap), *ip = (char *)utf8, *op = out;
    assert_non_null(out);
    assert_true(iconv(cd, &ip, &in_left, &op, &out_left) != (size_t)-1);
    iconv_close(cd);
    *len = cap - out_left;
    return out;
}

/* Decodes raw and checks the result is expect in encoding enc. */
static void check_ok(const char *raw, size_t len, const char *forced, const char *expect,
                     const char *enc)
{
    zc_decoded d;
    zc_error err;
    zc_error_clear(&err);
    int rc = zc_decode(raw, len, forced, &d, &err);
    if (rc)
        fail_msg("decode failed: %s", err.message);
    assert_string_equal(d.encoding, enc);
    assert_int_equal(d.len, strlen(expect));
    assert_memory_equal(d.text, expect, d.len);
    assert_int_equal(d.text[d.len], '\0');
    zc_decoded_free(&d);
    assert_null(d.text);
}

/* Decodes raw and checks it fails with code and a message containing msg. */
static void check_fail(const char *raw, size_t len, const char *forced, int code, const char *msg)
{
    zc_decoded d;
    zc_error err;
    zc_error_clear(&err);
    int rc = zc_decode(raw, len, forced, &d, &err);
    if (rc == ZC_OK) {
        zc_decoded_free(&d);
        fail_msg("decoded, expected an error containing '%s'", msg);
    }
    assert_int_equal(rc, code);
    assert_int_equal(err.code, code);
    if (!strstr(err.message, msg))
        fail_msg("message '%s' lacks '%s'", err.message, msg);
    assert_null(d.text);
}

static void test_empty_and_bom_only(void **state)
{
    (void)state;
    check_ok("", 0, NULL, "", "UTF-8");
    check_ok(NULL, 0, NULL, "", "UTF-8");
    check_ok("\xEF\xBB\xBF", 3, NULL, "", "UTF-8");
    check_ok("\xFF\xFE", 2, NULL, "", "UTF-16LE");
    check_ok("\xFE\xFF", 2, NULL, "", "UTF-16BE");
    check_ok("\xFF\xFE\0\0", 4, NULL, "", "UTF-32LE");
}

static void test_utf8(void **state)
{
    (void)state;
    check_ok(sample, strlen(sample), NULL, sample, "UTF-8");
    char *bom = zc_test_concat("\xEF\xBB\xBF", 3, sample, strlen(sample));
    check_ok(bom, strlen(bom), NULL, sample, "UTF-8");
    free(bom);
    check_ok("plain ASCII\r\n", 13, NULL, "plain ASCII\r\n", "UTF-8");
    /* Four-byte characters and the edges of the ranges are valid. */
    const char *edge = "\xF0\xA0\x80\x80 \xF4\x8F\xBF\xBF \xEF\xBF\xBD \xED\x9F\xBF \xC2\x80";
    check_ok(edge, strlen(edge), NULL, edge, "UTF-8");
}

static void test_gbk_and_gb18030(void **state)
{
    (void)state;
    size_t n;
    char *gbk = encode(sample, "GBK", &n);
    check_ok(gbk, n, NULL, sample, "GB18030");
    check_ok(gbk, n, "GBK", sample, "GB18030");
    check_ok(gbk, n, "gb2312", sample, "GB18030");
    free(gbk);
    /* A short text: the detector is unsure, the statistics decide. */
    gbk = encode("政府工作报告", "GBK", &n);
    check_ok(gbk, n, NULL, "政府工作报告", "GB18030");
    free(gbk);
    /* GB18030 four-byte sequences (characters outside GBK). */
    const char *rare = "经济𠀀发展€和㐀的报告，政府工作报告。";
    char *gb = encode(rare, "GB18030", &n);
    check_ok(gb, n, NULL, rare, "GB18030");
    free(gb);
}

static void test_big5(void **state)
{
    (void)state;
    size_t n;
    char *b5 = encode(sample_trad, "BIG5", &n);
    check_ok(b5, n, NULL, sample_trad, "CP950");
    check_ok(b5, n, "BIG5", sample_trad, "BIG5");
    free(b5);
    b5 = encode("經濟發展與政府", "BIG5", &n);
    check_ok(b5, n, NULL, "經濟發展與政府", "CP950");
    free(b5);
}

static void test_utf16_utf32(void **state)
{
    (void)state;
    size_t n;
    const char *encs[] = {"UTF-16LE", "UTF-16BE"};
    for (int k = 0; k < 2; k++) {
        /* With a BOM. */
        char *u = encode(sample, encs[k], &n);
        char *bom = zc_test_concat(k ? "\xFE\xFF" : "\xFF\xFE", 2, u, n);
        check_ok(bom, n + 2, NULL, sample, encs[k]);
        free(bom);
        /* Without: digits and line breaks give NUL bytes on one side. */
        check_ok(u, n, NULL, sample, encs[k]);
        free(u);
        /* Without NUL bytes at all: pure Chinese. */
        const char *pure = "经济发展与政府工作报告，新余高新区锂电产业集群发展显现。";
        u = encode(pure, encs[k], &n);
        assert_null(memchr(u, 0, n));
        check_ok(u, n, NULL, pure, encs[k]);
        free(u);
        /* Latin text. */
        u = encode("Government work report 2024\n", encs[k], &n);
        check_ok(u, n, NULL, "Government work report 2024\n", encs[k]);
        free(u);
    }
    char *u = encode(sample, "UTF-32LE", &n);
    char *bom = zc_test_concat("\xFF\xFE\0\0", 4, u, n);
    check_ok(bom, n + 4, NULL, sample, "UTF-32LE");
    check_ok(u, n, NULL, sample, "UTF-32LE");
    free(bom);
    free(u);
    u = encode(sample, "UTF-32BE", &n);
    bom = zc_test_concat("\0\0\xFE\xFF", 4, u, n);
    check_ok(bom, n + 4, NULL, sample, "UTF-32BE");
    free(bom);
    free(u);
    /* U+0000 in UTF-16 text is binary too. */
    check_fail("\xFF\xFE"
               "a\0\0\0b\0",
               8, NULL, ZC_ERR_ENCODING, "binary file (NUL character in UTF-16LE text)");
    /* A lone surrogate: the offset counts the BOM. */
    check_fail("\xFF\xFE"
               "a\0"
               "\x00\xD8"
               "b\0",
               8, NULL, ZC_ERR_ENCODING, "not valid UTF-16LE at byte offset 4");
}

static void test_invalid_offsets(void **state)
{
    (void)state;
    /* Mostly UTF-8 with one bad byte: reported as broken UTF-8. */
    size_t sl = strlen(sample);
    char *bad = zc_test_concat(sample, sl, "\xFF", 1);
    char *bad2 = zc_test_concat(bad, sl + 1, sample, sl);
    check_fail(bad2, 2 * sl + 1, NULL, ZC_ERR_ENCODING, "not valid UTF-8 at byte offset");
    char msg[64];
    snprintf(msg, sizeof msg, "byte offset %zu", sl);
    check_fail(bad2, 2 * sl + 1, NULL, ZC_ERR_ENCODING, msg);
    free(bad);
    free(bad2);

    /* UTF-8 text followed by a GBK paragraph: UTF-8 is the majority. */
    size_t gn;
    char *gbk = encode("政府工作报告", "GBK", &gn);
    char *mixed = zc_test_concat(sample, sl, gbk, gn);
    snprintf(msg, sizeof msg, "not valid UTF-8 at byte offset %zu", sl);
    check_fail(mixed, sl + gn, NULL, ZC_ERR_ENCODING, msg);
    free(mixed);
    free(gbk);

    /* GBK text with a UTF-8 sentence in it: mixed encodings. */
    gbk = encode(sample, "GBK", &gn);
    char *g3 = zc_test_concat(gbk, gn, gbk, gn);
    char *g4 = zc_test_concat(g3, 2 * gn, "经济发展报告。", strlen("经济发展报告。"));
    snprintf(msg, sizeof msg, "UTF-8 text at byte offset %zu", 2 * gn);
    check_fail(g4, 2 * gn + strlen("经济发展报告。"), NULL, ZC_ERR_ENCODING, msg);
    free(g3);
    free(g4);

    /* GBK with an undecodable pair (0x81 0x20) at a known offset. */
    char *g5 = zc_test_concat(gbk, gn, "\x81\x20", 2);
    char *g6 = zc_test_concat(g5, gn + 2, gbk, gn);
    snprintf(msg, sizeof msg, "not valid GB18030 at byte offset %zu", gn);
    check_fail(g6, 2 * gn + 2, NULL, ZC_ERR_ENCODING, msg);
    check_fail(g6, 2 * gn + 2, NULL, ZC_ERR_ENCODING, "nor UTF-8 at byte offset");
    check_fail(g6, 2 * gn + 2, "GBK", ZC_ERR_ENCODING, msg);
    free(g5);
    free(g6);

    /* A truncated character at the end. */
    char *g7 = zc_test_concat(gbk, gn, "\xD5", 1);
    snprintf(msg, sizeof msg, "byte offset %zu (truncated", gn);
    check_fail(g7, gn + 1, NULL, ZC_ERR_ENCODING, msg);
    free(g7);
    free(gbk);
}

static void test_binary(void **state)
{
    (void)state;
    char buf[4096];
    memcpy(buf, "hello world, this is text", 25);
    memset(buf + 25, 'x', sizeof buf - 25);
    buf[100] = '\0';
    check_fail(buf, sizeof buf, NULL, ZC_ERR_ENCODING, "binary file (NUL byte at offset 100)");
    check_fail(buf, sizeof buf, "GBK", ZC_ERR_ENCODING, "binary file (NUL byte at offset 100)");
    check_fail(buf, sizeof buf, "UTF-8", ZC_ERR_ENCODING, "binary file (NUL byte at offset 100)");
    /* Many control bytes, no NUL. */
    for (size_t i = 0; i < sizeof buf; i++)
        buf[i] = (char)(i % 7 == 0 ? 0x01 + i % 5 : 'a' + i % 26);
    check_fail(buf, sizeof buf, NULL, ZC_ERR_ENCODING, "binary file (");
    /* A few stray controls (form feeds, an escape) are text. */
    for (size_t i = 0; i < sizeof buf; i++)
        buf[i] = (char)('a' + i % 26);
    buf[10] = '\f';
    buf[20] = 0x1B;
    buf[30] = 0x01;
    zc_decoded d;
    zc_error err;
    assert_int_equal(zc_decode(buf, sizeof buf, NULL, &d, &err), ZC_OK);
    zc_decoded_free(&d);
    /* Random bytes never crash, and never decode with a NUL inside. */
    srand(7);
    for (int round = 0; round < 2000; round++) {
        size_t n = (size_t)(rand() % 300);
        for (size_t i = 0; i < n; i++)
            buf[i] = (char)(round % 3 ? 0x80 + rand() % 128 : rand() % 256);
        if (zc_decode(buf, n, NULL, &d, &err) == ZC_OK) {
            assert_null(memchr(d.text, '\0', d.len));
            zc_decoded_free(&d);
        } else {
            assert_true(err.code == ZC_ERR_ENCODING);
        }
    }
}

static void test_forced(void **state)
{
    (void)state;
    check_fail("abc", 3, "NO-SUCH-ENCODING", ZC_ERR_INVALID, "'NO-SUCH-ENCODING'");
    check_fail("", 0, "NO-SUCH-ENCODING", ZC_ERR_INVALID, "unknown encoding");
    size_t n;
    char *gbk = encode(sample, "GBK", &n);
    check_fail(gbk, n, "UTF-8", ZC_ERR_ENCODING, "not valid UTF-8 at byte offset 0");
    free(gbk);
    /* Latin-1 is read when asked for, not guessed. */
    check_ok("caf\xE9\n", 5, "ISO-8859-1", "café\n", "ISO-8859-1");
    check_fail("caf\xE9 au lait\n", 13, NULL, ZC_ERR_ENCODING, "byte offset 3");
    char *u16 = encode(sample, "UTF-16LE", &n);
    check_ok(u16, n, "UTF-16LE", sample, "UTF-16LE");
    free(u16);
}

/* ------------------------------------------------------------ data */

/* The PKU test set in GBK decodes to exactly its UTF-8 version. */
static void test_data_pku(void **state)
{
    (void)state;
    char *gp = zc_test_data_path("icwb2-pku/pku_test.txt"),
         *up = zc_test_data_path("icwb2-pku/pku_test.utf8");
    size_t gn, un;
    char *g = zc_test_read_file(gp, &gn), *u = zc_test_read_file(up, &un);
    free(gp);
    free(up);
    if (!g || !u) {
        free(g);
        free(u);
        skip();
        return;
    }
    zc_decoded d;
    zc_error err;
    int rc = zc_decode(g, gn, NULL, &d, &err);
    if (rc)
        fail_msg("%s", err.message);
    assert_string_equal(d.encoding, "GB18030");
    assert_int_equal(d.len, un);
    assert_memory_equal(d.text, u, un);
    zc_decoded_free(&d);
    free(g);
    free(u);
}

/* A news transcript is UTF-8 and passes through unchanged. */
static void check_news(void *ctx, const char *name, const char *path, char *raw, size_t n)
{
    (void)ctx, (void)name;
    zc_decoded d;
    zc_error err;
    int rc = zc_decode(raw, n, NULL, &d, &err);
    if (rc)
        fail_msg("%s: %s", path, err.message);
    assert_string_equal(d.encoding, "UTF-8");
    assert_int_equal(d.len, n);
    assert_memory_equal(d.text, raw, n);
    zc_decoded_free(&d);
}

static void test_data_news(void **state)
{
    (void)state;
    char *dir = zc_test_data_path("news-xwlb");
    long files = zc_test_each_file(dir, NULL, ".md", check_news, NULL);
    free(dir);
    if (files < 0) {
        skip();
        return;
    }
    assert_true(files > 0);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty_and_bom_only),
        cmocka_unit_test(test_utf8),
        cmocka_unit_test(test_gbk_and_gb18030),
        cmocka_unit_test(test_big5),
        cmocka_unit_test(test_utf16_utf32),
        cmocka_unit_test(test_invalid_offsets),
        cmocka_unit_test(test_binary),
        cmocka_unit_test(test_forced),
    };
    const struct CMUnitTest data[] = {
        cmocka_unit_test(test_data_pku),
        cmocka_unit_test(test_data_news),
    };
    return zc_test_main(argc, argv, tests, sizeof tests / sizeof *tests, data,
                        sizeof data / sizeof *data);
}
