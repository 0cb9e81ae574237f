/* A blocking queue between threads, on pthreads, so that ThreadSanitizer
 * sees every hand-over (glib's queues and locks use futexes it cannot see).
 *
 * Intrusive: what is queued embeds a zc_qlink, so a push never allocates
 * and cannot fail; the queue owns nothing (whoever pops an item owns it). */
#ifndef ZC_COMMON_QUEUE_H
#define ZC_COMMON_QUEUE_H

#include <pthread.h>

typedef struct zc_qlink {
    struct zc_qlink *next;
} zc_qlink;

typedef struct zc_queue {
    pthread_mutex_t lock;
    pthread_cond_t nonempty; /* on CLOCK_MONOTONIC */
    zc_qlink *head, *tail;
    long n;       /* items queued */
    long waiting; /* threads blocked in zc_queue_pop */
} zc_queue;

void zc_queue_init(zc_queue *q);
void zc_queue_destroy(zc_queue *q);
void zc_queue_push(zc_queue *q, zc_qlink *item);
/* The oldest item, waiting up to timeout_us microseconds for one; NULL if
 * none came. */
zc_qlink *zc_queue_pop(zc_queue *q, long timeout_us);
/* The oldest item, or NULL at once. */
zc_qlink *zc_queue_try_pop(zc_queue *q);
/* Items queued less threads waiting for one (negative when threads wait). */
long zc_queue_length(zc_queue *q);

#endif
