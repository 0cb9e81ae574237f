/* One bad file, not the run (docs/reliability.md): a file too large, gone
 * between the walk and its reading, grown past the limit, or too big for
 * memory is reported alone, by name, while the others are indexed and the
 * documents it had are kept. */
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
    cli_run r = big_run_cli(tmp, 0, "search", "--db", db, "--json", query, NULL);
    const char *t = strstr(r.out, "\"total\":");
    size_t n = t ? strtoul(t + 8, NULL, 10) : 0;
    if (r.status == 2)
        fail_msg("search %s: %s", query, r.err);
    big_cli_run_free(&r);
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
    cli_run r = big_run_cli(tmp, 0, "index", "--db", db, dir, NULL);
    snprintf(msg, sizeof msg,
             "zhengce: skipped: %s: file too large (300.0 MB > limit 256 MB; --max-file-mb raises "
             "it)\n",
             big);
    if (r.status != 1 || !strstr(r.err, msg) || !strstr(r.err, "indexed 1,"))
        fail_msg("status %d, expected 1 and '%s' in: %s", r.status, msg, r.err);
    big_cli_run_free(&r);
    assert_int_equal(hits(tmp, db, "ZCGOOD"), 1);
    unlink(big);
    free(big);

    /* Indexed, then grown past the limit: refused, the old document stays. */
    char *grown = zc_test_write_file(dir, "grown.txt", "旧的内容ZCOLD", strlen("旧的内容ZCOLD"));
    r = big_run_cli(tmp, 0, "index", "--db", db, dir, NULL);
    assert_int_equal(r.status, 0);
    big_cli_run_free(&r);
    free(big_write_seeds(dir, "grown.txt", 2, 0, "新的内容ZCNEW"));
    r = big_run_cli(tmp, 0, "index", "--db", db, "--max-file-mb", "1", dir, NULL);
    if (r.status != 1 || !strstr(r.err, "grown.txt: file too large (2.0 MB > limit 1 MB;"))
        fail_msg("status %d: %s", r.status, r.err);
    big_cli_run_free(&r);
    assert_int_equal(hits(tmp, db, "ZCOLD"), 1);
    assert_int_equal(hits(tmp, db, "ZCNEW"), 0);
    /* No limit (0): read at last. */
    r = big_run_cli(tmp, 0, "index", "--db", db, "--max-file-mb", "0", dir, NULL);
    if (r.status != 0 || !strstr(r.err, "updated 1,"))
        fail_msg("status %d: %s", r.status, r.err);
    big_cli_run_free(&r);
    assert_int_equal(hits(tmp, db, "ZCOLD"), 0);
    assert_int_equal(hits(tmp, db, "ZCNEW"), 1);
    r = big_run_cli(tmp, 0, "index", "--db", db, "--max-file-mb", "x", dir, NULL);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "--max-file-mb needs a number"));
    big_cli_run_free(&r);
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
    assert_int_equal(zc_test_total(ix, "ZCVANISH"), 1); /* the old document */
    assert_int_equal(zc_test_total(ix, "ZCNEWC"), 1);

    /* The next run does not find it: its document goes. */
    st = update(ix, dir, NULL, 0);
    assert_int_equal(st.removed, 1);
    assert_int_equal(zc_test_total(ix, "ZCVANISH"), 0);
    assert_int_equal(zc_test_total(ix, "ZCKEEP"), 1);
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
    cli_run r = big_run_cli_preloaded(tmp, preload, "index", "--db", db, dir, NULL);
    snprintf(msg, sizeof msg, "zhengce: failed: %s: No such file or directory\n", v);
    if (r.status != 1 || !strstr(r.err, msg) || !strstr(r.err, "indexed 2,"))
        fail_msg("status %d, expected 1 and '%s' in: %s", r.status, msg, r.err);
    big_cli_run_free(&r);
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
    assert_int_equal(zc_test_total(ix, "ZCKEEP"), 1);
    assert_int_equal(zc_test_total(ix, "ZCGROWN"), 0);
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
    cli_run r = big_run_cli(tmp, 1024, "index", "--db", db, "--max-file-mb", "0", dir, NULL);
    snprintf(msg, sizeof msg, "zhengce: failed: %s: out of memory reading 4096.0 MB\n", huge);
    if (r.status != 1 || !strstr(r.err, msg) || !strstr(r.err, "indexed 1,"))
        fail_msg("status %d, expected 1 and '%s' in: %s", r.status, msg, r.err);
    big_cli_run_free(&r);
    assert_int_equal(hits(tmp, db, "ZCGOOD"), 1);
    unlink(huge);
    free(huge);
    zc_test_rmtree(tmp);
    free(tmp);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_too_large),        cmocka_unit_test(test_vanished),
        cmocka_unit_test(test_vanished_in_walk), cmocka_unit_test(test_grown_past_limit),
        cmocka_unit_test(test_out_of_memory),
    };
    return cmocka_run_group_tests_name("badfile", tests, NULL, NULL);
}
