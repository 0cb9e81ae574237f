/* The zhengce command end to end, indexing: info, shards built with
 * --shard-of and searched together, collections with several jobs, bad
 * files and re-indexing, a locked index. */
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
    zc_error err;
    assert_int_equal(zc_xdoc_get_data(doc, &data, &dlen, &err), ZC_OK);
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
    assert_non_null(strstr(r.err, "skip.pdf: unsupported file type"));
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
        cmocka_unit_test(test_info),
        cmocka_unit_test(test_shard_of),
        cmocka_unit_test(test_collection_jobs),
        cmocka_unit_test(test_bad_files_and_reindex),
        cmocka_unit_test(test_named_skipped),
        cmocka_unit_test(test_locked),
        cmocka_unit_test(test_db_parents),
        cmocka_unit_test(test_links),
        cmocka_unit_test(test_manifest_edit),
        cmocka_unit_test(test_read_only),
        cmocka_unit_test(test_mode_and_trace),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
