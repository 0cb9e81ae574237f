/* Carrying out an indexing plan (see run.h for the two modes). */
#include "run.h"

#include <glib/gstdio.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "analyze.h"
#include "common/err.h"
#include "schema.h"

/* Batches above this size switch to shard mode (unless the index is more
 * than four times larger: compaction rewrites it). */
#define ZC_SHARD_MIN_BYTES (16u << 20)
/* Shards flush after this much text. Xapian's inverter keeps a batch's
 * postings in std::maps; past a few hundred KB of text they outgrow the CPU
 * caches and indexing slows by a third, while the flush itself is cheap
 * (a shard is scratch space, written without fsync). */
#define ZC_SHARD_COMMIT_BYTES (256u << 10)
/* A worker starts a new shard after this much text. Each flush rewrites
 * the B-tree blocks of every term its batch touched, and those spread over
 * the whole shard, so one ever-growing shard makes indexing slow down with
 * its size (one job over 144 MB: 68 s in one shard, 59 s in 16 MB ones).
 * Compaction keeps one postlist chunk per term per shard, so many small
 * shards make a larger index: 16 MB keeps that under 1%. */
#define ZC_SHARD_ROTATE_BYTES (16u << 20)

/* Free space asked for before writing (zc_space_check), per byte of text:
 * in shard mode the scratch shards (about 2.6 times the text on news) and
 * the merged index (about 2 times) are on disk together before the swap;
 * a shard's flush or a direct-mode commit adds at most this much per byte
 * of its batch, besides the blocks it rewrites. Plus some slack for the
 * small files and the last blocks. */
#define ZC_SPACE_PER_TEXT 5u
#define ZC_SPACE_SLACK ((uint64_t)1 << 20)

/* What a worker hands back for one file. */
typedef struct batch {
    zc_work *work;
    GPtrArray *docs; /* zc_xdoc * (direct mode only) */
    gint ndocs;      /* documents made from the file (atomic) */
    int failed;      /* nothing could be read: the old documents stay */
    zc_error why;    /* a problem to report (failed, or a partly bad file) */
    int has_why;
    /* Rows handed to other workers (shard mode, see hand_over): how many
     * are not done yet, and the first error one of them met (under the
     * run's lock). */
    guint pending;
    int qrc;
    zc_error qwhy;
} batch;

typedef struct run {
    zc_index *ix;
    zc_plan *plan;
    const zc_index_options *o;
    const zc_dict *dict;
    int shards; /* shard mode */
    char *tmpdir;

    GMutex lock;
    GCond cond;
    guint next;      /* next work item */
    guint in_flight; /* batches queued to the main thread (direct mode) */
    guint running;   /* workers still running */
    unsigned jobs;   /* workers started */
    uint64_t rotate; /* text a shard takes before its worker starts anew */
    int rc;          /* first fatal error */
    zc_error err;
    GAsyncQueue *queue; /* batch * */
    /* Shard mode: rows of a collection that its reader hands to workers
     * with no file left to read, so one large CSV/JSONL file is analysed by
     * every job. */
    GAsyncQueue *rows; /* queued_row * */
    guint helpers;     /* workers out of files, analysing rows */
    guint readers;     /* workers reading a file */

    _Atomic uint64_t bytes_done, files_done;
} run;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void fail(run *r, int rc, const zc_error *err)
{
    g_mutex_lock(&r->lock);
    if (r->rc == ZC_OK) {
        r->rc = rc;
        r->err = *err;
    }
    g_cond_broadcast(&r->cond);
    g_mutex_unlock(&r->lock);
}

static void batch_free(batch *b)
{
    if (!b)
        return;
    if (b->docs)
        g_ptr_array_free(b->docs, TRUE);
    g_free(b);
}

/* ---------------------------------------------------------------- workers */

typedef struct worker {
    run *r;
    unsigned k;
    zc_analyzer *an;
    zc_xdb *shard;        /* the shard being written (shard mode) */
    uint64_t shard_bytes; /* since the last flush */
    uint64_t shard_total; /* in the current shard */
    GPtrArray *shards;    /* paths of the worker's shards, in order */
    batch *b;
    char *stamp; /* of the file being read, set before its records come */
} worker;

/* Bytes of the files in dir (a Xapian database: no subdirectories). */
static uint64_t dir_bytes(const char *dir)
{
    GDir *d = g_dir_open(dir, 0, NULL);
    uint64_t total = 0;
    const char *name;
    while (d && (name = g_dir_read_name(d))) {
        char *p = g_build_filename(dir, name, NULL);
        GStatBuf st;
        if (g_stat(p, &st) == 0)
            total += (uint64_t)st.st_size;
        g_free(p);
    }
    if (d)
        g_dir_close(d);
    return total;
}

/* Text a shard takes before it is flushed (--batch-mb). */
static uint64_t shard_commit_bytes(const zc_index_options *o)
{
    return o->batch_bytes ? (uint64_t)o->batch_bytes : ZC_SHARD_COMMIT_BYTES;
}

/* Text a shard takes before the worker starts a new one.
 * ZHENGCE_SHARD_BYTES sets it (tests use it to make many shards of little
 * text). */
static uint64_t shard_rotate_bytes(void)
{
    const char *env = getenv("ZHENGCE_SHARD_BYTES");
    uint64_t n = env ? g_ascii_strtoull(env, NULL, 10) : 0;
    if (!n)
        n = ZC_SHARD_ROTATE_BYTES;
    return n;
}

/* Commits and closes the worker's shard, if one is open. */
static int shard_close(worker *w, zc_error *err)
{
    if (!w->shard)
        return ZC_OK;
    int rc = zc_xdb_commit(w->shard, err);
    zc_xdb_free(w->shard);
    w->shard = NULL;
    w->shard_bytes = w->shard_total = 0;
    return rc;
}

/* Opens the worker's next shard: <tmpdir>/<worker>-<n>. */
static int shard_open(worker *w, zc_error *err)
{
    char *path = g_strdup_printf("%s/%u-%u", w->r->tmpdir, w->k, w->shards->len);
    int rc = zc_xdb_open_writable(path, ZC_XDB_SCRATCH, &w->shard, err);
    if (rc == ZC_OK)
        g_ptr_array_add(w->shards, path);
    else
        g_free(path);
    return rc;
}

/* Whether the text left to read, shared by the workers, is under half a
 * shard: a last small shard would cost a little size and save nothing. */
static int nearly_done(const worker *w)
{
    const run *r = w->r;
    uint64_t done = atomic_load(&r->bytes_done);
    uint64_t left = r->plan->bytes > done ? r->plan->bytes - done : 0;
    return left / (r->jobs ? r->jobs : 1) < r->rotate / 2;
}

/* Whether the disk has room for the worker's next flush. Copy-on-write: a
 * flush may write anew every block of the shard, plus the batch's postings
 * (a few times its text). */
static int shard_room(const worker *w, zc_error *err)
{
    const char *path = w->shards->pdata[w->shards->len - 1];
    uint64_t need = dir_bytes(path) + ZC_SPACE_PER_TEXT * w->shard_bytes + ZC_SPACE_SLACK;
    return zc_space_check(w->r->ix->path, w->r->tmpdir, need, err);
}

/* Adds doc to the worker's shard, flushing it after each batch and starting
 * a new one after ZC_SHARD_ROTATE_BYTES; why gets errors about the
 * document, the run those about the shard. */
static int shard_add(worker *w, zc_xdoc *doc, size_t bytes, zc_error *why)
{
    zc_error e;
    int rc = w->shard ? ZC_OK : shard_open(w, &e);
    if (rc) {
        *why = e;
        fail(w->r, rc, &e);
        return rc;
    }
    rc = zc_xdb_add_document(w->shard, doc, NULL, why);
    if (rc)
        return rc;
    w->shard_bytes += bytes;
    w->shard_total += bytes;
    if (w->shard_total >= w->r->rotate && !nearly_done(w))
        rc = shard_close(w, &e);
    else if (w->shard_bytes >= shard_commit_bytes(w->r->o)) {
        rc = shard_room(w, &e);
        w->shard_bytes = 0;
        if (rc == ZC_OK)
            rc = zc_xdb_commit(w->shard, &e);
    }
    if (rc) { /* the shard, not this file, is at fault: stop the run */
        *why = e;
        fail(w->r, rc, &e);
    }
    return rc;
}

/* Analyses rec (of batch b) into the worker's shard or b->docs; errors
 * go to why. */
static int analyze_one(worker *w, batch *b, zc_record *rec, const char *stamp, zc_error *why)
{
    zc_xdoc *doc = NULL;
    int rc = zc_analyze(w->an, rec, b->work, stamp, &doc, why);
    size_t bytes = rec->text_len;
    zc_record_free(rec);
    if (rc)
        return rc;
    g_atomic_int_inc(&b->ndocs);
    if (w->r->shards) {
        rc = shard_add(w, doc, bytes, why);
        zc_xdoc_free(doc);
        return rc;
    }
    g_ptr_array_add(b->docs, doc);
    return ZC_OK;
}

/* A row waiting for a worker. */
typedef struct queued_row {
    zc_record *rec;
    batch *b;
    char *stamp;
} queued_row;

/* Shard mode: gives rec to a worker with nothing to read, when one is
 * waiting and not already well supplied. Returns 1 if it took rec. */
static int hand_over(worker *w, zc_record *rec)
{
    run *r = w->r;
    if (!r->shards)
        return 0;
    guint helpers = g_atomic_int_get(&r->helpers);
    /* The length counts waiting workers as negative. */
    if (helpers == 0 || g_async_queue_length(r->rows) >= 2 * (gint)helpers)
        return 0;
    queued_row *q = g_new(queued_row, 1);
    *q = (queued_row){rec, w->b, g_strdup(w->stamp)};
    g_mutex_lock(&r->lock);
    w->b->pending++;
    g_mutex_unlock(&r->lock);
    g_async_queue_push(r->rows, q);
    return 1;
}

/* A worker out of files analyses a row handed over by a reader. */
static void take_row(worker *w, queued_row *q)
{
    run *r = w->r;
    zc_error why;
    g_mutex_lock(&r->lock);
    int stop = r->rc != ZC_OK;
    g_mutex_unlock(&r->lock);
    int rc = ZC_OK;
    if (stop)
        zc_record_free(q->rec);
    else
        rc = analyze_one(w, q->b, q->rec, q->stamp, &why);
    g_mutex_lock(&r->lock);
    if (rc && q->b->qrc == ZC_OK) {
        q->b->qrc = rc;
        q->b->qwhy = why;
    }
    q->b->pending--;
    g_cond_broadcast(&r->cond);
    g_mutex_unlock(&r->lock);
    g_free(q->stamp);
    g_free(q);
}

static int on_record(void *ctx, zc_record *rec)
{
    worker *w = ctx;
    const zc_index_options *o = w->r->o;
    if (o->shard_n > 1 && zc_shard_of(rec->key, o->shard_n) != o->shard_k) {
        zc_record_free(rec); /* another machine's shard */
        return ZC_OK;
    }
    if (hand_over(w, rec))
        return ZC_OK;
    return analyze_one(w, w->b, rec, w->stamp, &w->b->why);
}

/* Errors that concern one file; anything else stops the run. */
static int file_error(int rc)
{
    return rc == ZC_ERR_IO || rc == ZC_ERR_ENCODING || rc == ZC_ERR_INVALID ||
           rc == ZC_ERR_NOT_FOUND;
}

static void process(worker *w, zc_work *wk)
{
    run *r = w->r;
    batch *b = g_new0(batch, 1);
    b->work = wk;
    b->docs = g_ptr_array_new_with_free_func((GDestroyNotify)zc_xdoc_free);
    w->b = b;
    w->stamp = NULL;
    int rc = zc_src_read(&wk->file, r->o->encoding, on_record, w, &w->stamp, &b->why);
    free(w->stamp);
    w->stamp = NULL;
    /* Wait for the rows other workers took; their first error counts as
     * if met here. */
    g_mutex_lock(&r->lock);
    while (b->pending > 0)
        g_cond_wait(&r->cond, &r->lock);
    if (rc == ZC_OK && b->qrc) {
        rc = b->qrc;
        b->why = b->qwhy;
    }
    g_mutex_unlock(&r->lock);
    if (rc && file_error(rc)) {
        b->has_why = 1;
        /* A partly bad collection (some rows indexed) still replaces the old
         * documents; a file that yielded nothing keeps them. */
        b->failed = b->ndocs == 0;
        rc = ZC_OK;
    }
    if (rc) {
        fail(r, rc, &b->why);
        batch_free(b);
        return;
    }
    atomic_fetch_add(&r->bytes_done, wk->file.size);
    atomic_fetch_add(&r->files_done, 1);
    if (r->shards)
        g_ptr_array_set_size(b->docs, 0);
    g_mutex_lock(&r->lock);
    /* Bound the documents waiting for the writer. */
    while (!r->shards && r->in_flight >= 4 && r->rc == ZC_OK)
        g_cond_wait(&r->cond, &r->lock);
    r->in_flight++;
    g_mutex_unlock(&r->lock);
    g_async_queue_push(r->queue, b);
}

static gpointer worker_main(gpointer p)
{
    worker *w = p;
    run *r = w->r;
    zc_error e;
    int rc = zc_analyzer_new(r->dict, &w->an, &e);
    if (rc)
        fail(r, rc, &e);
    for (;;) {
        g_mutex_lock(&r->lock);
        guint i = r->next++;
        int stop = r->rc != ZC_OK, more = i < r->plan->work->len;
        if (more && !stop)
            r->readers++;
        g_mutex_unlock(&r->lock);
        if (stop || !more)
            break;
        process(w, r->plan->work->pdata[i]);
        g_mutex_lock(&r->lock);
        r->readers--;
        g_mutex_unlock(&r->lock);
    }
    /* Out of files: help with the rows of collections still being read,
     * until no reader is left and no row waits. */
    g_atomic_int_inc(&r->helpers);
    for (;;) {
        queued_row *q = g_async_queue_timeout_pop(r->rows, 20000);
        if (q) {
            take_row(w, q);
            continue;
        }
        g_mutex_lock(&r->lock);
        int done = r->readers == 0;
        g_mutex_unlock(&r->lock);
        if (done && g_async_queue_length(r->rows) <= 0)
            break;
    }
    g_atomic_int_add(&r->helpers, -1);
    if (w->shard) {
        g_mutex_lock(&r->lock);
        int ok = r->rc == ZC_OK;
        g_mutex_unlock(&r->lock);
        if (ok && shard_close(w, &e))
            fail(r, e.code, &e);
        zc_xdb_free(w->shard); /* after a failure: dropped uncommitted */
        w->shard = NULL;
    }
    zc_analyzer_free(w->an);
    g_mutex_lock(&r->lock);
    r->running--;
    g_mutex_unlock(&r->lock);
    g_async_queue_push(r->queue, g_new0(batch, 1)); /* wakes the main thread */
    return NULL;
}

/* ------------------------------------------------------------ main thread */

static void report(const zc_index_options *o, zc_event ev, const char *path, const zc_error *why)
{
    if (o->report)
        o->report(o->ctx, ev, path, why);
}

/* Direct mode's commit, when the disk has room for it: the batch's
 * postings (ZC_SPACE_PER_TEXT times its text) and new copies of the blocks
 * they touch, as many as the index has but counted at most 16 times the
 * text (copy-on-write). */
static int direct_commit(zc_index *ix, uint64_t pending_bytes, zc_error *err)
{
    uint64_t text = pending_bytes ? pending_bytes : 1, touched = dir_bytes(ix->path);
    if (touched > 16 * text)
        touched = 16 * text;
    int rc = zc_space_check(ix->path, ix->path, ZC_SPACE_PER_TEXT * text + touched + ZC_SPACE_SLACK,
                            err);
    return rc ? rc : zc_xdb_commit(ix->db, err);
}

/* Direct mode: the documents of one file replace its old ones. Commits
 * every ZC_COMMIT_EVERY documents, or after o->batch_bytes of files. */
static int write_batch(run *r, batch *b, unsigned *pending, uint64_t *pending_bytes, zc_error *err)
{
    zc_xdb *db = r->ix->db;
    int rc = ZC_OK;
    if (b->work->known) {
        char term[20];
        zc_idx_term(term, ZC_PREFIX_SOURCE, b->work->file.real_path);
        rc = zc_xdb_delete_document_by_term(db, term, err);
    }
    for (guint i = 0; rc == ZC_OK && i < b->docs->len; i++)
        rc = zc_xdb_add_document(db, b->docs->pdata[i], NULL, err);
    *pending += b->docs->len;
    *pending_bytes += b->work->file.size;
    if (rc == ZC_OK && (*pending >= ZC_COMMIT_EVERY ||
                        (r->o->batch_bytes && *pending_bytes >= r->o->batch_bytes))) {
        rc = direct_commit(r->ix, *pending_bytes, err);
        *pending = 0;
        *pending_bytes = 0;
    }
    return rc;
}

static void account(run *r, batch *b, zc_index_stats *st)
{
    const char *path = b->work->file.path;
    if (b->failed) {
        st->failed++;
        report(r->o, ZC_EVENT_FAILED, path, &b->why);
        return;
    }
    if (b->has_why) {
        st->failed++; /* partly read: indexed, and counted as a problem */
        report(r->o, ZC_EVENT_FAILED, path, &b->why);
    }
    if (b->work->known)
        st->updated++;
    else
        st->indexed++;
    st->documents += b->ndocs;
    st->bytes += b->work->file.size;
    report(r->o, b->work->known ? ZC_EVENT_UPDATED : ZC_EVENT_INDEXED, path, NULL);
}

static void progress(run *r, double t0)
{
    if (!r->o->progress)
        return;
    zc_progress p = {atomic_load(&r->files_done), r->plan->work->len, atomic_load(&r->bytes_done),
                     r->plan->bytes, now_s() - t0};
    r->o->progress(r->o->ctx, &p);
}

static int choose_shards(const zc_index *ix, const zc_plan *plan, const zc_index_options *o)
{
    const char *mode = getenv("ZHENGCE_INDEX_MODE");
    if (o->full)
        return 1; /* a rebuild writes a new database in any case */
    if (mode && strcmp(mode, "direct") == 0)
        return 0;
    if (mode && strcmp(mode, "shards") == 0)
        return plan->work->len > 0;
    return plan->bytes >= ZC_SHARD_MIN_BYTES && plan->bytes * 4 >= dir_bytes(ix->path);
}

int zc_run(zc_index *ix, zc_plan *plan, const zc_index_options *o, zc_index_stats *st,
           zc_error *err)
{
    double t0 = now_s();
    run r = {0};
    r.ix = ix;
    r.plan = plan;
    r.o = o;
    r.queue = g_async_queue_new();
    r.rows = g_async_queue_new();
    g_mutex_init(&r.lock);
    g_cond_init(&r.cond);
    int rc = zc_index_dict(ix, &r.dict, err);
    r.shards = choose_shards(ix, plan, o);
    r.rotate = shard_rotate_bytes();
    unsigned jobs = o->jobs ? o->jobs : g_get_num_processors();
    /* More workers than files only help with the rows of collections
     * (shard mode). */
    int rows = 0;
    for (guint i = 0; r.shards && i < plan->work->len; i++) {
        zc_kind k = ((zc_work *)plan->work->pdata[i])->file.kind;
        rows |= k == ZC_KIND_CSV || k == ZC_KIND_JSONL;
    }
    if (jobs > plan->work->len && !rows)
        jobs = plan->work->len ? plan->work->len : 1;
    if (rc == ZC_OK && r.shards) {
        r.tmpdir = zc_shard_sibling(ix->path, ".zc-tmp");
        zc_rmtree(r.tmpdir);
        if (g_mkdir_with_parents(r.tmpdir, 0755) != 0)
            rc = zc_err_set(err, ZC_ERR_IO, "cannot create '%s'", r.tmpdir);
        /* Fail now rather than after the work: the shards, and the merged
         * copy of the index, old documents included. */
        uint64_t need =
            ZC_SPACE_PER_TEXT * plan->bytes + ZC_SPACE_SLACK + (o->full ? 0 : dir_bytes(ix->path));
        if (rc == ZC_OK)
            rc = zc_space_check(ix->path, r.tmpdir, need, err);
    }
    worker *ws = g_new0(worker, jobs);
    GThread **threads = g_new0(GThread *, jobs);
    unsigned started = 0;
    if (rc == ZC_OK && plan->work->len) {
        r.running = r.jobs = jobs;
        for (; started < jobs; started++) {
            ws[started] = (worker){.r = &r, .k = started};
            ws[started].shards = g_ptr_array_new_with_free_func(g_free);
            threads[started] = g_thread_new("zc-index", worker_main, &ws[started]);
        }
    }

    unsigned pending = 0, finished = 0;
    uint64_t pending_bytes = 0;
    while (finished < started) {
        batch *b = g_async_queue_timeout_pop(r.queue, 100000);
        progress(&r, t0);
        if (!b)
            continue;
        if (!b->work) {
            finished++;
            g_free(b);
            continue;
        }
        g_mutex_lock(&r.lock);
        r.in_flight--;
        g_cond_broadcast(&r.cond);
        int ok = r.rc == ZC_OK;
        g_mutex_unlock(&r.lock);
        if (ok && !b->failed && !r.shards) {
            zc_error e;
            int wrc = write_batch(&r, b, &pending, &pending_bytes, &e);
            if (wrc)
                fail(&r, wrc, &e);
        }
        if (ok) {
            account(&r, b, st);
            if (!b->failed && b->work->known)
                b->work->known = 2; /* indexed again: its old documents go */
        }
        batch_free(b);
    }
    for (unsigned i = 0; i < started; i++)
        g_thread_join(threads[i]);
    g_free(threads);
    progress(&r, t0);
    if (rc == ZC_OK && r.rc) {
        rc = r.rc;
        if (err)
            *err = r.err;
    }

    /* Stale sources: files indexed again in shard mode, and files gone. */
    GPtrArray *stale = g_ptr_array_new();
    if (rc == ZC_OK) {
        for (guint i = 0; r.shards && i < plan->work->len; i++) {
            zc_work *w = plan->work->pdata[i];
            if (w->known == 2)
                g_ptr_array_add(stale, w->file.real_path);
        }
        for (guint i = 0; i < plan->removed->len; i++)
            g_ptr_array_add(stale, plan->removed->pdata[i]);
    }
    double t_work = now_s();
    guint nshards = 0;
    if (rc == ZC_OK && r.shards) {
        GPtrArray *paths = g_ptr_array_new();
        for (unsigned i = 0; i < started; i++)
            for (guint j = 0; j < ws[i].shards->len; j++)
                g_ptr_array_add(paths, ws[i].shards->pdata[j]);
        nshards = paths->len;
        rc =
            zc_shard_merge(ix, (const char *const *)paths->pdata, paths->len, !o->full, stale, err);
        g_ptr_array_free(paths, TRUE);
    } else if (rc == ZC_OK) {
        for (guint i = 0; rc == ZC_OK && i < plan->removed->len; i++) {
            char term[20];
            zc_idx_term(term, ZC_PREFIX_SOURCE, plan->removed->pdata[i]);
            rc = zc_xdb_delete_document_by_term(ix->db, term, err);
        }
        if (rc == ZC_OK)
            rc = direct_commit(ix, pending_bytes, err);
    }
    /* Direct mode: an error leaves the index at its last commit. Without
     * this, closing the handle would commit the files written since (and
     * retry a commit that met a full disk). */
    if (rc != ZC_OK && !r.shards && ix->db) {
        zc_error e;
        zc_xdb_discard(ix->db, &e);
    }
    if (rc == ZC_OK) {
        for (guint i = 0; i < plan->removed->len; i++) {
            st->removed++;
            report(o, ZC_EVENT_REMOVED, plan->removed->pdata[i], NULL);
        }
    }
    g_ptr_array_free(stale, TRUE);
    for (unsigned i = 0; i < started; i++)
        g_ptr_array_free(ws[i].shards, TRUE);
    g_free(ws);
    if (getenv("ZHENGCE_TRACE"))
        fprintf(stderr, "zhengce: %s mode, %u jobs: analysis and writing %.2f s, %s %.2f s\n",
                r.shards ? "shard" : "direct", jobs, t_work - t0,
                r.shards ? "merge" : "deletions and commit", now_s() - t_work);
    if (getenv("ZHENGCE_TRACE") && r.shards)
        fprintf(stderr, "zhengce: %u shards merged\n", nshards);
    if (r.tmpdir) {
        zc_rmtree(r.tmpdir);
        g_free(r.tmpdir);
    }
    /* Drain what a failed run left queued. */
    batch *b;
    while ((b = g_async_queue_try_pop(r.queue)))
        batch_free(b);
    g_async_queue_unref(r.queue);
    g_async_queue_unref(r.rows);
    g_mutex_clear(&r.lock);
    g_cond_clear(&r.cond);
    st->unchanged += plan->unchanged;
    st->skipped += plan->skipped;
    st->failed += plan->failed;
    st->seconds += now_s() - t0;
    return rc;
}
