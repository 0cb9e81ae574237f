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

/* Helpers (shard.c): shard mode's, and the free-space check of both modes. */
/* Paths beside the index: "<dir>.zc-new" and "<dir>.zc-tmp". */
char *zc_shard_sibling(const char *dir, const char *suffix);
/* Makes the scratch path (a sibling of the index) a new empty directory:
 * what a killed run left there is removed; a symbolic link, or anything
 * else that is not a directory, is refused with ZC_ERR_INVALID naming it,
 * never followed, and mkdir() refuses one put there after the check. */
int zc_shard_scratch(const char *path, zc_error *err);
/* Puts the index back in place if a run was killed in the middle of
 * swapping it (only when dir is missing); refuses a scratch path that is a
 * link, as zc_shard_scratch does. */
int zc_shard_restore(const char *dir, zc_error *err);
/* Removes what a killed run left beside dir; call with the lock held.
 * Refuses (ZC_ERR_INVALID) a scratch name that is not a directory. */
int zc_shard_cleanup(const char *dir, zc_error *err);
/* Compacts srcs into a new database and swaps it in for dir. stale lists
 * real paths of sources whose documents from dir (docids <= old_last)
 * must go. */
int zc_shard_merge(zc_index *ix, const char *const *shards, size_t nshards, int keep_old,
                   GPtrArray *stale, zc_error *err);
/* Fails with ZC_ERR_IO, naming index and ENOSPC, when the file system of
 * dir has less than need bytes free. Xapian 1.4 can abort the process when
 * the disk fills in the middle of a commit (a block written again while the
 * first failure unwinds), so both modes check before they commit. */
int zc_space_check(const char *index, const char *dir, uint64_t need, zc_error *err);
/* rm -rf */
void zc_rmtree(const char *path);
/* Bytes of the files in dir (a Xapian database: no subdirectories). */
uint64_t zc_dir_bytes(const char *dir);

#endif
