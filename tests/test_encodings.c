/* Telling the legacy encodings apart (extract/decode_legacy.c,
 * decode_check.c, plausible.c): Big5 with the additions of CP950 and of
 * Hong Kong, GBK, texts of a few characters, files that change encoding,
 * text no encoding reads as Chinese. The files are made at run time by
 * converting text with iconv (and with OpenCC to traditional characters,
 * for Big5); the data tests (argument "data", ctest label "data") do so
 * with every line of the reports in ../shared/data. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include <errno.h>
#include <iconv.h>
#include <opencc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract/decode.h"
#include "extract/plausible.h"
#include "test_util.h"

/* ------------------------------------------------------------ helpers */

/* utf8[0..n) in `to`, leaving out the characters `to` does not have. */
static char *encode(const char *utf8, size_t n, const char *to, size_t *len)
{
    iconv_t cd = iconv_open(to, "UTF-8");
    assert_true(cd != (iconv_t)-1);
    size_t cap = n * 4 + 16, left = cap;
    char *out = malloc(cap), *op = out, *ip = (char *)utf8;
    assert_non_null(out);
    while (n) {
        if (iconv(cd, &ip, &n, &op, &left) != (size_t)-1)
            break;
        if (errno == EINVAL) /* a character cut at the end */
            break;
        assert_int_equal(errno, EILSEQ); /* skip one UTF-8 character */
        size_t k = 1;
        while (k < n && ((unsigned char)ip[k] & 0xC0) == 0x80)
            k++;
        ip += k;
        n -= k;
    }
    iconv_close(cd);
    *len = cap - left;
    return out;
}

/* Converters to and from each of a few encodings. */
typedef struct convs {
    iconv_t to[4], from[4];
    size_t n;
} convs;

static void convs_open(convs *cv, const char *const *encs, size_t n)
{
    assert_true(n <= 4);
    cv->n = n;
    for (size_t i = 0; i < n; i++) {
        cv->to[i] = iconv_open(encs[i], "UTF-8");
        cv->from[i] = iconv_open("UTF-8", encs[i]);
        assert_true(cv->to[i] != (iconv_t)-1 && cv->from[i] != (iconv_t)-1);
    }
}

static void convs_close(convs *cv)
{
    for (size_t i = 0; i < cv->n; i++) {
        iconv_close(cv->to[i]);
        iconv_close(cv->from[i]);
    }
}

/* Whether the UTF-8 character c[0..n) converts to encoding e and back as
 * it is, read back in each of the encodings. */
static int round_trips(convs *cv, const char *c, size_t n, size_t e)
{
    char bytes[16], again[16];
    char *ip = (char *)c, *op = bytes;
    size_t il = n, ol = sizeof bytes;
    iconv(cv->to[e], NULL, NULL, NULL, NULL);
    int ok = iconv(cv->to[e], &ip, &il, &op, &ol) != (size_t)-1;
    size_t blen = sizeof bytes - ol;
    for (size_t i = 0; ok && i < cv->n; i++) {
        ip = bytes;
        il = blen;
        op = again;
        ol = sizeof again;
        iconv(cv->from[i], NULL, NULL, NULL, NULL);
        ok = iconv(cv->from[i], &ip, &il, &op, &ol) != (size_t)-1 && sizeof again - ol == n &&
             !memcmp(again, c, n);
    }
    return ok;
}

/* text without the characters that do not round-trip through each of
 * encs, read back in any of them: what a file in one of these encodings
 * says whichever of them reads it (malloc'd). */
static char *common_to(const char *text, const char *const *encs, size_t nencs)
{
    size_t n = strlen(text);
    char *out = malloc(n + 1), *o = out;
    unsigned char *known = calloc(0x10000, 1); /* 1 keep, 2 drop, per BMP code point */
    assert_true(out && known);
    convs cv;
    convs_open(&cv, encs, nencs);
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)text[i];
        size_t k = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        unsigned cp = k == 1   ? c
                      : k == 2 ? (c & 0x1Fu) << 6 | (text[i + 1] & 0x3F)
                      : k == 3
                          ? (c & 0x0Fu) << 12 | (text[i + 1] & 0x3Fu) << 6 | (text[i + 2] & 0x3F)
                          : 0;
        if (k < 4 && !known[cp]) {
            int keep = 1;
            for (size_t e = 0; keep && e < nencs; e++)
                keep = round_trips(&cv, text + i, k, e);
            known[cp] = keep ? 1 : 2;
        }
        if (k < 4 && known[cp] == 1) {
            memcpy(o, text + i, k);
            o += k;
        }
        i += k;
    }
    *o = '\0';
    convs_close(&cv);
    free(known);
    return out;
}

/* Decodes raw and checks the text and the encoding (NULL: any). */
static void check_ok(const char *raw, size_t len, const char *expect, const char *enc,
                     const char *what)
{
    zc_decoded d;
    zc_error err;
    if (zc_decode(raw, len, NULL, &d, &err))
        fail_msg("%s: %s", what, err.message);
    if (enc && strcmp(d.encoding, enc))
        fail_msg("%s: read as %s, not %s", what, d.encoding, enc);
    if (d.len != strlen(expect) || memcmp(d.text, expect, d.len))
        fail_msg("%s: read as %s into '%.60s', not '%.60s'", what, d.encoding, d.text, expect);
    zc_decoded_free(&d);
}

/* Decodes raw, which must fail with a message holding msg; returns the
 * byte offset the message names after "from byte offset " (or -1). */
static long check_fail(const char *raw, size_t len, const char *msg, const char *what)
{
    zc_decoded d;
    zc_error err;
    if (zc_decode(raw, len, NULL, &d, &err) == ZC_OK) {
        char head[64], enc[sizeof d.encoding];
        snprintf(head, sizeof head, "%s", d.text);
        memcpy(enc, d.encoding, sizeof enc);
        zc_decoded_free(&d);
        fail_msg("%s: read as %s ('%s'), expected '%s'", what, enc, head, msg);
    }
    assert_int_equal(err.code, ZC_ERR_ENCODING);
    if (!strstr(err.message, msg))
        fail_msg("%s: message '%s' lacks '%s'", what, err.message, msg);
    const char *at = strstr(err.message, "from byte offset ");
    return at ? atol(at + strlen("from byte offset ")) : -1;
}

static const char trad[] =
    "臺灣地區的經濟成長率達百分之三，新竹科學園區積體電路產業產值創新高。\n"
    "行政院會議通過國土計畫，鐵路與機場聯外交通將於明年動工，預計三年內完成。\n";
static const char simp[] =
    "新余高新区在新余市委、市政府的坚强领导下，认真贯彻落实党的二十大精神。\n"
    "2023年，规模以上工业企业实现营业收入624.3亿元，同比增长1.6%。\n";

/* ------------------------------------------------------------ Big5 */

/* Big5 with the characters CP950 (and glibc's BIG5) have and BIG5-HKSCS
 * does not: ／ € (0xA1FE, 0xA3E1). Read strictly as BIG5-HKSCS it fails,
 * and GB18030 used to take it, garbled. */
static void test_big5_cp950_additions(void **state)
{
    (void)state;
    char *text = zc_test_concat(trad, strlen(trad), "單位：億元／年，均價€100。\n",
                                strlen("單位：億元／年，均價€100。\n"));
    const char *encs[] = {"BIG5", "CP950"};
    for (size_t e = 0; e < 2; e++) {
        size_t n;
        char *raw = encode(text, strlen(text), encs[e], &n);
        assert_non_null(memmem(raw, n, "\xA1\xFE", 2));
        check_ok(raw, n, text, "CP950", encs[e]);
        free(raw);
    }
    free(text);
}

/* Hong Kong characters (Cantonese, and 〇 ① of the HKSCS rows) are private
 * use in CP950: BIG5-HKSCS reads them, even past the sample the encoding
 * is chosen on. */
static void test_big5_hkscs_additions(void **state)
{
    (void)state;
    static const char canto[] = "佢哋今日去咗街市，啲菜好平。我哋唔係好鍾意食辣嘢。〇①②③\n";
    size_t n;
    char *raw = encode(canto, strlen(canto), "BIG5-HKSCS", &n);
    check_ok(raw, n, canto, "BIG5-HKSCS", "Cantonese");
    free(raw);
    /* 40 KB of common Big5 first. */
    size_t tl = strlen(trad), total = 0;
    char *text = malloc(tl * 200 + sizeof canto);
    for (int i = 0; i < 200; i++, total += tl)
        memcpy(text + total, trad, tl);
    memcpy(text + total, canto, sizeof canto);
    raw = encode(text, strlen(text), "BIG5-HKSCS", &n);
    assert_true(n > 20 * 1024);
    check_ok(raw, n, text, "BIG5-HKSCS", "Cantonese after 40 KB");
    free(raw);
    free(text);
}

/* A line of a few traditional characters, alone in a file. */
static void test_big5_short(void **state)
{
    (void)state;
    static const char *const lines[] = {"臺灣",       "廣州",       "會議",   "經濟發展",
                                        "國務院關於", "電視臺報導", "開發區", "單位：億元／年"};
    for (size_t i = 0; i < sizeof lines / sizeof *lines; i++) {
        size_t n;
        char *raw = encode(lines[i], strlen(lines[i]), "BIG5", &n);
        check_ok(raw, n, lines[i], "CP950", lines[i]);
        free(raw);
    }
}

/* ------------------------------------------------------------ GBK */

/* A few GBK characters form valid UTF-8 by chance (实施 is CA B5 CA A9,
 * U+02B5 U+02A9), or more valid UTF-8 sequences than bad bytes: they are
 * GBK, not UTF-8 with IPA letters nor broken UTF-8. */
static void test_gbk_short(void **state)
{
    (void)state;
    static const char *const lines[] = {
        "实施", "水平", "农业协同", "全省统一", "时间：2026-02-09", "自治区人民政府主席 包钢\n"};
    for (size_t i = 0; i < sizeof lines / sizeof *lines; i++) {
        size_t n;
        char *raw = encode(lines[i], strlen(lines[i]), "GBK", &n);
        check_ok(raw, n, lines[i], "GB18030", lines[i]);
        free(raw);
    }
}

/* ------------------------------------------------------------ mixed */

/* GBK then Big5 (and the other way): refused, naming the byte offset
 * where the second part starts. */
static void test_mixed_gbk_big5(void **state)
{
    (void)state;
    size_t gn, bn;
    char *gbk = encode(simp, strlen(simp), "GBK", &gn),
         *big5 = encode(trad, strlen(trad), "BIG5", &bn);
    char *ab = zc_test_concat(gbk, gn, big5, bn), *ba = zc_test_concat(big5, bn, gbk, gn);
    /* Big5 is named CP950 or BIG5-HKSCS: both read this text alike. */
    assert_int_equal(check_fail(ab, gn + bn, "mixed encodings: GB18030 text, then ", "GBK, Big5"),
                     (long)gn);
    assert_int_equal(check_fail(ba, gn + bn, " text, then GB18030 text from", "Big5, GBK"),
                     (long)bn);
    free(ab);
    free(ba);
    /* The change inside a line: its offset, or near it. */
    ab = zc_test_concat(gbk, gn - 1, big5, bn);
    long off = check_fail(ab, gn - 1 + bn, "mixed encodings: GB18030 text, then ",
                          "GBK, Big5 on one line");
    if (off < (long)gn - 1 - 8 || off > (long)gn - 1 + 8)
        fail_msg("change at %zu, reported at %ld", gn - 1, off);
    free(ab);
    /* A short Big5 line after GBK. */
    size_t sn;
    char *tail =
        encode("臺灣經濟成長率創新高。\n", strlen("臺灣經濟成長率創新高。\n"), "BIG5", &sn);
    ab = zc_test_concat(gbk, gn, tail, sn);
    assert_int_equal(check_fail(ab, gn + sn, "mixed encodings", "GBK, a Big5 line"), (long)gn);
    free(ab);
    free(tail);
    free(gbk);
    free(big5);
}

/* GBK and Big5 far apart, 200 KB of ASCII between them: found in linear
 * time, at the line where Big5 starts, or on one line at its first byte. */
static void test_mixed_far_apart(void **state)
{
    (void)state;
    size_t gn, bn, an = 200 * 1024;
    char *gbk = encode(simp, strlen(simp), "GBK", &gn),
         *big5 = encode(trad, strlen(trad), "BIG5", &bn);
    char *ascii = malloc(an + 1);
    assert_non_null(ascii);
    for (size_t i = 0; i < an; i++)
        ascii[i] = i % 4 == 3 ? ' ' : (char)('a' + i % 26);
    for (int one_line = 0; one_line < 2; one_line++) {
        ascii[an - 1] = one_line ? ' ' : '\n';
        char *ga = zc_test_concat(gbk, gn, ascii, an), *all = zc_test_concat(ga, gn + an, big5, bn);
        long off = check_fail(all, gn + an + bn, "mixed encodings: GB18030 text, then ",
                              one_line ? "ASCII and Big5 on one line" : "ASCII lines");
        assert_int_equal(off, (long)(gn + an));
        free(ga);
        free(all);
    }
    free(ascii);
    free(gbk);
    free(big5);
}

/* ------------------------------------------------------------ mojibake */

/* Text that no candidate reads as Chinese is refused, not indexed. */
static void test_implausible(void **state)
{
    (void)state;
    static const char ja[] = "日本語のテキストです。これは政府の報告書ではありません。"
                             "東京都の経済は成長しています。\n";
    size_t n;
    char *raw = encode(ja, strlen(ja), "SHIFT_JIS", &n);
    check_fail(raw, n, "implausible text: read as GB18030", "Shift-JIS");
    free(raw);
    /* Latin-1 of an even length looks like UTF-16 to the byte counts. */
    static const char latin1[] = "caf\xE9 cr\xE8me br\xFBl\xE9"
                                 "e, na\xEFve fa\xE7"
                                 "ade r\xE9sum\xE9 \xE0 la carte\n";
    assert_int_equal((sizeof latin1 - 1) % 2, 0);
    check_fail(latin1, sizeof latin1 - 1, "implausible text: read as UTF-16", "Latin-1");
    /* Random bytes, not UTF-8. */
    char rnd[2000];
    srand(11);
    for (size_t i = 0; i < sizeof rnd; i++)
        rnd[i] = (char)(0x81 + rand() % 0x7E);
    check_fail(rnd, sizeof rnd, "implausible text", "random bytes");
    /* A line of GBK long enough to be a block of its own, then a line of
     * Shift-JIS: the offset of the block that does not read as Chinese. */
    static const char line[] =
        "新余高新区在新余市委、市政府的坚强领导下，认真贯彻落实党的二十大精神，"
        "规模以上工业企业实现营业收入六百二十四亿元，同比增长百分之一点六。\n";
    size_t gn;
    char *gbk = encode(line, strlen(line), "GBK", &gn);
    raw = encode(ja, strlen(ja), "SHIFT_JIS", &n);
    char *mixed = zc_test_concat(gbk, gn, raw, n);
    assert_int_equal(check_fail(mixed, gn + n, "implausible text", "GBK, Shift-JIS"), (long)gn);
    free(mixed);
    free(raw);
    free(gbk);
}

/* ------------------------------------------------------------ measure */

static long long points(const char *s)
{
    zc_plaus p = {0, 0, 0};
    zc_plaus_add(&p, s, strlen(s));
    return p.points;
}

/* The weights follow the levels of GB 2312 and Big5. */
static void test_plausibility(void **state)
{
    (void)state;
    assert_int_equal(points("的"), 4);            /* GB 2312 level 1 */
    assert_int_equal(points("經"), 4);            /* Big5 level 1 only */
    assert_int_equal(points("亍"), 2);            /* GB 2312 level 2 */
    assert_int_equal(points("乂"), 2);            /* Big5 level 2 */
    assert_int_equal(points("丂"), 1);            /* GBK only */
    assert_int_equal(points("𠀀"), 0);            /* extension B */
    assert_int_equal(points("あ"), 0);            /* kana */
    assert_int_equal(points("\xEE\x80\x80"), -4); /* U+E000, private use */
    assert_int_equal(points("\xEF\xBF\xBD"), -4); /* U+FFFD */
    assert_int_equal(points("，。《》①"), 20);
    zc_plaus p = {0, 0, 0};
    zc_plaus_add(&p, "é─a", strlen("é─a")); /* not weighed */
    assert_int_equal(p.chars, 0);
    assert_int_equal(zc_plaus_score(&p), 1000);
    zc_plaus_add(&p, simp, strlen(simp));
    assert_true(zc_plaus_score(&p) >= ZC_PLAUS_GOOD);
    zc_plaus_add(&p, "\xEE\x80\x80", 3);
    assert_int_equal(p.odd, 1);
    /* Ideographs drawn evenly from the basic block are not Chinese text. */
    zc_plaus r = {0, 0, 0};
    srand(5);
    for (int i = 0; i < 3000; i++) {
        unsigned cp = 0x4E00 + (unsigned)(rand() % 0x5200);
        char u[3] = {(char)(0xE0 | cp >> 12), (char)(0x80 | (cp >> 6 & 0x3F)),
                     (char)(0x80 | (cp & 0x3F))};
        zc_plaus_add(&r, u, 3);
    }
    assert_true(zc_plaus_score(&r) < ZC_PLAUS_MIN);
}

/* ------------------------------------------------------------ data */

typedef struct report {
    char *simp, *trad; /* the report's text, and in traditional characters */
} report;

static report *reports;
static size_t n_reports;

static void add_report(void *ctx, const char *name, const char *path, char *data, size_t len)
{
    (void)name;
    (void)path;
    opencc_t *oc = ctx;
    if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3)) /* the BOM */
        memmove(data, data + 3, (len -= 3) + 1);
    reports = realloc(reports, (n_reports + 1) * sizeof *reports);
    assert_non_null(reports);
    char *t = opencc_convert_utf8(*oc, data, len);
    assert_non_null(t);
    static const char *const gb[] = {"GBK", "GB18030"};
    static const char *const big5[] = {"BIG5", "CP950", "BIG5-HKSCS"};
    reports[n_reports].simp = common_to(data, gb, 2);
    reports[n_reports].trad = common_to(t, big5, 3);
    opencc_convert_utf8_free(t);
    n_reports++;
}

/* The reports of ../shared/data, loaded once; 0 when absent. */
static int load_reports(void)
{
    if (reports)
        return 1;
    char *dir = zc_test_data_path("reports-provincial-2026");
    opencc_t oc = opencc_open("s2tw.json");
    assert_true(oc != (opencc_t)-1);
    long files = zc_test_each_file(dir, "2026_", ".csv", add_report, &oc);
    opencc_close(oc);
    free(dir);
    return files > 0;
}

static const struct {
    const char *to, *read_as; /* encoding written, encoding read */
    int big5;
} variants[] = {{"GBK", "GB18030", 0},
                {"GB18030", "GB18030", 0},
                {"BIG5", "CP950", 1},
                {"CP950", "CP950", 1},
                {"BIG5-HKSCS", NULL, 1}};

/* Every report, whole, in each encoding. */
static void test_data_whole(void **state)
{
    (void)state;
    if (!load_reports()) {
        skip();
        return;
    }
    size_t files = 0;
    for (size_t r = 0; r < n_reports; r++) {
        for (size_t v = 0; v < sizeof variants / sizeof *variants; v++) {
            const char *text = variants[v].big5 ? reports[r].trad : reports[r].simp;
            size_t n;
            char *raw = encode(text, strlen(text), variants[v].to, &n);
            check_ok(raw, n, text, variants[v].read_as, variants[v].to);
            free(raw);
            files++;
        }
    }
    printf("# %zu reports in %zu encodings: %zu files read right\n", n_reports,
           sizeof variants / sizeof *variants, files);
}

/* Every line of every report alone in a file, in each encoding: right
 * from 3 characters that are not ASCII (one or two can read as well in
 * either encoding: 註釋 in Big5 is 爹睦 in GBK). */
static void test_data_lines(void **state)
{
    (void)state;
    if (!load_reports()) {
        skip();
        return;
    }
    size_t checked = 0, few = 0, few_right = 0;
    for (size_t r = 0; r < n_reports; r++) {
        for (size_t v = 0; v < sizeof variants / sizeof *variants; v++) {
            const char *text = variants[v].big5 ? reports[r].trad : reports[r].simp;
            for (const char *p = text; *p;) {
                const char *nl = strchr(p, '\n');
                size_t ll = nl ? (size_t)(nl - p) + 1 : strlen(p), wide = 0;
                for (size_t i = 0; i < ll; i++)
                    wide += ((unsigned char)p[i] & 0xC0) == 0xC0;
                char *line = zc_test_concat(p, ll, "", 0);
                p += ll;
                if (!wide) {
                    free(line);
                    continue;
                }
                size_t n;
                char *raw = encode(line, ll, variants[v].to, &n);
                if (wide >= 3) {
                    check_ok(raw, n, line, variants[v].read_as, variants[v].to);
                    checked++;
                } else {
                    zc_decoded d;
                    zc_error err;
                    few++;
                    if (zc_decode(raw, n, NULL, &d, &err) == ZC_OK) {
                        few_right += d.len == ll && !memcmp(d.text, line, ll);
                        zc_decoded_free(&d);
                    }
                }
                free(raw);
                free(line);
            }
        }
    }
    assert_true(checked > 10000);
    printf("# %zu one-line files of 3 characters or more read right; of 1 or 2, %zu of %zu\n",
           checked, few_right, few);
}

/* Two reports joined, one in GBK (or GB18030) and one in Big5: refused
 * with the offset of the second, exact at a line break. */
static void test_data_mixed(void **state)
{
    (void)state;
    if (!load_reports()) {
        skip();
        return;
    }
    static const char *const pairs[][2] = {{"GBK", "BIG5"}, {"GB18030", "BIG5-HKSCS"}};
    size_t files = 0;
    for (size_t r = 0; r + 1 < n_reports; r++) {
        for (size_t k = 0; k < 2; k++) {
            /* A third of each, from a line in its middle. */
            const char *a = strchr(reports[r].simp + strlen(reports[r].simp) / 3, '\n');
            const char *b = strchr(reports[r + 1].trad + strlen(reports[r + 1].trad) / 3, '\n');
            assert_true(a && b);
            size_t an, bn;
            const char *ae = strchr(a + 1 + strlen(a + 1) / 2, '\n'),
                       *be = strchr(b + 1 + strlen(b + 1) / 2, '\n');
            assert_true(ae && be);
            char *ga = encode(a + 1, (size_t)(ae - a), pairs[k][0], &an);
            char *bb = encode(b + 1, (size_t)(be - b), pairs[k][1], &bn);
            /* Each cut after a line, so that the join is at a line break. */
            char *cut = memrchr(ga, '\n', an);
            assert_non_null(cut);
            an = (size_t)(cut - ga) + 1;
            cut = memrchr(bb, '\n', bn);
            assert_non_null(cut);
            bn = (size_t)(cut - bb) + 1;
            char *ab = zc_test_concat(ga, an, bb, bn), *ba = zc_test_concat(bb, bn, ga, an);
            long off = check_fail(ab, an + bn, "mixed encodings: GB18030 text, then", pairs[k][1]);
            if (off != (long)an)
                fail_msg("report %zu, %s then %s: change at %zu, reported at %ld", r, pairs[k][0],
                         pairs[k][1], an, off);
            off = check_fail(ba, an + bn, "text, then GB18030 text", pairs[k][0]);
            if (off != (long)bn)
                fail_msg("report %zu, %s then %s: change at %zu, reported at %ld", r, pairs[k][1],
                         pairs[k][0], bn, off);
            files += 2;
            free(ab);
            free(ba);
            free(ga);
            free(bb);
        }
    }
    printf("# %zu files of GBK and Big5 joined: all refused at the byte where they change\n",
           files);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_big5_cp950_additions), cmocka_unit_test(test_big5_hkscs_additions),
        cmocka_unit_test(test_big5_short),           cmocka_unit_test(test_gbk_short),
        cmocka_unit_test(test_mixed_gbk_big5),       cmocka_unit_test(test_mixed_far_apart),
        cmocka_unit_test(test_implausible),          cmocka_unit_test(test_plausibility),
    };
    const struct CMUnitTest data[] = {
        cmocka_unit_test(test_data_whole),
        cmocka_unit_test(test_data_lines),
        cmocka_unit_test(test_data_mixed),
    };
    int rc = zc_test_main(argc, argv, tests, sizeof tests / sizeof *tests, data,
                          sizeof data / sizeof *data);
    for (size_t r = 0; r < n_reports; r++) {
        free(reports[r].simp);
        free(reports[r].trad);
    }
    free(reports);
    return rc;
}
