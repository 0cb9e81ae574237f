/* `zhengce index` on a full disk, in both write modes and with commits
 * every MB: a clear error (exit 2), the last commit intact, no document
 * half-added; and the --batch-mb option. Mounting a small tmpfs needs
 * root; elsewhere the disk-full tests skip. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "crash_fixture.h"
#include "test_util.h"

/* Returns the documents in the index afterwards. */
static size_t disk_full_with(env *e, const char *mode, const char *size, const char *opts)
{
    char *mnt = join(e->tmp, "mnt"), *good = join(e->tmp, "good"), *big = join(e->tmp, "big");
    assert_int_equal(mkdir(mnt, 0755), 0);
    if (mount("tmpfs", mnt, "tmpfs", 0, size) != 0) {
        print_message("# disk full (%s): cannot mount a tmpfs here (%s): skipped\n", mode,
                      strerror(errno));
        free(mnt);
        free(good);
        free(big);
        skip();
    }
    assert_int_equal(mkdir(good, 0755), 0);
    assert_int_equal(mkdir(big, 0755), 0);
    const char *g = "已知良好文件 标记ZCGOOD 新余高新区\n";
    free(zc_test_write_file(good, "g.txt", g, strlen(g)));
    /* Text that does not compress: random CJK characters, 4 MB in all. */
    unsigned seed = 7;
    char *text = malloc(200000);
    size_t n = 0;
    for (int f = 0; f < 20; f++) {
        n = 0;
        while (n + 3 < 180000) {
            seed = seed * 1103515245u + 12345u;
            unsigned cp = 0x4E00 + (seed >> 8) % 0x5000;
            text[n++] = (char)(0xE0 | (cp >> 12));
            text[n++] = (char)(0x80 | ((cp >> 6) & 0x3F));
            text[n++] = (char)(0x80 | (cp & 0x3F));
        }
        char name[32];
        snprintf(name, sizeof name, "b%02d.txt", f);
        free(zc_test_write_file(big, name, text, n));
    }
    free(text);
    char *db = join(mnt, "db");
    zc_test_run r = zc_test_cli(e->tmp, "index --db '%s' '%s'", db, good);
    assert_int_equal(r.status, 0);
    zc_test_run_free(&r);
    r = zc_test_cli(e->tmp, "index --db '%s' --mode %s %s '%s'", db, mode, opts, big);
    print_message("# disk full (%s): exit %d: %s", mode, r.status, r.err);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "No space left on device"));
    zc_test_run_free(&r);
    /* The last commit is intact: it opens, checks, and finds the good file. */
    check_db(db, "after disk full");
    r = zc_test_cli(e->tmp, "search --db '%s' --json ZCGOOD", db);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "\"total\":1"));
    zc_test_run_free(&r);
    /* Nothing half-added: any file of big/ that made it in is the same as
     * when indexed on a disk with room. */
    char *ref = join(e->tmp, "ref");
    r = zc_test_cli(e->tmp, "index --db '%s' '%s'", ref, big);
    assert_int_equal(r.status, 0);
    zc_test_run_free(&r);
    snapshot sn, rs;
    snapshot_take(db, &sn);
    snapshot_take(ref, &rs);
    for (size_t i = 0; i < sn.n; i++)
        if (strstr(sn.e[i].path, "/big/") && !same_entry(&sn.e[i], snapshot_find(&rs, sn.e[i].id)))
            fail_msg("disk full (%s): %s stored with %zu bytes, unlike the same file indexed "
                     "on a disk with room",
                     mode, sn.e[i].path, sn.e[i].len);
    snapshot_free(&rs);
    free(ref);
    print_message("# disk full (%s): %zu document(s) in the index afterwards\n", mode, sn.n);
    size_t docs = sn.n;
    snapshot_free(&sn);
    umount2(mnt, MNT_DETACH);
    free(db);
    free(mnt);
    free(good);
    free(big);
    return docs;
}

static void disk_full(env *e, const char *mode)
{
    (void)disk_full_with(e, mode, "size=2m", "");
}

static void test_disk_full_direct(void **state)
{
    disk_full(*state, "direct");
}
static void test_disk_full_shards(void **state)
{
    disk_full(*state, "shards");
}
/* Commits every MB. On a 4 MB disk Xapian aborted the process in every
 * run before the free-space checks; now the first commit is refused. On a
 * 40 MB disk the first commits fit and a later one does not (random
 * characters are the worst case for the bigram terms: every pair is a new
 * term): the index keeps what was committed, whole files only. */
static void test_disk_full_batches(void **state)
{
    (void)disk_full_with(*state, "direct", "size=4m", "--batch-mb 1");
}
static void test_disk_full_later_batch(void **state)
{
    assert_true(disk_full_with(*state, "direct", "size=40m", "--batch-mb 1") > 1);
}

/* --batch-mb: a bad value is a usage error; a small one changes nothing
 * in the result. */
static void test_batch_option(void **state)
{
    env *e = *state;
    char *dir = join(e->tmp, "src"), *a = join(e->tmp, "a"), *b = join(e->tmp, "b");
    assert_int_equal(mkdir(dir, 0755), 0);
    for (int i = 0; i < 30; i++)
        write_report(dir, i, 0);
    zc_test_run r = zc_test_cli(e->tmp, "index --db '%s' --batch-mb 0 '%s'", a, dir);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "--batch-mb"));
    zc_test_run_free(&r);
    r = zc_test_cli(e->tmp, "index --db '%s' --batch-mb x '%s'", a, dir);
    assert_int_equal(r.status, 2);
    zc_test_run_free(&r);
    for (int m = 0; m < 2; m++) {
        const char *mode = m ? "shards" : "direct";
        zc_test_rmtree(a);
        zc_test_rmtree(b);
        r = zc_test_cli(e->tmp, "index --db '%s' --mode %s '%s'", a, mode, dir);
        assert_int_equal(r.status, 0);
        zc_test_run_free(&r);
        r = zc_test_cli(e->tmp, "index --db '%s' --mode %s --batch-mb 1 '%s'", b, mode, dir);
        assert_int_equal(r.status, 0);
        zc_test_run_free(&r);
        snapshot sa, sb;
        snapshot_take(a, &sa);
        snapshot_take(b, &sb);
        assert_int_equal(sa.n, 30);
        assert_int_equal(sb.n, 30);
        assert_true(sa.digest == sb.digest);
        snapshot_free(&sa);
        snapshot_free(&sb);
    }
    free(dir);
    free(a);
    free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_disk_full_direct, setup, teardown),
        cmocka_unit_test_setup_teardown(test_disk_full_shards, setup, teardown),
        cmocka_unit_test_setup_teardown(test_disk_full_batches, setup, teardown),
        cmocka_unit_test_setup_teardown(test_disk_full_later_batch, setup, teardown),
        cmocka_unit_test_setup_teardown(test_batch_option, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
