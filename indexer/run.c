/* Carrying out an indexing plan (see run.h for the two modes) from the
 * calling thread: starting the workers (worker.c), writing what they hand
 * back in direct mode, and the merge in shard mode. */
#include "run_internal.h"

#include <glib/gstdio.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include "common/clock.h"
#include "common/err.h"
#include "index/schema.h"

/* Text a shard takes before the worker starts a new one: o->shard_bytes
 * (tests set a small one to make many shards of little text), else the
 * default. */
static uint64_t shard_rotate_bytes(const zc_index_options *o)
{
    return o->shard_bytes ? o->shard_bytes : ZC_SHARD_ROTATE_BYTES;
}

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
    uint64_t text = pending_bytes ? pending_bytes : 1, touched = zc_fs_dir_bytes(ix->path);
    if (touched > 16 * text)
        touched = 16 * text;
    int rc = zc_dir_space_check(ix->path, ix->path,
                                ZC_SPACE_PER_TEXT * text + touched + ZC_SPACE_SLACK, err);
    if (rc == ZC_OK)
        rc = zc_index_keep_filler(ix->db, err);
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
        zc_schema_term(term, ZC_PREFIX_SOURCE, b->work->file.real_path);
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

static void progress(run *r, double t0, int finishing)
{
    if (!r->o->progress)
        return;
    zc_progress p = {atomic_load(&r->files_done), r->plan->work->len,
                     atomic_load(&r->bytes_done), r->plan->bytes,
                     zc_clock_s() - t0,           finishing};
    r->o->progress(r->o->ctx, &p);
}

static int choose_shards(const zc_index *ix, const zc_plan *plan, const zc_index_options *o)
{
    if (o->full)
        return 1; /* a rebuild writes a new database in any case */
    if (o->mode == ZC_MODE_DIRECT)
        return 0;
    if (o->mode == ZC_MODE_SHARDS)
        return plan->work->len > 0;
    /* A batch that is large beside the index (a new index above all): the
     * merge rewrites the index, which costs less than writing the batch in
     * place, one file's documents at a time, does (direct mode holds a whole
     * file's postings in Xapian's inverter, whose maps slow down as they
     * grow: 3,000 news items of one JSONL, 10.8 s against 2.9 s). */
    return plan->bytes > 0 && plan->bytes * 4 >= zc_fs_dir_bytes(ix->path);
}

/* Hands o->trace one line (no newline). */
static void trace(const zc_index_options *o, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void trace(const zc_index_options *o, const char *fmt, ...)
{
    if (!o->trace)
        return;
    char line[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    o->trace(o->trace_ctx, line);
}

int zc_run(zc_index *ix, zc_plan *plan, const zc_index_options *o, zc_index_stats *st,
           zc_error *err)
{
    double t0 = zc_clock_s();
    run r = {0};
    r.ix = ix;
    r.plan = plan;
    r.o = o;
    zc_queue_init(&r.queue);
    zc_queue_init(&r.rows);
    pthread_mutex_init(&r.lock, NULL);
    pthread_cond_init(&r.cond, NULL);
    int rc = zc_index_dict(ix, &r.dict, err);
    r.shards = choose_shards(ix, plan, o);
    r.rotate = shard_rotate_bytes(o);
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
        char *tmp = zc_dir_sibling(ix->path, ".zc-tmp");
        rc = zc_dir_scratch(tmp, err);
        if (rc == ZC_OK)
            r.tmpdir = tmp; /* ours: removed at the end */
        else
            g_free(tmp);
        /* Fail now rather than after the work: the shards, and the merged
         * copy of the index, old documents included. */
        uint64_t need = ZC_SPACE_PER_TEXT * plan->bytes + ZC_SPACE_SLACK +
                        (o->full ? 0 : zc_fs_dir_bytes(ix->path));
        if (rc == ZC_OK)
            rc = zc_dir_space_check(ix->path, r.tmpdir, need, err);
    }
    worker *ws = g_new0(worker, jobs);
    pthread_t *threads = g_new0(pthread_t, jobs);
    unsigned started = 0;
    if (rc == ZC_OK && plan->work->len) {
        r.running = r.jobs = jobs;
        for (; started < jobs; started++) {
            ws[started] = (worker){.r = &r, .k = started};
            ws[started].shards = g_ptr_array_new_with_free_func(g_free);
            int trc = pthread_create(&threads[started], NULL, zc_run_worker, &ws[started]);
            if (trc) { /* the workers started stop at the failure */
                zc_error e;
                zc_err_set(&e, ZC_ERR_NOMEM, "indexing '%s': cannot start a worker thread: %s",
                           ix->path, strerror(trc));
                zc_run_fail(&r, e.code, &e);
                g_ptr_array_free(ws[started].shards, TRUE);
                ws[started].shards = NULL;
                break;
            }
        }
    }

    unsigned pending = 0, finished = 0;
    uint64_t pending_bytes = 0;
    while (finished < started) {
        batch *b = (batch *)zc_queue_pop(&r.queue, 100000);
        progress(&r, t0, 0);
        if (!b)
            continue;
        if (!b->work) {
            finished++;
            g_free(b);
            continue;
        }
        pthread_mutex_lock(&r.lock);
        r.in_flight--;
        r.in_flight_bytes -= b->work->file.size;
        pthread_cond_broadcast(&r.cond);
        int ok = r.rc == ZC_OK;
        pthread_mutex_unlock(&r.lock);
        if (ok && !b->failed && !r.shards) {
            zc_error e;
            int wrc = write_batch(&r, b, &pending, &pending_bytes, &e);
            if (wrc)
                zc_run_fail(&r, wrc, &e);
        }
        if (ok) {
            account(&r, b, st);
            if (!b->failed && b->work->known)
                b->work->known = 2; /* indexed again: its old documents go */
        }
        zc_run_batch_free(b);
    }
    for (unsigned i = 0; i < started; i++)
        pthread_join(threads[i], NULL);
    g_free(threads);
    progress(&r, t0, rc == ZC_OK && r.rc == ZC_OK);
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
    double t_work = zc_clock_s();
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
            zc_schema_term(term, ZC_PREFIX_SOURCE, plan->removed->pdata[i]);
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
    trace(o, "%s mode, %u jobs: analysis and writing %.2f s, %s %.2f s",
          r.shards ? "shard" : "direct", jobs, t_work - t0,
          r.shards ? "merge" : "deletions and commit", zc_clock_s() - t_work);
    if (r.shards)
        trace(o, "%u shards merged", nshards);
    if (r.tmpdir) {
        zc_fs_rmtree(r.tmpdir);
        g_free(r.tmpdir);
    }
    /* Drain what a failed run left queued. */
    batch *b;
    while ((b = (batch *)zc_queue_try_pop(&r.queue)))
        zc_run_batch_free(b);
    zc_queue_destroy(&r.queue);
    zc_queue_destroy(&r.rows);
    pthread_mutex_destroy(&r.lock);
    pthread_cond_destroy(&r.cond);
    st->unchanged += plan->unchanged;
    st->skipped += plan->skipped;
    st->oversize += plan->oversize;
    st->failed += plan->failed;
    st->seconds += zc_clock_s() - t0;
    return rc;
}
