/* The fixture of the indexer's crash-safety tests (test_crash.c,
 * test_disk_full.c): snapshots of what an index stores, the indexer run or
 * started as a child process, and a corpus in two versions. */
#include "crash_fixture.h"

#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "index/schema.h"
#include "test_util.h"
#include "xapian-c/xapian_c.h"

char *join(const char *a, const char *b)
{
    size_t n = strlen(a) + strlen(b) + 2;
    char *p = malloc(n);
    snprintf(p, n, "%s/%s", a, b);
    return p;
}

uint64_t fnv(uint64_t h, const void *data, size_t len)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < len; i++)
        h = (h ^ p[i]) * 0x100000001b3ULL;
    return h;
}

void snapshot_free(snapshot *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->e[i].path);
    free(s->e);
    memset(s, 0, sizeof *s);
}

typedef struct snap_ctx {
    zc_xdb *db;
    snapshot *s;
} snap_ctx;

static int snap_one(void *ctx, zc_xdocid docid, const char *v, size_t len)
{
    snap_ctx *c = ctx;
    snapshot *s = c->s;
    zc_error err;
    zc_xdoc *doc;
    if (zc_xdb_get_document(c->db, docid, &doc, &err))
        fail_msg("document %u: %s", docid, err.message);
    char *data, *path;
    size_t dlen;
    data = zc_test_doc_text(doc, &dlen);
    path = zc_test_doc_field(doc, "path");
    zc_xdoc_free(doc);
    if (s->n == s->cap) {
        s->cap = s->cap ? 2 * s->cap : 64;
        s->e = realloc(s->e, s->cap * sizeof *s->e);
    }
    entry *e = &s->e[s->n++];
    memset(e, 0, sizeof *e);
    snprintf(e->id, sizeof e->id, "%.*s", (int)(len < 16 ? len : 16), v);
    e->path = path;
    e->text = fnv(FNV0, data, dlen);
    e->len = dlen;
    free(data);
    return 0;
}

static int by_id(const void *a, const void *b)
{
    return strcmp(((const entry *)a)->id, ((const entry *)b)->id);
}

/* Reads every document of the index at db. */
void snapshot_take(const char *db, snapshot *s)
{
    memset(s, 0, sizeof *s);
    zc_error err;
    snap_ctx c = {NULL, s};
    if (zc_xdb_open(db, &c.db, &err))
        fail_msg("open %s: %s", db, err.message);
    if (zc_xdb_each_value(c.db, ZC_SLOT_ID, snap_one, &c, &err))
        fail_msg("read %s: %s", db, err.message);
    zc_xdb_free(c.db);
    if (s->n)
        qsort(s->e, s->n, sizeof *s->e, by_id);
    uint64_t h = FNV0;
    for (size_t i = 0; i < s->n; i++) {
        h = fnv(h, s->e[i].id, 16);
        h = fnv(h, s->e[i].path, strlen(s->e[i].path) + 1);
        h = fnv(h, &s->e[i].text, sizeof s->e[i].text);
    }
    s->digest = h;
}

const entry *snapshot_find(const snapshot *s, const char *id)
{
    entry key;
    snprintf(key.id, sizeof key.id, "%s", id);
    return s->n ? bsearch(&key, s->e, s->n, sizeof *s->e, by_id) : NULL;
}

int same_entry(const entry *a, const entry *b)
{
    return a && b && a->text == b->text && a->len == b->len && strcmp(a->path, b->path) == 0;
}

/* Xapian's full consistency check (xapian-check). */
void check_db(const char *db, const char *when)
{
    int st = zc_test_xapian_check(db);
    if (st != 0)
        fail_msg("%s: xapian-check '%s' failed (status %d)", when, db, st);
}

void copy_tree(const char *from, const char *to)
{
    char cmd[8400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s' && cp -a '%s' '%s'", to, from, to);
    assert_int_equal(system(cmd), 0);
}

/* Starts `zhengce index --db db --mode mode dir [extra]`, stderr to
 * /dev/null. */
pid_t start_index(const char *mode, const char *db, const char *dir, const char *extra)
{
    const char *cli = getenv("ZC_CLI");
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        int fd = open("/dev/null", O_WRONLY);
        dup2(fd, 1);
        dup2(fd, 2);
        if (extra)
            execl(cli, cli, "index", "--db", db, "--mode", mode, extra, "1", dir, (char *)NULL);
        else
            execl(cli, cli, "index", "--db", db, "--mode", mode, dir, (char *)NULL);
        _exit(127);
    }
    return pid;
}

/* Runs the indexer to the end; returns its exit status. *secs: wall time. */
int run_index(const char *mode, const char *db, const char *dir, double *secs)
{
    double t0 = zc_test_now();
    pid_t pid = start_index(mode, db, dir, NULL);
    int st;
    waitpid(pid, &st, 0);
    if (secs)
        *secs = zc_test_now() - t0;
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* ------------------------------------------------------------- corpus */

/* File i of version v: a start marker, numbered lines, an end marker. A
 * document found without its end marker would be a half-added one. */
void write_report(const char *dir, int i, int v)
{
    char name[32], text[16384];
    int n = snprintf(text, sizeof text, "第%d号报告 开始标记\n", i);
    for (int k = 0; k < 40 + i % 30; k++)
        n += snprintf(text + n, sizeof text - (size_t)n,
                      "新余高新区锂电产业第%d段%s，规模以上工业增加值增长%d.%d%%。\n", k,
                      v ? "修订" : "", i % 13, k % 10);
    n += snprintf(text + n, sizeof text - (size_t)n, "结束标记%d号\n", i);
    snprintf(name, sizeof name, "r%03d.txt", i);
    free(zc_test_write_file(dir, name, text, (size_t)n));
}

/* Version A: files 0..NFILES-1. Version B: every 4th changed, every 8th
 * (odd multiples of 4 plus 1) removed, NFILES/8 new ones. */
void write_version_a(const char *dir)
{
    for (int i = 0; i < NFILES; i++)
        write_report(dir, i, 0);
}

void make_version_b(const char *dir)
{
    for (int i = 0; i < NFILES; i += 4)
        write_report(dir, i, 1);
    for (int i = 1; i < NFILES; i += 8) {
        char name[32];
        snprintf(name, sizeof name, "r%03d.txt", i);
        char *p = join(dir, name);
        assert_int_equal(unlink(p), 0);
        free(p);
    }
    for (int i = NFILES; i < NFILES + NFILES / 8; i++)
        write_report(dir, i, 0);
}

int setup(void **state)
{
    env *e = calloc(1, sizeof *e);
    e->tmp = zc_test_tmpdir();
    assert_non_null(e->tmp);
    *state = e;
    return 0;
}

int teardown(void **state)
{
    env *e = *state;
    char *mnt = join(e->tmp, "mnt");
    umount2(mnt, MNT_DETACH); /* a disk-full test that failed midway */
    free(mnt);
    zc_test_rmtree(e->tmp);
    free(e->tmp);
    free(e);
    return 0;
}
