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

#include "common/buf.h"
#include "dict/dict.h"
#include "extract/html.h"
#include "extract/markdown.h"
#include "indexer/meta.h"
#include "test_util.h"
#include "text/clean.h"
#include "text/seg.h"
#include "zhengce.h"

#if defined(__SANITIZE_ADDRESS__)
#define SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SANITIZED 1
#endif
#endif
#ifndef SANITIZED
#define SANITIZED 0
#endif

/* Seconds a bound of plain seconds allows in this build. */
static double bound(double seconds)
{
    return SANITIZED ? 5 * seconds : seconds;
}

/* unit repeated to total bytes (whole units), NUL-terminated. */
static char *repeat(const char *unit, size_t total, size_t *len)
{
    size_t ul = strlen(unit), n = total / ul;
    char *s = malloc(n * ul + 1);
    assert_non_null(s);
    for (size_t i = 0; i < n; i++)
        memcpy(s + i * ul, unit, ul);
    s[n * ul] = '\0';
    *len = n * ul;
    return s;
}

static const char *timed_what;
static volatile pid_t timed_child; /* a zhengce command running, if any */

/* A scan still running long past its bound fails the test at once rather
 * than after the hours a quadratic one would take. */
static void on_alarm(int sig)
{
    (void)sig;
    static const char msg[] = "test_bigfile: still running at twice its bound: ";
    if (timed_child > 0)
        kill(timed_child, SIGKILL);
    if (write(STDERR_FILENO, msg, sizeof msg - 1) < 0 ||
        write(STDERR_FILENO, timed_what, strlen(timed_what)) < 0 || write(STDERR_FILENO, "\n", 1))
        _exit(1);
    _exit(1);
}

/* Runs f(ctx) and fails the test if it took more than bound(limit)
 * seconds; prints the time. */
static void timed(const char *what, double limit, void (*f)(void *), void *ctx)
{
    timed_what = what;
    signal(SIGALRM, on_alarm);
    alarm((unsigned)(2 * bound(limit)) + 1);
    double t0 = zc_test_now();
    f(ctx);
    alarm(0);
    double took = zc_test_now() - t0;
    print_message("# %s: %.2f s (bound %.0f s)\n", what, took, bound(limit));
    if (took > bound(limit))
        fail_msg("%s took %.1f s, more than %.0f s: not linear in its input", what, took,
                 bound(limit));
}

/* Resident memory of this process now, in KB. */
static long rss_kb(void)
{
    long pages = 0, resident = 0;
    FILE *f = fopen("/proc/self/statm", "r");
    if (!f || fscanf(f, "%ld %ld", &pages, &resident) != 2)
        fail_msg("cannot read /proc/self/statm");
    fclose(f);
    return resident * (sysconf(_SC_PAGESIZE) / 1024);
}

/* Runs f(ctx) in a child process and returns the memory it took at most
 * beyond what the child started with, in KB (a child's peak is its own:
 * the parent's earlier peaks do not count). f returns nonzero on failure. */
static long child_peak_kb(int (*f)(void *), void *ctx)
{
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        close(fds[0]);
        long base = rss_kb();
        int rc = f(ctx);
        struct rusage ru;
        getrusage(RUSAGE_SELF, &ru);
        char buf[32];
        int n = snprintf(buf, sizeof buf, "%ld", ru.ru_maxrss - base);
        _exit(rc || write(fds[1], buf, (size_t)n) != n ? 1 : 0);
    }
    close(fds[1]);
    char buf[32] = "";
    ssize_t n = read(fds[0], buf, sizeof buf - 1);
    close(fds[0]);
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0 && n > 0);
    return atol(buf);
}

/* The output and resources of one run of the zhengce command. */
typedef struct cli_run {
    int status; /* exit status, -1 if killed */
    long maxrss_kb;
    double seconds, cpu; /* wall clock; processor time (user and system) */
    char *out, *err;
} cli_run;

/* Runs $ZC_CLI with the NULL-terminated arguments, straight (no shell, so
 * that its own peak memory is measured), with its address space limited to
 * as_mb MB when nonzero, and the library preload preloaded when not
 * NULL. */
static cli_run run_cli_with(const char *tmp, unsigned as_mb, const char *preload, va_list ap)
{
    const char *argv[32];
    const char *cli = getenv("ZC_CLI");
    argv[0] = cli ? cli : "zhengce";
    size_t n = 1;
    const char *a;
    while ((a = va_arg(ap, const char *)) && n < 31)
        argv[n++] = a;
    argv[n] = NULL;
    char outp[4200], errp[4200];
    snprintf(outp, sizeof outp, "%s/.out", tmp);
    snprintf(errp, sizeof errp, "%s/.err", tmp);
    double t0 = zc_test_now();
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        int o = open(outp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        int e = open(errp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (o < 0 || e < 0 || dup2(o, 1) < 0 || dup2(e, 2) < 0)
            _exit(127);
        if (as_mb) {
            struct rlimit rl = {(rlim_t)as_mb << 20, (rlim_t)as_mb << 20};
            if (setrlimit(RLIMIT_AS, &rl) != 0)
                _exit(127);
        }
        /* Under AddressSanitizer the preloaded library comes before its
         * runtime, which it would otherwise refuse. */
        if (preload && (setenv("LD_PRELOAD", preload, 1) ||
                        setenv("ASAN_OPTIONS",
                               "verify_asan_link_order=0:detect_leaks=1:abort_on_error=1:"
                               "new_delete_type_mismatch=0",
                               1)))
            _exit(127);
        execv(argv[0], (char *const *)argv);
        _exit(127);
    }
    int status;
    struct rusage ru;
    timed_child = pid;
    assert_int_equal(wait4(pid, &status, 0, &ru), pid);
    timed_child = 0;
    double cpu =
        ru.ru_utime.tv_sec + ru.ru_stime.tv_sec + (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
    cli_run r = {WIFEXITED(status) ? WEXITSTATUS(status) : -1,
                 ru.ru_maxrss,
                 zc_test_now() - t0,
                 cpu,
                 zc_test_read_file(outp, NULL),
                 zc_test_read_file(errp, NULL)};
    if (!r.out)
        r.out = calloc(1, 1);
    if (!r.err)
        r.err = calloc(1, 1);
    return r;
}

static cli_run run_cli(const char *tmp, unsigned as_mb, ...)
{
    va_list ap;
    va_start(ap, as_mb);
    cli_run r = run_cli_with(tmp, as_mb, NULL, ap);
    va_end(ap);
    return r;
}

static cli_run run_cli_preloaded(const char *tmp, const char *preload, ...)
{
    va_list ap;
    va_start(ap, preload);
    cli_run r = run_cli_with(tmp, 0, preload, ap);
    va_end(ap);
    return r;
}

static void cli_run_free(cli_run *r)
{
    free(r->out);
    free(r->err);
}

/* The seed reports (corpus/), one after another, malloc'd. */
static char *seed_text(size_t *len)
{
    static const char *const names[] = {"000_c7aa4d322e244bff.txt", "001_28de832e850c6ae0.txt",
                                        "002_703a66e9d902f6c3.txt", "003_b399b6283a605430.txt",
                                        "004_f38267a61ae27191.txt"};
    zc_buf b = ZC_BUF_INIT;
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        char rel[64];
        snprintf(rel, sizeof rel, "corpus/%s", names[i]);
        char *path = zc_test_source_path(rel);
        size_t n;
        char *t = zc_test_read_file(path, &n);
        assert_non_null(t);
        zc_buf_append(&b, t, n);
        free(t);
        free(path);
    }
    *len = b.len;
    return zc_buf_detach(&b);
}

/* Writes dir/name: the seed reports over and over to about mb MB, on one
 * line (line breaks left out) or as they are; then end. */
static char *write_seeds(const char *dir, const char *name, size_t mb, int one_line,
                         const char *end)
{
    size_t len;
    char *seed = seed_text(&len);
    if (one_line) {
        size_t w = 0;
        for (size_t i = 0; i < len; i++)
            if (seed[i] != '\n' && seed[i] != '\r')
                seed[w++] = seed[i];
        len = w;
    }
    char *path = malloc(strlen(dir) + strlen(name) + 2);
    sprintf(path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    for (size_t done = 0; done < mb << 20; done += len)
        assert_int_equal(fwrite(seed, 1, len, f), len);
    fputs(end, f);
    assert_int_equal(fclose(f), 0);
    free(seed);
    return path;
}

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
        char *text = repeat(cases[i].unit, 20u << 20, &c.len);
        c.text = text;
        char what[80];
        snprintf(what, sizeof what, "years of 20 MB of %s", cases[i].unit);
        timed(what, 10, run_years, &c);
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
        char *text = repeat(units[i], 4u << 20, &c.len);
        c.text = text;
        char what[80];
        snprintf(what, sizeof what, "Markdown of 4 MB of %s", units[i]);
        timed(what, 10, run_markdown, &c);
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
        char *text = repeat(marks[i], 1u << 20, &m.len);
        m.text = text;
        char what[80];
        snprintf(what, sizeof what, "Markdown of 1 MB of %s", marks[i]);
        timed(what, 10, run_markdown, &m);
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
        char *nest = repeat(units[i], 10000 * ul, &n);
        zc_buf doc = ZC_BUF_INIT;
        assert_int_equal(zc_buf_append(&doc, nest, n), 0);
        assert_int_equal(zc_buf_puts(&doc, "最深处"), 0);
        free(nest);
        md_case c = {doc.data, doc.len, ZC_BUF_INIT};
        char what[80];
        snprintf(what, sizeof what, "Markdown nested 10,000 deep in %s", units[i]);
        timed(what, 10, run_markdown, &c);
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
    timed("Markdown table of 20,000 columns and 20,000 short rows", 10, run_markdown, &c);
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
        char *text = repeat(units[i], 8u << 20, &c.len);
        c.text = text;
        char what[80];
        snprintf(what, sizeof what, "segmenting 8 MB of %s", units[i]);
        timed(what, 10, run_seg, &c);
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
    char *text = repeat("a\n", 16u << 20, &c.len);
    c.text = text;
    long used = child_peak_kb(run_clean, &c), limit = 20 * (long)(c.len / 1024);
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
    c->r = run_cli(c->tmp, 0, "index", "--db", c->db, c->dir, NULL);
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
    char *text = repeat("2024年", 20u << 20, &len);
    free(zc_test_write_file(dir, "years.txt", text, len));
    free(text);
    file_case c = {tmp, db, dir, {0}};
    timed("indexing 20 MB of 2024年 on one line", 60, run_index, &c);
    if (c.r.status != 0)
        fail_msg("index: status %d: %s", c.r.status, c.r.err);
    cli_run_free(&c.r);
    cli_run r = run_cli(tmp, 0, "search", "--db", db, "--json", "--year", "2024", "2024年", NULL);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "\"total\":1"));
    cli_run_free(&r);
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
    char *text = repeat("<p>中</p>", 16u << 20, &c.len);
    c.text = text;
    long used = child_peak_kb(run_html, &c), limit = 3 * (long)(c.len / 1024) + 16 * 1024;
    print_message("# HTML text of %.0f MB of <p>中</p>: %.1f MB (bound %.0f MB)\n",
                  c.len / 1048576.0, used / 1024.0, limit / 1024.0);
    assert_true(used <= limit);
    free(text);
}

/* ---------------------------------------------------- indexing memory */

/* Peak memory of `zhengce index` (one job) on a file of mb MB of the seed
 * reports, on one line or as they are, beyond what a tiny file takes;
 * fails past per_mb times the file, or past bound(seconds) of processor
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
    char *path = write_seeds(dir, "report.txt", mb, one_line, "结尾标记ZCMEMEND");
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    char *tiny_dir = zc_test_tmpdir();
    free(zc_test_write_file(tiny_dir, "tiny.txt", "新余", 6));
    cli_run base = run_cli(tmp, 0, "index", "--jobs", "1", "--db", tiny_db, tiny_dir, NULL);
    assert_int_equal(base.status, 0);
    cli_run r = run_cli(tmp, 0, "index", "--jobs", "1", "--db", db, dir, NULL);
    if (r.status != 0)
        fail_msg("index: status %d: %s", r.status, r.err);
    double file_mb = st.st_size / 1048576.0, used = (r.maxrss_kb - base.maxrss_kb) / 1024.0;
    print_message("# %.0f MB %s: %.1f s (%.1f s of processor time), %.0f MB at most (%.0f MB "
                  "for a tiny file): %.1f times the file\n",
                  file_mb, one_line ? "on one line" : "of lines", r.seconds, r.cpu,
                  r.maxrss_kb / 1024.0, base.maxrss_kb / 1024.0, used / file_mb);
    double took = r.cpu;
    cli_run_free(&r);
    if (seconds && took > bound(seconds))
        fail_msg("indexing %.0f MB took %.1f s of processor time, more than %.0f s", file_mb, took,
                 bound(seconds));
    r = run_cli(tmp, 0, "search", "--db", db, "--json", "ZCMEMEND", NULL);
    assert_int_equal(r.status, 0); /* the last bytes are there */
    cli_run_free(&r);
    cli_run_free(&base);
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

/* ------------------------------------------- one bad file, not the run */

/* A file of size bytes that takes no room on disk. */
static char *sparse_file(const char *dir, const char *name, off_t size)
{
    char *path = malloc(strlen(dir) + strlen(name) + 2);
    sprintf(path, "%s/%s", dir, name);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    assert_true(fd >= 0);
    assert_int_equal(ftruncate(fd, size), 0);
    close(fd);
    return path;
}

static size_t hits(const char *tmp, const char *db, const char *query)
{
    cli_run r = run_cli(tmp, 0, "search", "--db", db, "--json", query, NULL);
    const char *t = strstr(r.out, "\"total\":");
    size_t n = t ? strtoul(t + 8, NULL, 10) : 0;
    if (r.status == 2)
        fail_msg("search %s: %s", query, r.err);
    cli_run_free(&r);
    return n;
}

/* A file over the size limit is left unread, by name, with the limit and
 * how to raise it; the others are indexed; exit status 1; a file indexed
 * before keeps its document until it fits again. */
static void test_too_large(void **state)
{
    (void)state;
    char *tmp = zc_test_tmpdir(), dir[4200], db[4200], msg[9000];
    snprintf(dir, sizeof dir, "%s/files", tmp);
    snprintf(db, sizeof db, "%s/db", tmp);
    assert_int_equal(mkdir(dir, 0755), 0);
    free(zc_test_write_file(dir, "good.txt", "新余高新区ZCGOOD", strlen("新余高新区ZCGOOD")));
    char *big = sparse_file(dir, "big.txt", (off_t)300 << 20);
    cli_run r = run_cli(tmp, 0, "index", "--db", db, dir, NULL);
    snprintf(msg, sizeof msg,
             "zhengce: skipped: %s: file too large (300.0 MB > limit 256 MB; --max-file-mb raises "
             "it)\n",
             big);
    if (r.status != 1 || !strstr(r.err, msg) || !strstr(r.err, "indexed 1,"))
        fail_msg("status %d, expected 1 and '%s' in: %s", r.status, msg, r.err);
    cli_run_free(&r);
    assert_int_equal(hits(tmp, db, "ZCGOOD"), 1);
    unlink(big);
    free(big);

    /* Indexed, then grown past the limit: refused, the old document stays. */
    char *grown = zc_test_write_file(dir, "grown.txt", "旧的内容ZCOLD", strlen("旧的内容ZCOLD"));
    r = run_cli(tmp, 0, "index", "--db", db, dir, NULL);
    assert_int_equal(r.status, 0);
    cli_run_free(&r);
    free(write_seeds(dir, "grown.txt", 2, 0, "新的内容ZCNEW"));
    r = run_cli(tmp, 0, "index", "--db", db, "--max-file-mb", "1", dir, NULL);
    if (r.status != 1 || !strstr(r.err, "grown.txt: file too large (2.0 MB > limit 1 MB;"))
        fail_msg("status %d: %s", r.status, r.err);
    cli_run_free(&r);
    assert_int_equal(hits(tmp, db, "ZCOLD"), 1);
    assert_int_equal(hits(tmp, db, "ZCNEW"), 0);
    /* No limit (0): read at last. */
    r = run_cli(tmp, 0, "index", "--db", db, "--max-file-mb", "0", dir, NULL);
    if (r.status != 0 || !strstr(r.err, "updated 1,"))
        fail_msg("status %d: %s", r.status, r.err);
    cli_run_free(&r);
    assert_int_equal(hits(tmp, db, "ZCOLD"), 0);
    assert_int_equal(hits(tmp, db, "ZCNEW"), 1);
    r = run_cli(tmp, 0, "index", "--db", db, "--max-file-mb", "x", dir, NULL);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "--max-file-mb needs a number"));
    cli_run_free(&r);
    free(grown);
    zc_test_rmtree(tmp);
    free(tmp);
}

/* What the report callback of the API tests does: when the walk passes
 * over victim.bin (after the files before it in name order were planned),
 * it removes or grows the file named target; it records every failure. */
typedef struct meddler {
    const char *target;
    int grow; /* append 2 MB instead of removing it */
    char failed[4096];
    unsigned nfailed;
} meddler;

static void meddle(void *ctx, zc_event ev, const char *path, const zc_error *why)
{
    meddler *m = ctx;
    if (ev == ZC_EVENT_SKIPPED && strstr(path, "victim.bin")) {
        if (!m->grow) {
            assert_int_equal(unlink(m->target), 0);
            return;
        }
        FILE *f = fopen(m->target, "ab");
        assert_non_null(f);
        for (int i = 0; i < 2 * 1024; i++)
            fputs(
                "新余高新区锂电产业发展规模以上工业增加值增长9.5%，还有更多的内容填满一千个字节。"
                "新余高新区锂电产业发展规模以上工业增加值增长9.5%，还有更多的内容填满一千个字节。"
                "新余高新区锂电产业发展规模以上工业增加值增长9.5%，还有更多的内容填满一千个字节。"
                "新余高新区锂电产业发展规模以上工业增加值增长9.5%，还有更多的内容填满一千个字节。"
                "新余高新区锂电产业发展规模以上工业增加值增长9.5%，还有更多的内容填满一千个字节。"
                "新余高新区锂电产业发展规模以上工业增加值增长9.5%，还有更多的内容填满一千个字节。"
                "新余高新区锂电产业发展规模以上工业增加值增长9.5%，还有更多的内容填满一千个字节。",
                f);
        assert_int_equal(fclose(f), 0);
        return;
    }
    if (ev == ZC_EVENT_FAILED) {
        m->nfailed++;
        snprintf(m->failed + strlen(m->failed), sizeof m->failed - strlen(m->failed), "%s\n",
                 why ? why->message : path);
    }
}

static uint64_t search_total(zc_index *ix, const char *query)
{
    zc_results *res;
    zc_error err;
    int rc = zc_search(ix, query, NULL, &res, &err);
    if (rc)
        fail_msg("search %s: %s", query, err.message);
    uint64_t n = zc_results_total(res);
    zc_results_free(res);
    return n;
}

/* Runs one update of dir into ix with m as the report callback. */
static zc_index_stats update(zc_index *ix, const char *dir, meddler *m, uint64_t max_bytes)
{
    zc_index_options o;
    zc_index_options_init(&o, ZC_INDEX_OPTIONS_VERSION);
    o.jobs = 1;
    o.report = m ? meddle : NULL;
    o.ctx = m;
    o.max_file_bytes = max_bytes;
    zc_index_stats st;
    zc_error err;
    const char *paths[] = {dir};
    if (zc_index_update(ix, paths, 1, &o, &st, &err))
        fail_msg("update %s: %s", dir, err.message);
    return st;
}

/* A file gone between the walk and its reading fails alone, with its real
 * reason (it used to stop the run); it keeps its document that run, and
 * loses it in the next, which no longer finds it. */
static void test_vanished(void **state)
{
    (void)state;
    char *tmp = zc_test_tmpdir(), dir[4200], db[4200];
    snprintf(dir, sizeof dir, "%s/files", tmp);
    snprintf(db, sizeof db, "%s/db", tmp);
    assert_int_equal(mkdir(dir, 0755), 0);
    free(zc_test_write_file(dir, "a.txt", "新余高新区ZCKEEP", strlen("新余高新区ZCKEEP")));
    char *b = zc_test_write_file(dir, "b.txt", "旧的ZCVANISH", strlen("旧的ZCVANISH"));
    zc_index *ix;
    zc_error err;
    assert_int_equal(zc_index_open(db, ZC_OPEN_WRITE | ZC_OPEN_CREATE, &ix, &err), ZC_OK);
    zc_index_stats st = update(ix, dir, NULL, 0);
    assert_int_equal(st.indexed, 2);

    /* b.txt changed, so it is to be read again; it goes once planned. */
    free(zc_test_write_file(dir, "b.txt", "新的ZCVANISH二", strlen("新的ZCVANISH二")));
    free(zc_test_write_file(dir, "c.txt", "新文件ZCNEWC", strlen("新文件ZCNEWC")));
    free(zc_test_write_file(dir, "victim.bin", "x", 1));
    meddler m = {.target = b};
    st = update(ix, dir, &m, 0);
    char want[4400];
    snprintf(want, sizeof want, "%s: No such file or directory\n", b);
    assert_string_equal(m.failed, want);
    assert_int_equal(st.failed, 1);
    assert_int_equal(st.indexed, 1); /* c.txt */
    assert_int_equal(st.removed, 0);
    assert_int_equal(search_total(ix, "ZCVANISH"), 1); /* the old document */
    assert_int_equal(search_total(ix, "ZCNEWC"), 1);

    /* The next run does not find it: its document goes. */
    st = update(ix, dir, NULL, 0);
    assert_int_equal(st.removed, 1);
    assert_int_equal(search_total(ix, "ZCVANISH"), 0);
    assert_int_equal(search_total(ix, "ZCKEEP"), 1);
    zc_index_free(ix);
    free(b);
    zc_test_rmtree(tmp);
    free(tmp);
}

/* A file gone between the directory listing and the walk's look at it (a
 * tree being cleaned while it is indexed) is reported with its reason; a
 * file gone inside the walk used to stop the run as "out of memory
 * walking". */
static void test_vanished_in_walk(void **state)
{
    (void)state;
    const char *preload = getenv("ZC_VANISH_PRELOAD");
    if (!preload)
        fail_msg("ZC_VANISH_PRELOAD is not set (run through ctest)");
    char *tmp = zc_test_tmpdir(), dir[4200], db[4200], msg[4400];
    snprintf(dir, sizeof dir, "%s/files", tmp);
    snprintf(db, sizeof db, "%s/db", tmp);
    assert_int_equal(mkdir(dir, 0755), 0);
    free(zc_test_write_file(dir, "a.txt", "新余高新区ZCKEEP", strlen("新余高新区ZCKEEP")));
    char *v = zc_test_write_file(dir, "vanish-at-walk.txt", "ZCGONE", 6);
    free(zc_test_write_file(dir, "z.txt", "抚州ZCZED", strlen("抚州ZCZED")));
    cli_run r = run_cli_preloaded(tmp, preload, "index", "--db", db, dir, NULL);
    snprintf(msg, sizeof msg, "zhengce: failed: %s: No such file or directory\n", v);
    if (r.status != 1 || !strstr(r.err, msg) || !strstr(r.err, "indexed 2,"))
        fail_msg("status %d, expected 1 and '%s' in: %s", r.status, msg, r.err);
    cli_run_free(&r);
    assert_int_equal(hits(tmp, db, "ZCKEEP"), 1);
    assert_int_equal(hits(tmp, db, "ZCZED"), 1);
    free(v);
    zc_test_rmtree(tmp);
    free(tmp);
}

/* A file that grows past the limit between the walk and its reading is
 * refused when read, by name; the others are indexed. */
static void test_grown_past_limit(void **state)
{
    (void)state;
    char *tmp = zc_test_tmpdir(), dir[4200], db[4200];
    snprintf(dir, sizeof dir, "%s/files", tmp);
    snprintf(db, sizeof db, "%s/db", tmp);
    assert_int_equal(mkdir(dir, 0755), 0);
    free(zc_test_write_file(dir, "a.txt", "新余高新区ZCKEEP", strlen("新余高新区ZCKEEP")));
    char *b = zc_test_write_file(dir, "b.txt", "ZCGROWN", 7);
    free(zc_test_write_file(dir, "victim.bin", "x", 1));
    zc_index *ix;
    zc_error err;
    assert_int_equal(zc_index_open(db, ZC_OPEN_WRITE | ZC_OPEN_CREATE, &ix, &err), ZC_OK);
    meddler m = {.target = b, .grow = 1};
    zc_index_stats st = update(ix, dir, &m, 1u << 20);
    char want[4400];
    snprintf(want, sizeof want, "%s: file too large (", b);
    if (m.nfailed != 1 || strncmp(m.failed, want, strlen(want)) != 0 ||
        !strstr(m.failed, "> limit 1 MB; --max-file-mb raises it)"))
        fail_msg("failures: %s", m.failed);
    assert_int_equal(st.failed, 1);
    assert_int_equal(st.indexed, 1);
    assert_int_equal(search_total(ix, "ZCKEEP"), 1);
    assert_int_equal(search_total(ix, "ZCGROWN"), 0);
    zc_index_free(ix);
    free(b);
    zc_test_rmtree(tmp);
    free(tmp);
}

/* A file that does not fit in memory (here: 4 GB, no size limit, 1 GB of
 * address space) fails alone; it used to stop the run with exit status 2. */
static void test_out_of_memory(void **state)
{
    (void)state;
    if (SANITIZED) {
        print_message("# address space limits do not apply under AddressSanitizer\n");
        return;
    }
    char *tmp = zc_test_tmpdir(), dir[4200], db[4200], msg[4400];
    snprintf(dir, sizeof dir, "%s/files", tmp);
    snprintf(db, sizeof db, "%s/db", tmp);
    assert_int_equal(mkdir(dir, 0755), 0);
    free(zc_test_write_file(dir, "good.txt", "新余高新区ZCGOOD", strlen("新余高新区ZCGOOD")));
    char *huge = sparse_file(dir, "huge.txt", (off_t)4 << 30);
    cli_run r = run_cli(tmp, 1024, "index", "--db", db, "--max-file-mb", "0", dir, NULL);
    snprintf(msg, sizeof msg, "zhengce: failed: %s: out of memory reading 4096.0 MB\n", huge);
    if (r.status != 1 || !strstr(r.err, msg) || !strstr(r.err, "indexed 1,"))
        fail_msg("status %d, expected 1 and '%s' in: %s", r.status, msg, r.err);
    cli_run_free(&r);
    assert_int_equal(hits(tmp, db, "ZCGOOD"), 1);
    unlink(huge);
    free(huge);
    zc_test_rmtree(tmp);
    free(tmp);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_years_one_line),   cmocka_unit_test(test_markdown_one_line),
        cmocka_unit_test(test_markdown_deep),    cmocka_unit_test(test_numerals),
        cmocka_unit_test(test_years_file),       cmocka_unit_test(test_clean_memory),
        cmocka_unit_test(test_html_memory),      cmocka_unit_test(test_index_memory),
        cmocka_unit_test(test_too_large),        cmocka_unit_test(test_vanished),
        cmocka_unit_test(test_vanished_in_walk), cmocka_unit_test(test_grown_past_limit),
        cmocka_unit_test(test_out_of_memory),
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
