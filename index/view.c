/* Running a reader's work on a view of a handle, and again when the cause
 * of its failure is one a second run cures: the one place that decides
 * which errors are retried. */
#include "common/err.h"
#include "index/index.h"

/* Runs after a writer's commits discarded the revision being read: each
 * run is on the latest commit, so only a writer committing twice during
 * every one of them fails a search, which this many in a row means the
 * index is being rewritten faster than it can be read. */
#define ZC_MODIFIED_RUNS 8

int zc_index_run_on_view(zc_index *ix, zc_view_fn *fn, void *ctx, zc_error *err)
{
    zc_index *view = NULL;
    int rc = zc_index_view_take(ix, &view, err);
    int reopened = 0, recovered = 0;
    while (rc == ZC_OK) {
        rc = fn(view, ctx, err);
        if (rc == ZC_ERR_MODIFIED && reopened < ZC_MODIFIED_RUNS) {
            /* A writer committed twice while this read: Xapian discarded
             * the revision being read (DatabaseModifiedError). Reopened,
             * the view reads the latest commit. */
            reopened++;
            rc = zc_xdb_reopen(view->db, err);
        } else if (rc == ZC_ERR_NETWORK && !recovered) {
            /* A shard lost: left out (ZC_OPEN_ALLOW_PARTIAL) and the view
             * reopened without it, or the error names it. Once: a second
             * loss is another shard's, said as it is. */
            recovered = 1;
            rc = zc_index_recover(view, rc, err);
        } else {
            /* Done, or an error a second run would only meet again (a
             * damaged table, a bad query, no memory): at once. */
            break;
        }
    }
    if (rc == ZC_ERR_MODIFIED && reopened == ZC_MODIFIED_RUNS)
        zc_err_prefix(err,
                      "index '%s' changed under each of %d reads in a row (a writer commits "
                      "faster than it is read); try again: ",
                      ix->path, ZC_MODIFIED_RUNS + 1);
    zc_index_view_give(ix, view);
    return rc;
}

int zc_index_refresh(zc_index *ix, zc_error *err)
{
    if (ix->write.on || ix->owner)
        return ZC_OK;
    int rc = ZC_OK;
    pthread_mutex_lock(&ix->lock);
    for (size_t i = 0; i < ix->n_idle;) {
        zc_error e;
        int r = zc_xdb_reopen(ix->idle[i]->db, &e);
        if (r == ZC_OK) {
            i++;
            continue;
        }
        /* A view that cannot be brought up to date is closed: the next
         * search opens a new one, or says why it cannot. */
        if (rc == ZC_OK && err)
            *err = e;
        rc = rc ? rc : r;
        zc_index_free(ix->idle[i]);
        ix->idle[i] = ix->idle[--ix->n_idle];
    }
    pthread_mutex_unlock(&ix->lock);
    return rc;
}
