/* source:PATH and --source PATH: the documents indexed from a file, a
 * collection or the files below a directory, the path named as the
 * indexer names files (relative to the current directory, symlinks
 * resolved, or lexically when it is gone). */
#include <jansson.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "cli_fixture.h"
#include "test_util.h"

/* The files of the tree, each with one report (news.jsonl: three). */
static const char *const files[] = {"src/a/b/x.txt", "src/a/y.txt",      "src/ab/w.txt",
                                    "src/c/z.txt",   "src/c/news.jsonl", "src/with space/v.txt"};
#define NFILES (sizeof files / sizeof *files)

static void make_tree(const char *tmp)
{
    static const char *const dirs[] = {"src",    "src/a", "src/a/b",
                                       "src/ab", "src/c", "src/with space"};
    char p[4200];
    for (size_t i = 0; i < sizeof dirs / sizeof *dirs; i++) {
        snprintf(p, sizeof p, "%s/%s", tmp, dirs[i]);
        assert_int_equal(mkdir(p, 0755), 0);
    }
    for (size_t i = 0; i < NFILES; i++) {
        char text[512];
        if (strstr(files[i], ".jsonl"))
            snprintf(text, sizeof text,
                     "{\"title\": \"一\", \"content\": \"锂电产业 ZCSRC 一\"}\n"
                     "{\"title\": \"二\", \"content\": \"锂电产业 ZCSRC 二\"}\n"
                     "{\"title\": \"三\", \"content\": \"锂电产业 ZCSRC 三\"}\n");
        else
            snprintf(text, sizeof text, "报告\n锂电产业 ZCSRC %s\n", files[i]);
        snprintf(p, sizeof p, "%s/%s", tmp, files[i]);
        FILE *f = fopen(p, "w");
        assert_non_null(f);
        fputs(text, f);
        fclose(f);
    }
    snprintf(p, sizeof p, "%s/src/link", tmp);
    assert_int_equal(symlink("a", p), 0);
}

/* The documents a search finds: how many, and whether each file of the
 * tree is among them (a bit per file). */
typedef struct found {
    int status;
    long total;
    unsigned mask;
} found;

static found search(env *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static found search(env *e, const char *fmt, ...)
{
    char args[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(args, sizeof args, fmt, ap);
    va_end(ap);
    run r = zc(e, "search --db '%s' --json --limit 100 %s", e->db, args);
    found f = {r.status, 0, 0};
    json_t *root = json_loads(r.out, 0, NULL);
    if (r.status == 2 || !root) {
        json_decref(root);
        run_free(&r);
        return f;
    }
    f.total = (long)json_integer_value(json_object_get(root, "total"));
    size_t i;
    json_t *h;
    json_array_foreach(json_object_get(root, "hits"), i, h)
    {
        const char *path = json_string_value(json_object_get(h, "path"));
        for (size_t k = 0; k < NFILES; k++) {
            size_t n = strlen(files[k]), pl = strcspn(path, "#");
            if (pl >= n && memcmp(path + pl - n, files[k], n) == 0)
                f.mask |= 1u << k;
        }
    }
    json_decref(root);
    run_free(&r);
    return f;
}

/* The files at or below path (relative to tmp, the directory the index
 * was made in), by name, and their number of documents. */
static found expected(const char *path)
{
    found f = {0, 0, 0};
    size_t n = strlen(path);
    for (size_t k = 0; k < NFILES; k++) {
        if (strncmp(files[k], path, n) == 0 && (files[k][n] == '\0' || files[k][n] == '/')) {
            f.mask |= 1u << k;
            f.total += strstr(files[k], ".jsonl") ? 3 : 1;
        }
    }
    f.status = f.total ? 0 : 1;
    return f;
}

static void expect(env *e, const char *args, found want)
{
    found got = search(e, "%s", args);
    if (got.status != want.status || got.total != want.total || got.mask != want.mask)
        fail_msg("search %s: status %d, %ld documents, files %#x; expected %d, %ld, %#x", args,
                 got.status, got.total, got.mask, want.status, want.total, want.mask);
}

static void test_source(void **state)
{
    env *e = *state;
    char cwd[4096];
    assert_non_null(getcwd(cwd, sizeof cwd));
    make_tree(e->tmp);
    assert_int_equal(chdir(e->tmp), 0);
    free(e->db);
    e->db = strdup("db-src");
    run r = zc(e, "index --db db-src src");
    assert_int_equal(r.status, 0);
    run_free(&r);

    /* Directories at every depth, not their name's prefixes (src/a is not
     * src/ab); a file; a collection and its rows. */
    static const char *const paths[] = {"src",         "src/a",           "src/a/b",
                                        "src/ab",      "src/c",           "src/a/b/x.txt",
                                        "src/a/y.txt", "src/c/news.jsonl"};
    for (size_t i = 0; i < sizeof paths / sizeof *paths; i++) {
        char args[256];
        snprintf(args, sizeof args, "'ZCSRC source:%s'", paths[i]);
        expect(e, args, expected(paths[i]));
        snprintf(args, sizeof args, "--source '%s' ZCSRC", paths[i]);
        expect(e, args, expected(paths[i]));
    }
    /* The same places written otherwise: a trailing slash, dots, the
     * absolute path, a symlink to the directory, quotes around a blank. */
    expect(e, "'ZCSRC source:src/a/'", expected("src/a"));
    expect(e, "'ZCSRC source:./src/c/../a/b'", expected("src/a/b"));
    char abs[4400];
    snprintf(abs, sizeof abs, "'ZCSRC source:%s/src/c'", e->tmp);
    expect(e, abs, expected("src/c"));
    expect(e, "'ZCSRC source:src/link'", expected("src/a"));
    expect(e, "'ZCSRC source:\"src/with space\"'", expected("src/with space"));
    expect(e, "--source 'src/with space' ZCSRC", expected("src/with space"));
    /* Excluded, alternatives, and both kinds of filter at once. */
    found all = expected("src"), c = expected("src/c"), a = expected("src/a");
    expect(e, "'ZCSRC -source:src/c'", (found){0, all.total - c.total, all.mask & ~c.mask});
    expect(e, "'ZCSRC (source:src/a OR source:src/c)'",
           (found){0, a.total + c.total, a.mask | c.mask});
    expect(e, "--source src/a 'ZCSRC source:src/a/b'", expected("src/a/b"));
    expect(e, "--source src/c 'ZCSRC source:src/a'", expected("nowhere"));

    /* From another directory: relative to it. */
    assert_int_equal(chdir("src"), 0);
    free(e->db);
    e->db = strdup("../db-src");
    expect(e, "'ZCSRC source:a'", expected("src/a"));
    assert_int_equal(chdir(".."), 0);
    free(e->db);
    e->db = strdup("db-src");

    /* A file gone since it was indexed, and a directory gone: named as
     * written, they still select what came from there. */
    assert_int_equal(unlink("src/c/z.txt"), 0);
    assert_int_equal(unlink("src/a/b/x.txt"), 0);
    assert_int_equal(rmdir("src/a/b"), 0);
    expect(e, "'ZCSRC source:src/c/z.txt'", expected("src/c/z.txt"));
    expect(e, "'ZCSRC source:src/a/b/'", expected("src/a/b"));
    /* Nothing indexed there: nothing found (exit 1), not an error. */
    expect(e, "'ZCSRC source:src/none'", expected("src/none"));
    expect(e, "'ZCSRC source:sr'", expected("sr"));
    /* An empty value is an error that names it. */
    r = zc(e, "search --db db-src 'ZCSRC source:'");
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "empty value for source:"));
    run_free(&r);
    r = zc(e, "search --db db-src --explain 'ZCSRC source:src/a'");
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "SOURCE\"src/a\""));
    run_free(&r);
    assert_int_equal(chdir(cwd), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_source),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
