/* Hostile file systems for `zhengce index` and `zhengce remove`: paths
 * that would remove everything, links planted where the indexer keeps its
 * scratch directories. Each case checks the documented
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
    setenv("ZHENGCE_INDEX_MODE", "shards", 1); /* every scratch name in use */
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        for (int existing = 0; existing < 2; existing++) {
            char name[64], link[4200];
            snprintf(name, sizeof name, "planted-%zu-%d", i, existing);
            char *db = existing ? good_db(h, name) : path_in(h->tmp, name);
            snprintf(link, sizeof link, "%s%s", db, names[i]);
            assert_int_equal(symlink(victim, link), 0);
            h->inputs++;
            zc_test_run r = zc_test_cli(h->tmp, "index --db '%s' --full '%s'", db, h->good);
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
            r = zc_test_cli(h->tmp, "index --db '%s' '%s'", db, h->good);
            assert_int_equal(r.status, 0);
            zc_test_run_free(&r);
            intact(h, db);
            free(db);
        }
    }
    unsetenv("ZHENGCE_INDEX_MODE");
    free(victim);
}

static int group_setup(void **state)
{
    return hostile_setup(state, "file-system entries");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_remove_dangerous),
        cmocka_unit_test(test_planted_scratch_links),
    };
    return cmocka_run_group_tests_name("hostile-fs", tests, group_setup, hostile_teardown);
}
