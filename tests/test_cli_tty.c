/* The zhengce command on a terminal (a pseudo-terminal of a set size):
 * output follows the terminal's width, facets are shown whole or their
 * left-out values counted, and control characters and bidi overrides in
 * file names and titles are shown escaped, never written raw. */
#include <jansson.h>
#include <pty.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <cmocka.h>

#include "cli_fixture.h"
#include "test_util.h"

/* Runs `$ZC_CLI ARGS` (ARGS quoted for the shell) with stdout and stderr
 * on a pseudo-terminal of cols columns, NO_COLOR set (so that any escape
 * sequence in the output is one the program let through) and no line-end
 * translation; everything written is in out, err is empty. */
static run tty_run(int cols, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static run tty_run(int cols, const char *fmt, ...)
{
    char args[8192], cmd[9000];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(args, sizeof args, fmt, ap);
    va_end(ap);
    const char *cli = getenv("ZC_CLI");
    snprintf(cmd, sizeof cmd, "exec '%s' %s </dev/null", cli ? cli : "zhengce", args);
    struct winsize ws = {.ws_row = 50, .ws_col = (unsigned short)cols};
    int fd;
    pid_t pid = forkpty(&fd, NULL, NULL, &ws);
    assert_true(pid >= 0);
    if (pid == 0) {
        struct termios t;
        if (tcgetattr(STDOUT_FILENO, &t) == 0) {
            t.c_oflag &= ~(tcflag_t)OPOST;
            tcsetattr(STDOUT_FILENO, TCSANOW, &t);
        }
        setenv("NO_COLOR", "1", 1);
        unsetenv("COLUMNS");
        execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
        _exit(127);
    }
    size_t cap = 1 << 16, len = 0;
    char *out = malloc(cap);
    for (;;) {
        if (cap - len < 4096)
            out = realloc(out, cap *= 2);
        ssize_t k = read(fd, out + len, cap - len - 1);
        if (k <= 0) /* EIO once the terminal's other end is closed */
            break;
        len += (size_t)k;
    }
    out[len] = '\0';
    close(fd);
    int st;
    assert_int_equal(waitpid(pid, &st, 0), pid);
    return (run){WIFEXITED(st) ? WEXITSTATUS(st) : -1, out, strdup("")};
}

/* The widest line of s (lines end at \n or \r: a progress line is
 * redrawn after \r), ignoring "\033[K" (erase line). */
static size_t widest(const char *s, const char **at)
{
    size_t most = 0;
    while (*s) {
        if (strncmp(s, "\033[K", 3) == 0) {
            s += 3;
            continue;
        }
        size_t len = strcspn(s, "\r\n");
        const char *k = memmem(s, len, "\033[K", 3);
        if (k)
            len = (size_t)(k - s);
        size_t w = display_columns(s, len);
        if (w > most) {
            most = w;
            *at = s;
        }
        s += len;
        if (*s == '\r' || *s == '\n')
            s++;
    }
    return most;
}

static void assert_within(const char *what, const char *out, size_t cols)
{
    const char *at = out;
    size_t w = widest(out, &at);
    if (w > cols)
        fail_msg("%s: a line of %zu columns, more than %zu: [%.*s]", what, w, cols,
                 (int)strcspn(at, "\r\n"), at);
}

/* Search listings, and a progress bar, at 60 and 120 columns on a
 * terminal, and at $COLUMNS when not one: within the width, and using it
 * (a snippet of the five seeds fills lines past 80 columns on a wide
 * terminal). */
static void test_width(void **state)
{
    env *e = *state;
    const int widths[] = {60, 120};
    for (size_t i = 0; i < 2; i++) {
        run r = tty_run(widths[i], "search --db '%s' --limit 50 的", e->db);
        assert_int_equal(r.status, 0);
        assert_non_null(strstr(r.out, "documents matched"));
        assert_within("search", r.out, (size_t)widths[i]);
        const char *at;
        if (widths[i] > 80 && widest(r.out, &at) <= 80)
            fail_msg("search at %d columns: no line is wider than 80", widths[i]);
        if (widths[i] <= 80 && widest(r.out, &at) <= (size_t)widths[i] - 10)
            fail_msg("search at %d columns: lines shorter than the width", widths[i]);
        run_free(&r);
    }
    setenv("COLUMNS", "50", 1);
    run r = zc(e, "search --db '%s' --limit 50 的", e->db);
    unsetenv("COLUMNS");
    assert_int_equal(r.status, 0);
    assert_within("search with COLUMNS=50", r.out, 50);
    const char *at;
    assert_true(widest(r.out, &at) > 40);
    run_free(&r);

    /* The progress line of an index run on a terminal of 40 columns: it
     * stays within the line (a longer one wraps, and each redraw leaves a
     * line behind). */
    char db[4200];
    snprintf(db, sizeof db, "%s/db-progress", e->tmp);
    r = tty_run(40, "index --db '%s' '%s'", db, e->corpus);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, " files "));
    const char *summary = strstr(r.out, "indexed 5,");
    assert_non_null(summary);
    char *bars = strndup(r.out, (size_t)(summary - r.out));
    assert_within("progress", bars, 39);
    free(bars);
    run_free(&r);
}

/* A directory of 60 reports with a manifest: years 1960..2019, 31
 * provinces; returns its index (malloc'd). */
static char *many_facets(env *e)
{
    static const char *const provinces[] = {
        "北京", "天津", "河北", "山西", "内蒙古", "辽宁", "吉林", "黑龙江", "上海", "江苏", "浙江",
        "安徽", "福建", "江西", "山东", "河南",   "湖北", "湖南", "广东",   "广西", "海南", "重庆",
        "四川", "贵州", "云南", "西藏", "陕西",   "甘肃", "青海", "宁夏",   "新疆"};
    char dir[4200], *db = malloc(4200);
    snprintf(dir, sizeof dir, "%s/many", e->tmp);
    snprintf(db, 4200, "%s/db-many", e->tmp);
    assert_int_equal(mkdir(dir, 0755), 0);
    char manifest[8192] = "file,title,year,region\n";
    for (int i = 0; i < 60; i++) {
        char name[32], text[64];
        snprintf(name, sizeof name, "r%d.txt", i);
        snprintf(text, sizeof text, "报告%d\n新能源发展\n", i);
        free(zc_test_write_file(dir, name, text, strlen(text)));
        size_t n = strlen(manifest);
        snprintf(manifest + n, sizeof manifest - n, "%s,报告%d,%d,%s\n", name, i, 1960 + i,
                 provinces[i % 31]);
    }
    free(zc_test_write_file(dir, "zhengce-manifest.csv", manifest, strlen(manifest)));
    run r = zc(e, "index --db '%s' '%s'", db, dir);
    assert_int_equal(r.status, 0);
    run_free(&r);
    return db;
}

/* The values a facet block lists, from the line starting with label to
 * the last continuation line (indented), and the number its "… and N
 * more" gives (0 without one). */
static void facet_block(const char *out, const char *label, size_t *shown, size_t *more)
{
    *shown = *more = 0;
    const char *p = strstr(out, label);
    if (!p)
        fail_msg("no '%s' in [%s]", label, out);
    p += strlen(label);
    size_t tokens = 0;
    for (;;) {
        size_t len = strcspn(p, "\n");
        char *line = strndup(p, len), *save = NULL;
        for (char *t = strtok_r(line, " ", &save); t; t = strtok_r(NULL, " ", &save)) {
            if (strcmp(t, "…") == 0) {
                char *and = strtok_r(NULL, " ", &save), *n = strtok_r(NULL, " ", &save),
                     *word = strtok_r(NULL, " ", &save);
                if (!and || strcmp(and, "and") || !n || !word || strcmp(word, "more"))
                    fail_msg("'%s': a bad tail in [%s]", label, out);
                *more = strtoul(n, NULL, 10);
                break;
            }
            tokens++;
        }
        free(line);
        p += len;
        if (*p != '\n' || p[1] != ' ')
            break;
        p++;
    }
    if (tokens % 2)
        fail_msg("'%s': not value-count pairs in [%s]", label, out);
    *shown = tokens / 2;
}

/* Search and info on a terminal, and piped: each facet is listed whole or
 * ends in "… and N more (--json lists all)", the values shown and N adding
 * up to what --json lists. */
static void test_facets_counted(void **state)
{
    env *e = *state;
    unsetenv("COLUMNS"); /* piped: 80 columns */
    char *db = many_facets(e);
    run r = zc(e, "search --db '%s' --json 新能源", db);
    assert_int_equal(r.status, 0);
    json_t *root = json_loads(r.out, 0, NULL);
    assert_non_null(root);
    json_t *facets = json_object_get(root, "facets"), *f;
    size_t years = json_array_size(json_object_get(facets, "year")), provinces = 0, i;
    json_array_foreach(json_object_get(facets, "region"), i, f)
    {
        provinces += strcmp(json_string_value(json_object_get(f, "level")), "province") == 0;
    }
    assert_int_equal(years, 60);
    assert_int_equal(provinces, 31);
    json_decref(root);
    run_free(&r);

    const int widths[] = {40, 80, 200, 0}; /* 0: piped */
    for (size_t w = 0; w < 4; w++) {
        for (int info = 0; info < 2; info++) {
            const char *what = info ? "info" : "search";
            r = widths[w] ? tty_run(widths[w], "%s --db '%s' %s", what, db, info ? "" : "新能源")
                          : zc(e, "%s --db '%s' %s", what, db, info ? "" : "新能源");
            assert_int_equal(r.status, 0);
            size_t shown, more;
            facet_block(r.out, info ? "\nyears     " : "\nyear:", &shown, &more);
            if (shown == 0 || shown + more != years || (more && !strstr(r.out, "more")))
                fail_msg("%s at %d columns: %zu years shown, %zu more, of %zu: [%s]", what,
                         widths[w], shown, more, years, r.out);
            facet_block(r.out, info ? "\nregions   " : "\nregion:", &shown, &more);
            if (shown == 0 || shown + more != provinces)
                fail_msg("%s at %d columns: %zu regions shown, %zu more, of %zu: [%s]", what,
                         widths[w], shown, more, provinces, r.out);
            assert_within(what, r.out, widths[w] ? (size_t)widths[w] : 80);
            if (widths[w] == 80 && !strstr(r.out, "more (--json lists all)"))
                fail_msg("%s at 80 columns: no hint at --json: [%s]", what, r.out);
            run_free(&r);
        }
    }
    free(db);
}

/* A file name with ESC, a manifest title with an OSC sequence, BEL, a C1
 * control and a right-to-left override, an index directory with ESC:
 * escaped on a terminal (search, info, index and remove messages), never
 * raw; --json keeps the real strings. */
static void test_escapes(void **state)
{
    env *e = *state;
    char dir[4200], db[4200];
    snprintf(dir, sizeof dir, "%s/evil", e->tmp);
    snprintf(db, sizeof db, "%s/db\033[1m", e->tmp);
    assert_int_equal(mkdir(dir, 0755), 0);
    const char *t = "标题\nZCESCAPE 正文\n";
    free(zc_test_write_file(dir, "esc\033[31mred.txt", t, strlen(t)));
    free(zc_test_write_file(dir, "t.txt", t, strlen(t)));
    free(zc_test_write_file(dir, "skip\033[32m.png", "x", 1));
    const char *title = "危险\033]0;pwned\007标题\xC2\x9B\xE2\x80\xAE反转";
    char manifest[256];
    snprintf(manifest, sizeof manifest, "file,title\nt.txt,%s\n", title);
    free(zc_test_write_file(dir, "zhengce-manifest.csv", manifest, strlen(manifest)));

    run r = tty_run(100, "index --db '%s' '%s'", db, dir);
    assert_int_equal(r.status, 0);
    if (!strstr(r.out, "skip\\x1b[32m.png: unsupported file type") || strstr(r.out, "\033[32m"))
        fail_msg("index: [%s]", r.out);
    run_free(&r);

    r = tty_run(100, "search --db '%s' ZCESCAPE", db);
    assert_int_equal(r.status, 0);
    if (strchr(r.out, '\033') || strchr(r.out, '\007') || strstr(r.out, "\xC2\x9B") ||
        strstr(r.out, "\xE2\x80\xAE") ||
        !strstr(r.out, "危险\\x1b]0;pwned\\x07标题\\u009b\\u202e反转") ||
        !strstr(r.out, "esc\\x1b[31mred.txt"))
        fail_msg("search: [%s]", r.out);
    run_free(&r);

    r = tty_run(100, "info --db '%s'", db);
    assert_int_equal(r.status, 0);
    if (strchr(r.out, '\033') || !strstr(r.out, "db\\x1b[1m\n"))
        fail_msg("info: [%s]", r.out);
    run_free(&r);

    r = tty_run(100, "remove --db '%s' '%s/gone\033[2J'", db, dir);
    assert_int_equal(r.status, 2);
    if (strchr(r.out, '\033') || !strstr(r.out, "gone\\x1b[2J: nothing indexed"))
        fail_msg("remove: [%s]", r.out);
    run_free(&r);

    /* JSON carries the strings as they are. */
    r = zc(e, "search --db '%s' --json ZCESCAPE", db);
    assert_int_equal(r.status, 0);
    json_t *root = json_loads(r.out, 0, NULL);
    assert_non_null(root);
    json_t *hits = json_object_get(root, "hits"), *h;
    size_t i, titled = 0, named = 0;
    json_array_foreach(hits, i, h)
    {
        titled += strcmp(json_string_value(json_object_get(h, "title")), title) == 0;
        named +=
            strstr(json_string_value(json_object_get(h, "path")), "/esc\033[31mred.txt") != NULL;
    }
    assert_int_equal(titled, 1);
    assert_int_equal(named, 1);
    json_decref(root);
    run_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_width),
        cmocka_unit_test(test_facets_counted),
        cmocka_unit_test(test_escapes),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
