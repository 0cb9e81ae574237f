/* The blocking queue (common/queue.h). */
#include "queue.h"

#include <errno.h>
#include <time.h>

void zc_queue_init(zc_queue *q)
{
    pthread_mutex_init(&q->lock, NULL);
    pthread_condattr_t a;
    pthread_condattr_init(&a);
    /* Timeouts measured on the monotonic clock: a change of the wall
     * clock neither cuts a wait short nor stretches it. */
    pthread_condattr_setclock(&a, CLOCK_MONOTONIC);
    pthread_cond_init(&q->nonempty, &a);
    pthread_condattr_destroy(&a);
    q->head = q->tail = NULL;
    q->n = q->waiting = 0;
}

void zc_queue_destroy(zc_queue *q)
{
    pthread_cond_destroy(&q->nonempty);
    pthread_mutex_destroy(&q->lock);
}

void zc_queue_push(zc_queue *q, zc_qlink *item)
{
    item->next = NULL;
    pthread_mutex_lock(&q->lock);
    if (q->tail)
        q->tail->next = item;
    else
        q->head = item;
    q->tail = item;
    q->n++;
    pthread_cond_signal(&q->nonempty);
    pthread_mutex_unlock(&q->lock);
}

static zc_qlink *take(zc_queue *q)
{
    zc_qlink *it = q->head;
    if (it) {
        q->head = it->next;
        if (!q->head)
            q->tail = NULL;
        q->n--;
        it->next = NULL;
    }
    return it;
}

zc_qlink *zc_queue_pop(zc_queue *q, long timeout_us)
{
    struct timespec until;
    clock_gettime(CLOCK_MONOTONIC, &until);
    until.tv_sec += timeout_us / 1000000;
    until.tv_nsec += (timeout_us % 1000000) * 1000;
    if (until.tv_nsec >= 1000000000) {
        until.tv_sec++;
        until.tv_nsec -= 1000000000;
    }
    pthread_mutex_lock(&q->lock);
    q->waiting++;
    int rc = 0;
    while (!q->head && rc != ETIMEDOUT)
        rc = pthread_cond_timedwait(&q->nonempty, &q->lock, &until);
    q->waiting--;
    zc_qlink *it = take(q);
    pthread_mutex_unlock(&q->lock);
    return it;
}

zc_qlink *zc_queue_try_pop(zc_queue *q)
{
    pthread_mutex_lock(&q->lock);
    zc_qlink *it = take(q);
    pthread_mutex_unlock(&q->lock);
    return it;
}

long zc_queue_length(zc_queue *q)
{
    pthread_mutex_lock(&q->lock);
    long n = q->n - q->waiting;
    pthread_mutex_unlock(&q->lock);
    return n;
}
