/* The index handle, its per-thread views and its shards: what the indexer
 * writes through and the searcher reads through. */
#ifndef ZC_INDEX_INDEX_H
#define ZC_INDEX_INDEX_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#include "common/buf.h"
#include "common/stored.h"
#include "xapian-c/xapian_c.h"
#include "zhengce.h"

typedef struct zc_dict zc_dict;
typedef struct zc_norm zc_norm;

/* A handle is either shared (what zc_index_open* return) or a view: a
 * read-only handle's per-thread twin with a database connection and a
 * normalizer of its own, borrowing the shared handle's dictionary. Xapian
 * database objects and zc_norm must not be used by two threads at once,
 * so each concurrent search takes a view (zc_index_view_take); views are
 * pooled, so their connection and OpenCC converter are made once. */
/* What tests may set on a handle (zc_index_test_set), so that small test
 * indexes take the paths large ones do. 0: the engine's default. */
typedef enum zc_test_knob {
    /* Documents (by docid span) a part of a split count takes at least. */
    ZC_TEST_COUNT_PART_DOCS = 0,
    /* Matches (bounded from the posting lists) below which a search
     * counts in one part; unset, a handle whose parts a test made small
     * splits whatever the bound. */
    ZC_TEST_COUNT_FEW,
    /* Non-zero: the rank pass weighs every match, skipping nothing (the
     * reference a pruned ranking is checked against). */
    ZC_TEST_RANK_EVERY_MATCH,
    ZC_TEST_KNOBS
} zc_test_knob;

/* One shard of a read-only handle: a directory or a server. */
typedef struct zc_index_shard {
    char *spec; /* as given: the directory, or "tcp://host:port" */
    char *host; /* a server's host; NULL: spec is a directory */
    unsigned port;
    int down; /* unreachable, left out (ZC_OPEN_ALLOW_PARTIAL) */
} zc_index_shard;

struct zc_index {
    /* Every handle. */
    char *path;      /* the directory (the first shard; host:port if remote) */
    zc_xdb *db;      /* writable (holding the lock) or read-only */
    zc_dict *dict;   /* loaded on first use; a view's is its owner's */
    zc_index *owner; /* a view: the shared handle; NULL otherwise */
    /* Settings only tests make (zc_index_test_set); a view reads its
     * owner's. */
    long test[ZC_TEST_KNOBS];

    /* A writer's (zc_index_open with ZC_OPEN_WRITE; one thread at a time). */
    struct {
        int on;           /* this handle writes */
        int rebuild;      /* ZC_OPEN_REBUILD */
        char *old_layout; /* the version found, when it was not ours (rebuild only) */
        /* What the indexer keeps for documents given in memory, freed with
         * the handle by state_free. */
        void *state;
        void (*state_free)(void *state);
    } write;

    /* A searching thread's (a view, or a writer searching its own index),
     * each made on first use. */
    zc_norm *norm;                /* queries are normalized as text is */
    zc_stored_unpacker *unpacker; /* hits' stored texts */

    /* A shared read-only handle's: what it opened, to open it again for a
     * view; lock guards dict creation, the idle views, the shards' down
     * flags and the warnings. */
    zc_index_shard *shards; /* one for zc_index_open */
    size_t n_shards;
    unsigned timeout_ms; /* servers: 0 = Xapian's default */
    int partial;         /* ZC_OPEN_ALLOW_PARTIAL */
    char **warnings;     /* the shards left out, why */
    size_t n_warnings;
    pthread_mutex_t lock;
    zc_index **idle;
    size_t n_idle, cap_idle;
};

/* Sets a test knob of ix (its views follow). Tests only: the library
 * reads no environment for these. */
void zc_index_test_set(zc_index *ix, zc_test_knob knob, long value);
/* The knob's value for ix (a view: its owner's). */
long zc_index_test_get(const zc_index *ix, zc_test_knob knob);

/* Cluster handles (cluster.c, shards.c). */
/* Opens, read-only, the shards of owner (a shared handle) not down as one
 * database. With owner->partial, shards that fail are marked down and
 * reported in warnings; an error only when none is left. */
int zc_index_open_read_db(zc_index *owner, zc_xdb **out, zc_error *err);
/* After a search on ix (a view) failed with rc: finds the shards it could
 * not reach. Returns ZC_OK when the search should run once more (partial:
 * they were left out and ix reopened without them), else the error to
 * return (rc as it was, or ZC_ERR_NETWORK naming the lost shard). */
int zc_index_recover(zc_index *ix, int rc, zc_error *err);
/* Marks shard i of owner down with a warning saying why (what happened:
 * "cannot be opened", …); the caller holds owner->lock or is the only
 * thread (shards.c). */
void zc_index_mark_down(zc_index *owner, size_t i, const char *what, const zc_error *why);
/* A copy of the warnings of ix's shared handle, for results (malloc'd). */
int zc_index_warnings_copy(zc_index *ix, char ***out, size_t *n, zc_error *err);
void zc_index_shards_free(zc_index *ix);

/* Steps of opening a handle (index.c), shared with cluster.c. */
zc_index *zc_index_handle_new(const char *path);
int zc_index_finish_open(zc_index *ix, int create, zc_index **out, zc_error *err);
/* ZC_ERR_VERSION: ix has layout found, not ours. */
int zc_index_layout_error(const zc_index *ix, const char *found, zc_error *err);

/* The dictionary of ix (opened on first use; shared by all threads). */
int zc_index_dict(zc_index *ix, const zc_dict **out, zc_error *err);

/* The normalizer for queries (made on first use; used by the one thread
 * that holds ix or its view). */
int zc_index_norm(zc_index *ix, zc_norm **out, zc_error *err);
/* The decompression context for stored texts, likewise per thread. */
int zc_index_unpacker(zc_index *ix, zc_stored_unpacker **out, zc_error *err);

/* A handle for one thread's search on ix: a pooled view of a read-only
 * handle, or ix itself when it is writable (writers are single-threaded)
 * or already a view. Give it back with zc_index_view_give. */
int zc_index_view_take(zc_index *ix, zc_index **view, zc_error *err);
void zc_index_view_give(zc_index *ix, zc_index *view);

/* Runs fn on a view of ix (zc_index_view_take) and returns what it
 * returns, running it again where a second run cures the error (view.c):
 * ZC_ERR_MODIFIED (a writer's commits discarded the revision read; the
 * view is reopened at the latest, up to 8 times) and ZC_ERR_NETWORK (a
 * lost shard, once: zc_index_recover). Any other error comes back at
 * once. fn must leave nothing behind when it fails. */
typedef int zc_view_fn(zc_index *view, void *ctx, zc_error *err);
int zc_index_run_on_view(zc_index *ix, zc_view_fn *fn, void *ctx, zc_error *err);

/* Brings the idle views of a shared read-only handle to the latest commit
 * (a long-lived reader: a server), so that the next searches read what an
 * indexer committed since. A view that fails to reopen is closed, and its
 * error returned. Nothing to do for other handles. */
int zc_index_refresh(zc_index *ix, zc_error *err);

/* Reopens ix->db after the database directory was replaced. */
int zc_index_reopen(zc_index *ix, zc_error *err);

/* On opening for writing and before a commit: adds the filler document
 * (schema.h) to db when it has none, and keeps one when it has more
 * (indexes merged by compaction). */
int zc_index_keep_filler(zc_xdb *db, zc_error *err);
/* The number of filler documents of db (one per shard). */
int zc_index_fillers(const zc_xdb *db, uint64_t *out, zc_error *err);
/* Every document of an index: the filler left out. */
int zc_index_every_document(zc_xquery **out, zc_error *err);

/* Writes the layout version into a new database. */
int zc_index_stamp_schema(zc_xdb *db, zc_error *err);

#endif
