/* Hostile input for `zhengce index` and `zhengce search` (DESIGN §9): each
 * case checks the documented exit status, a message on stderr naming the
 * file or query and the reason, no crash (the sanitizer builds run this
 * too), and that a document indexed before is still found and the index
 * passes xapian-check.
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

#include "test_util.h"

typedef struct hx {
    char *tmp;
    char *good;      /* a directory with one known good file */
    unsigned inputs; /* hostile inputs tried, for the figures */
} hx;

static int group_setup(void **state)
{
    hx *h = calloc(1, sizeof *h);
    h->tmp = zc_test_tmpdir();
    assert_non_null(h->tmp);
    size_t n = strlen(h->tmp) + 8;
    h->good = malloc(n);
    snprintf(h->good, n, "%s/good", h->tmp);
    assert_int_equal(mkdir(h->good, 0755), 0);
    const char *g = "已知良好文件 标记ZCGOOD 新余高新区锂电产业\n";
    free(zc_test_write_file(h->good, "g.txt", g, strlen(g)));
    *state = h;
    return 0;
}

static int group_teardown(void **state)
{
    hx *h = *state;
    print_message("# hostile inputs tried: %u\n", h->inputs);
    zc_test_rmtree(h->tmp);
    free(h->good);
    free(h->tmp);
    free(h);
    return 0;
}

static char *path_in(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);
    snprintf(p, n, "%s/%s", dir, name);
    return p;
}

/* A fresh directory h->tmp/name. */
static char *fresh_dir(hx *h, const char *name)
{
    char *p = path_in(h->tmp, name);
    zc_test_rmtree(p);
    assert_int_equal(mkdir(p, 0755), 0);
    return p;
}

static void put(hx *h, const char *dir, const char *name, const void *data, size_t len)
{
    char *p = zc_test_write_file(dir, name, data, len);
    assert_non_null(p);
    free(p);
    h->inputs++;
}

/* A string literal's bytes, NULs included. */
#define PUT(h, dir, name, lit) put(h, dir, name, lit, sizeof(lit) - 1)

/* No sanitizer report, no signal: whatever the status, the program ended
 * on its own terms (AddressSanitizer exits 1, which is also a status). */
static void no_crash(const zc_test_run *r, const char *what)
{
    if (r->status < 0 || r->status > 2 || strstr(r->err, "Sanitizer") ||
        strstr(r->err, "runtime error"))
        fail_msg("%s: crashed (status %d): %.2000s", what, r->status, r->err);
}

/* An index at h->tmp/name holding the good file. */
static char *good_db(hx *h, const char *name)
{
    char *db = path_in(h->tmp, name);
    zc_test_rmtree(db);
    zc_test_run r = zc_test_cli(h->tmp, "index --db '%s' '%s'", db, h->good);
    assert_int_equal(r.status, 0);
    zc_test_run_free(&r);
    return db;
}

/* The good document is still found and the index is sound. */
static void intact(hx *h, const char *db)
{
    zc_test_run r = zc_test_cli(h->tmp, "search --db '%s' --json ZCGOOD", db);
    if (r.status != 0 || !strstr(r.out, "\"total\":1"))
        fail_msg("the good document is lost (status %d): %s %s", r.status, r.out, r.err);
    zc_test_run_free(&r);
    r = zc_test_cli(h->tmp, "info --db '%s'", db);
    assert_int_equal(r.status, 0);
    zc_test_run_free(&r);
    zc_test_run c = {0, NULL, NULL};
    if (system("command -v xapian-check >/dev/null 2>&1") == 0) {
        char cmd[8400];
        snprintf(cmd, sizeof cmd, "xapian-check '%s' >/dev/null 2>&1", db);
        c.status = system(cmd);
        if (c.status != 0)
            fail_msg("xapian-check '%s' failed", db);
    }
}

/* Indexes dir into db; checks the status and that stderr holds each of the
 * NULL-terminated fragments. Returns the run (caller frees). */
static zc_test_run index_expect(hx *h, const char *db, const char *dir, int status, ...)
{
    zc_test_run r = zc_test_cli(h->tmp, "index --db '%s' '%s'", db, dir);
    no_crash(&r, dir);
    if (r.status != status)
        fail_msg("index %s: status %d, expected %d: %s", dir, r.status, status, r.err);
    va_list ap;
    va_start(ap, status);
    const char *frag;
    while ((frag = va_arg(ap, const char *)))
        if (!strstr(r.err, frag))
            fail_msg("index %s: no '%s' in: %s", dir, frag, r.err);
    va_end(ap);
    return r;
}

static size_t hits(hx *h, const char *db, const char *query)
{
    zc_test_run r = zc_test_cli(h->tmp, "search --db '%s' --json --limit 100 '%s'", db, query);
    no_crash(&r, query);
    const char *t = strstr(r.out, "\"total\":");
    size_t n = t ? strtoul(t + 8, NULL, 10) : 0;
    if (r.status == 2)
        fail_msg("search %s: %s", query, r.err);
    zc_test_run_free(&r);
    return n;
}

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

static void test_unreadable(void **state)
{
    hx *h = *state;
    char *dir = fresh_dir(h, "unreadable"), *db = good_db(h, "unreadable-db");
    put(h, dir, "ok.txt", "可读文件 标记ZCOK\n", strlen("可读文件 标记ZCOK\n"));
    /* A file that stat() calls regular but read() refuses, even to root:
     * the indexer's own memory at offset 0. */
    char *p = path_in(dir, "mem.txt");
    assert_int_equal(symlink("/proc/self/mem", p), 0);
    free(p);
    h->inputs++;
    p = path_in(dir, "dangling.txt");
    assert_int_equal(symlink("no-such-file.txt", p), 0);
    free(p);
    h->inputs++;
    /* A FIFO: reading it would block forever; it is passed over. */
    p = path_in(dir, "fifo.txt");
    assert_int_equal(mkfifo(p, 0644), 0);
    h->inputs++;
    int chmodded = 0;
    char *locked = path_in(dir, "mode000.txt");
    put(h, dir, "mode000.txt", "不可读\n", strlen("不可读\n"));
    assert_int_equal(chmod(locked, 0), 0);
    /* Root reads a mode-000 file anyway: then it is simply indexed. */
    chmodded = access(locked, R_OK) != 0;
    if (!chmodded)
        print_message("# running as root: a mode-000 file is readable, its check is skipped "
                      "(/proc/self/mem stands in for it)\n");
    zc_test_run r = index_expect(h, db, dir, 1, "mem.txt: cannot read: Input/output error",
                                 "dangling.txt: No such file or directory", NULL);
    if (chmodded && !strstr(r.err, "mode000.txt: "))
        fail_msg("no message for a mode-000 file: %s", r.err);
    zc_test_run_free(&r);
    assert_int_equal(hits(h, db, "ZCOK"), 1);
    intact(h, db);
    /* Named on the command line, the FIFO is reported and skipped. */
    r = index_expect(h, db, p, 0, "fifo.txt: not a regular file", "skipped 1", NULL);
    zc_test_run_free(&r);
    intact(h, db);
    chmod(locked, 0644);
    free(locked);
    free(p);
    free(dir);
    free(db);
}

static void test_symlink_loops(void **state)
{
    hx *h = *state;
    char *dir = fresh_dir(h, "loops"), *db = good_db(h, "loops-db");
    put(h, dir, "ok.txt", "正常文件 标记ZCOK\n", strlen("正常文件 标记ZCOK\n"));
    char *sub = path_in(dir, "sub");
    assert_int_equal(mkdir(sub, 0755), 0);
    char *p = path_in(sub, "up");
    assert_int_equal(symlink("..", p), 0); /* a directory loop */
    free(p);
    p = path_in(dir, "self");
    assert_int_equal(symlink(".", p), 0);
    free(p);
    p = path_in(dir, "a.txt");
    assert_int_equal(symlink("b.txt", p), 0); /* a file loop: ELOOP */
    free(p);
    p = path_in(dir, "b.txt");
    assert_int_equal(symlink("a.txt", p), 0);
    free(p);
    h->inputs += 3;
    zc_test_run r = index_expect(h, db, dir, 1, "self: symlink loop", "sub/up: symlink loop",
                                 "a.txt: symlink loop", "b.txt: symlink loop", "indexed 1,", NULL);
    zc_test_run_free(&r);
    assert_int_equal(hits(h, db, "ZCOK"), 1);
    intact(h, db);
    free(sub);
    free(dir);
    free(db);
}

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
    };
    size_t ncases = sizeof cases / sizeof *cases, failing = 0;
    for (size_t i = 0; i < ncases; i++) {
        char *d = path_in(top, cases[i].dir);
        assert_int_equal(mkdir(d, 0755), 0);
        char text[128];
        int n = snprintf(text, sizeof text, "清单测试 标记ZCMAN%zu 新余\n", i);
        free(zc_test_write_file(d, "r.txt", text, (size_t)n));
        const char *m = cases[i].manifest;
        size_t mlen = strcmp(cases[i].dir, "binary") ? strlen(m) : 11;
        put(h, d, "zhengce-manifest.csv", m, mlen);
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
        snprintf(q, sizeof q, "ZCMAN%zu", i);
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

/* --------------------------------------------------------------- queries */

/* Runs `zhengce search --db db -- query` without a shell (the query may be
 * longer than a command line buffer). */
static zc_test_run search_argv(hx *h, const char *db, const char *query)
{
    char outp[4200], errp[4200];
    snprintf(outp, sizeof outp, "%s/.qout", h->tmp);
    snprintf(errp, sizeof errp, "%s/.qerr", h->tmp);
    const char *cli = getenv("ZC_CLI");
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        int o = open(outp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        int e = open(errp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        dup2(o, 1);
        dup2(e, 2);
        execl(cli, cli, "search", "--db", db, "--", query, (char *)NULL);
        _exit(127);
    }
    int st;
    waitpid(pid, &st, 0);
    return zc_test_collect(st, outp, errp);
}

static void query_expect(hx *h, const char *db, const char *q, int status, const char *frag)
{
    zc_test_run r = search_argv(h, db, q);
    h->inputs++;
    no_crash(&r, q);
    if (r.status != status)
        fail_msg("query [%.80s]: status %d, expected %d: %.300s", q, r.status, status, r.err);
    if (status == 2 && (!strstr(r.err, "bad query") || (frag && !strstr(r.err, frag))))
        fail_msg("query [%.80s]: no '%s' in: %.300s", q, frag ? frag : "bad query", r.err);
    zc_test_run_free(&r);
}

static void test_queries(void **state)
{
    hx *h = *state;
    char *db = good_db(h, "queries-db");
    static const struct {
        const char *q;
        int status;
        const char *frag;
    } cases[] = {
        /* only operators */
        {"AND", 2, "AND at character 1"},
        {"OR OR", 2, "OR at character 1"},
        {"NOT", 2, "NOT at character 1"},
        {"AND OR NOT", 2, "character 1"},
        {"-", 2, "lone '-' at character 1"},
        {"---", 2, "lone '-'"},
        {"( ) -", 2, "character"},
        {"+", 1, NULL},
        {":", 1, NULL},
        {"region:", 2, "empty value for region:"},
        {"year:..", 2, "year range without a year"},
        {"year:abc", 2, "character"},
        /* unbalanced quotes and parentheses */
        {"\"", 2, "unbalanced quote at character 1"},
        {"\"新余", 2, "unbalanced quote at character 1"},
        {"新余\"", 2, "unbalanced quote at character 3"},
        {"\"新余\" \"", 2, "unbalanced quote at character 6"},
        {"\xE2\x80\x9C新余", 2, "unbalanced quote"},
        {"(新余", 2, "unbalanced '(' at character 1"},
        {"新余)", 2, "unbalanced ')' at character 3"},
        {"((新余)", 2, "unbalanced '('"},
        {"（新余", 2, "unbalanced '('"},
        {"\"(\"", 1, NULL},
        {"(\")", 2, "unbalanced"},
        {"()", 2, "empty parentheses"},
        /* bytes */
        {"新余\xFF", 2, "not valid UTF-8"},
        {"\xC0\xAF", 2, "not valid UTF-8"},
        {"\xED\xA0\x80", 2, "not valid UTF-8"},
        {" \t ", 2, "empty query"},
        /* and ones that are fine */
        {"ZCGOOD", 0, NULL},
        {"\"新余 高新区\"", 0, NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        query_expect(h, db, cases[i].q, cases[i].status, cases[i].frag);

    /* 100 KB queries: one long word; many words; deep parentheses; a long
     * phrase; all within the 128 KB a single argument may have. */
    size_t big = 100u << 10;
    char *q = malloc(big + 8);
    for (size_t i = 0; i + 3 <= big; i += 3)
        memcpy(q + i, "龘", 3);
    q[big - big % 3] = '\0';
    query_expect(h, db, q, 1, NULL);
    for (size_t i = 0; i + 2 <= big; i += 2)
        memcpy(q + i, "a ", 2);
    q[big] = '\0';
    query_expect(h, db, q, 2, "more than 1000 words");
    memset(q, '(', big);
    q[big] = '\0';
    query_expect(h, db, q, 2, "nested deeper than 64 levels");
    q[0] = '"';
    for (size_t i = 1; i + 2 < big; i += 2)
        memcpy(q + i, "x ", 2);
    strcpy(q + big - 2, "\"");
    query_expect(h, db, q, 1, NULL); /* a phrase of 50,000 units: searched, not found */
    memset(q, '"', big);
    q[big] = '\0';
    query_expect(h, db, q, 2, "character");
    for (size_t i = 0; i + 4 <= big; i += 4)
        memcpy(q + i, "OR ", 3), q[i + 3] = ' ';
    q[big] = '\0';
    query_expect(h, db, q, 2, "OR at character 1");
    free(q);
    intact(h, db);
    free(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bad_utf8),      cmocka_unit_test(test_mixed_encodings),
        cmocka_unit_test(test_binary),        cmocka_unit_test(test_unreadable),
        cmocka_unit_test(test_symlink_loops), cmocka_unit_test(test_deep_nesting),
        cmocka_unit_test(test_file_names),    cmocka_unit_test(test_manifests),
        cmocka_unit_test(test_collections),   cmocka_unit_test(test_queries),
        cmocka_unit_test(test_huge_line),
    };
    return cmocka_run_group_tests_name("hostile", tests, group_setup, group_teardown);
}
