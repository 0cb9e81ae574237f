/* The zhengce command end to end, bringing an index up to date: links
 * followed or not, manifest rows edited, an index that cannot be written. */
#include <errno.h>
#include <jansson.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "cli_fixture.h"
#include "test_util.h"
#include "xapian-c/xapian_c.h"
#include "zhengce.h"

/* The number of hits of query in db, and whether one is shown at path. */
static long hits_at(env *e, const char *db, const char *query, const char *path)
{
    run r = zc(e, "search --db '%s' --json --limit 50 '%s'", db, query);
    assert_true(r.status == 0 || r.status == 1);
    json_t *root = json_loads(r.out, 0, NULL);
    assert_non_null(root);
    long n = (long)json_integer_value(json_object_get(root, "total"));
    if (path) {
        int shown = 0;
        json_t *hits = json_object_get(root, "hits");
        for (size_t i = 0; i < json_array_size(hits); i++)
            shown |= strcmp(json_string_value(json_object_get(json_array_get(hits, i), "path")),
                            path) == 0;
        if (!shown)
            fail_msg("%s: no hit shown at %s: %s", query, path, r.out);
    }
    json_decref(root);
    run_free(&r);
    return n;
}

/* Runs `zhengce ARGS` (fmt, ...) and checks its status and that stderr
 * has frag. */
static void expect(env *e, int status, const char *frag, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void expect(env *e, int status, const char *frag, const char *fmt, ...)
{
    char args[9000];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(args, sizeof args, fmt, ap);
    va_end(ap);
    run r = zc(e, "%s", args);
    if (r.status != status || (frag && !strstr(r.err, frag)))
        fail_msg("zhengce %s: status %d, expected %d and [%s]: %s", args, r.status, status,
                 frag ? frag : "", r.err);
    run_free(&r);
}

/* Symbolic links are not followed below a path unless asked: a link out
 * of the tree makes nothing outside searchable. Followed, a file is known
 * by the path through the link: removed by that path, and gone from the
 * index when the link goes or is no longer followed. */
static void test_links(void **state)
{
    env *e = *state;
    char dir[4200], out[4200], db[4200], p[4400];
    snprintf(dir, sizeof dir, "%s/tree", e->tmp);
    snprintf(out, sizeof out, "%s/outside", e->tmp);
    snprintf(db, sizeof db, "%s/links-db", e->tmp);
    assert_int_equal(mkdir(dir, 0755), 0);
    assert_int_equal(mkdir(out, 0755), 0);
    const char *in = "树内文件 标记ZCINSIDE\n", *secret = "树外文件 标记ZCOUTSIDE\n";
    free(zc_test_write_file(dir, "in.txt", in, strlen(in)));
    free(zc_test_write_file(out, "secret.txt", secret, strlen(secret)));
    snprintf(p, sizeof p, "%s/x.txt", dir);
    assert_int_equal(symlink("../outside/secret.txt", p), 0);
    snprintf(p, sizeof p, "%s/outdir", dir);
    assert_int_equal(symlink(out, p), 0);

    expect(e, 0, "x.txt: symbolic link, not followed", "index --db '%s' '%s'", db, dir);
    expect(e, 0, "outdir: symbolic link, not followed", "index --db '%s' '%s'", db, dir);
    assert_int_equal(hits_at(e, db, "ZCINSIDE", NULL), 1);
    assert_int_equal(hits_at(e, db, "ZCOUTSIDE", NULL), 0);

    /* --follow: both paths to the file outside, each shown as reached. */
    char shown_x[4400], shown_dir[4400];
    snprintf(shown_x, sizeof shown_x, "%s/x.txt", dir);
    snprintf(shown_dir, sizeof shown_dir, "%s/outdir/secret.txt", dir);
    expect(e, 0, "indexed 2, updated 0, removed 0, unchanged 1", "index --db '%s' --follow '%s'",
           db, dir);
    assert_int_equal(hits_at(e, db, "ZCOUTSIDE", shown_x), 2);
    assert_int_equal(hits_at(e, db, "ZCOUTSIDE", shown_dir), 2);
    /* Removed by the path shown, the link still there. */
    expect(e, 0, "removed 1 file", "remove --db '%s' '%s'", db, shown_x);
    assert_int_equal(hits_at(e, db, "ZCOUTSIDE", shown_dir), 1);
    expect(e, 0, "indexed 1, updated 0, removed 0, unchanged 2", "index --db '%s' --follow '%s'",
           db, dir);
    /* The link gone: its document goes. */
    assert_int_equal(unlink(shown_x), 0);
    expect(e, 0, "indexed 0, updated 0, removed 1, unchanged 2", "index --db '%s' --follow '%s'",
           db, dir);
    assert_int_equal(hits_at(e, db, "ZCOUTSIDE", shown_dir), 1);
    /* No longer followed: the files through the link go. */
    expect(e, 0, "indexed 0, updated 0, removed 1, unchanged 1", "index --db '%s' '%s'", db, dir);
    assert_int_equal(hits_at(e, db, "ZCOUTSIDE", NULL), 0);

    /* A link named on the command line is followed, as if its target were
     * named; remove takes the link or the target. */
    assert_int_equal(symlink("../outside/secret.txt", shown_x), 0);
    expect(e, 0, "indexed 1,", "index --db '%s' '%s'", db, shown_x);
    assert_int_equal(hits_at(e, db, "ZCOUTSIDE", shown_x), 1);
    expect(e, 0, "removed 1 file", "remove --db '%s' '%s'", db, shown_x);
    assert_int_equal(hits_at(e, db, "ZCOUTSIDE", NULL), 0);
    assert_int_equal(hits_at(e, db, "ZCINSIDE", NULL), 1);
}

/* An edited row of zhengce-manifest.csv updates the documents of the file
 * it describes, and only those, on the next incremental run. */
static void test_manifest_edit(void **state)
{
    env *e = *state;
    char dir[4200], db[4200];
    snprintf(dir, sizeof dir, "%s/manifested", e->tmp);
    snprintf(db, sizeof db, "%s/manifest-db", e->tmp);
    assert_int_equal(mkdir(dir, 0755), 0);
    for (int i = 0; i < 4; i++) {
        char name[32], text[128];
        snprintf(name, sizeof name, "r%d.txt", i);
        int n = snprintf(text, sizeof text, "第%d份报告\n内容 标记ZCROW%dX 发展\n", i, i);
        free(zc_test_write_file(dir, name, text, (size_t)n));
    }
    const char *rows = "\xEF\xBB\xBF"
                       "file,title,region,year\n"
                       "r0.txt,旧标题,江西省/新余市,2020\n"
                       "r1.txt,不变的标题,浙江省,2021\n"
                       "r2.txt,将被删去,湖南省,2022\n"
                       "rows.csv,集合,广东省,2023\n";
    free(zc_test_write_file(dir, "zhengce-manifest.csv", rows, strlen(rows)));
    const char *csv = "title,full_text\n甲,集合第一行 标记ZCCOLL\n乙,集合第二行 标记ZCCOLL\n";
    free(zc_test_write_file(dir, "rows.csv", csv, strlen(csv)));
    expect(e, 0, "indexed 5, updated 0, removed 0, unchanged 0", "index --db '%s' '%s'", db, dir);
    expect(e, 0, "indexed 0, updated 0, removed 0, unchanged 5", "index --db '%s' '%s'", db, dir);

    /* r0's title, region and year change, r2's row goes, the collection
     * moves to another province; r1 and r3 are untouched. */
    rows = "file,title,region,year\n"
           "r0.txt,新标题,江西省/抚州市,2024\n"
           "r1.txt,不变的标题,浙江省,2021\n"
           "rows.csv,集合,福建省,2023\n";
    free(zc_test_write_file(dir, "zhengce-manifest.csv", rows, strlen(rows)));
    expect(e, 0, "indexed 0, updated 3, removed 0, unchanged 2", "index --db '%s' '%s'", db, dir);
    run r = zc(e, "search --db '%s' --json ZCROW0X", db);
    json_t *root = json_loads(r.out, 0, NULL);
    assert_non_null(root);
    json_t *hit = json_array_get(json_object_get(root, "hits"), 0);
    assert_string_equal(json_string_value(json_object_get(hit, "title")), "新标题");
    assert_string_equal(json_string_value(json_object_get(hit, "region")), "江西省/抚州市");
    assert_int_equal(json_integer_value(json_object_get(hit, "year")), 2024);
    json_decref(root);
    run_free(&r);
    /* Without its row, r2 has its own title back. */
    r = zc(e, "search --db '%s' --json ZCROW2X", db);
    root = json_loads(r.out, 0, NULL);
    assert_non_null(root);
    hit = json_array_get(json_object_get(root, "hits"), 0);
    assert_string_equal(json_string_value(json_object_get(hit, "title")), "第2份报告");
    json_decref(root);
    run_free(&r);
    assert_int_equal(hits_at(e, db, "region:福建 ZCCOLL", NULL), 2);
    assert_int_equal(hits_at(e, db, "region:广东 ZCCOLL", NULL), 0);
    expect(e, 0, "indexed 0, updated 0, removed 0, unchanged 5", "index --db '%s' '%s'", db, dir);
}

/* index and remove on an index that cannot be written say so, with the
 * reason, not that the index is locked; searching it goes on. Returns
 * what went wrong (malloc'd) or NULL, so that the caller can unmount or
 * restore permissions before it fails the test. */
static char *unwritable_problem(env *e, const char *db, const char *reason)
{
    char want[4400], *problem = NULL;
    snprintf(want, sizeof want, "zhengce: cannot write index '%s': %s\n", db, reason);
    static const char *const cmds[] = {"index", "remove"};
    for (size_t i = 0; i < 2 && !problem; i++) {
        run r = zc(e, "%s --db '%s' '%s'", cmds[i], db, e->corpus);
        if ((r.status != 2 || !strstr(r.err, want) || strstr(r.err, "lock")) &&
            asprintf(&problem, "%s: status %d, [%s], expected 2, [%s]", cmds[i], r.status, r.err,
                     want) < 0)
            problem = strdup(cmds[i]);
        run_free(&r);
    }
    run r = zc(e, "search --db '%s' --json 新余", db);
    if (!problem && (r.status != 0 || !strstr(r.out, "\"total\":")))
        problem = strdup("search of a read-only index failed");
    run_free(&r);
    return problem;
}

/* Read-only: a read-only file system (a tmpfs remounted read-only, when
 * this process may mount), and, when not root, an index without write
 * permission (root writes it anyway). */
static void test_read_only(void **state)
{
    env *e = *state;
    char mnt[4200], db[4400], *problem = NULL;
    snprintf(mnt, sizeof mnt, "%s/ro-mnt", e->tmp);
    snprintf(db, sizeof db, "%s/db", mnt);
    assert_int_equal(mkdir(mnt, 0755), 0);
    int tested = 0;
    if (mount("tmpfs", mnt, "tmpfs", 0, "size=16m") != 0) {
        print_message("# read-only file system: cannot mount a tmpfs here (%s): skipped\n",
                      strerror(errno));
    } else {
        run r = zc(e, "index --db '%s' '%s'", db, e->corpus);
        int indexed = r.status == 0;
        run_free(&r);
        if (indexed && mount(NULL, mnt, NULL, MS_REMOUNT | MS_RDONLY, NULL) != 0) {
            print_message("# read-only file system: cannot remount read-only (%s): skipped\n",
                          strerror(errno));
        } else if (indexed) {
            problem = unwritable_problem(e, db, "Read-only file system");
            tested++;
        }
        assert_int_equal(umount2(mnt, MNT_DETACH), 0);
        assert_true(indexed);
    }
    if (problem)
        fail_msg("%s", problem);
    if (geteuid() != 0) {
        snprintf(db, sizeof db, "%s/db-mode", e->tmp);
        run r = zc(e, "index --db '%s' '%s'", db, e->corpus);
        assert_int_equal(r.status, 0);
        run_free(&r);
        char cmd[4600];
        snprintf(cmd, sizeof cmd, "chmod -R a-w '%s'", db);
        assert_int_equal(system(cmd), 0);
        problem = unwritable_problem(e, db, "Permission denied");
        snprintf(cmd, sizeof cmd, "chmod -R u+w '%s'", db);
        assert_int_equal(system(cmd), 0);
        if (problem)
            fail_msg("%s", problem);
        tested++;
    } else {
        print_message("# no write permission: root writes any file, checked when not root\n");
    }
    if (!tested)
        skip();
}

/* q quoted for the shell: in single quotes, each ' as '\''. */
int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_links),
        cmocka_unit_test(test_manifest_edit),
        cmocka_unit_test(test_read_only),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
