/* Crash safety and concurrency of `zhengce index`: SIGKILL at random moments
 * in both write modes, a second indexer on a locked index, searches running
 * while an indexer commits, on fresh handles and on one held open (the full
 * disk: test_disk_full.c).
 *
 * After every kill the index must open, pass xapian-check, and hold only
 * complete documents (each stored text equal to what an uninterrupted run
 * stores for that document); a re-run must end with the same content
 * (ids, paths, a digest of every stored text) as an uninterrupted run.
 *
 * ZC_CRASH_RUNS (default 24) and ZC_CRASH_SEED (default 20250607) set the
 * number of kills and the seed of their moments. */
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "crash_fixture.h"
#include "index/index.h"
#include "searcher/search_internal.h"
#include "test_util.h"
#include "zhengce.h"

/* -------------------------------------------------------------- kills */

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
    zc_search_options_init(&o, ZC_SEARCH_OPTIONS_VERSION);
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
    zc_search_options_init(&o, ZC_SEARCH_OPTIONS_VERSION);
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

/* ------------------------------------------------- one handle held open */

typedef struct holder {
    zc_index *ix;
    volatile int stop;
    unsigned searches, runs, failures, shrank;
    uint64_t last;
    char first_error[1024];
} holder;

static int counted_search(zc_index *view, void *ctx, zc_error *err)
{
    holder *h = ctx;
    h->runs++;
    zc_search_options o;
    zc_search_options_init(&o, ZC_SEARCH_OPTIONS_VERSION);
    o.limit = 3;
    zc_results *r = NULL;
    int rc = zc_search_run(view, "报告", &o, &r, err);
    if (rc == ZC_OK) {
        h->shrank += zc_results_total(r) < h->last;
        h->last = zc_results_total(r);
        zc_results_free(r);
    }
    return rc;
}

/* Searches the one handle, as a server does, until told to stop. */
static void *hold_loop(void *p)
{
    holder *h = p;
    while (!h->stop) {
        zc_error err;
        int rc = zc_index_run_on_view(h->ix, counted_search, h, &err);
        h->searches++;
        if (rc != ZC_OK && h->failures++ == 0)
            snprintf(h->first_error, sizeof h->first_error, "%s", err.message);
    }
    return NULL;
}

/* A handle held open (its view reads the revision it last read) searched
 * while a writer commits again and again: its revision is discarded under
 * it (DatabaseModifiedError, ZC_ERR_MODIFIED), and each search runs again
 * on the latest commit; none fails, none sees fewer documents. */
static void test_held_handle(void **state)
{
    env *e = *state;
    char *db = join(e->tmp, "held");
    zc_index *w = NULL;
    zc_error err;
    holder h = {0};
    pthread_t t;
    assert_int_equal(zc_index_open(db, ZC_OPEN_WRITE | ZC_OPEN_CREATE, &w, &err), ZC_OK);
    enum { BATCH = 150, ROUNDS = 30 };
    for (unsigned r = 0; r <= ROUNDS; r++) {
        /* Every document rewritten, and a few more, each round. */
        for (unsigned i = 0; i < BATCH + 5 * r; i++) {
            char key[32], text[256];
            snprintf(key, sizeof key, "d%u", i);
            snprintf(text, sizeof text, "第%u号报告第%u稿。锂电产业发展%u。", i, r,
                     (i * 31 + r) % 1000);
            zc_doc d = {.key = key, .text = text};
            assert_int_equal(zc_index_add_doc(w, &d, &err), ZC_OK);
        }
        assert_int_equal(zc_index_commit(w, &err), ZC_OK);
        if (r == 0) { /* committed once: the searcher starts */
            assert_int_equal(zc_index_open(db, ZC_OPEN_READ, &h.ix, &err), ZC_OK);
            assert_int_equal(pthread_create(&t, NULL, hold_loop, &h), 0);
        }
    }
    h.stop = 1;
    pthread_join(t, NULL);
    zc_index_free(w);
    print_message("# %u searches on one handle during %d commits: %u runs (%u again after a "
                  "discarded revision), %u failed\n",
                  h.searches, ROUNDS, h.runs, h.runs - h.searches, h.failures);
    if (h.failures)
        fail_msg("%u searches failed, first: %s", h.failures, h.first_error);
    assert_true(h.searches > 0);
    assert_int_equal(h.shrank, 0);
    zc_index_free(h.ix);
    free(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_kills, setup, teardown),
        cmocka_unit_test_setup_teardown(test_locked, setup, teardown),
        cmocka_unit_test_setup_teardown(test_concurrent_direct, setup, teardown),
        cmocka_unit_test_setup_teardown(test_concurrent_shards, setup, teardown),
        cmocka_unit_test_setup_teardown(test_held_handle, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
