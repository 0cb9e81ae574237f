/* What the calling thread and the workers of a run share beyond their
 * queues: the first failure, which stops everyone, and the batches handed
 * back. Both sides call these, so they live apart from either. */
#include "run_internal.h"

void zc_run_fail(run *r, int rc, const zc_error *err)
{
    pthread_mutex_lock(&r->lock);
    if (r->rc == ZC_OK) {
        r->rc = rc;
        r->err = *err;
    }
    pthread_cond_broadcast(&r->cond);
    pthread_mutex_unlock(&r->lock);
}

void zc_run_batch_free(batch *b)
{
    if (!b)
        return;
    if (b->docs)
        g_ptr_array_free(b->docs, TRUE);
    g_free(b);
}
