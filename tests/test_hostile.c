/* Hostile input for `zhengce index` and `zhengce search` (docs/reliability.md): each
 * case checks the documented exit status, a message on stderr naming the
 * file or query and the reason, no crash (the sanitizer builds run this
 * too), and that a document indexed before is still found and the index
 * passes xapian-check. The queries are in test_hostile_query.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "hostile_fixture.h"
#include "test_util.h"

/* ------------------------------------------------------------ encodings */

static void test_bad_utf8(void **state)
{
    hx *h = *state;
    char *dir = fresh_dir(h, "utf8"), *db = good_db(h, "utf8-db");
    PUT(h, dir, "invalid.txt", "新余\xFF\xFE高新区");
    PUT(h, dir, "truncated.txt", "新余高新区\xE9\xAB");
    PUT(h, dir, "overlong-2.txt", "abc \xC0\xAF def 新余\n");
    PUT(h, dir, "overlong-3.txt", "新余高新区 \xE0\x80\xAF 锂电\n");
    PUT(h, dir, "surrogates.txt", "新余高新区 \xED\xA0\x80\xED\xB0\x80 锂电\n");
    PUT(h, dir, "beyond-10ffff.txt", "\xF4\x90\x80\x80 超出范围\n");
    PUT(h, dir, "five-byte.txt", "x\xF8\x88\x80\x80\x80 五字节\n");
    PUT(h, dir, "nul.txt", "新余\0高新区\0锂电\n");
    PUT(h, dir, "empty.txt", "");
    put(h, dir, "ok.txt", "正常文件 标记ZCOK\n", strlen("正常文件 标记ZCOK\n"));
    zc_test_run r = index_expect(
        h, db, dir, 1, "invalid.txt: not valid UTF-8 at byte offset 6", "truncated.txt",
        "overlong-2.txt", "overlong-3.txt", "surrogates.txt", "beyond-10ffff.txt", "five-byte.txt",
        "nul.txt: binary file (NUL byte at offset 6)", "failed 8", "indexed 2", NULL);
    /* Each failure names its byte. */
    for (const char *p = r.err; (p = strstr(p, "failed: ")); p++) {
        const char *eol = strchr(p, '\n');
        const char *off = strstr(p, "offset");
        if (!off || (eol && off > eol))
            fail_msg("no byte offset in: %.*s", eol ? (int)(eol - p) : 200, p);
    }
    zc_test_run_free(&r);
    assert_int_equal(hits(h, db, "ZCOK"), 1);
    intact(h, db);
    free(dir);
    free(db);
}

static void write_encoded(hx *h, const char *dir, const char *name, const char *text,
                          const char *enc, const char *bom, size_t bom_len)
{
    iconv_t cd = iconv_open(enc, "UTF-8");
    assert_true(cd != (iconv_t)-1);
    size_t in_left = strlen(text), cap = in_left * 4 + 16, out_left = cap;
    char *buf = malloc(cap + bom_len), *o = buf + bom_len, *in = (char *)text;
    memcpy(buf, bom, bom_len);
    assert_true(iconv(cd, &in, &in_left, &o, &out_left) != (size_t)-1);
    iconv_close(cd);
    put(h, dir, name, buf, bom_len + (cap - out_left));
    free(buf);
}

static void test_mixed_encodings(void **state)
{
    hx *h = *state;
    char *dir = fresh_dir(h, "mixed"), *db = good_db(h, "mixed-db");
    write_encoded(h, dir, "utf8.txt", "江西省新余市 UTF八编码 锂电产业\n", "UTF-8", "", 0);
    write_encoded(h, dir, "gb18030.txt", "广东省 粤港澳大湾区 国标编码文件，内容足够长。\n",
                  "GB18030", "", 0);
    write_encoded(h, dir, "big5.txt", "臺灣 經濟 發展 大五碼編碼測試文字，內容足夠長以便偵測。\n",
                  "BIG5", "", 0);
    write_encoded(h, dir, "utf16le.txt", "浙江省 数字经济 十六位编码\n", "UTF-16LE", "\xFF\xFE", 2);
    write_encoded(h, dir, "utf16be.txt", "湖南省 先进制造 大端编码\n", "UTF-16BE", "\xFE\xFF", 2);
    write_encoded(h, dir, "utf8-bom.txt", "四川省 成渝双城 带签名\n", "UTF-8", "\xEF\xBB\xBF", 3);
    zc_test_run r = index_expect(h, db, dir, 0, "indexed 6,", "failed 0", NULL);
    zc_test_run_free(&r);
    assert_int_equal(hits(h, db, "锂电产业"), 2); /* utf8.txt and the good file */
    assert_int_equal(hits(h, db, "粤港澳大湾区"), 1);
    assert_int_equal(hits(h, db, "经济发展"), 1); /* Big5, folded to simplified */
    assert_int_equal(hits(h, db, "数字经济"), 1);
    assert_int_equal(hits(h, db, "先进制造"), 1);
    assert_int_equal(hits(h, db, "成渝双城"), 1);
    intact(h, db);
    free(dir);
    free(db);
}

/* Files a lenient reading would index as mojibake: Big5 with the CP950
 * additions (／ €) that BIG5-HKSCS lacks, GBK and Big5 in one file,
 * Shift-JIS. */
static void test_mojibake(void **state)
{
    hx *h = *state;
    char *dir = fresh_dir(h, "mojibake"), *db = good_db(h, "mojibake-db");
    static const char trad[] = "臺灣地區的經濟成長率達百分之三，單位：億元／年，均價€100。\n";
    write_encoded(h, dir, "cp950.txt", trad, "BIG5", "", 0);
    /* GBK, then Big5 from the byte after the first line. */
    static const char gb_line[] =
        "新余高新区在新余市委、市政府的坚强领导下，认真贯彻落实党的精神。\n";
    iconv_t cd = iconv_open("GBK", "UTF-8");
    char gbk[256], *in = (char *)gb_line, *out = gbk;
    size_t il = strlen(gb_line), ol = sizeof gbk;
    assert_true(iconv(cd, &in, &il, &out, &ol) != (size_t)-1);
    iconv_close(cd);
    size_t gn = sizeof gbk - ol;
    cd = iconv_open("BIG5", "UTF-8");
    char both[512];
    memcpy(both, gbk, gn);
    in = (char *)trad;
    il = strlen(trad);
    out = both + gn;
    ol = sizeof both - gn;
    assert_true(iconv(cd, &in, &il, &out, &ol) != (size_t)-1);
    iconv_close(cd);
    put(h, dir, "gbk-big5.txt", both, sizeof both - ol);
    write_encoded(h, dir, "shift-jis.txt",
                  "日本語のテキストです。これは政府の報告書ではありません。東京都の経済は成長して"
                  "います。\n",
                  "SHIFT_JIS", "", 0);
    char mixed[128];
    snprintf(mixed, sizeof mixed, "gbk-big5.txt: mixed encodings: GB18030 text, then %s",
             "CP950 text from byte offset");
    zc_test_run r = index_expect(h, db, dir, 1, "indexed 1,", "failed 2", mixed,
                                 "shift-jis.txt: implausible text: read as GB18030", NULL);
    char off[64];
    snprintf(off, sizeof off, "from byte offset %zu ", gn);
    if (!strstr(r.err, off))
        fail_msg("no '%s' in: %s", off, r.err);
    zc_test_run_free(&r);
    assert_int_equal(hits(h, db, "经济成长率"), 1); /* cp950.txt, folded to simplified */
    assert_int_equal(hits(h, db, "坚强领导"), 0);
    intact(h, db);
    free(dir);
    free(db);
}

/* ------------------------------------------------------- binary files */

/* The smallest valid PNG: one transparent pixel. */
static const unsigned char png_1x1[] = {
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48,
    0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00,
    0x00, 0x1F, 0x15, 0xC4, 0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78,
    0x9C, 0x63, 0x00, 0x01, 0x00, 0x00, 0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00,
    0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82};

static void test_binary(void **state)
{
    hx *h = *state;
    char *dir = fresh_dir(h, "binary"), *db = good_db(h, "binary-db");
    size_t elf_len;
    char *elf = zc_test_read_file("/bin/true", &elf_len);
    assert_non_null(elf);
    /* Under their own names they are kinds not indexed; named .txt they
     * are read, and refused as binary. */
    put(h, dir, "true", elf, elf_len);
    put(h, dir, "true.txt", elf, elf_len);
    put(h, dir, "pixel.png", png_1x1, sizeof png_1x1);
    put(h, dir, "pixel.txt", png_1x1, sizeof png_1x1);
    put(h, dir, "pixel.html", png_1x1, sizeof png_1x1);
    put(h, dir, "pixel.csv", png_1x1, sizeof png_1x1);
    put(h, dir, "pixel.jsonl", png_1x1, sizeof png_1x1);
    free(elf);
    zc_test_run r = index_expect(
        h, db, dir, 1, "skipped: ", "/true: unsupported file type",
        "pixel.png: unsupported file type", "true.txt: binary file (NUL byte at offset",
        "pixel.txt: binary file", "pixel.html: binary file", "pixel.csv: binary file",
        "pixel.jsonl: binary file", "skipped 2, failed 5", NULL);
    zc_test_run_free(&r);
    intact(h, db);
    free(dir);
    free(db);
}

/* The 100 MB file: one line, no line break (slow: about 12 s, 1.2 GB). */
static void test_huge_line(void **state)
{
    hx *h = *state;
    char *dir = fresh_dir(h, "huge"), *db = good_db(h, "huge-db");
    const char *unit = "新余高新区锂电产业发展规模以上工业增加值增长9.5%，";
    size_t ul = strlen(unit), total = 100u << 20, n = total / ul;
    char *p = path_in(dir, "line.txt");
    FILE *f = fopen(p, "wb");
    assert_non_null(f);
    for (size_t i = 0; i < n; i++)
        fwrite(unit, 1, ul, f);
    fputs("结尾标记ZCEND", f);
    assert_int_equal(fclose(f), 0);
    h->inputs++;
    double t0 = zc_test_now();
    zc_test_run r = index_expect(h, db, dir, 0, "indexed 1,", NULL);
    double took = zc_test_now() - t0;
    zc_test_run_free(&r);
    print_message("# 100 MB single line indexed in %.1f s\n", took);
    assert_int_equal(hits(h, db, "ZCEND"), 1); /* the last bytes are there */
    assert_int_equal(hits(h, db, "\"增长9.5%，新余\""), 1);
    intact(h, db);
    unlink(p);
    free(p);
    free(dir);
    free(db);
}

/* ------------------------------------------------------ the file system */

/* Makes depth nested directories named name under dir (with *at calls, as
 * the full path may be longer than PATH_MAX) and writes file at levels
 * mid and depth; returns nothing, fails the test on error. */
static void nest(const char *dir, const char *name, int depth, int mid)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY);
    assert_true(fd >= 0);
    for (int i = 1; i <= depth; i++) {
        assert_int_equal(mkdirat(fd, name, 0755), 0);
        int nfd = openat(fd, name, O_RDONLY | O_DIRECTORY);
        assert_true(nfd >= 0);
        close(fd);
        fd = nfd;
        if (i == mid || i == depth) {
            char text[128];
            int n = snprintf(text, sizeof text, "第%d层文件 标记ZCL%dX\n", i, i);
            int f = openat(fd, "doc.txt", O_WRONLY | O_CREAT | O_TRUNC, 0644);
            assert_true(f >= 0);
            assert_int_equal(write(f, text, (size_t)n), n);
            close(f);
        }
    }
    close(fd);
}

static void test_deep_nesting(void **state)
{
    hx *h = *state;
    char *dir = fresh_dir(h, "deep"), *db = good_db(h, "deep-db");
    /* 200 levels, a path of 400 bytes: everything is indexed. */
    nest(dir, "d", 200, 100);
    h->inputs++;
    zc_test_run r = index_expect(h, db, dir, 0, "indexed 2,", NULL);
    zc_test_run_free(&r);
    assert_int_equal(hits(h, db, "ZCL200X"), 1);
    assert_int_equal(hits(h, db, "ZCL100X"), 1);
    intact(h, db);
    /* 200 levels of 40-byte names: past PATH_MAX the walk reports the
     * directory it cannot enter and indexes what lies above. */
    char *far = fresh_dir(h, "far");
    char name[41];
    memset(name, 'x', 40);
    name[40] = '\0';
    nest(far, name, 200, 20);
    h->inputs++;
    r = index_expect(h, db, far, 1, "failed ", "indexed 1,", "failed 1", NULL);
    zc_test_run_free(&r);
    assert_int_equal(hits(h, db, "ZCL20X"), 1);
    intact(h, db);
    free(far);
    free(dir);
    free(db);
}

static void test_file_names(void **state)
{
    hx *h = *state;
    char *dir = fresh_dir(h, "names"), *db = good_db(h, "names-db");
    const char *t1 = "空格文件 标记ZCSPACE\n", *t2 = "换行文件 标记ZCNEWLINE\n",
               *t3 = "坏名文件 标记ZCBADNAME\n", *t4 = "引号文件 标记ZCQUOTE\n";
    put(h, dir, "with space  2024.txt", t1, strlen(t1));
    put(h, dir, "new\nline.txt", t2, strlen(t2));
    put(h, dir, "bad\xFF\xFEname.txt", t3, strlen(t3));
    put(h, dir, "quote'\"$(x).txt", t4, strlen(t4));
    zc_test_run r = index_expect(h, db, dir, 0, "indexed 4,", NULL);
    zc_test_run_free(&r);
    assert_int_equal(hits(h, db, "ZCSPACE"), 1);
    assert_int_equal(hits(h, db, "ZCNEWLINE"), 1);
    assert_int_equal(hits(h, db, "ZCBADNAME"), 1);
    assert_int_equal(hits(h, db, "ZCQUOTE"), 1);
    /* The listing shows the names as they are. */
    r = zc_test_cli(h->tmp, "search --db '%s' ZCBADNAME", db);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "bad\xFF\xFEname.txt"));
    zc_test_run_free(&r);
    r = zc_test_cli(h->tmp, "search --db '%s' --json ZCSPACE", db);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "with space  2024.txt"));
    zc_test_run_free(&r);
    /* Removing a file by such a name works too. */
    r = zc_test_cli(h->tmp, "remove --db '%s' '%s/new\nline.txt'", db, dir);
    assert_int_equal(r.status, 0);
    zc_test_run_free(&r);
    assert_int_equal(hits(h, db, "ZCNEWLINE"), 0);
    intact(h, db);
    free(dir);
    free(db);
}

/* -------------------------------------------- manifests and collections */

static void test_manifests(void **state)
{
    hx *h = *state;
    char *top = fresh_dir(h, "manifests"), *db = good_db(h, "manifests-db");
    static const struct {
        const char *dir, *manifest, *message;
    } cases[] = {
        {"nofile", "title,region\n\"x\",江西\n", "line 1: the header has no 'file' column"},
        {"badyear", "file,title,year\nr.txt,T,notayear\n", "line 2: year 'notayear' is not a year"},
        {"utf8", "file,title\n\xFF\xFE,x\n", "not valid UTF-8 (byte offset 11)"},
        {"binary", "\x89PNG\r\n\x1a\n\0\0\0", "not valid UTF-8"},
        {"quote", "file,title,year\nr.txt,\"unterminated,2020\n",
         "line 2: a quote is never closed"},
        {"closedeof", "file,title\nr.txt,\"closed, at the end\"", NULL},
        {"stray", "file,title\nr.txt,say \"hi\" here\n", NULL},
        {"ragged", "file,title,year\nr.txt\nr.txt,a,b,c,d,e,f,g\n,,\n",
         "line 3: year 'b' is not a year"},
        {"empty", "", NULL},
        {"headeronly", "file,title,region,year\n", NULL},
        /* Not files: a FIFO would block a reader for ever; a link is not
         * followed, as links to reports are not. */
        {"fifo", NULL, "not a regular file"},
        {"link", NULL, "symbolic link, not followed"},
    };
    size_t ncases = sizeof cases / sizeof *cases, failing = 0;
    for (size_t i = 0; i < ncases; i++) {
        char *d = path_in(top, cases[i].dir);
        assert_int_equal(mkdir(d, 0755), 0);
        char text[128];
        int n = snprintf(text, sizeof text, "清单测试 标记ZCMAN%zuX 新余\n", i);
        free(zc_test_write_file(d, "r.txt", text, (size_t)n));
        const char *m = cases[i].manifest;
        char *mp = path_in(d, "zhengce-manifest.csv");
        if (strcmp(cases[i].dir, "fifo") == 0) {
            assert_int_equal(mkfifo(mp, 0644), 0);
            h->inputs++;
        } else if (strcmp(cases[i].dir, "link") == 0) {
            assert_int_equal(symlink("../stray/zhengce-manifest.csv", mp), 0);
            h->inputs++;
        } else {
            put(h, d, "zhengce-manifest.csv", m, strcmp(cases[i].dir, "binary") ? strlen(m) : 11);
        }
        free(mp);
        free(d);
        failing += cases[i].message != NULL;
    }
    /* A bad manifest is reported (once, naming it and the line) and its
     * files keep their own metadata: indexed, the run counted as partial. */
    zc_test_run r = zc_test_cli(h->tmp, "index --db '%s' '%s'", db, top);
    no_crash(&r, "manifests");
    if (r.status != 1)
        fail_msg("bad manifests: status %d, expected 1: %s", r.status, r.err);
    for (size_t i = 0; i < ncases; i++) {
        if (!cases[i].message)
            continue;
        char frag[256];
        snprintf(frag, sizeof frag, "%s/zhengce-manifest.csv: %s", cases[i].dir, cases[i].message);
        if (!strstr(r.err, frag))
            fail_msg("no '%s' in: %s", frag, r.err);
    }
    /* Once each: no other manifest is named. */
    size_t named = 0;
    for (const char *at = r.err; (at = strstr(at, "/zhengce-manifest.csv: ")); at++)
        named++;
    assert_int_equal(named, failing);
    char summary[64];
    snprintf(summary, sizeof summary, "indexed %zu,", ncases);
    assert_non_null(strstr(r.err, summary));
    zc_test_run_free(&r);
    for (size_t i = 0; i < ncases; i++) {
        char q[32];
        snprintf(q, sizeof q, "ZCMAN%zuX", i);
        assert_int_equal(hits(h, db, q), 1);
    }
    intact(h, db);
    free(top);
    free(db);
}

static void test_collections(void **state)
{
    hx *h = *state;
    char *dir = fresh_dir(h, "collections"), *db = good_db(h, "collections-db");
    const char *csv = "province,year,title,full_text\n"
                      "江西省,2026,好行,\"正常行 标记ZCCSV1\"\n"
                      "浙江省,abc,坏年份,\"年份坏 标记ZCCSV2\"\n"
                      "湖南省,2024\n"
                      "湖北省,2024,多列,\"标记ZCCSV4\",多余,多余,多余\n"
                      "\"未闭合,2024,t,\"内容\n";
    put(h, dir, "rows.csv", csv, strlen(csv));
    const char *bad_quote = "title,full_text\n\"a\"x\"b,正文\n";
    put(h, dir, "quote.csv", bad_quote, strlen(bad_quote));
    PUT(h, dir, "noheader.csv", "no,header,here\n1,2,3\n");
    PUT(h, dir, "empty.csv", "");
    PUT(h, dir, "blank.csv", "\n\n\n");
    const char *jsonl = "{\"title\":\"甲\",\"content\":\"正常 标记ZCJSON1\"}\n"
                        "{\"title\":\n"
                        "[1,2]\n"
                        "{\"title\":\"乙\",\"content\":123}\n"
                        "\"a string\"\n"
                        "{}\n"
                        "\n"
                        "{\"content\":\"第二正常 标记ZCJSON2\"}\n";
    put(h, dir, "lines.jsonl", jsonl, strlen(jsonl));
    const char *jsonl_utf8 = "{\"content\":\"坏\xFF字节\"}\n";
    put(h, dir, "bytes.jsonl", jsonl_utf8, strlen(jsonl_utf8));
    PUT(h, dir, "empty.jsonl", "");
    const char *deepjson = NULL;
    char nested[8200];
    memset(nested, '[', 8000);
    snprintf(nested + 8000, sizeof nested - 8000, "\n");
    deepjson = nested;
    put(h, dir, "deep.jsonl", deepjson, strlen(deepjson));
    zc_test_run r =
        index_expect(h, db, dir, 1, "lines.jsonl: line 2: invalid JSON",
                     "noheader.csv: no text column", "empty.csv: empty CSV",
                     "bytes.jsonl: not valid UTF-8 at byte offset 15", "deep.jsonl: line 1", NULL);
    zc_test_run_free(&r);
    assert_int_equal(hits(h, db, "ZCCSV1"), 1);
    assert_int_equal(hits(h, db, "ZCCSV2"), 1);
    assert_int_equal(hits(h, db, "ZCCSV4"), 1);
    assert_int_equal(hits(h, db, "ZCJSON1"), 1);
    assert_int_equal(hits(h, db, "ZCJSON2"), 1);
    intact(h, db);
    free(dir);
    free(db);
}

static int group_setup(void **state)
{
    return hostile_setup(state, "files");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bad_utf8),     cmocka_unit_test(test_mixed_encodings),
        cmocka_unit_test(test_mojibake),     cmocka_unit_test(test_binary),
        cmocka_unit_test(test_deep_nesting), cmocka_unit_test(test_file_names),
        cmocka_unit_test(test_manifests),    cmocka_unit_test(test_collections),
        cmocka_unit_test(test_huge_line),
    };
    return cmocka_run_group_tests_name("hostile", tests, group_setup, hostile_teardown);
}
