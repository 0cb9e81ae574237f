/* Hostile file systems for `zhengce index` and `zhengce remove`: files
 * and directories that cannot be read, symbolic links (loops, dangling,
 * to memory), paths that would remove everything, links planted where the
 * indexer keeps its scratch directories. Each case checks the documented
 * exit status and message, no crash, and that nothing indexed is lost
 * (test_hostile.c has the file contents).
 */
#include <errno.h>
#include <fcntl.h>
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

#include "hostile_fixture.h"
#include "test_util.h"

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
    /* Links are passed over unless followed. */
    zc_test_run r =
        index_expect(h, db, dir, chmodded ? 1 : 0, "mem.txt: symbolic link, not followed",
                     "dangling.txt: symbolic link, not followed", NULL);
    zc_test_run_free(&r);
    r = index_expect_opts(h, "--follow", db, dir, 1, "mem.txt: cannot read: Input/output error",
                          "dangling.txt: No such file or directory", NULL);
    if (chmodded && !strstr(r.err, "mode000.txt: "))
        fail_msg("no message for a mode-000 file: %s", r.err);
    zc_test_run_free(&r);
    assert_int_equal(hits(h, db, "ZCOK"), 1);
    intact(h, db);
    /* Named on the command line, the FIFO is reported and skipped. */
    /* Named on the command line, the FIFO is reported and skipped, and
     * the exit status says a named file was not indexed. */
    r = index_expect(h, db, p, 1, "fifo.txt: not a regular file", "skipped 1", NULL);
    zc_test_run_free(&r);
    intact(h, db);
    chmod(locked, 0644);
    free(locked);
    free(p);
    free(dir);
    free(db);
}

/* Whether the zhengce command can be run without the capabilities that
 * let root read any file (setpriv, util-linux): then a mode-000
 * directory cannot be read by root either. When that needs a wrapper
 * script, writes it and sets *wrapper to its path (malloc'd). */
static int drop_read_override(hx *h, char **wrapper)
{
    *wrapper = NULL;
    if (geteuid() != 0)
        return 1; /* modes apply as they are */
    if (system("setpriv --bounding-set -dac_override,-dac_read_search true >/dev/null 2>&1") != 0)
        return 0;
    char text[4400];
    int n = snprintf(text, sizeof text,
                     "#!/bin/sh\nexec setpriv --bounding-set -dac_override,-dac_read_search "
                     "'%s' \"$@\"\n",
                     getenv("ZC_CLI"));
    char *w = zc_test_write_file(h->tmp, "zhengce-without-override.sh", text, (size_t)n);
    assert_non_null(w);
    assert_int_equal(chmod(w, 0755), 0);
    *wrapper = w;
    return 1;
}

/* A directory that cannot be read, or whose entries cannot be looked at,
 * is reported and keeps its documents: its files are not gone. */
static void test_unreadable_directory(void **state)
{
    hx *h = *state;
    char *dir = fresh_dir(h, "closed"), *db = good_db(h, "closed-db");
    char *sub = path_in(dir, "sub"), *blind = path_in(dir, "blind");
    assert_int_equal(mkdir(sub, 0755), 0);
    assert_int_equal(mkdir(blind, 0755), 0);
    put(h, sub, "a.txt", "子目录 标记ZCSUBDIR\n", strlen("子目录 标记ZCSUBDIR\n"));
    put(h, blind, "b.txt", "无法查看 标记ZCBLIND\n", strlen("无法查看 标记ZCBLIND\n"));
    put(h, dir, "mem.txt", "曾经可读 标记ZCWASREAD\n", strlen("曾经可读 标记ZCWASREAD\n"));
    zc_test_run r = index_expect(h, db, dir, 0, "indexed 3,", NULL);
    zc_test_run_free(&r);

    char *wrapper;
    if (!drop_read_override(h, &wrapper)) {
        print_message("# root, and setpriv cannot drop the override: the mode-000 directory "
                      "is not checked\n");
    } else {
        /* sub cannot be listed; blind can, but its entries cannot be
         * looked at (read without search permission). */
        assert_int_equal(chmod(sub, 0), 0);
        assert_int_equal(chmod(blind, 0444), 0);
        h->inputs += 2;
        char *cli = strdup(getenv("ZC_CLI"));
        if (wrapper)
            setenv("ZC_CLI", wrapper, 1);
        r = zc_test_cli(h->tmp, "index --db '%s' '%s'", db, dir);
        /* A rebuild would drop them: refused, nothing changed. */
        zc_test_run full = zc_test_cli(h->tmp, "index --full --db '%s' '%s'", db, dir);
        setenv("ZC_CLI", cli, 1);
        free(cli);
        chmod(sub, 0755);
        chmod(blind, 0755);
        no_crash(&r, dir);
        if (r.status != 1 ||
            !strstr(r.err, "closed/sub: cannot read directory: Permission denied") ||
            !strstr(r.err, "closed/blind/b.txt: Permission denied") || !strstr(r.err, "removed 0,"))
            fail_msg("unreadable directories: status %d: %s", r.status, r.err);
        zc_test_run_free(&r);
        no_crash(&full, dir);
        if (full.status != 2 || !strstr(full.err, "the rebuild (--full) would drop the 1 file "))
            fail_msg("unreadable directories, --full: status %d: %s", full.status, full.err);
        zc_test_run_free(&full);
        assert_int_equal(hits(h, db, "ZCSUBDIR"), 1);
        assert_int_equal(hits(h, db, "ZCBLIND"), 1);
        free(wrapper);
    }
    /* Even for root: a file indexed before, now a link to memory that
     * cannot be read, keeps its document. */
    char *mem = path_in(dir, "mem.txt");
    assert_int_equal(unlink(mem), 0);
    assert_int_equal(symlink("/proc/self/mem", mem), 0);
    r = index_expect_opts(h, "--follow", db, dir, 1, "mem.txt: cannot read: Input/output error",
                          "removed 0,", NULL);
    zc_test_run_free(&r);
    assert_int_equal(hits(h, db, "ZCWASREAD"), 1);
    /* A file again, with the bytes it had: unchanged. */
    assert_int_equal(unlink(mem), 0);
    const char *was = "曾经可读 标记ZCWASREAD\n";
    free(zc_test_write_file(dir, "mem.txt", was, strlen(was)));
    /* Everything readable again: nothing was lost, nothing is to do. */
    r = index_expect(h, db, dir, 0, "indexed 0, updated 0, removed 0, unchanged 3", NULL);
    zc_test_run_free(&r);
    intact(h, db);
    free(mem);
    free(sub);
    free(blind);
    free(dir);
    free(db);
}

/* `zhengce remove` with an empty path (an unset variable in a script)
 * or the root directory removes nothing. */
static void test_remove_dangerous(void **state)
{
    hx *h = *state;
    char *db = good_db(h, "remove-db");
    char cwd[4096];
    assert_non_null(getcwd(cwd, sizeof cwd));
    /* From the directory of the good file, '' would have named it. */
    assert_int_equal(chdir(h->good), 0);
    static const struct {
        const char *arg, *message;
    } cases[] = {
        {"''", "an empty path: refusing to remove"},
        {"/", "/: this is the root directory: refusing to remove every document"},
        {"\"$ZC_UNSET_VARIABLE/\"", "/: this is the root directory"},
        {"/..", "/..: this is the root directory"},
        {"'' .", "an empty path"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        zc_test_run r = zc_test_cli(h->tmp, "remove --db '%s' %s", db, cases[i].arg);
        h->inputs++;
        no_crash(&r, cases[i].arg);
        if (r.status != 2 || !strstr(r.err, cases[i].message))
            fail_msg("remove %s: status %d: %s", cases[i].arg, r.status, r.err);
        zc_test_run_free(&r);
        assert_int_equal(hits(h, db, "ZCGOOD"), 1);
    }
    /* '.' names the current directory on purpose. */
    zc_test_run r = zc_test_cli(h->tmp, "remove --db '%s' .", db);
    assert_int_equal(chdir(cwd), 0);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.err, "removed 1 file"));
    zc_test_run_free(&r);
    assert_int_equal(hits(h, db, "ZCGOOD"), 0);
    free(db);
}

/* Links planted at the indexer's scratch names beside the index are never
 * followed: the run is refused, and the directory they point to is left
 * untouched. */
static void test_planted_scratch_links(void **state)
{
    hx *h = *state;
    char *victim = fresh_dir(h, "victim");
    static const char *const names[] = {".zc-old", ".zc-new", ".zc-tmp", ".zc-init"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        for (int existing = 0; existing < 2; existing++) {
            char name[64], link[4200];
            snprintf(name, sizeof name, "planted-%zu-%d", i, existing);
            char *db = existing ? good_db(h, name) : path_in(h->tmp, name);
            snprintf(link, sizeof link, "%s%s", db, names[i]);
            assert_int_equal(symlink(victim, link), 0);
            h->inputs++;
            /* Shard mode: every scratch name in use. */
            zc_test_run r =
                zc_test_cli(h->tmp, "index --db '%s' --mode shards --full '%s'", db, h->good);
            no_crash(&r, link);
            char frag[4400];
            snprintf(frag, sizeof frag, "'%s' is a symbolic link, not a directory zhengce made",
                     link);
            if (r.status != 2 || !strstr(r.err, frag))
                fail_msg("%s: status %d, expected 2 and [%s]: %s", link, r.status, frag, r.err);
            zc_test_run_free(&r);
            struct stat st;
            assert_int_equal(lstat(link, &st), 0);
            assert_true(S_ISLNK(st.st_mode)); /* left for the user to look at */
            assert_false(lstat(db, &st) == 0 && S_ISLNK(st.st_mode));
            char *inside = path_in(victim, "iamglass");
            if (access(inside, F_OK) == 0)
                fail_msg("%s: the index was written into the directory it points to", link);
            free(inside);
            if (existing)
                intact(h, db);
            /* Once it is gone, the index is written. */
            assert_int_equal(unlink(link), 0);
            r = zc_test_cli(h->tmp, "index --db '%s' --mode shards '%s'", db, h->good);
            assert_int_equal(r.status, 0);
            zc_test_run_free(&r);
            intact(h, db);
            free(db);
        }
    }
    free(victim);
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
    /* Not followed: passed over. */
    zc_test_run r = index_expect(
        h, db, dir, 0, "self: symbolic link, not followed", "sub/up: symbolic link, not followed",
        "a.txt: symbolic link, not followed", "indexed 1,", "skipped 4, failed 0", NULL);
    zc_test_run_free(&r);
    /* Followed: each loop is found and reported. */
    r = index_expect_opts(h, "--follow", db, dir, 1, "self: symlink loop", "sub/up: symlink loop",
                          "a.txt: symlink loop", "b.txt: symlink loop", "unchanged 1,", NULL);
    zc_test_run_free(&r);
    assert_int_equal(hits(h, db, "ZCOK"), 1);
    intact(h, db);
    free(sub);
    free(dir);
    free(db);
}

static int group_setup(void **state)
{
    return hostile_setup(state, "file-system entries");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_unreadable),
        cmocka_unit_test(test_unreadable_directory),
        cmocka_unit_test(test_symlink_loops),
        cmocka_unit_test(test_remove_dangerous),
        cmocka_unit_test(test_planted_scratch_links),
    };
    return cmocka_run_group_tests_name("hostile-fs", tests, group_setup, hostile_teardown);
}
