/* Tests of the C wrapper over libxapian (xapian-c/xapian_c.h): databases,
 * documents, writes, metadata, statistics, postings and values, shards,
 * compaction (checked with xapian-check), errors, remote databases. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "test_util.h"
#include "xapian_fixtures.h"

static zc_error E; /* the error of the call under test */

/* A zc_xdoc_each_term callback appending "term " to a char[512]. */
static int collect_doc_terms(void *ctx, const char *term, size_t len, unsigned wdf,
                             const uint32_t *pos, size_t npos)
{
    (void)wdf, (void)pos, (void)npos;
    char *buf = ctx;
    snprintf(buf + strlen(buf), 512 - strlen(buf), "%.*s ", (int)len, term);
    return 0;
}

static void test_roundtrip(void **state)
{
    zc_xt_fixture *f = *state;
    zc_xdb *db = zc_xt_open_main(state);
    assert_int_equal(zc_xdb_shard_count(db), 1);

    zc_xdoc *doc;
    char *s;
    size_t len;
    char terms[512] = "";
    OK(zc_xdb_get_document(db, 3, &doc, &E));
    OK(zc_xdoc_get_value(doc, SLOT_CAT, &s, &len, &E));
    assert_string_equal(s, "blog");
    free(s);
    OK(zc_xdoc_get_value(doc, 42, &s, &len, &E));
    assert_int_equal(len, 0);
    assert_string_equal(s, "");
    free(s);
    OK(zc_xdoc_each_term(doc, collect_doc_terms, terms, &E));
    assert_string_equal(terms, "Cblog Q3 fox jumps quick ");
    OK(zc_xdoc_get_value(doc, SLOT_YEARNUM, &s, &len, &E));
    assert_true(zc_x_sortable_unserialise(s, len) == 2002.0);
    free(s);
    zc_xdoc_free(doc);
    FAILS(zc_xdb_get_document(db, 99, &doc, &E), ZC_ERR_NOT_FOUND, f->main);
    assert_null(doc);

    /* Writes on a read-only handle are refused, naming the index. */
    FAILS(zc_xdb_commit(db, &E), ZC_ERR_INVALID, f->main);
    FAILS(zc_xdb_delete_document(db, 1, &E), ZC_ERR_INVALID, "read-only");

    zc_xdb_free(db);

    /* A reader sees a new commit only after reopen. */
    char *path = zc_xt_join(f->dir, "rt");
    zc_xt_build_db(path, 1, NDOCS);
    OK(zc_xdb_open(path, &db, &E));
    zc_xdb *w;
    OK(zc_xdb_open_writable(path, ZC_XDB_OPEN, &w, &E));
    zc_xdoc *extra;
    OK(zc_xdoc_new(&extra, &E));
    OK(zc_xdoc_add_term_n(extra, "extra", 5, 1, &E));
    OK(zc_xdb_add_document(w, extra, NULL, &E));
    zc_xdoc_free(extra);
    OK(zc_xdb_commit(w, &E));
    zc_xdb_stats st;
    OK(zc_xdb_stats_get(db, &st, &E));
    assert_int_equal(st.doc_count, NDOCS);
    OK(zc_xdb_reopen(db, &E));
    OK(zc_xdb_stats_get(db, &st, &E));
    assert_int_equal(st.doc_count, NDOCS + 1);
    OK(zc_xdb_delete_document(w, NDOCS + 1, &E));
    zc_xdb_free(w); /* closing commits the deletion */
    OK(zc_xdb_reopen(db, &E));
    OK(zc_xdb_stats_get(db, &st, &E));
    assert_int_equal(st.doc_count, NDOCS);
    zc_xdb_free(db);
    zc_test_rmtree(path);
    free(path);
}

static void test_replace_delete(void **state)
{
    zc_xt_fixture *f = *state;
    char *path = zc_xt_join(f->dir, "rd");
    zc_xdb *db;
    zc_xdoc *d1, *d2;
    zc_xdocid id1, id2, id3;
    uint64_t n;
    FAILS(zc_xdb_open_writable(path, ZC_XDB_OPEN, &db, &E), ZC_ERR_NOT_FOUND, path);
    OK(zc_xdb_open_writable(path, ZC_XDB_CREATE, &db, &E));
    OK(zc_xdoc_new(&d1, &E));
    OK(zc_xdoc_add_boolean_term(d1, "Qone", &E));
    OK(zc_xdoc_add_term_n(d1, "hello", 5, 1, &E));
    OK(zc_xdb_replace_document_by_term(db, "Qone", d1, &id1, &E)); /* adds */
    OK(zc_xdoc_new(&d2, &E));
    OK(zc_xdoc_add_boolean_term(d2, "Qone", &E));
    OK(zc_xdoc_add_term_n(d2, "world", 5, 1, &E));
    OK(zc_xdb_replace_document_by_term(db, "Qone", d2, &id2, &E)); /* replaces */
    assert_int_equal(id1, id2);
    OK(zc_xdb_term_freq(db, "hello", &n, &E));
    assert_int_equal(n, 0);
    OK(zc_xdb_term_freq(db, "world", &n, &E));
    assert_int_equal(n, 1);
    OK(zc_xdb_add_document(db, d1, &id3, &E));
    assert_int_equal(id3, 2);
    OK(zc_xdb_replace_document(db, id3, d2, &E));
    OK(zc_xdb_term_freq(db, "world", &n, &E));
    assert_int_equal(n, 2);
    OK(zc_xdb_delete_document_by_term(db, "Qone", &E)); /* both carry Qone */
    OK(zc_xdb_delete_document_by_term(db, "Qnone", &E));
    zc_xdb_stats st;
    OK(zc_xdb_stats_get(db, &st, &E));
    assert_int_equal(st.doc_count, 0);
    assert_int_equal(st.last_docid, 2);
    FAILS(zc_xdb_delete_document(db, 1, &E), ZC_ERR_NOT_FOUND, path);
    zc_xdb *other;
    FAILS(zc_xdb_open_writable(path, ZC_XDB_CREATE_OR_OPEN, &other, &E), ZC_ERR_LOCKED, path);
    zc_xdoc_free(d1);
    zc_xdoc_free(d2);
    zc_xdb_free(db);
    /* CREATE refuses an existing database; OVERWRITE replaces it. */
    FAILS(zc_xdb_open_writable(path, ZC_XDB_CREATE, &other, &E), ZC_ERR_BACKEND, "exists");
    assert_null(other);
    OK(zc_xdb_open_writable(path, ZC_XDB_OVERWRITE, &other, &E));
    OK(zc_xdb_stats_get(other, &st, &E));
    assert_int_equal(st.last_docid, 0);
    zc_xdb_free(other);
    zc_test_rmtree(path);
    free(path);
}

/* zc_xdb_discard drops what was not committed, and closing the database
 * then commits nothing; without it, closing commits. */
static void test_discard(void **state)
{
    zc_xt_fixture *f = *state;
    char *path = zc_xt_join(f->dir, "discard");
    zc_xdb *db;
    zc_xdoc *d;
    zc_xdb_stats st;
    OK(zc_xdb_open_writable(path, ZC_XDB_CREATE_OR_OPEN, &db, &E));
    OK(zc_xdoc_new(&d, &E));
    OK(zc_xdoc_add_term_n(d, "t", 1, 1, &E));
    OK(zc_xdb_add_document(db, d, NULL, &E));
    OK(zc_xdb_commit(db, &E));
    OK(zc_xdb_add_document(db, d, NULL, &E));
    OK(zc_xdb_add_document(db, d, NULL, &E));
    OK(zc_xdb_discard(db, &E));
    OK(zc_xdb_stats_get(db, &st, &E));
    assert_int_equal(st.doc_count, 1);
    zc_xdb_free(db);
    OK(zc_xdb_open_writable(path, ZC_XDB_CREATE_OR_OPEN, &db, &E));
    OK(zc_xdb_stats_get(db, &st, &E));
    assert_int_equal(st.doc_count, 1);
    OK(zc_xdb_add_document(db, d, NULL, &E));
    zc_xdb_free(db);
    OK(zc_xdb_open_writable(path, ZC_XDB_CREATE_OR_OPEN, &db, &E));
    OK(zc_xdb_stats_get(db, &st, &E));
    assert_int_equal(st.doc_count, 2);
    zc_xdb_free(db);
    zc_xdoc_free(d);
    zc_test_rmtree(path);
    free(path);
}

static void test_metadata(void **state)
{
    zc_xt_fixture *f = *state;
    char *path = zc_xt_join(f->dir, "meta");
    zc_xdb *db, *r;
    zc_xdoc *d;
    zc_xdb_stats st;
    OK(zc_xdb_open_writable(path, ZC_XDB_CREATE_OR_OPEN, &db, &E));
    OK(zc_xdoc_new(&d, &E));
    OK(zc_xdoc_add_term_n(d, "t", 1, 1, &E));
    OK(zc_xdb_add_document(db, d, NULL, &E));
    OK(zc_xdb_add_document(db, d, NULL, &E));
    zc_xdoc_free(d);

    char *v;
    size_t len;
    OK(zc_xdb_set_metadata(db, "bin", "v\0w", 3, &E));
    OK(zc_xdb_set_metadata(db, "gone", "x", 1, &E));
    OK(zc_xdb_set_metadata(db, "gone", NULL, 0, &E));
    OK(zc_xdb_commit(db, &E));
    zc_xdb_free(db);

    OK(zc_xdb_open(path, &r, &E));
    OK(zc_xdb_stats_get(r, &st, &E));
    assert_int_equal(st.doc_count, 2);
    OK(zc_xdb_get_metadata(r, "bin", &v, &len, &E));
    assert_int_equal(len, 3);
    assert_memory_equal(v, "v\0w", 3);
    free(v);
    OK(zc_xdb_get_metadata(r, "gone", &v, &len, &E));
    assert_non_null(v);
    assert_int_equal(len, 0);
    free(v);
    FAILS(zc_xdb_set_metadata(r, "k", "v", 1, &E), ZC_ERR_INVALID, path);
    zc_xdb_free(r);
    zc_test_rmtree(path);
    free(path);
}

static int collect_postings(void *ctx, zc_xdocid id, unsigned wdf)
{
    char *buf = ctx;
    snprintf(buf + strlen(buf), 256 - strlen(buf), "%u:%u ", id, wdf);
    return strlen(buf) > 6; /* stop after two */
}

static void test_stats_terms(void **state)
{
    zc_xdb *db = zc_xt_open_main(state);
    zc_xdb_stats st;
    uint64_t n;
    char buf[512] = "";
    OK(zc_xdb_stats_get(db, &st, &E));
    assert_int_equal(st.doc_count, NDOCS);
    assert_int_equal(st.last_docid, NDOCS);
    assert_int_equal(st.total_length, 4 + 4 + 4 + 3 + 3 + 4);
    assert_true(st.avg_length > 3.66 && st.avg_length < 3.67);
    assert_true(st.has_positions);
    OK(zc_xdb_term_freq(db, "quick", &n, &E));
    assert_int_equal(n, 2);
    OK(zc_xdb_term_freq(db, "nosuch", &n, &E));
    assert_int_equal(n, 0);
    OK(zc_xdb_count_terms(db, "Q", &n, &E));
    assert_int_equal(n, NDOCS);
    OK(zc_xdb_count_terms(db, "", &n, &E));
    assert_int_equal(n, 18); /* 9 words, 6 ids, 3 categories */
    OK(zc_xdb_count_terms(db, "C", &n, &E));
    assert_int_equal(n, 3);
    OK(zc_xdb_each_posting(db, "a", collect_postings, buf, &E));
    assert_string_equal(buf, "4:2 5:2 ");
    zc_xdb_free(db);
}

static void test_combined(void **state)
{
    zc_xt_fixture *f = *state;
    zc_xdb *all, *a, *b;
    OK(zc_xdb_new_combined(&all, &E));
    assert_int_equal(zc_xdb_shard_count(all), 0);
    OK(zc_xdb_open(f->shard_a, &a, &E));
    OK(zc_xdb_open(f->shard_b, &b, &E));
    zc_xenquire *e;
    FAILS(zc_xenquire_new(all, &e, &E), ZC_ERR_INVALID, "(combined)"); /* no shards yet */
    zc_xquery *q;
    OK(zc_xdb_add_shard(all, a, &E));
    OK(zc_xdb_add_shard(all, b, &E));
    zc_xdb_free(a); /* Xapian keeps its own references */
    zc_xdb_free(b);
    assert_int_equal(zc_xdb_shard_count(all), 2);

    zc_xdb_stats st;
    OK(zc_xdb_stats_get(all, &st, &E));
    assert_int_equal(st.doc_count, NDOCS);
    zc_xt_facets_on(all); /* counts summed over both shards */

    q = T("jumps");
    zc_xmset *m = zc_xt_search(all, q, 10);
    zc_xquery_free(q);
    assert_int_equal(zc_xmset_size(m), 1);
    char *s;
    OK(zc_xmset_get_data(m, 0, &s, NULL, &E));
    assert_string_equal(s, zc_xt_docs[2].text);
    free(s);
    zc_xmset_free(m);
    q = Q(ZC_XOP_PHRASE, 0, 2, T("a"), T("b"));
    m = zc_xt_search(all, q, 10);
    zc_xquery_free(q);
    assert_int_equal(zc_xmset_size(m), 3);
    zc_xmset_free(m);
    zc_xdb_free(all);
}

static void test_compact(void **state)
{
    zc_xt_fixture *f = *state;
    char *dest = zc_xt_join(f->dir, "compact");
    const char *srcs[] = {f->shard_a, f->shard_b};
    zc_xdb *db;
    zc_xdb_stats st;
    uint64_t n;
    OK(zc_xdb_compact(srcs, 2, dest, &E));
    OK(zc_xdb_open(dest, &db, &E));
    OK(zc_xdb_stats_get(db, &st, &E));
    assert_int_equal(st.doc_count, NDOCS);
    assert_int_equal(st.last_docid, NDOCS);
    OK(zc_xdb_term_freq(db, "a", &n, &E));
    assert_int_equal(n, 3);
    zc_xquery *q = Q(ZC_XOP_PHRASE, 0, 3, T("a"), T("b"), T("a"));
    zc_xt_expect(db, q, "4");
    zc_xdb_free(db);
    assert_int_equal(zc_test_xapian_check(dest), 0);
    FAILS(zc_xdb_compact(srcs, 2, dest, &E), ZC_ERR_INVALID, dest);
    char *missing = zc_xt_join(f->dir, "no-such-db");
    char *dest2 = zc_xt_join(f->dir, "compact2");
    const char *bad[] = {f->shard_a, missing};
    FAILS(zc_xdb_compact(bad, 2, dest2, &E), ZC_ERR_NOT_FOUND, missing);
    zc_test_rmtree(dest);
    zc_test_rmtree(dest2);
    free(dest), free(dest2), free(missing);
}

static void test_open_errors(void **state)
{
    zc_xt_fixture *f = *state;
    char *missing = zc_xt_join(f->dir, "nonexistent");
    zc_xdb *db, *w1, *w2;
    FAILS(zc_xdb_open(missing, &db, &E), ZC_ERR_NOT_FOUND, missing);
    assert_null(db);
    assert_non_null(strstr(E.message, "DatabaseNotFoundError"));
    FAILS(zc_xdb_open_writable(missing, ZC_XDB_OPEN, &db, &E), ZC_ERR_NOT_FOUND, missing);
    FAILS(zc_xdb_open_writable(missing, (zc_xdb_mode)42, &db, &E), ZC_ERR_INVALID, missing);

    OK(zc_xdb_open_writable(f->main, ZC_XDB_OPEN, &w1, &E));
    FAILS(zc_xdb_open_writable(f->main, ZC_XDB_OPEN, &w2, &E), ZC_ERR_LOCKED, f->main);
    assert_null(w2);
    OK(zc_xdb_open(f->main, &db, &E)); /* readers are not blocked */
    zc_xdb_free(db);
    zc_xdb_free(w1);
    OK(zc_xdb_open_writable(f->main, ZC_XDB_OPEN, &w2, &E)); /* lock released */
    zc_xdb_free(w2);
    free(missing);
}

static void garble(const char *dir, const char *file)
{
    char junk[8192];
    memset(junk, 0xab, sizeof junk);
    char *p = zc_test_write_file(dir, file, junk, sizeof junk);
    assert_non_null(p);
    free(p);
}

/* Opening and searching a damaged database fails cleanly. */
static void expect_broken(const char *path)
{
    zc_xdb *db;
    zc_error_clear(&E);
    int rc = zc_xdb_open(path, &db, &E);
    if (rc == ZC_OK) {
        zc_xenquire *e;
        zc_xmset *m = NULL;
        zc_xquery *q = T("quick");
        OK(zc_xenquire_new(db, &e, &E));
        rc = zc_xenquire_set_query(e, q, 0, &E);
        if (rc == ZC_OK)
            rc = zc_xenquire_get_mset(e, 0, 10, 10, &m, &E);
        zc_xmset_free(m);
        zc_xenquire_free(e);
        zc_xquery_free(q);
        zc_xdb_free(db);
    }
    assert_int_not_equal(rc, ZC_OK);
    assert_int_equal(rc, E.code);
    assert_non_null(strstr(E.message, path));
}

static void test_corrupt(void **state)
{
    zc_xt_fixture *f = *state;
    char *p1 = zc_xt_join(f->dir, "bad-postlist"), *p2 = zc_xt_join(f->dir, "bad-version");
    zc_xt_build_db(p1, 1, NDOCS);
    zc_xt_build_db(p2, 1, NDOCS);
    assert_int_equal(zc_test_xapian_check(p1), 0);
    garble(p1, "postlist.glass");
    garble(p2, "iamglass");
    expect_broken(p1);
    assert_int_equal(E.code, ZC_ERR_CORRUPT);
    expect_broken(p2);
    assert_int_equal(E.code, ZC_ERR_CORRUPT);
    assert_int_not_equal(zc_test_xapian_check(p1), 0);
    assert_int_not_equal(zc_test_xapian_check(p2), 0);
    zc_test_rmtree(p1), zc_test_rmtree(p2);
    free(p1), free(p2);
}

/* A loopback port nothing listens on (just released by the kernel). */
static unsigned free_port(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(fd >= 0);
    struct sockaddr_in sa = {0};
    socklen_t len = sizeof sa;
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof sa), 0);
    assert_int_equal(getsockname(fd, (struct sockaddr *)&sa, &len), 0);
    close(fd);
    return ntohs(sa.sin_port);
}

static int can_connect(unsigned port)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sa = {0};
    sa.sin_family = AF_INET;
    sa.sin_port = htons((uint16_t)port);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int ok = fd >= 0 && connect(fd, (struct sockaddr *)&sa, sizeof sa) == 0;
    if (fd >= 0)
        close(fd);
    return ok;
}

static void test_remote_closed_port(void **state)
{
    (void)state;
    unsigned port = free_port();
    char where[64];
    zc_xdb *db;
    snprintf(where, sizeof where, "127.0.0.1:%u", port);
    FAILS(zc_xdb_open_remote("127.0.0.1", port, 2000, &db, &E), ZC_ERR_NETWORK, where);
    assert_null(db);
}

static pid_t server_pid;

static int stop_server(void **state)
{
    (void)state;
    if (server_pid > 0) {
        kill(server_pid, SIGTERM);
        waitpid(server_pid, NULL, 0);
        server_pid = 0;
    }
    return 0;
}

static void test_remote_tcpsrv(void **state)
{
    zc_xt_fixture *f = *state;
    const char *srv = "/usr/bin/xapian-tcpsrv";
    if (access(srv, X_OK) != 0) {
        skip();
        return;
    }
    unsigned port = free_port();
    char portstr[16];
    snprintf(portstr, sizeof portstr, "%u", port);
    server_pid = fork();
    assert_true(server_pid >= 0);
    /* Its own process group: on SIGTERM the server signals its whole group
     * (to stop its per-connection children), which must not include us. */
    if (server_pid == 0) {
        setpgid(0, 0);
        int devnull = open("/dev/null", O_WRONLY);
        if (devnull >= 0) {
            dup2(devnull, STDOUT_FILENO);
            dup2(devnull, STDERR_FILENO);
        }
        execl(srv, srv, "--port", portstr, "--interface", "127.0.0.1", f->main, (char *)NULL);
        _exit(127);
    }
    setpgid(server_pid, server_pid);
    /* Wait (at most 5 s) until it listens, failing early if it exited. */
    int up = 0;
    for (int i = 0; i < 100 && !up; i++) {
        up = can_connect(port);
        if (!up) {
            assert_int_equal(waitpid(server_pid, NULL, WNOHANG), 0);
            nanosleep(&(struct timespec){0, 50 * 1000 * 1000}, NULL);
        }
    }
    assert_true(up);

    zc_xdb *remote, *local = zc_xt_open_main(state);
    char where[64], want[64], got[64];
    snprintf(where, sizeof where, "127.0.0.1:%u", port);
    OK(zc_xdb_open_remote("127.0.0.1", port, 5000, &remote, &E));
    zc_xquery *q = Q(ZC_XOP_OR, 0, 2, T("quick"), T("a"));
    zc_xmset *ml = zc_xt_search(local, q, 10), *mr = zc_xt_search(remote, q, 10);
    zc_xt_mset_ids(ml, 0, want, sizeof want);
    zc_xt_mset_ids(mr, 0, got, sizeof got);
    assert_string_equal(got, want);
    assert_int_equal(zc_xmset_size(mr), 5);
    char *s;
    OK(zc_xmset_get_data(mr, 0, &s, NULL, &E));
    assert_string_equal(s, zc_xt_docs[zc_xt_mset_num(mr, 0) - 1].text);
    free(s);
    zc_xmset_free(ml), zc_xmset_free(mr);
    zc_xquery_free(q);

    /* Single-valued facets are merged from the server. */
    zc_xenquire *e;
    zc_xspy *cat;
    zc_xmset *m;
    OK(zc_xquery_match_all(&q, &E));
    OK(zc_xenquire_new(remote, &e, &E));
    OK(zc_xenquire_set_query(e, q, 0, &E));
    OK(zc_xenquire_add_facet(e, SLOT_CAT, 0, 0, &cat, &E));
    OK(zc_xenquire_get_mset(e, 0, 1, NDOCS, &m, &E));
    zc_xt_expect_facets(cat, CATS_ALL);
    zc_xmset_free(m);
    /* The server does not know the multi-valued spy: a clean error. */
    zc_xspy *reg;
    OK(zc_xenquire_add_facet(e, SLOT_REGIONS, 1, '\x1f', &reg, &E));
    FAILS(zc_xenquire_get_mset(e, 0, 1, NDOCS, &m, &E), ZC_ERR_INVALID, where);
    assert_null(m);
    zc_xenquire_free(e);
    zc_xquery_free(q);

    zc_xdb_stats st;
    OK(zc_xdb_stats_get(remote, &st, &E));
    assert_int_equal(st.doc_count, NDOCS);
    zc_xdb_free(remote);
    zc_xdb_free(local);
    stop_server(state);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_roundtrip),
        cmocka_unit_test(test_replace_delete),
        cmocka_unit_test(test_metadata),
        cmocka_unit_test(test_discard),
        cmocka_unit_test(test_stats_terms),
        cmocka_unit_test(test_combined),
        cmocka_unit_test(test_compact),
        cmocka_unit_test(test_open_errors),
        cmocka_unit_test(test_corrupt),
        cmocka_unit_test(test_remote_closed_port),
        cmocka_unit_test_teardown(test_remote_tcpsrv, stop_server),
    };
    return cmocka_run_group_tests(tests, zc_xt_setup, zc_xt_teardown);
}
