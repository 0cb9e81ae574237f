/* What the calling thread (run.c) and the worker threads (worker.c) of a
 * run share: its state, the workers', and the sizes that tune it. Internal
 * to those two files. */
#ifndef ZC_INDEXER_RUN_INTERNAL_H
#define ZC_INDEXER_RUN_INTERNAL_H

#include <glib.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>

#include "analyze.h"
#include "common/fs.h"
#include "common/queue.h"
#include "index/dir.h"
#include "indexer/walk.h"
#include "run.h"

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

/* Shard mode: rows a collection's reader hands to helping workers may
 * wait for them, per helper, up to a bound on the text they hold. The
 * reader flushes its own shard now and then (tens to hundreds of
 * milliseconds): the rows waiting keep the helpers busy meanwhile. With
 * two waiting per helper, on two cores, the helper sat idle through every
 * flush and the run used 1.6-1.7 cores; with 64, 1.85. */
#define ZC_ROWS_WAITING 64
#define ZC_ROWS_WAITING_BYTES (8u << 20)

/* Direct mode: files whose documents may wait for the writer together,
 * in bytes, beyond the first one. */
#define ZC_IN_FLIGHT_BYTES (64u << 20)

/* Free space asked for before writing (zc_dir_space_check), per byte of text:
 * in shard mode the scratch shards (about 2.6 times the text on news) and
 * the merged index (about 2 times) are on disk together before the swap;
 * a shard's flush or a direct-mode commit adds at most this much per byte
 * of its batch, besides the blocks it rewrites. Plus some slack for the
 * small files and the last blocks. */
#define ZC_SPACE_PER_TEXT 5u
#define ZC_SPACE_SLACK ((uint64_t)1 << 20)

/* What a worker hands back for one file. */
typedef struct batch {
    zc_qlink link; /* first: a batch is what the run's queue pops */
    zc_work *work;
    GPtrArray *docs;  /* zc_xdoc * (direct mode only) */
    atomic_int ndocs; /* documents made from the file */
    int failed;       /* nothing could be read: the old documents stay */
    zc_error why;     /* a problem to report (failed, or a partly bad file) */
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

    pthread_mutex_t lock;
    pthread_cond_t cond;
    guint next;               /* next work item */
    guint in_flight;          /* batches queued to the main thread (direct mode) */
    uint64_t in_flight_bytes; /* the size of their files */
    guint running;            /* workers still running */
    unsigned jobs;            /* workers started */
    uint64_t rotate;          /* text a shard takes before its worker starts anew */
    int rc;                   /* first fatal error */
    zc_error err;
    zc_queue queue; /* batches */
    /* Shard mode: rows of a collection that its reader hands to workers
     * with no file left to read, so one large CSV/JSONL file is analysed by
     * every job. */
    zc_queue rows;               /* queued_row */
    atomic_uint helpers;         /* workers out of files, analysing rows */
    _Atomic uint64_t rows_bytes; /* the text of the rows waiting */
    guint readers;               /* workers reading a file */

    _Atomic uint64_t bytes_done, files_done;
} run;

/* One worker thread. */
typedef struct worker {
    run *r;
    unsigned k;
    zc_analyzer *an;
    zc_xdb *shard;        /* the shard being written (shard mode) */
    uint64_t shard_bytes; /* since the last flush */
    uint64_t shard_total; /* in the current shard */
    GPtrArray *shards;    /* paths of the worker's shards, in order */
    batch *b;
    char *stamp;    /* of the file being read, set before its records come */
    size_t records; /* records of that file handed on so far */
} worker;

/* Records the run's first fatal error (later ones are dropped) and wakes
 * every thread waiting on the run. */
void zc_run_fail(run *r, int rc, const zc_error *err);
void zc_run_batch_free(batch *b);
/* A worker thread's body (w: its worker): takes the plan's files in turn,
 * then helps with the rows of collections still being read; pushes a
 * batch per file, and an empty one when it ends, to the run's queue. */
void *zc_run_worker(void *w);

#endif
