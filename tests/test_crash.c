/* Crash safety and concurrency of `zhengce index`: SIGKILL at random moments
 * in both write modes, a second indexer on a locked index, searches running
 * while an indexer commits, a full disk, and the --batch-mb bound.
 *
 * After every kill the index must open, pass xapian-check, and hold only
 * complete documents (each stored text equal to what an uninterrupted run
 * stores for that document); a re-run must end with the same content
 * (ids, paths, a digest of every stored text) as an uninterrupted run.
 *
 * ZC_CRASH_RUNS (default 24) and ZC_CRASH_SEED (default 20250607) set the
 * number of kills and the seed of their moments. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "indexer/schema.h"
#include "test_util.h"
#include "xapian-c/xapian_c.h"
#include "zhengce.h"

/* ------------------------------------------------------------ helpers */

static char *join(const char *a, const char *b)
{
    size_t n = strlen(a) + strlen(b) + 2;
    char *p = malloc(n);
    snprintf(p, n, "%s/%s", a, b);
    return p;
}

static uint64_t fnv(uint64_t h, const void *data, size_t len)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < len; i++)
        h = (h ^ p[i]) * 0x100000001b3ULL;
    return h;
}

#define FNV0 0xcbf29ce484222325ULL

/* One stored document: its id, path and a digest of its stored text. */
typedef struct entry {
    char id[17];
    char *path;
    uint64_t text; /* digest of the stored (cleaned) text */
    size_t len;
} entry;

typedef struct snapshot {
    entry *e;
    size_t n, cap;
    uint64_t digest; /* over all entries, sorted by id */
} snapshot;

static void snapshot_free(snapshot *s)
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
    size_t dlen, plen;
    data = zc_test_doc_text(doc, &dlen);
    assert_int_equal(zc_xdoc_get_value(doc, ZC_SLOT_PATH, &path, &plen, &err), ZC_OK);
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
static void snapshot_take(const char *db, snapshot *s)
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

static const entry *snapshot_find(const snapshot *s, const char *id)
{
    entry key;
    snprintf(key.id, sizeof key.id, "%s", id);
    return s->n ? bsearch(&key, s->e, s->n, sizeof *s->e, by_id) : NULL;
}

static int same_entry(const entry *a, const entry *b)
{
    return a && b && a->text == b->text && a->len == b->len && strcmp(a->path, b->path) == 0;
}

/* xapian-check from xapian-tools when installed; the library's own check
 * in any case. */
static void check_db(const char *db, const char *when)
{
    zc_error err;
    if (zc_xdb_check(db, &err) != ZC_OK)
        fail_msg("%s: %s", when, err.message);
    if (system("command -v xapian-check >/dev/null 2>&1") != 0)
        return;
    char cmd[8400];
    snprintf(cmd, sizeof cmd, "xapian-check '%s' >/dev/null 2>&1", db);
    int st = system(cmd);
    if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
        fail_msg("%s: xapian-check '%s' failed (status %d)", when, db, st);
}

static void copy_tree(const char *from, const char *to)
{
    char cmd[8400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s' && cp -a '%s' '%s'", to, from, to);
    assert_int_equal(system(cmd), 0);
}

/* Starts `zhengce index --db db dir [extra]` in mode, stderr to /dev/null. */
static pid_t start_index(const char *mode, const char *db, const char *dir, const char *extra)
{
    const char *cli = getenv("ZC_CLI");
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        setenv("ZHENGCE_INDEX_MODE", mode, 1);
        int fd = open("/dev/null", O_WRONLY);
        dup2(fd, 1);
        dup2(fd, 2);
        if (extra)
            execl(cli, cli, "index", "--db", db, extra, "1", dir, (char *)NULL);
        else
            execl(cli, cli, "index", "--db", db, dir, (char *)NULL);
        _exit(127);
    }
    return pid;
}

/* Runs the indexer to the end; returns its exit status. *secs: wall time. */
static int run_index(const char *mode, const char *db, const char *dir, double *secs)
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
static void write_report(const char *dir, int i, int v)
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

enum { NFILES = 240 };

/* Version A: files 0..NFILES-1. Version B: every 4th changed, every 8th
 * (odd multiples of 4 plus 1) removed, NFILES/8 new ones. */
static void write_version_a(const char *dir)
{
    for (int i = 0; i < NFILES; i++)
        write_report(dir, i, 0);
}

static void make_version_b(const char *dir)
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

/* -------------------------------------------------------------- kills */

typedef struct env {
    char *tmp;
} env;

static int setup(void **state)
{
    env *e = calloc(1, sizeof *e);
    e->tmp = zc_test_tmpdir();
    assert_non_null(e->tmp);
    *state = e;
    return 0;
}

static int teardown(void **state)
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

/* Searches db through the library: every hit of the start marker must be a
 * document of allowed (or of also, when non-NULL), their number the number
 * of documents, and no document may lack its end marker. */
static void check_search(const char *db, size_t ndocs, const snapshot *allowed,
                         const snapshot *also, const char *when)
{
    zc_index *ix;
    zc_error err;
    if (zc_index_open(db, ZC_OPEN_READ, &ix, &err))
        fail_msg("%s: open: %s", when, err.message);
    zc_search_options o;
    zc_search_options_init(&o);
    o.limit = 1000;
    o.facets = 0;
    o.synonyms = 0;
    zc_results *r;
    if (zc_search(ix, "开始标记", &o, &r, &err))
        fail_msg("%s: search: %s", when, err.message);
    if (zc_results_total(r) != ndocs)
        fail_msg("%s: %llu hits for the start marker, %zu documents", when,
                 (unsigned long long)zc_results_total(r), ndocs);
    for (size_t i = 0; i < zc_results_count(r); i++) {
        const zc_hit *h = zc_results_hit(r, i);
        if (!snapshot_find(allowed, h->id) && !(also && snapshot_find(also, h->id)))
            fail_msg("%s: hit %s (%s) is no document of either version", when, h->id, h->path);
    }
    zc_results_free(r);
    if (zc_search(ix, "开始标记 -结束标记", &o, &r, &err))
        fail_msg("%s: search: %s", when, err.message);
    if (zc_results_total(r) != 0)
        fail_msg("%s: %llu documents without their end marker", when,
                 (unsigned long long)zc_results_total(r));
    zc_results_free(r);
    zc_index_free(ix);
}

/* Checks the index a kill left: sound, and each document complete: equal
 * to its version in ref (or, updating, in old). Updating, every document
 * of a file that both versions have must still be there (old or new). */
static void check_after_kill(const char *db, const snapshot *ref, const snapshot *old,
                             const char *when)
{
    check_db(db, when);
    zc_index *ix;
    zc_error err;
    if (zc_index_open(db, ZC_OPEN_READ, &ix, &err))
        fail_msg("%s: the index does not open: %s", when, err.message);
    zc_index_free(ix);
    snapshot s;
    snapshot_take(db, &s);
    for (size_t i = 0; i < s.n; i++) {
        const entry *a = snapshot_find(ref, s.e[i].id),
                    *b = old ? snapshot_find(old, s.e[i].id) : NULL;
        if (!same_entry(&s.e[i], a) && !same_entry(&s.e[i], b))
            fail_msg("%s: document %s (%s, %zu bytes) is incomplete or unknown", when, s.e[i].id,
                     s.e[i].path, s.e[i].len);
    }
    for (size_t i = 0; old && i < old->n; i++)
        if (snapshot_find(ref, old->e[i].id) && !snapshot_find(&s, old->e[i].id))
            fail_msg("%s: document %s (%s) was lost", when, old->e[i].id, old->e[i].path);
    check_search(db, s.n, ref, old, when);
    snapshot_free(&s);
}

static unsigned env_uint(const char *name, unsigned dflt)
{
    const char *v = getenv(name);
    return v && *v ? (unsigned)strtoul(v, NULL, 10) : dflt;
}

static void test_kills(void **state)
{
    env *e = *state;
    unsigned runs = env_uint("ZC_CRASH_RUNS", 24), seed = env_uint("ZC_CRASH_SEED", 20250607);
    if (runs < 4)
        runs = 4;
    char *dir = join(e->tmp, "src"), *db = join(e->tmp, "db");
    assert_int_equal(mkdir(dir, 0755), 0);
    static const char *const modes[2] = {"direct", "shards"};
    char *base[2], *refdb[2];
    snapshot ref_a[2], ref_b[2];
    double t_fresh[2], t_update[2];

    /* References: version A indexed, then brought to version B (an
     * update); and version B indexed from nothing. */
    write_version_a(dir);
    for (int m = 0; m < 2; m++) {
        char name[32];
        snprintf(name, sizeof name, "base-%s", modes[m]);
        base[m] = join(e->tmp, name);
        assert_int_equal(run_index(modes[m], base[m], dir, NULL), 0);
        snapshot_take(base[m], &ref_a[m]);
        assert_int_equal(ref_a[m].n, NFILES);
    }
    make_version_b(dir);
    for (int m = 0; m < 2; m++) {
        char name[32];
        snprintf(name, sizeof name, "ref-%s", modes[m]);
        refdb[m] = join(e->tmp, name);
        assert_int_equal(run_index(modes[m], refdb[m], dir, &t_fresh[m]), 0);
        snapshot_take(refdb[m], &ref_b[m]);
        copy_tree(base[m], db);
        assert_int_equal(run_index(modes[m], db, dir, &t_update[m]), 0);
        snapshot s;
        snapshot_take(db, &s);
        /* An update ends where a fresh run does. */
        assert_int_equal(s.n, ref_b[m].n);
        assert_true(s.digest == ref_b[m].digest);
        snapshot_free(&s);
    }
    assert_true(ref_b[0].digest == ref_b[1].digest); /* both modes: one content */
    print_message("# references: %zu documents; uninterrupted runs: fresh %.2f s / %.2f s, "
                  "update %.2f s / %.2f s (direct / shards)\n",
                  ref_b[0].n, t_fresh[0], t_fresh[1], t_update[0], t_update[1]);

    /* The kills: run k is in mode k % 2, fresh or update by (k / 2) % 2;
     * within each of the four groups the moments are spread over the
     * uninterrupted run's duration (stratified, jittered by the seed). */
    srand(seed);
    unsigned survived = 0, after_end = 0, created = 0;
    unsigned group_n[4] = {0}, group_i[4] = {0};
    for (unsigned k = 0; k < runs; k++)
        group_n[k % 4]++;
    double t_kills = zc_test_now(), dmin = 1e9, dmax = 0;
    for (unsigned k = 0; k < runs; k++) {
        int m = (int)(k % 2), update = (int)((k / 2) % 2);
        unsigned g = k % 4, j = group_i[g]++;
        double span = update ? t_update[m] : t_fresh[m];
        double u = (double)rand() / ((double)RAND_MAX + 1.0);
        double delay = span * ((double)j + u) / (double)group_n[g];
        /* A run that ends before its moment (the machine may be faster
         * than when timed) is done again with half the delay. */
        for (;;) {
            zc_test_rmtree(db);
            if (update)
                copy_tree(base[m], db);
            pid_t pid = start_index(modes[m], db, dir, NULL);
            struct timespec ts = {(time_t)delay, (long)((delay - (double)(time_t)delay) * 1e9)};
            nanosleep(&ts, NULL);
            int st;
            if (waitpid(pid, &st, WNOHANG) != pid) {
                kill(pid, SIGKILL);
                waitpid(pid, &st, 0);
                if (WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL)
                    break;
            }
            after_end++;
            delay /= 2;
        }
        if (delay < dmin)
            dmin = delay;
        if (delay > dmax)
            dmax = delay;
        char when[160];
        snprintf(when, sizeof when, "kill %u (%s, %s, at %.3f s of %.3f s)", k + 1, modes[m],
                 update ? "update" : "fresh", delay, span);
        struct stat sb;
        if (stat(db, &sb) == 0) {
            created++;
            check_after_kill(db, &ref_b[m], update ? &ref_a[m] : NULL, when);
        } else if (update) {
            fail_msg("%s: the index directory is gone", when);
        }
        /* The re-run completes the work: the uninterrupted content. */
        int rc = run_index(modes[m], db, dir, NULL);
        if (rc != 0)
            fail_msg("%s: re-run exited %d", when, rc);
        snapshot s;
        snapshot_take(db, &s);
        if (s.n != ref_b[m].n || s.digest != ref_b[m].digest)
            fail_msg("%s: re-run ends with %zu documents (digest %016llx), uninterrupted %zu "
                     "(%016llx)",
                     when, s.n, (unsigned long long)s.digest, ref_b[m].n,
                     (unsigned long long)ref_b[m].digest);
        snapshot_free(&s);
        check_db(db, when);
        survived++;
    }
    print_message("# kills survived: %u/%u (seed %u; moments %.3f..%.3f s; %u before the "
                  "index existed; %u runs ended before their moment and were killed "
                  "again sooner; %.1f s)\n",
                  survived, runs, seed, dmin, dmax, runs - created, after_end,
                  zc_test_now() - t_kills);
    for (int m = 0; m < 2; m++) {
        snapshot_free(&ref_a[m]);
        snapshot_free(&ref_b[m]);
        free(base[m]);
        free(refdb[m]);
    }
    free(dir);
    free(db);
}

/* --------------------------------------------------------- concurrency */

static void test_locked(void **state)
{
    env *e = *state;
    char *dir = join(e->tmp, "src"), *db = join(e->tmp, "db");
    assert_int_equal(mkdir(dir, 0755), 0);
    for (int i = 0; i < 5; i++)
        write_report(dir, i, 0);
    zc_test_run r = zc_test_cli(e->tmp, "index --db '%s' '%s'", db, dir);
    assert_int_equal(r.status, 0);
    zc_test_run_free(&r);
    write_report(dir, 5, 0);

    /* Another process holds the write lock: the second indexer fails at
     * once, and the index is as it was. */
    zc_index *w;
    zc_error err;
    int pipefd[2];
    assert_int_equal(pipe(pipefd), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        close(pipefd[0]);
        if (zc_index_open(db, ZC_OPEN_WRITE, &w, &err) != ZC_OK)
            _exit(1);
        (void)!write(pipefd[1], "L", 1);
        pause(); /* holds the lock until killed */
        _exit(0);
    }
    close(pipefd[1]);
    char c;
    assert_int_equal(read(pipefd[0], &c, 1), 1);
    close(pipefd[0]);
    double t0 = zc_test_now();
    r = zc_test_cli(e->tmp, "index --db '%s' '%s'", db, dir);
    double took = zc_test_now() - t0;
    assert_int_equal(r.status, 2);
    if (!strstr(r.err, "index is locked by another process") || !strstr(r.err, db))
        fail_msg("locked index: %s", r.err);
    print_message("# second indexer refused in %.3f s: %s", took, r.err);
    assert_true(took < 5.0);
    zc_test_run_free(&r);
    /* The same from `remove`, and searches go on. */
    r = zc_test_cli(e->tmp, "remove --db '%s' '%s'", db, dir);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "lock"));
    zc_test_run_free(&r);
    r = zc_test_cli(e->tmp, "search --db '%s' 开始标记", db);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "5 documents matched"));
    zc_test_run_free(&r);
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
    /* The lock dies with its holder. */
    r = zc_test_cli(e->tmp, "index --db '%s' '%s'", db, dir);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.err, "indexed 1,"));
    zc_test_run_free(&r);
    free(dir);
    free(db);
}

typedef struct searcher {
    const char *db;
    volatile int stop;
    unsigned searches, failures, incomplete, shrank, states;
    uint64_t last, max_seen;
    char first_error[1024];
} searcher;

/* Opens the index afresh for each search, as a search process does, and
 * checks that every document found has its end marker and that documents
 * never disappear while a fresh index is filled. */
static void *search_loop(void *p)
{
    searcher *s = p;
    zc_search_options o;
    zc_search_options_init(&o);
    o.limit = 5;
    o.facets = 0;
    o.synonyms = 0;
    while (!s->stop) {
        zc_index *ix;
        zc_error err;
        zc_results *r = NULL;
        /* An open that meets shard mode's swap is retried inside. */
        int rc = zc_index_open(s->db, ZC_OPEN_READ, &ix, &err);
        if (rc == ZC_OK) {
            rc = zc_search(ix, "开始标记", &o, &r, &err);
            if (rc == ZC_OK) {
                uint64_t all = zc_results_total(r);
                zc_results_free(r);
                rc = zc_search(ix, "开始标记 -结束标记", &o, &r, &err);
                if (rc == ZC_OK) {
                    if (zc_results_total(r) != 0)
                        s->incomplete++;
                    zc_results_free(r);
                }
                if (all < s->last)
                    s->shrank++;
                if (all != s->last)
                    s->states++; /* a commit became visible */
                s->last = all;
                if (all > s->max_seen)
                    s->max_seen = all;
            }
            zc_index_free(ix);
        }
        s->searches++;
        if (rc != ZC_OK && s->failures++ == 0)
            snprintf(s->first_error, sizeof s->first_error, "%s", err.message);
    }
    return NULL;
}

static void concurrent(env *e, const char *mode)
{
    char *dir = join(e->tmp, "src"), *db = join(e->tmp, "db");
    assert_int_equal(mkdir(dir, 0755), 0);
    for (int i = 0; i < 1600; i++)
        write_report(dir, i, 0);
    /* A committed index to start from (searches need one to open). */
    char *one = join(e->tmp, "one");
    assert_int_equal(mkdir(one, 0755), 0);
    write_report(one, 0, 0);
    zc_test_run r = zc_test_cli(e->tmp, "index --db '%s' '%s/r000.txt'", db, one);
    assert_int_equal(r.status, 0);
    zc_test_run_free(&r);

    searcher s = {.db = db};
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, search_loop, &s), 0);
    /* Small batches: many commits (direct) or shard flushes while searched. */
    double t0 = zc_test_now();
    pid_t pid = start_index(mode, db, dir, "--batch-mb");
    int st;
    waitpid(pid, &st, 0);
    double took = zc_test_now() - t0;
    struct timespec ts = {0, 100000000L};
    nanosleep(&ts, NULL);
    s.stop = 1;
    pthread_join(t, NULL);
    assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
    print_message("# %s: %u searches during a %.2f s run, %u failed, %u saw a document without "
                  "its end, %u saw fewer documents than before; %u index states seen, the "
                  "last with %llu documents\n",
                  mode, s.searches, took, s.failures, s.incomplete, s.shrank, s.states,
                  (unsigned long long)s.last);
    if (s.failures)
        fail_msg("%s: %u searches failed, first: %s", mode, s.failures, s.first_error);
    assert_int_equal(s.incomplete, 0);
    assert_int_equal(s.shrank, 0);
    assert_true(s.searches > 0);
    assert_int_equal(s.last, 1601); /* r000.txt of one/ and the 1600 */
    check_db(db, mode);
    free(one);
    free(dir);
    free(db);
}

static void test_concurrent_direct(void **state)
{
    concurrent(*state, "direct");
}
static void test_concurrent_shards(void **state)
{
    concurrent(*state, "shards");
}

/* ---------------------------------------------------------- disk full */

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
    setenv("ZHENGCE_INDEX_MODE", mode, 1);
    r = zc_test_cli(e->tmp, "index --db '%s' %s '%s'", db, opts, big);
    unsetenv("ZHENGCE_INDEX_MODE");
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
 * run before the free-space checks; now the first commit is refused. On an
 * 8 MB disk the first commits fit and a later one does not: the index
 * keeps what was committed, whole files only. */
static void test_disk_full_batches(void **state)
{
    (void)disk_full_with(*state, "direct", "size=4m", "--batch-mb 1");
}
static void test_disk_full_later_batch(void **state)
{
    assert_true(disk_full_with(*state, "direct", "size=8m", "--batch-mb 1") > 1);
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
        setenv("ZHENGCE_INDEX_MODE", mode, 1);
        zc_test_rmtree(a);
        zc_test_rmtree(b);
        r = zc_test_cli(e->tmp, "index --db '%s' '%s'", a, dir);
        assert_int_equal(r.status, 0);
        zc_test_run_free(&r);
        r = zc_test_cli(e->tmp, "index --db '%s' --batch-mb 1 '%s'", b, dir);
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
    unsetenv("ZHENGCE_INDEX_MODE");
    free(dir);
    free(a);
    free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_kills, setup, teardown),
        cmocka_unit_test_setup_teardown(test_locked, setup, teardown),
        cmocka_unit_test_setup_teardown(test_concurrent_direct, setup, teardown),
        cmocka_unit_test_setup_teardown(test_concurrent_shards, setup, teardown),
        cmocka_unit_test_setup_teardown(test_disk_full_direct, setup, teardown),
        cmocka_unit_test_setup_teardown(test_disk_full_shards, setup, teardown),
        cmocka_unit_test_setup_teardown(test_disk_full_batches, setup, teardown),
        cmocka_unit_test_setup_teardown(test_disk_full_later_batch, setup, teardown),
        cmocka_unit_test_setup_teardown(test_batch_option, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
