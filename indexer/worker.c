/* The worker threads of a run (run.h): each reads files and analyses
 * their records, writing the documents to a shard of its own (shard mode)
 * or handing them to the calling thread (direct mode). */
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "index/schema.h"
#include "run_internal.h"

/* Text a shard takes before it is flushed (--batch-mb). */
static uint64_t shard_commit_bytes(const zc_index_options *o)
{
    return o->batch_bytes ? (uint64_t)o->batch_bytes : ZC_SHARD_COMMIT_BYTES;
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
    uint64_t need = zc_fs_dir_bytes(path) + ZC_SPACE_PER_TEXT * w->shard_bytes + ZC_SPACE_SLACK;
    return zc_dir_space_check(w->r->ix->path, w->r->tmpdir, need, err);
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
        zc_run_fail(w->r, rc, &e);
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
        zc_run_fail(w->r, rc, &e);
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
    atomic_fetch_add(&b->ndocs, 1);
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
    zc_qlink link; /* first: a row is what the rows queue pops */
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
    unsigned helpers = atomic_load(&r->helpers);
    /* The length counts waiting workers as negative. */
    if (helpers == 0 || zc_queue_length(&r->rows) >= ZC_ROWS_WAITING * (long)helpers ||
        atomic_load(&r->rows_bytes) + rec->text_len > ZC_ROWS_WAITING_BYTES)
        return 0;
    atomic_fetch_add(&r->rows_bytes, rec->text_len);
    queued_row *q = g_new(queued_row, 1);
    *q = (queued_row){{NULL}, rec, w->b, g_strdup(w->stamp)};
    pthread_mutex_lock(&r->lock);
    w->b->pending++;
    pthread_mutex_unlock(&r->lock);
    zc_queue_push(&r->rows, &q->link);
    return 1;
}

/* A worker out of files analyses a row handed over by a reader. */
static void take_row(worker *w, queued_row *q)
{
    run *r = w->r;
    zc_error why;
    pthread_mutex_lock(&r->lock);
    int stop = r->rc != ZC_OK;
    pthread_mutex_unlock(&r->lock);
    int rc = ZC_OK;
    atomic_fetch_sub(&r->rows_bytes, q->rec->text_len);
    if (stop)
        zc_record_free(q->rec);
    else
        rc = analyze_one(w, q->b, q->rec, q->stamp, &why);
    pthread_mutex_lock(&r->lock);
    if (rc && q->b->qrc == ZC_OK) {
        q->b->qrc = rc;
        q->b->qwhy = why;
    }
    q->b->pending--;
    pthread_cond_broadcast(&r->cond);
    pthread_mutex_unlock(&r->lock);
    g_free(q->stamp);
    g_free(q);
}

static int on_record(void *ctx, zc_record *rec)
{
    worker *w = ctx;
    w->records++;
    const zc_index_options *o = w->r->o;
    if (o->shard_n > 1 && zc_shard_of(rec->key, o->shard_n) != o->shard_k) {
        zc_record_free(rec); /* another machine's shard */
        return ZC_OK;
    }
    if (hand_over(w, rec))
        return ZC_OK;
    return analyze_one(w, w->b, rec, w->stamp, &w->b->why);
}

/* Errors that concern one file; anything else stops the run. Memory too
 * short to read a file (before any of its records went further) is that
 * file's problem: the next one may fit. */
static int file_error(int rc, const worker *w)
{
    return rc == ZC_ERR_IO || rc == ZC_ERR_ENCODING || rc == ZC_ERR_INVALID ||
           rc == ZC_ERR_NOT_FOUND || (rc == ZC_ERR_NOMEM && w->records == 0);
}

static void process(worker *w, zc_work *wk)
{
    run *r = w->r;
    batch *b = g_new0(batch, 1);
    b->work = wk;
    b->docs = g_ptr_array_new_with_free_func((GDestroyNotify)zc_xdoc_free);
    w->b = b;
    w->stamp = NULL;
    w->records = 0;
    int rc = zc_src_read(&wk->file, r->o, on_record, w, &w->stamp, &b->why);
    free(w->stamp);
    w->stamp = NULL;
    /* Wait for the rows other workers took, helping with those still
     * queued; their first error counts as if met here. */
    pthread_mutex_lock(&r->lock);
    while (b->pending > 0) {
        pthread_mutex_unlock(&r->lock);
        queued_row *q = (queued_row *)zc_queue_try_pop(&r->rows);
        if (q)
            take_row(w, q);
        pthread_mutex_lock(&r->lock);
        if (!q && b->pending > 0)
            pthread_cond_wait(&r->cond, &r->lock);
    }
    if (rc == ZC_OK && b->qrc) {
        rc = b->qrc;
        b->why = b->qwhy;
    }
    pthread_mutex_unlock(&r->lock);
    if (rc && file_error(rc, w)) {
        b->has_why = 1;
        /* A partly bad collection (some rows indexed) still replaces the old
         * documents; a file that yielded nothing keeps them. */
        b->failed = b->ndocs == 0;
        rc = ZC_OK;
    }
    if (rc) {
        zc_run_fail(r, rc, &b->why);
        zc_run_batch_free(b);
        return;
    }
    atomic_fetch_add(&r->bytes_done, wk->file.size);
    atomic_fetch_add(&r->files_done, 1);
    if (r->shards)
        g_ptr_array_set_size(b->docs, 0);
    pthread_mutex_lock(&r->lock);
    /* Bound the documents waiting for the writer: four files, and a large
     * one alone (a document holds a few times its text). */
    while (!r->shards && r->rc == ZC_OK &&
           (r->in_flight >= 4 ||
            (r->in_flight && r->in_flight_bytes + wk->file.size > ZC_IN_FLIGHT_BYTES)))
        pthread_cond_wait(&r->cond, &r->lock);
    r->in_flight++;
    r->in_flight_bytes += wk->file.size;
    pthread_mutex_unlock(&r->lock);
    zc_queue_push(&r->queue, &b->link);
}

void *zc_run_worker(void *p)
{
    worker *w = p;
    run *r = w->r;
    zc_error e;
    int rc = zc_analyzer_new(r->dict, &w->an, &e);
    if (rc)
        zc_run_fail(r, rc, &e);
    for (;;) {
        pthread_mutex_lock(&r->lock);
        guint i = r->next++;
        int stop = r->rc != ZC_OK, more = i < r->plan->work->len;
        if (more && !stop)
            r->readers++;
        pthread_mutex_unlock(&r->lock);
        if (stop || !more)
            break;
        process(w, r->plan->work->pdata[i]);
        pthread_mutex_lock(&r->lock);
        r->readers--;
        pthread_mutex_unlock(&r->lock);
    }
    /* Out of files: help with the rows of collections still being read,
     * until no reader is left and no row waits. */
    atomic_fetch_add(&r->helpers, 1);
    for (;;) {
        queued_row *q = (queued_row *)zc_queue_pop(&r->rows, 20000);
        if (q) {
            take_row(w, q);
            continue;
        }
        pthread_mutex_lock(&r->lock);
        int done = r->readers == 0;
        pthread_mutex_unlock(&r->lock);
        if (done && zc_queue_length(&r->rows) <= 0)
            break;
    }
    atomic_fetch_sub(&r->helpers, 1);
    if (w->shard) {
        pthread_mutex_lock(&r->lock);
        int ok = r->rc == ZC_OK;
        pthread_mutex_unlock(&r->lock);
        if (ok && shard_close(w, &e))
            zc_run_fail(r, e.code, &e);
        zc_xdb_free(w->shard); /* after a failure: dropped uncommitted */
        w->shard = NULL;
    }
    zc_analyzer_free(w->an);
    pthread_mutex_lock(&r->lock);
    r->running--;
    pthread_mutex_unlock(&r->lock);
    batch *end = g_new0(batch, 1); /* no work: this worker ended */
    zc_queue_push(&r->queue, &end->link);
    return NULL;
}
