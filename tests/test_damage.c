/* Damaged indexes are reported, never searched into wrong answers: a table
 * of the database missing (index/check.c), a table damaged under a handle
 * that has it open (reported at once, not searched again: index/view.c),
 * a stored text with a changed byte (common/stored.c, searcher/page.c). */
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
#include <zstd.h>

#include "common/stored.h"
#include "index/docrec.h"
#include "index/index.h"
#include "index/schema.h"
#include "searcher/search_internal.h"
#include "test_util.h"
#include "xapian-c/xapian_c.h"
#include "zhengce.h"

static char *tmp;

static int setup(void **state)
{
    (void)state;
    tmp = zc_test_tmpdir();
    return tmp ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    zc_test_rmtree(tmp);
    free(tmp);
    return 0;
}

static char *path_in(const char *name)
{
    size_t n = strlen(tmp) + strlen(name) + 2;
    char *p = malloc(n);
    assert_non_null(p);
    snprintf(p, n, "%s/%s", tmp, name);
    return p;
}

/* The total of `zhengce search --json QUERY` on db; fails the test unless
 * the search succeeds. */
static long total_of(const char *db, const char *query)
{
    zc_test_run r = zc_test_cli(tmp, "search --db '%s' --json '%s'", db, query);
    if (r.status != 0 && r.status != 1)
        fail_msg("search %s: status %d: %s", query, r.status, r.err);
    const char *t = strstr(r.out, "\"total\":");
    assert_non_null(t);
    long n = atol(t + strlen("\"total\":"));
    zc_test_run_free(&r);
    return n;
}

static void expect_fail(const zc_test_run *r, const char *what, const char *msg)
{
    if (r->status != 2 || !strstr(r->err, msg))
        fail_msg("%s: status %d, expected 2 and '%s': %s", what, r->status, msg, r->err);
}

/* ------------------------------------------------------------ tables */

/* Each table of the index removed in turn: searches, info and writes fail
 * with the index and the table named and `zhengce index --full` advised,
 * the damaged index is left as it is, and the rebuild gives back the
 * right counts. A missing position table made phrases match as AND (3
 * documents for "新余 做优" instead of 1); a missing postlist made a write
 * create an empty index over the old. */
static void test_missing_tables(void **state)
{
    (void)state;
    char *corpus = zc_test_source_path("corpus"), *db = path_in("tables-good");
    zc_test_run r = zc_test_cli(tmp, "index --db '%s' '%s'", db, corpus);
    assert_int_equal(r.status, 0);
    zc_test_run_free(&r);
    static const char *const queries[] = {"\"新余 做优\"", "新余", "\"新余市\"", "工业"};
    long want[4];
    for (int q = 0; q < 4; q++)
        want[q] = total_of(db, queries[q]);
    assert_true(want[0] >= 1 && want[1] > want[0]);

    static const char *const tables[] = {"position.glass", "termlist.glass", "postlist.glass",
                                         "iamglass"};
    for (size_t t = 0; t < sizeof tables / sizeof *tables; t++) {
        char *copy = path_in(tables[t]), *gone = NULL;
        char cmd[8192];
        snprintf(cmd, sizeof cmd, "cp -r '%s' '%s'", db, copy);
        assert_int_equal(system(cmd), 0);
        size_t gl = strlen(copy) + strlen(tables[t]) + 2;
        gone = malloc(gl);
        snprintf(gone, gl, "%s/%s", copy, tables[t]);
        assert_int_equal(remove(gone), 0);

        char msg[512];
        snprintf(msg, sizeof msg, "index '%s' is damaged: %s", copy, tables[t]);
        r = zc_test_cli(tmp, "search --db '%s' '%s'", copy, queries[0]);
        expect_fail(&r, tables[t], msg);
        expect_fail(&r, tables[t], "rebuild it with `zhengce index --full`");
        zc_test_run_free(&r);
        r = zc_test_cli(tmp, "info --db '%s'", copy);
        expect_fail(&r, tables[t], msg);
        zc_test_run_free(&r);
        r = zc_test_cli(tmp, "index --db '%s' '%s/001_28de832e850c6ae0.txt'", copy, corpus);
        expect_fail(&r, tables[t], msg);
        zc_test_run_free(&r);
        struct stat st;
        assert_int_not_equal(stat(gone, &st), 0); /* not made up afresh */
        /* The library says the same. */
        zc_index *ix = NULL;
        zc_error err;
        assert_int_equal(zc_index_open(copy, ZC_OPEN_READ, &ix, &err), ZC_ERR_CORRUPT);
        assert_non_null(strstr(err.message, msg));
        assert_null(ix);

        r = zc_test_cli(tmp, "index --full --db '%s' '%s'", copy, corpus);
        if (r.status != 0)
            fail_msg("rebuild without %s: %s", tables[t], r.err);
        zc_test_run_free(&r);
        for (int q = 0; q < 4; q++)
            assert_int_equal(total_of(copy, queries[q]), want[q]);
        free(gone);
        free(copy);
    }
    free(db);
    free(corpus);
}

/* A search, its runs counted. */
typedef struct counted {
    const char *query;
    unsigned runs;
} counted;

static int counted_search(zc_index *view, void *ctx, zc_error *err)
{
    counted *c = ctx;
    zc_results *r = NULL;
    c->runs++;
    int rc = zc_search_run(view, c->query, NULL, &r, err);
    zc_results_free(r);
    return rc;
}

/* The postlist table damaged under a handle that has the index open: cut
 * short (Xapian's DatabaseError, ZC_ERR_BACKEND), or its blocks
 * overwritten (ZC_ERR_CORRUPT). The search fails after one run, naming
 * the index: only a writer's commits are cured by reading again. */
static void test_damaged_while_open(void **state)
{
    (void)state;
    char *corpus = zc_test_source_path("corpus");
    static const struct {
        const char *name;
        int cut; /* cut short; else overwritten */
        int code;
        const char *says;
    } damage[] = {{"open-cut", 1, ZC_ERR_BACKEND, "EOF reading block"},
                  {"open-garbled", 0, ZC_ERR_CORRUPT, "(DatabaseCorruptError)"}};
    for (size_t d = 0; d < sizeof damage / sizeof *damage; d++) {
        char *db = path_in(damage[d].name);
        zc_test_run r = zc_test_cli(tmp, "index --db '%s' '%s'", db, corpus);
        assert_int_equal(r.status, 0);
        zc_test_run_free(&r);
        zc_index *ix = NULL;
        zc_error err;
        assert_int_equal(zc_index_open(db, ZC_OPEN_READ, &ix, &err), ZC_OK);
        counted c = {"新余", 0};
        assert_int_equal(zc_index_run_on_view(ix, counted_search, &c, &err), ZC_OK);

        char table[4096];
        snprintf(table, sizeof table, "%s/postlist.glass", db);
        FILE *f = fopen(table, "r+");
        assert_non_null(f);
        if (damage[d].cut) {
            assert_int_equal(ftruncate(fileno(f), 0), 0);
        } else { /* every block, in place */
            struct stat st;
            assert_int_equal(fstat(fileno(f), &st), 0);
            char junk[8192];
            memset(junk, 0xAB, sizeof junk);
            for (off_t at = 0; at < st.st_size; at += (off_t)sizeof junk)
                assert_int_equal(fwrite(junk, 1, sizeof junk, f), sizeof junk);
        }
        assert_int_equal(fclose(f), 0);

        c = (counted){"工业", 0};
        assert_int_equal(zc_index_run_on_view(ix, counted_search, &c, &err), damage[d].code);
        assert_int_equal(c.runs, 1);
        if (!strstr(err.message, db) || !strstr(err.message, damage[d].says))
            fail_msg("%s: %s", damage[d].name, err.message);
        zc_results *res = NULL;
        assert_int_equal(zc_search(ix, "发展", NULL, &res, &err), damage[d].code);
        assert_null(res);
        zc_index_free(ix);
        free(db);
    }
    free(corpus);
}

/* An index whose documents have no text has no position table, and is
 * sound. */
static void test_no_text_no_positions(void **state)
{
    (void)state;
    char *dir = path_in("empty-files"), *db = path_in("empty-db");
    assert_int_equal(mkdir(dir, 0755), 0);
    free(zc_test_write_file(dir, "a.txt", "", 0));
    free(zc_test_write_file(dir, "b.txt", "", 0));
    zc_test_run r = zc_test_cli(tmp, "index --db '%s' '%s'", db, dir);
    assert_int_equal(r.status, 0);
    zc_test_run_free(&r);
    char *pos = malloc(strlen(db) + 32);
    sprintf(pos, "%s/position.glass", db);
    struct stat st;
    assert_int_not_equal(stat(pos, &st), 0);
    r = zc_test_cli(tmp, "info --db '%s'", db);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "documents  2"));
    zc_test_run_free(&r);
    assert_int_equal(total_of(db, "新余"), 0);
    free(pos);
    free(db);
    free(dir);
}

/* ------------------------------------------------------------ stored text */

#define N_DOCS 48

static const char body[] = "新余高新区在新余市委、市政府的坚强领导下，认真贯彻落实党的二十大精神，"
                           "坚持以高质量发展为首要任务，锂电新能源产业集群发展显现。";

static void marker(char out[16], int i)
{
    snprintf(out, 16, "zcmark%c%c", 'a' + i / 26, 'a' + i % 26);
}

/* The docid of the document whose id value (slot ZC_SLOT_ID) is id. */
typedef struct find_id {
    const char *id;
    zc_xdocid docid;
} find_id;

static int match_id(void *ctx, zc_xdocid docid, const char *value, size_t len)
{
    find_id *f = ctx;
    if (len == strlen(f->id) && !memcmp(value, f->id, len)) {
        f->docid = docid;
        return 1;
    }
    return 0;
}

static int search_one(zc_index *ix, const char *query, zc_results **res, zc_error *err)
{
    *res = NULL;
    return zc_search(ix, query, NULL, res, err);
}

/* N_DOCS documents, each with a byte of its stored text changed at another
 * place, from the frame header to the checksum at its end: every search
 * that shows one fails with the index and the document named, none shows
 * a garbled snippet. A text stored without a checksum, as earlier versions
 * did, still reads. */
static void test_stored_text_flipped(void **state)
{
    (void)state;
    char *db = path_in("stored");
    zc_index *ix = NULL;
    zc_error err;
    assert_int_equal(zc_index_open(db, ZC_OPEN_WRITE | ZC_OPEN_CREATE, &ix, &err), ZC_OK);
    char text[N_DOCS + 1][512], key[N_DOCS + 1][16];
    for (int i = 0; i <= N_DOCS; i++) {
        char m[16];
        marker(m, i);
        snprintf(text[i], sizeof text[i], "%s %s\n%s\n", body, m, body);
        snprintf(key[i], sizeof key[i], "doc%d", i);
        zc_doc d = {.key = key[i], .text = text[i]};
        if (zc_index_add_doc(ix, &d, &err))
            fail_msg("%s", err.message);
    }
    assert_int_equal(zc_index_commit(ix, &err), ZC_OK);
    zc_index_free(ix);

    /* Each document's id and snippet before. */
    char ids[N_DOCS + 1][32], *snippets[N_DOCS + 1];
    assert_int_equal(zc_index_open(db, ZC_OPEN_READ, &ix, &err), ZC_OK);
    for (int i = 0; i <= N_DOCS; i++) {
        char m[16];
        marker(m, i);
        zc_results *res;
        if (search_one(ix, m, &res, &err))
            fail_msg("%s: %s", m, err.message);
        assert_int_equal(zc_results_total(res), 1);
        const zc_hit *h = zc_results_hit(res, 0);
        snprintf(ids[i], sizeof ids[i], "%s", h->id);
        snippets[i] = strdup(h->snippet);
        assert_non_null(strstr(h->snippet, m));
        zc_results_free(res);
    }
    zc_index_free(ix);

    /* Docs 0..N_DOCS-1: one byte flipped each; doc N_DOCS: rewritten
     * without a checksum. */
    zc_xdb *x = NULL;
    size_t checksum = 0;
    assert_int_equal(zc_xdb_open_writable(db, ZC_XDB_OPEN, &x, &err), ZC_OK);
    for (int i = 0; i <= N_DOCS; i++) {
        find_id f = {ids[i], 0};
        assert_int_equal(zc_xdb_each_value(x, ZC_SLOT_ID, match_id, &f, &err), ZC_OK);
        assert_int_not_equal(f.docid, 0);
        zc_xdoc *doc = NULL;
        assert_int_equal(zc_xdb_get_document(x, f.docid, &doc, &err), ZC_OK);
        char *rv = NULL;
        size_t rvlen = 0;
        assert_int_equal(zc_xdoc_get_value(doc, ZC_SLOT_RECORD, &rv, &rvlen, &err), ZC_OK);
        zc_docrec rec;
        assert_int_equal(zc_docrec_parse(rv, rvlen, &rec, &err), ZC_OK);
        /* v: the stored text within the record */
        char *v = rv + (rec.stored - rv);
        size_t vlen = rec.stored_len;
        assert_true(vlen > 16);
        if (i < N_DOCS) {
            size_t at = (size_t)i * (vlen - 1) / (N_DOCS - 1); /* 0 .. vlen-1 */
            v[at] = (char)(v[at] ^ 0xFF);
            assert_int_equal(zc_xdoc_set_value(doc, ZC_SLOT_RECORD, rv, rvlen, &err), ZC_OK);
        } else {
            char *plain = NULL;
            size_t plen = 0;
            assert_int_equal(zc_stored_unpack(NULL, v, vlen, &plain, &plen, &err), ZC_OK);
            size_t cap = ZSTD_compressBound(plen);
            char *old = malloc(cap);
            size_t olen = ZSTD_compress(old, cap, plain, plen, 3);
            assert_false(ZSTD_isError(olen));
            checksum = vlen - olen; /* the 4 bytes of the checksum */
            rec.stored = old;
            rec.stored_len = olen;
            zc_buf nb = ZC_BUF_INIT;
            assert_int_equal(zc_docrec_pack(&rec, &nb, &err), ZC_OK);
            assert_int_equal(zc_xdoc_set_value(doc, ZC_SLOT_RECORD, nb.data, nb.len, &err), ZC_OK);
            zc_buf_free(&nb);
            free(old);
            free(plain);
        }
        assert_int_equal(zc_xdb_replace_document(x, f.docid, doc, &err), ZC_OK);
        free(rv);
        zc_xdoc_free(doc);
    }
    assert_int_equal(zc_xdb_commit(x, &err), ZC_OK);
    zc_xdb_free(x);

    assert_int_equal(zc_index_open(db, ZC_OPEN_READ, &ix, &err), ZC_OK);
    for (int i = 0; i < N_DOCS; i++) {
        char m[16];
        marker(m, i);
        zc_results *res;
        int rc = search_one(ix, m, &res, &err);
        if (rc == ZC_OK)
            fail_msg("%s: found with snippet '%s' (was '%s')", m,
                     zc_results_total(res) ? zc_results_hit(res, 0)->snippet : "", snippets[i]);
        assert_int_equal(rc, ZC_ERR_CORRUPT);
        char want[256];
        snprintf(want, sizeof want, "index '%s': document %s (%s): stored text is damaged", db,
                 ids[i], key[i]);
        if (!strstr(err.message, want))
            fail_msg("'%s' lacks '%s'", err.message, want);
        assert_non_null(strstr(err.message, "zhengce index --full"));
    }
    char m[16];
    marker(m, N_DOCS);
    zc_results *res;
    if (search_one(ix, m, &res, &err))
        fail_msg("no checksum: %s", err.message);
    assert_string_equal(zc_results_hit(res, 0)->snippet, snippets[N_DOCS]);
    zc_results_free(res);
    assert_int_equal(checksum, 4);
    zc_index_free(ix);

    /* The CLI: exit 2, the same message. */
    marker(m, 0);
    zc_test_run r = zc_test_cli(tmp, "search --db '%s' %s", db, m);
    expect_fail(&r, "search", "stored text is damaged");
    expect_fail(&r, "search", ids[0]);
    zc_test_run_free(&r);
    for (int i = 0; i <= N_DOCS; i++)
        free(snippets[i]);
    free(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_missing_tables),
        cmocka_unit_test(test_no_text_no_positions),
        cmocka_unit_test(test_damaged_while_open),
        cmocka_unit_test(test_stored_text_flipped),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
