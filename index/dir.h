/* The index directory on disk: the scratch directories beside it that
 * shard mode writes and swaps in, and what a killed run leaves there. */
#ifndef ZC_INDEX_DIR_H
#define ZC_INDEX_DIR_H

#include <stdint.h>

#include "zhengce.h"

/* Paths beside the index: "<dir>.zc-new" and "<dir>.zc-tmp". */
char *zc_dir_sibling(const char *dir, const char *suffix);
/* Makes the scratch path (a sibling of the index) a new empty directory:
 * what a killed run left there is removed; a symbolic link, or anything
 * else that is not a directory, is refused with ZC_ERR_INVALID naming it,
 * never followed, and mkdir() refuses one put there after the check. */
int zc_dir_scratch(const char *path, zc_error *err);
/* Puts the index back in place if a run was killed in the middle of
 * swapping it (only when dir is missing); refuses a scratch path that is a
 * link, as zc_dir_scratch does. */
int zc_dir_restore(const char *dir, zc_error *err);
/* Removes what a killed run left beside dir; call with the lock held.
 * Refuses (ZC_ERR_INVALID) a scratch name that is not a directory. */
int zc_dir_cleanup(const char *dir, zc_error *err);
/* Fails with ZC_ERR_IO, naming index and ENOSPC, when the file system of
 * dir has less than need bytes free. Xapian 1.4 can abort the process when
 * the disk fills in the middle of a commit (a block written again while the
 * first failure unwinds), so both modes check before they commit. */
int zc_dir_space_check(const char *index, const char *dir, uint64_t need, zc_error *err);
/* Puts the directory fresh in place of dir in one step where the system
 * allows it (renameat2 RENAME_EXCHANGE; else two renames, dir moved aside
 * to "<dir>.zc-old", which zc_dir_restore undoes after a kill). */
int zc_dir_swap_in(const char *dir, const char *fresh, zc_error *err);

#endif
