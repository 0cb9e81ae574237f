/* Big and hostile files (docs/reliability.md): every scan on the indexing
 * path is linear in its input (inputs that made one quadratic must finish
 * within a generous bound), indexing memory stays within a multiple of
 * the file, and a file too large, gone, or too big for memory is reported
 * alone while the others are indexed.
 *
 * Time bounds are five times as generous under AddressSanitizer, and the
 * memory bounds are not checked there (its shadow memory is no measure of
 * ours). "test_bigfile big" runs the 200 MB files (label robustness): it
 * skips (77) unless ZC_BIG_TESTS=1, as scripts/reliability.sh sets it. */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "bigfile_fixture.h"
#include "common/buf.h"
#include "dict/dict.h"
#include "extract/html.h"
#include "extract/markdown.h"
#include "indexer/meta.h"
#include "test_util.h"
#include "text/clean.h"
#include "text/seg.h"
#include "zhengce.h"

/* ------------------------------------------------------------ metadata */

typedef struct years_case {
    const char *text;
    size_t len;
    int year, n;
} years_case;

static void run_years(void *ctx)
{
    years_case *c = ctx;
    int years[8];
    size_t n = 0;
    c->year = zc_meta_years(c->text, c->len, years, 8, &n);
    c->n = (int)n;
}

/* 2024年 over and over on one line: every year made the dated-header test
 * read back to the start of the line (1 MB took a minute), and every
 * "年是" the theme test read on to its end. */
static void test_years_one_line(void **state)
{
    (void)state;
    static const struct {
        const char *unit;
        int year;
    } cases[] = {{"2024年", 2024}, {"2025年是", 2025}, {"——2024年3月5日", 2024}};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        years_case c = {0};
        char *text = big_repeat(cases[i].unit, 20u << 20, &c.len);
        c.text = text;
        char what[80];
        snprintf(what, sizeof what, "years of 20 MB of %s", cases[i].unit);
        big_timed(what, 10, run_years, &c);
        assert_int_equal(c.year, cases[i].year);
        assert_int_equal(c.n, 1);
        free(text);
    }
}

/* ------------------------------------------------------------ markdown */

typedef struct md_case {
    const char *text;
    size_t len;
    zc_buf out;
} md_case;

static void run_markdown(void *ctx)
{
    md_case *c = ctx;
    assert_int_equal(zc_markdown_text(c->text, c->len, &c->out), ZC_OK);
}

/* A line full of "[" or "<a ": each mark made the hand-written link or tag
 * test search the rest of the line for its closing mark (1 MB of "[" took
 * 17 s); the parser (md4c) must stay linear on such lines too. */
static void test_markdown_one_line(void **state)
{
    (void)state;
    static const char *const units[] = {"[", "[a](", "<a ", "![x]", "<b"};
    for (size_t i = 0; i < sizeof units / sizeof *units; i++) {
        md_case c = {NULL, 0, ZC_BUF_INIT};
        char *text = big_repeat(units[i], 4u << 20, &c.len);
        c.text = text;
        char what[80];
        snprintf(what, sizeof what, "Markdown of 4 MB of %s", units[i]);
        big_timed(what, 10, run_markdown, &c);
        /* Nothing closes: the marks are text, all but the blank that
         * ends the line. */
        size_t kept = c.len;
        while (kept > 0 && text[kept - 1] == ' ')
            kept--;
        assert_int_equal(c.out.len, kept);
        zc_buf_free(&c.out);
        free(text);
    }
    /* Closed ones still read as links and tags, and a mark left open at
     * the end stays text. */
    md_case c = {"正文 [链接](u) <b>粗</b> ![图](i) 尾 [ <a", 0, ZC_BUF_INIT};
    c.len = strlen(c.text);
    run_markdown(&c);
    assert_string_equal(c.out.data, "正文 链接 粗 图 尾 [ <a");
    zc_buf_free(&c.out);
    /* Lines of emphasis marks, brackets, backticks and entity starts: as
     * many openers as the parser can be made to keep. */
    static const char *const marks[] = {
        "*",  "_",  "**", "*a", "_a",   "*_", "a*b_",    "[]",        "[a]", "`",
        "``", "&#", "](", "\\", "<!--", "~~", "<a b=1 ", "<![CDATA[", "<?",  "<a href='"};
    for (size_t i = 0; i < sizeof marks / sizeof *marks; i++) {
        md_case m = {NULL, 0, ZC_BUF_INIT};
        char *text = big_repeat(marks[i], 1u << 20, &m.len);
        m.text = text;
        char what[80];
        snprintf(what, sizeof what, "Markdown of 1 MB of %s", marks[i]);
        big_timed(what, 10, run_markdown, &m);
        assert_true(m.out.len <= m.len);
        zc_buf_free(&m.out);
        free(text);
    }
}

/* Containers nested 10,000 deep on one line (quotes, lists, both), and a
 * table whose header asks every short row for 20,000 cells: bounded time,
 * and the words at the bottom are kept. */
static void test_markdown_deep(void **state)
{
    (void)state;
    static const char *const units[] = {"> ", "- > ", "1. ", "* - ", "> 1) "};
    for (size_t i = 0; i < sizeof units / sizeof *units; i++) {
        size_t n, ul = strlen(units[i]);
        char *nest = big_repeat(units[i], 10000 * ul, &n);
        zc_buf doc = ZC_BUF_INIT;
        assert_int_equal(zc_buf_append(&doc, nest, n), 0);
        assert_int_equal(zc_buf_puts(&doc, "最深处"), 0);
        free(nest);
        md_case c = {doc.data, doc.len, ZC_BUF_INIT};
        char what[80];
        snprintf(what, sizeof what, "Markdown nested 10,000 deep in %s", units[i]);
        big_timed(what, 10, run_markdown, &c);
        assert_non_null(strstr(c.out.data, "最深处"));
        zc_buf_free(&c.out);
        zc_buf_free(&doc);
    }
    zc_buf doc = ZC_BUF_INIT;
    for (int i = 0; i < 20000; i++)
        assert_int_equal(zc_buf_puts(&doc, "| 甲 "), 0);
    assert_int_equal(zc_buf_puts(&doc, "|\n"), 0);
    for (int i = 0; i < 20000; i++)
        assert_int_equal(zc_buf_puts(&doc, "|---"), 0);
    assert_int_equal(zc_buf_puts(&doc, "|\n"), 0);
    for (int i = 0; i < 20000; i++)
        assert_int_equal(zc_buf_puts(&doc, "乙\n"), 0);
    md_case c = {doc.data, doc.len, ZC_BUF_INIT};
    big_timed("Markdown table of 20,000 columns and 20,000 short rows", 10, run_markdown, &c);
    size_t rows = 0;
    for (const char *s = c.out.data; (s = strstr(s, "乙")); s += 3)
        rows++;
    assert_int_equal(rows, 20000);
    assert_non_null(strstr(c.out.data, "甲"));
    zc_buf_free(&c.out);
    zc_buf_free(&doc);
}

/* ----------------------------------------------------------- segmenter */

typedef struct seg_case {
    zc_seg *seg;
    const char *text;
    size_t len, tokens;
} seg_case;

static void run_seg(void *ctx)
{
    seg_case *c = ctx;
    const zc_token *t;
    zc_error err;
    assert_int_equal(zc_seg_cut(c->seg, c->text, c->len, ZC_SEG_ACCURATE, 0, &t, &c->tokens, &err),
                     ZC_OK);
}

/* Chinese numerals without end: the route asked, at every character, for
 * the numeral expressions starting there, and each answer read the run of
 * numerals to its end (within a block of 4096 characters: 1 MB of 一 took
 * 5 s). */
static void test_numerals(void **state)
{
    (void)state;
    zc_dict *d;
    zc_error err;
    seg_case c = {0};
    assert_int_equal(zc_dict_open(NULL, &d, &err), ZC_OK);
    assert_int_equal(zc_seg_new(d, &c.seg, &err), ZC_OK);
    static const char *const units[] = {"一", "第一二三", "百分之一点", "二〇"};
    for (size_t i = 0; i < sizeof units / sizeof *units; i++) {
        char *text = big_repeat(units[i], 8u << 20, &c.len);
        c.text = text;
        char what[80];
        snprintf(what, sizeof what, "segmenting 8 MB of %s", units[i]);
        big_timed(what, 10, run_seg, &c);
        assert_true(c.tokens > 0);
        free(text);
    }
    zc_seg_free(c.seg);
    zc_dict_free(d);
}

/* ------------------------------------------------------------- cleaning */

typedef struct clean_case {
    const char *text;
    size_t len;
} clean_case;

static int run_clean(void *ctx)
{
    clean_case *c = ctx;
    zc_buf out = ZC_BUF_INIT;
    zc_error err;
    int rc = zc_clean(c->text, c->len, &out, &err);
    zc_buf_free(&out);
    return rc;
}

/* One-character lines, the most lines a text can have: cleaning keeps a
 * record of each line, 48 bytes until it was made 32 (the line's place is
 * found by adding up lengths). */
static void test_clean_memory(void **state)
{
    (void)state;
    if (SANITIZED) {
        print_message("# memory bounds are not checked under AddressSanitizer\n");
        return;
    }
    clean_case c;
    char *text = big_repeat("a\n", 16u << 20, &c.len);
    c.text = text;
    long used = big_child_peak_kb(run_clean, &c), limit = 20 * (long)(c.len / 1024);
    print_message("# cleaning %.0f MB of one-character lines: %.1f MB (bound %.0f MB)\n",
                  c.len / 1048576.0, used / 1024.0, limit / 1024.0);
    assert_true(used <= limit);
    free(text);
}

/* ------------------------------------------------------ a whole file */

typedef struct file_case {
    const char *tmp, *db, *dir;
    cli_run r;
} file_case;

static void run_index(void *ctx)
{
    file_case *c = ctx;
    c->r = big_run_cli(c->tmp, 0, "index", "--db", c->db, c->dir, NULL);
}

/* The whole way, through `zhengce index`: 20 MB of 2024年 on one line
 * (hours before the scans were made linear). */
static void test_years_file(void **state)
{
    (void)state;
    char *tmp = zc_test_tmpdir(), dir[4200], db[4200];
    snprintf(dir, sizeof dir, "%s/files", tmp);
    snprintf(db, sizeof db, "%s/db", tmp);
    assert_int_equal(mkdir(dir, 0755), 0);
    size_t len;
    char *text = big_repeat("2024年", 20u << 20, &len);
    free(zc_test_write_file(dir, "years.txt", text, len));
    free(text);
    file_case c = {tmp, db, dir, {0}};
    big_timed("indexing 20 MB of 2024年 on one line", 60, run_index, &c);
    if (c.r.status != 0)
        fail_msg("index: status %d: %s", c.r.status, c.r.err);
    big_cli_run_free(&c.r);
    cli_run r =
        big_run_cli(tmp, 0, "search", "--db", db, "--json", "--year", "2024", "2024年", NULL);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "\"total\":1"));
    big_cli_run_free(&r);
    zc_test_rmtree(tmp);
    free(tmp);
}

/* ---------------------------------------------------------------- HTML */

typedef struct html_case {
    const char *text;
    size_t len;
} html_case;

static int run_html(void *ctx)
{
    html_case *c = ctx;
    zc_buf out = ZC_BUF_INIT;
    char *title = NULL;
    zc_error err;
    int rc = zc_html_text(c->text, c->len, &out, &title, &err);
    /* Every element's text is there, each on its line. */
    if (rc == ZC_OK && out.len != c->len / strlen("<p>中</p>") * strlen("中\n"))
        rc = 1;
    zc_buf_free(&out);
    free(title);
    return rc;
}

/* A page of many small elements: the document tree took some 16 times the
 * page (a node per element and per text); the parser's callbacks keep
 * nothing but the text. */
static void test_html_memory(void **state)
{
    (void)state;
    if (SANITIZED) {
        print_message("# memory bounds are not checked under AddressSanitizer\n");
        return;
    }
    html_case c;
    char *text = big_repeat("<p>中</p>", 16u << 20, &c.len);
    c.text = text;
    long used = big_child_peak_kb(run_html, &c), limit = 3 * (long)(c.len / 1024) + 16 * 1024;
    print_message("# HTML text of %.0f MB of <p>中</p>: %.1f MB (bound %.0f MB)\n",
                  c.len / 1048576.0, used / 1024.0, limit / 1024.0);
    assert_true(used <= limit);
    free(text);
}

/* ---------------------------------------------------- indexing memory */

/* Peak memory of `zhengce index` (one job) on a file of mb MB of the seed
 * reports, on one line or as they are, beyond what a tiny file takes;
 * fails past per_mb times the file, or past big_bound(seconds) of processor
 * time when seconds is not 0 (the wall clock would count the other
 * programs of a busy machine too; with one job the two are about the same
 * on an idle one). */
static void check_index_memory(const char *tmp, size_t mb, int one_line, double per_mb,
                               double seconds)
{
    char dir[4200], db[4200], tiny_db[4200];
    snprintf(dir, sizeof dir, "%s/mem-%zu-%d", tmp, mb, one_line);
    snprintf(db, sizeof db, "%s/mem-db-%zu-%d", tmp, mb, one_line);
    snprintf(tiny_db, sizeof tiny_db, "%s/tiny-db", tmp);
    assert_int_equal(mkdir(dir, 0755), 0);
    char *path = big_write_seeds(dir, "report.txt", mb, one_line, "结尾标记ZCMEMEND");
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    char *tiny_dir = zc_test_tmpdir();
    free(zc_test_write_file(tiny_dir, "tiny.txt", "新余", 6));
    cli_run base = big_run_cli(tmp, 0, "index", "--jobs", "1", "--db", tiny_db, tiny_dir, NULL);
    assert_int_equal(base.status, 0);
    cli_run r = big_run_cli(tmp, 0, "index", "--jobs", "1", "--db", db, dir, NULL);
    if (r.status != 0)
        fail_msg("index: status %d: %s", r.status, r.err);
    double file_mb = st.st_size / 1048576.0, used = (r.maxrss_kb - base.maxrss_kb) / 1024.0;
    print_message("# %.0f MB %s: %.1f s (%.1f s of processor time), %.0f MB at most (%.0f MB "
                  "for a tiny file): %.1f times the file\n",
                  file_mb, one_line ? "on one line" : "of lines", r.seconds, r.cpu,
                  r.maxrss_kb / 1024.0, base.maxrss_kb / 1024.0, used / file_mb);
    double took = r.cpu;
    big_cli_run_free(&r);
    if (seconds && took > big_bound(seconds))
        fail_msg("indexing %.0f MB took %.1f s of processor time, more than %.0f s", file_mb, took,
                 big_bound(seconds));
    r = big_run_cli(tmp, 0, "search", "--db", db, "--json", "ZCMEMEND", NULL);
    assert_int_equal(r.status, 0); /* the last bytes are there */
    big_cli_run_free(&r);
    big_cli_run_free(&base);
    if (!SANITIZED && used > per_mb * file_mb)
        fail_msg("indexing %.0f MB took %.0f MB more than a tiny file: over %.0f times", file_mb,
                 used, per_mb);
    unlink(path);
    free(path);
    zc_test_rmtree(tiny_dir);
    free(tiny_dir);
}

/* Tokens of the whole text at once (32 bytes each), each position held
 * twice over before the document had it, the text kept in every form it
 * went through: a 10 MB line took 20 times its size. */
static void test_index_memory(void **state)
{
    (void)state;
    char *tmp = zc_test_tmpdir();
    check_index_memory(tmp, 32, 1, 6, 0);
    check_index_memory(tmp, 32, 0, 6, 0);
    zc_test_rmtree(tmp);
    free(tmp);
}

/* The 200 MB files of docs/reliability.md ("big", ZC_BIG_TESTS=1): each
 * indexes in under a minute within six times its size. */
static void test_200mb_one_line(void **state)
{
    (void)state;
    char *tmp = zc_test_tmpdir();
    check_index_memory(tmp, 200, 1, 6, 60);
    zc_test_rmtree(tmp);
    free(tmp);
}

static void test_200mb_lines(void **state)
{
    (void)state;
    char *tmp = zc_test_tmpdir();
    check_index_memory(tmp, 200, 0, 6, 60);
    zc_test_rmtree(tmp);
    free(tmp);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_years_one_line), cmocka_unit_test(test_markdown_one_line),
        cmocka_unit_test(test_markdown_deep),  cmocka_unit_test(test_numerals),
        cmocka_unit_test(test_years_file),     cmocka_unit_test(test_clean_memory),
        cmocka_unit_test(test_html_memory),    cmocka_unit_test(test_index_memory),
    };
    if (argc > 1 && !strcmp(argv[1], "big")) {
        const char *on = getenv("ZC_BIG_TESTS");
        if (!on || strcmp(on, "1") != 0) {
            printf("# the 200 MB files run with ZC_BIG_TESTS=1: skipped\n");
            return 77;
        }
        const struct CMUnitTest big[] = {
            cmocka_unit_test(test_200mb_one_line),
            cmocka_unit_test(test_200mb_lines),
        };
        return cmocka_run_group_tests_name("bigfile-200mb", big, NULL, NULL);
    }
    return cmocka_run_group_tests_name("bigfile", tests, NULL, NULL);
}
