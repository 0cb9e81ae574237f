/* The zhengce command end to end, indexing: info, shards built with
 * --shard-of and searched together, the two writing modes, collections
 * with several jobs, bad files and re-indexing, a locked index, parents of
 * a new index. Links, manifest edits and read-only indexes are in
 * test_cli_update.c. */
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
#include "index/schema.h"
#include "test_util.h"
#include "xapian-c/xapian_c.h"
#include "zhengce.h"

static void test_info(void **state)
{
    env *e = *state;
    run r = zc(e, "info --db '%s' --json", e->db);
    assert_int_equal(r.status, 0);
    json_t *root = json_loads(r.out, 0, NULL);
    assert_non_null(root);
    assert_int_equal(json_integer_value(json_object_get(root, "documents")), 5);
    assert_true(json_integer_value(json_object_get(root, "terms")) > 1000);
    assert_true(json_integer_value(json_object_get(root, "size_bytes")) > 0);
    /* Regions and years of every document: what a search matching every
     * seed counts as its facets (的 is in all five). */
    json_t *regions = json_object_get(root, "regions"), *years = json_object_get(root, "years");
    assert_true(json_array_size(regions) > 0);
    assert_true(json_array_size(years) > 0);
    run s = zc(e, "search --db '%s' --json 的", e->db);
    assert_int_equal(s.status, 0);
    json_t *all = json_loads(s.out, 0, NULL);
    assert_non_null(all);
    assert_int_equal(json_integer_value(json_object_get(all, "total")), 5);
    json_t *facets = json_object_get(all, "facets");
    assert_true(json_equal(regions, json_object_get(facets, "region")));
    assert_true(json_equal(years, json_object_get(facets, "year")));
    json_t *top = json_array_get(regions, 0);
    assert_string_equal(json_string_value(json_object_get(top, "value")), "江西省");
    assert_int_equal(json_integer_value(json_object_get(top, "count")), 5);
    json_decref(all);
    run_free(&s);
    json_decref(root);
    run_free(&r);

    /* As text: one line each, the cities (the only province has five). */
    r = zc(e, "info --db '%s'", e->db);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "\ndocuments  5\n"));
    assert_non_null(strstr(r.out, "\nregions    新余市 4 抚州市 1\n"));
    assert_non_null(strstr(r.out, "\nyears      2026 2 2024 2"));
    run_free(&r);
}

/* The number of documents in index db (info --json). */
static long doc_count(env *e, const char *db)
{
    run r = zc(e, "info --db '%s' --json", db);
    assert_int_equal(r.status, 0);
    json_t *root = json_loads(r.out, 0, NULL);
    assert_non_null(root);
    long n = (long)json_integer_value(json_object_get(root, "documents"));
    json_decref(root);
    run_free(&r);
    return n;
}

/* --shard-of K/N: the shards split the corpus without overlap, and
 * searching them together finds what the whole index finds. */
static void test_shard_of(void **state)
{
    env *e = *state;
    char a[4200], b[4200];
    snprintf(a, sizeof a, "%s/shard-a", e->tmp);
    snprintf(b, sizeof b, "%s/shard-b", e->tmp);
    run r = zc(e, "index --db '%s' --shard-of 0/2 '%s'", a, e->corpus);
    assert_int_equal(r.status, 0);
    run_free(&r);
    r = zc(e, "index --db '%s' --shard-of 1/2 '%s'", b, e->corpus);
    assert_int_equal(r.status, 0);
    run_free(&r);
    assert_int_equal(doc_count(e, a) + doc_count(e, b), 5);
    const char *queries[] = {"高新区", "锂", "新型工业强市", "region:江西"};
    for (size_t i = 0; i < sizeof queries / sizeof *queries; i++) {
        run one = zc(e, "search --db '%s' --json --limit 20 '%s'", e->db, queries[i]);
        run two = zc(e, "search --db '%s' --db '%s' --json --limit 20 '%s'", a, b, queries[i]);
        json_t *x = json_loads(one.out, 0, NULL), *y = json_loads(two.out, 0, NULL);
        assert_non_null(x);
        assert_non_null(y);
        assert_int_equal(json_integer_value(json_object_get(x, "total")),
                         json_integer_value(json_object_get(y, "total")));
        json_decref(x);
        json_decref(y);
        run_free(&one);
        run_free(&two);
    }
    r = zc(e, "index --db '%s' --shard-of 2/2 '%s'", a, e->corpus);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "--shard-of"));
    run_free(&r);
}

/* Every document of an index: a digest of its stored data and text each,
 * in order, so two indexes of the same documents compare equal whatever
 * their docids. */
typedef struct digests {
    uint64_t d[64];
    size_t n;
} digests;

static uint64_t fnv1a(uint64_t h, const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)p[i]) * 0x100000001b3ULL;
    return h;
}

static void digest_doc(void *ctx, zc_xdoc *doc)
{
    digests *g = ctx;
    char *data = NULL;
    size_t dlen = 0, tlen = 0;
    data = zc_test_doc_field(doc, "path");
    dlen = strlen(data);
    char *text = zc_test_doc_text(doc, &tlen);
    assert_true(g->n < sizeof g->d / sizeof *g->d);
    g->d[g->n++] = fnv1a(fnv1a(0xcbf29ce484222325ULL, data, dlen), text, tlen);
    free(data);
    free(text);
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static digests digest_index(const char *db)
{
    digests g = {.n = 0};
    zc_test_each_doc(db, digest_doc, &g);
    qsort(g.d, g.n, sizeof *g.d, cmp_u64);
    return g;
}

/* --mode direct and --mode shards index the same documents as the
 * default; --trace says which way each run wrote and how long each phase
 * took, and only when asked; a bad mode is a usage error. */
static void test_mode_and_trace(void **state)
{
    env *e = *state;
    static const char *const modes[] = {"direct", "shards"};
    digests want = digest_index(e->db);
    assert_int_equal(want.n, 5);
    for (size_t m = 0; m < 2; m++) {
        char db[4200];
        snprintf(db, sizeof db, "%s/mode-%s", e->tmp, modes[m]);
        run r = zc(e, "index --db '%s' --mode %s --trace '%s'", db, modes[m], e->corpus);
        if (r.status != 0)
            fail_msg("--mode %s: status %d: %s", modes[m], r.status, r.err);
        assert_non_null(strstr(r.err, "indexed 5,"));
        const char *phase = m ? "zhengce: shard mode, " : "zhengce: direct mode, ";
        const char *line = strstr(r.err, phase);
        if (!line || !strstr(line, " jobs: analysis and writing ") ||
            !strstr(line, m ? " s, merge " : " s, deletions and commit "))
            fail_msg("--mode %s --trace: no phase line [%s...]: %s", modes[m], phase, r.err);
        const char *merged = strstr(r.err, " shards merged\n");
        unsigned shards = 0;
        if (m) {
            const char *start = merged;
            while (start && start > r.err && start[-1] != '\n')
                start--;
            if (!merged || sscanf(start, "zhengce: %u shards merged", &shards) != 1 || !shards)
                fail_msg("--mode shards --trace: no count of shards merged: %s", r.err);
        } else if (merged) {
            fail_msg("--mode direct --trace: shards merged: %s", r.err);
        }
        run_free(&r);
        digests got = digest_index(db);
        assert_int_equal(got.n, want.n);
        if (memcmp(got.d, want.d, want.n * sizeof *want.d) != 0)
            fail_msg("--mode %s: the documents differ from those of the default run", modes[m]);
        /* Without --trace, no trace. */
        r = zc(e, "index --db '%s' --mode %s --full '%s'", db, modes[m], e->corpus);
        assert_int_equal(r.status, 0);
        if (strstr(r.err, " mode, ") || strstr(r.err, "merged"))
            fail_msg("trace lines without --trace: %s", r.err);
        run_free(&r);
    }
    run r = zc(e, "index --db '%s/mode-bad' --mode fast '%s'", e->tmp, e->corpus);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "--mode needs auto, direct or shards, not 'fast'"));
    run_free(&r);
}

/* The rows of one large collection are analysed by every job (shard mode
 * hands rows to workers that have no file): none lost, none twice. */
static void test_collection_jobs(void **state)
{
    env *e = *state;
    char dir[4200], db[4200];
    snprintf(dir, sizeof dir, "%s/rows", e->tmp);
    snprintf(db, sizeof db, "%s/rows-db", e->tmp);
    assert_int_equal(mkdir(dir, 0755), 0);
    size_t cap = 1 << 20, n = 0;
    char *jsonl = malloc(cap);
    for (int i = 0; i < 600; i++)
        n +=
            (size_t)snprintf(jsonl + n, cap - n,
                             "{\"title\": \"第%d号\", \"content\": \"江西省新余市锂电产业第%d号编码"
                             "q%dz报告内容。\"}\n",
                             i, i, i);
    free(zc_test_write_file(dir, "rows.jsonl", jsonl, n));
    free(jsonl);
    run r = zc(e, "index --db '%s' --jobs 2 --full '%s'", db, dir);
    assert_int_equal(r.status, 0);
    run_free(&r);
    assert_int_equal(doc_count(e, db), 600);
    const char *queries[] = {"q0z", "q123z", "q599z", "\"第77号编码\""};
    for (size_t i = 0; i < sizeof queries / sizeof *queries; i++) {
        r = zc(e, "search --db '%s' --json '%s'", db, queries[i]);
        json_t *x = json_loads(r.out, 0, NULL);
        assert_non_null(x);
        assert_int_equal(json_integer_value(json_object_get(x, "total")), 1);
        json_decref(x);
        run_free(&r);
    }
}

static void test_bad_files_and_reindex(void **state)
{
    env *e = *state;
    char dir[4200], db[4200];
    snprintf(dir, sizeof dir, "%s/docs", e->tmp);
    snprintf(db, sizeof db, "%s/db2", e->tmp);
    assert_int_equal(mkdir(dir, 0755), 0);
    free(zc_test_write_file(dir, "good.txt", "标题\n锂电池产业", strlen("标题\n锂电池产业")));
    free(zc_test_write_file(dir, "bad.txt", "标题\n好\xFF坏", 14));
    free(zc_test_write_file(dir, "bin.md", "a\0b", 3));
    free(zc_test_write_file(dir, "skip.pdf", "%PDF", 4));
    run r = zc(e, "index --db '%s' '%s'", db, dir);
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.err, "bad.txt"));
    assert_non_null(strstr(r.err, "byte offset 10"));
    assert_non_null(strstr(r.err, "bin.md: binary file (NUL byte at offset 1)"));
    /* named as a PDF, without its header: reported, not read as text */
    assert_non_null(strstr(r.err, "skip.pdf: named as a document"));
    run_free(&r);

    /* Re-indexing a changed file replaces it: one document, new text. */
    free(zc_test_write_file(dir, "good.txt", "标题\n钠电池", strlen("标题\n钠电池")));
    r = zc(e, "index --db '%s' '%s/good.txt'", db, dir);
    assert_int_equal(r.status, 0);
    run_free(&r);
    r = zc(e, "search --db '%s' 锂电池", db);
    assert_int_equal(r.status, 1);
    run_free(&r);
    r = zc(e, "search --db '%s' --json 钠电池", db);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "\"title\":\"标题\""));
    run_free(&r);
    r = zc(e, "info --db '%s' --json", db);
    assert_non_null(strstr(r.out, "\"documents\":1"));
    run_free(&r);

    r = zc(e, "index --db '%s' '%s/missing'", db, dir);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "missing"));
    run_free(&r);

    /* A path longer than a library message: given whole, then the cause. */
    char *deep = zc_test_deep_dir(e->tmp);
    free(zc_test_write_file(deep, "坏.txt", "标题\n好\xFF坏", 14));
    r = zc(e, "index --db '%s' '%s/deep'", db, e->tmp);
    assert_int_equal(r.status, 1);
    char line[4400];
    snprintf(line, sizeof line, "zhengce: failed: %s/坏.txt: ", deep);
    const char *got = strstr(r.err, line),
               *cause = "not valid UTF-8 at byte offset 10 (1 bad byte)\n";
    assert_non_null(got);
    assert_int_equal(strncmp(got + strlen(line), cause, strlen(cause)), 0);
    run_free(&r);
    free(deep);
}

/* A file named on the command line that is not indexed (a kind not read)
 * makes the run exit 1, with its message; inside a directory the same
 * file is reported, and the run exits 0. */
static void test_named_skipped(void **state)
{
    env *e = *state;
    char dir[4200], db[4200];
    snprintf(dir, sizeof dir, "%s/named", e->tmp);
    snprintf(db, sizeof db, "%s/db-named", e->tmp);
    assert_int_equal(mkdir(dir, 0755), 0);
    free(zc_test_write_file(dir, "foo.png", "\x89PNG", 4));
    free(zc_test_write_file(dir, "good.txt", "标题\n锂电池", strlen("标题\n锂电池")));
    run r = zc(e, "index --db '%s' '%s/foo.png'", db, dir);
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.err, "foo.png: unsupported file type"));
    assert_non_null(strstr(r.err, "skipped 1,"));
    run_free(&r);
    /* With a file that is indexed beside it: still 1. */
    r = zc(e, "index --db '%s' '%s/good.txt' '%s/foo.png'", db, dir, dir);
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.err, "foo.png: unsupported file type"));
    assert_non_null(strstr(r.err, "indexed 1,"));
    run_free(&r);
    r = zc(e, "index --db '%s' '%s'", db, dir);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.err, "skipped: "));
    assert_non_null(strstr(r.err, "foo.png: unsupported file type"));
    assert_non_null(strstr(r.err, "skipped 1,"));
    run_free(&r);
}

static void test_locked(void **state)
{
    env *e = *state;
    zc_index *w;
    zc_error err;
    assert_int_equal(zc_index_open(e->db, ZC_OPEN_WRITE, &w, &err), ZC_OK);
    run r = zc(e, "index --db '%s' '%s'", e->db, e->corpus);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "lock"));
    assert_non_null(strstr(r.err, e->db));
    run_free(&r);
    /* Searching goes on while a writer holds the lock. */
    r = zc(e, "search --db '%s' 新余", e->db);
    assert_int_equal(r.status, 0);
    run_free(&r);
    zc_index_free(w);
}

/* --db a/b/c creates a/b as mkdir -p would, and says so when it cannot. */
static void test_db_parents(void **state)
{
    env *e = *state;
    char db[4200], blocked[4200];
    snprintf(db, sizeof db, "%s/new/a/b/idx", e->tmp);
    run r = zc(e, "index --db '%s' '%s'", db, e->corpus);
    assert_int_equal(r.status, 0);
    run_free(&r);
    r = zc(e, "search --db '%s' --json 新余", db);
    assert_int_equal(r.status, 0);
    run_free(&r);
    char *file = zc_test_write_file(e->tmp, "plain-file", "x", 1);
    snprintf(blocked, sizeof blocked, "%s/sub/idx", file);
    r = zc(e, "index --db '%s' '%s'", blocked, e->corpus);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "cannot create the directories of index"));
    assert_non_null(strstr(r.err, "Not a directory"));
    run_free(&r);
    free(file);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_info),
        cmocka_unit_test(test_shard_of),
        cmocka_unit_test(test_collection_jobs),
        cmocka_unit_test(test_bad_files_and_reindex),
        cmocka_unit_test(test_named_skipped),
        cmocka_unit_test(test_locked),
        cmocka_unit_test(test_db_parents),
        cmocka_unit_test(test_mode_and_trace),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
