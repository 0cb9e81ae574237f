/* Carrying out a plan with worker threads, in one of two ways:
 *
 * direct  workers analyse files and hand the documents of each file to the
 *         calling thread, which replaces them in the index and commits
 *         every ZC_COMMIT_EVERY documents at a file boundary. For small
 *         updates.
 * shards  each worker writes its own temporary database; then the index
 *         and the shards are compacted into a new database, stale documents
 *         dropped there, and the new database swapped in for the old one
 *         with one rename. Parallel writes and a compact result: for large
 *         batches and rebuilds. The index directory changes in one step, so
 *         a killed run leaves it as it was. */
#ifndef ZC_INDEXER_RUN_H
#define ZC_INDEXER_RUN_H

#include "plan.h"

int zc_run(zc_index *ix, zc_plan *plan, const zc_index_options *o, zc_index_stats *stats,
           zc_error *err);

/* Shard mode's last step (shard.c). */
/* Compacts srcs into a new database and swaps it in for dir. stale lists
 * real paths of sources whose documents from dir (docids <= old_last)
 * must go. */
int zc_shard_merge(zc_index *ix, const char *const *shards, size_t nshards, int keep_old,
                   GPtrArray *stale, zc_error *err);
#endif
