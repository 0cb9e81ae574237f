/* The fixture of the hostile-input tests (test_hostile.c,
 * test_hostile_query.c): a directory with one good file, an index of it
 * that every case must leave intact, and the checks of a run. */
#include "hostile_fixture.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

int hostile_setup(void **state, const char *what)
{
    hx *h = calloc(1, sizeof *h);
    h->what = what;
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

int hostile_teardown(void **state)
{
    hx *h = *state;
    print_message("# hostile %s tried: %u\n", h->what, h->inputs);
    zc_test_rmtree(h->tmp);
    free(h->good);
    free(h->tmp);
    free(h);
    return 0;
}

char *path_in(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);
    snprintf(p, n, "%s/%s", dir, name);
    return p;
}

/* A fresh directory h->tmp/name. */
char *fresh_dir(hx *h, const char *name)
{
    char *p = path_in(h->tmp, name);
    zc_test_rmtree(p);
    assert_int_equal(mkdir(p, 0755), 0);
    return p;
}

void put(hx *h, const char *dir, const char *name, const void *data, size_t len)
{
    char *p = zc_test_write_file(dir, name, data, len);
    assert_non_null(p);
    free(p);
    h->inputs++;
}

/* No sanitizer report, no signal: whatever the status, the program ended
 * on its own terms (AddressSanitizer exits 1, which is also a status). */
void no_crash(const zc_test_run *r, const char *what)
{
    if (r->status < 0 || r->status > 2 || strstr(r->err, "Sanitizer") ||
        strstr(r->err, "runtime error"))
        fail_msg("%s: crashed (status %d): %.2000s", what, r->status, r->err);
}

/* An index at h->tmp/name holding the good file. */
char *good_db(hx *h, const char *name)
{
    char *db = path_in(h->tmp, name);
    zc_test_rmtree(db);
    zc_test_run r = zc_test_cli(h->tmp, "index --db '%s' '%s'", db, h->good);
    assert_int_equal(r.status, 0);
    zc_test_run_free(&r);
    return db;
}

/* The good document is still found and the index is sound. */
void intact(hx *h, const char *db)
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

static zc_test_run index_vexpect(hx *h, const char *opts, const char *db, const char *dir,
                                 int status, va_list ap)
{
    zc_test_run r = zc_test_cli(h->tmp, "index %s --db '%s' '%s'", opts, db, dir);
    no_crash(&r, dir);
    if (r.status != status)
        fail_msg("index %s %s: status %d, expected %d: %s", opts, dir, r.status, status, r.err);
    const char *frag;
    while ((frag = va_arg(ap, const char *)))
        if (!strstr(r.err, frag))
            fail_msg("index %s %s: no '%s' in: %s", opts, dir, frag, r.err);
    return r;
}

/* Indexes dir into db; checks the status and that stderr holds each of the
 * NULL-terminated fragments. Returns the run (caller frees). */
zc_test_run index_expect(hx *h, const char *db, const char *dir, int status, ...)
{
    va_list ap;
    va_start(ap, status);
    zc_test_run r = index_vexpect(h, "", db, dir, status, ap);
    va_end(ap);
    return r;
}

zc_test_run index_expect_opts(hx *h, const char *opts, const char *db, const char *dir, int status,
                              ...)
{
    va_list ap;
    va_start(ap, status);
    zc_test_run r = index_vexpect(h, opts, db, dir, status, ap);
    va_end(ap);
    return r;
}

size_t hits(hx *h, const char *db, const char *query)
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
